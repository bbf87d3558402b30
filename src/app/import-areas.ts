/**
 * Importing an area layer (districts, focus areas, tracts, ...): polygons to WGS84 and to the analysis CRS,
 * geodesic area, optional population, then every event re-assigned to the layer's areas - one transaction.
 */

import fs from "node:fs";
import turfArea from "@turf/area";
import type { MultiPolygon, Position } from "geojson";
import { type Crs, getCrs, makeTransform, utmCrsFor, WGS84 } from "../domain/crs.js";
import { AppError } from "../domain/errors.js";
import { type AreaFile, readGeoJsonAreas } from "../ingest/geojson-areas.js";
import { readKmlAreas } from "../ingest/kml-areas.js";
import { findShapefile, readShapefileAreas } from "../ingest/shapefile-areas.js";
import { fileFacts } from "../ingest/text-file.js";
import { replaceLayer, type StoredArea, upsertPopulations } from "../store/areas.js";
import { insertBatch, nextBatchId } from "../store/batches.js";
import { getCity, setAnalysisCrs } from "../store/city.js";
import type { Database } from "../store/db.js";
import { assignAreas } from "./assign-areas.js";
import { inTransaction } from "./dry-run.js";

export interface ImportAreasOptions {
  readonly layer: string;
  readonly nameField: string;
  readonly populationField?: string | undefined;
  readonly populationYear?: number | undefined;
  readonly crs?: string | undefined;
  readonly now?: (() => Date) | undefined;
  /** Validate and report without writing. */
  readonly dryRun?: boolean | undefined;
}

export interface AreaImportReport {
  readonly kind: "area-import";
  /** The batch written; for a dry run, the batch it would have been. */
  readonly batchId: number;
  readonly dryRun: boolean;
  readonly layer: string;
  readonly file: string;
  readonly sourceCrs: string;
  readonly features: number;
  readonly areas: readonly { name: string; squareMiles: number; population: number | null }[];
  readonly assigned: number;
  readonly notes: readonly string[];
}

/**
 * Which reader a path needs, by its extension: a shapefile may be named by its .shp (or .dbf/.prj), its
 * basename, or the folder holding it.
 */
export function areaFileFormat(file: string): { format: "shapefile" | "kml" | "geojson"; path: string } {
  const ext = /\.[^./\\]+$/.exec(file)?.[0]?.toLowerCase() ?? "";
  if (ext === ".kml" || ext === ".kmz") return { format: "kml", path: file };
  if (ext === ".geojson" || ext === ".json") return { format: "geojson", path: file };
  const isDir = fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
  if (isDir || ext === "" || [".shp", ".dbf", ".prj", ".shx", ".cpg"].includes(ext)) {
    const shp = findShapefile(file);
    if (shp) return { format: "shapefile", path: shp };
    if (isDir) throw new AppError("bad-file", `${file} is a folder with no .shp in it`);
    if (ext === ".shp") return { format: "shapefile", path: file };
  }
  throw new AppError(
    "bad-file",
    `${file}: area layers are read from GeoJSON (.geojson, .json), KML (.kml, .kmz) or an ESRI shapefile (.shp with its .dbf and .prj, or the folder holding them)`,
  );
}

const LAYER_RE = /^[a-z][a-z0-9_-]{0,39}$/;

export async function importAreaFile(
  db: Database,
  file: string,
  options: ImportAreasOptions,
): Promise<AreaImportReport> {
  if (!LAYER_RE.test(options.layer)) {
    throw new AppError(
      "invalid-argument",
      `--layer '${options.layer}': use lower-case letters, digits, - or _ (e.g. district, focus_area, tract)`,
    );
  }
  if (options.populationField && options.populationYear === undefined) {
    throw new AppError(
      "invalid-argument",
      "--population-field needs --population-year YEAR (the year the population counts are for)",
    );
  }
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const city = await getCity(db);
  const { format, path: source } = areaFileFormat(file);
  const facts = await fileFacts(source);
  const parsed: AreaFile & { crsDef?: Crs } =
    format === "shapefile"
      ? readShapefileAreas(facts.path, options)
      : format === "kml"
        ? readKmlAreas(facts.path, options)
        : readGeoJsonAreas(facts, options);
  const src = parsed.crsDef ?? getCrs(parsed.crs);
  const notes: string[] = [];
  if (src.datumShiftDropped) notes.push(src.datumShiftDropped);
  const toWgs = makeTransform(src, WGS84);
  const wgsAreas = parsed.areas.map((a) => ({
    ...a,
    wgs: a.polygons.map((poly) => poly.map((ring) => ring.map(([x, y]) => toWgs(x!, y!) as Position))),
  }));
  let analysisCrs = city.analysisCrs;
  let chosen = false;
  if (!analysisCrs) {
    const first = wgsAreas[0]?.wgs[0]?.[0]?.[0];
    if (!first) throw new AppError("bad-file", `${facts.name} has no coordinates`);
    analysisCrs = utmCrsFor(first[0]!, first[1]!);
    chosen = true;
    notes.push(`analysis CRS set to ${analysisCrs} (the UTM zone of this layer)`);
  }
  const toXy = makeTransform(WGS84, getCrs(analysisCrs));
  const stored: StoredArea[] = wgsAreas.map((a) => {
    const wgs: MultiPolygon = { type: "MultiPolygon", coordinates: a.wgs };
    const xy: MultiPolygon = {
      type: "MultiPolygon",
      coordinates: a.wgs.map((poly) =>
        poly.map((ring) => ring.map(([lon, lat]) => toXy(lon!, lat!) as Position)),
      ),
    };
    return {
      name: a.name,
      geometryWgs84: wgs,
      geometryXy: xy,
      areaM2: turfArea(wgs),
      attributes: a.attributes,
    };
  });

  return inTransaction(db, options.dryRun ?? false, async () => {
    const batchId = await nextBatchId(db);
    if (chosen && analysisCrs) await setAnalysisCrs(db, analysisCrs);
    await replaceLayer(
      db,
      {
        layer: options.layer,
        batchId,
        nameField: options.nameField,
        sourceCrs: src.id,
        importedAt: startedAt,
        notes,
      },
      stored,
    );
    if (options.populationField && options.populationYear !== undefined) {
      const year = options.populationYear;
      await upsertPopulations(
        db,
        options.layer,
        parsed.areas
          .filter((a) => a.population !== null)
          .map((a) => ({ name: a.name, year, population: a.population! })),
        batchId,
      );
    }
    const assigned = await assignAreas(db, { layer: options.layer });
    await insertBatch(db, {
      batchId,
      kind: "areas",
      format,
      source: options.layer,
      fileName: facts.name,
      fileSha256: facts.sha256,
      fileBytes: facts.bytes,
      startedAt,
      finishedAt: now().toISOString(),
      rowsRead: parsed.featureCount,
      rowsNew: parsed.featureCount,
      rowsUpdated: 0,
      rowsUnchanged: 0,
      rowsRejected: 0,
      recordsNew: stored.length,
      recordsUpdated: 0,
      recordsUnchanged: 0,
      warnings: 0,
      options: { layer: options.layer, nameField: options.nameField, crs: options.crs ?? null },
      notes,
    });
    return {
      kind: "area-import" as const,
      batchId,
      layer: options.layer,
      file: facts.path,
      sourceCrs: src.id,
      features: parsed.featureCount,
      areas: stored.map((a, i) => ({
        name: a.name,
        squareMiles: a.areaM2 / 2_589_988.110336,
        population: parsed.areas[i]!.population,
      })),
      assigned,
      notes,
      dryRun: options.dryRun ?? false,
    };
  });
}
