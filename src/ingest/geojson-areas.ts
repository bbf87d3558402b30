/**
 * Area layers from GeoJSON. The CRS comes from `--crs`, else from a legacy `crs` member
 * (`urn:ogc:def:crs:EPSG::32054`), else WGS84 as RFC 7946 says; coordinates that cannot be lon/lat with
 * no CRS named are refused rather than guessed. Features sharing a name become one multipolygon (a police
 * district drawn as several polygons is one district).
 */
import fs from "node:fs";
import type { Feature, MultiPolygon, Polygon, Position } from "geojson";
import { AppError } from "../domain/errors.js";
import type { FileFacts } from "./text-file.js";

export interface AreaFeature {
  readonly name: string;
  /** Polygon rings in the source CRS. */
  readonly polygons: Position[][][];
  readonly population: number | null;
  readonly attributes: Record<string, unknown>;
}

export interface AreaFile {
  readonly crs: string;
  readonly crsFrom: "option" | "file" | "default";
  readonly areas: readonly AreaFeature[];
  readonly featureCount: number;
}

export interface ReadAreasOptions {
  readonly nameField: string;
  readonly populationField?: string | undefined;
  readonly crs?: string | undefined;
}

export function readGeoJsonAreas(facts: FileFacts, options: ReadAreasOptions): AreaFile {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(facts.path, "utf8").replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new AppError("bad-file", `${facts.name} is not valid JSON: ${(e as Error).message}`);
  }
  const fc = doc as { type?: string; features?: unknown; crs?: { properties?: { name?: string } } };
  const features: Feature[] =
    fc.type === "FeatureCollection" && Array.isArray(fc.features)
      ? (fc.features as Feature[])
      : fc.type === "Feature"
        ? [doc as Feature]
        : [];
  if (features.length === 0) {
    throw new AppError("bad-file", `${facts.name} is not a GeoJSON FeatureCollection with features`);
  }
  let crs = "EPSG:4326";
  let crsFrom: AreaFile["crsFrom"] = "default";
  const named = fc.crs?.properties?.name;
  if (options.crs) {
    crs = options.crs;
    crsFrom = "option";
  } else if (named) {
    const m = /EPSG:{1,2}(\d+)$/i.exec(named) ?? /EPSG\/0\/(\d+)$/i.exec(named);
    if (/CRS84$/i.test(named)) crs = "EPSG:4326";
    else if (m) crs = `EPSG:${m[1]}`;
    else throw new AppError("bad-file", `${facts.name}: CRS '${named}' not understood; give --crs EPSG:n`);
    crsFrom = "file";
  }

  const byName = new Map<
    string,
    { polygons: Position[][][]; population: number | null; attributes: Record<string, unknown> }
  >();
  features.forEach((f, i) => {
    const where = `${facts.name} feature ${i + 1}`;
    const props = (f.properties ?? {}) as Record<string, unknown>;
    if (!(options.nameField in props)) {
      const found = Object.keys(props).slice(0, 12).join(", ");
      throw new AppError(
        "bad-file",
        `${where} has no property '${options.nameField}' (found: ${found}); choose one with --name-field`,
      );
    }
    const rawName = props[options.nameField];
    const name = rawName === null || rawName === undefined ? "" : String(rawName).trim();
    if (name === "") throw new AppError("bad-file", `${where}: property '${options.nameField}' is empty`);
    const geom = f.geometry as Polygon | MultiPolygon | null;
    if (!geom || (geom.type !== "Polygon" && geom.type !== "MultiPolygon")) {
      throw new AppError(
        "bad-file",
        `${where} (${name}): geometry is ${(geom as { type?: string } | null)?.type ?? "null"}, expected Polygon or MultiPolygon`,
      );
    }
    const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.coordinates;
    let population: number | null = null;
    if (options.populationField) {
      const v = Number(props[options.populationField]);
      if (!(options.populationField in props) || !Number.isFinite(v) || v < 0) {
        throw new AppError(
          "bad-file",
          `${where} (${name}): population field '${options.populationField}' is '${String(props[options.populationField])}', expected a number >= 0`,
        );
      }
      population = v;
    }
    const slot = byName.get(name);
    if (slot) {
      slot.polygons.push(...polys);
      if (population !== null) slot.population = (slot.population ?? 0) + population;
    } else {
      byName.set(name, { polygons: [...polys], population, attributes: props });
    }
  });

  if (crs === "EPSG:4326") {
    for (const [name, a] of byName) {
      for (const ring of a.polygons.flat()) {
        for (const [x, y] of ring) {
          if (Math.abs(x!) > 180 || Math.abs(y!) > 90) {
            throw new AppError(
              "bad-file",
              `${facts.name} (${name}): coordinates such as ${x}, ${y} are not longitude/latitude; give their CRS with --crs EPSG:n`,
            );
          }
        }
      }
    }
  }
  return {
    crs,
    crsFrom,
    featureCount: features.length,
    areas: [...byName]
      .map(([name, a]) => ({ name, ...a }))
      .sort((x, y) => x.name.localeCompare(y.name, "en", { numeric: true })),
  };
}
