/**
 * A GeoJSON FeatureCollection of points read as rows, so point-data exports (Philadelphia's shootings
 * files) go through the same format mappings as CSV: the header is every property name seen (in order of
 * first appearance) plus `__lon` and `__lat` from the geometry (empty for null geometries); the "line" of a
 * record is the feature's 1-based position in the file.
 */
import fs from "node:fs";
import { AppError } from "../domain/errors.js";
import type { CsvFile } from "./csv.js";
import type { FileFacts } from "./text-file.js";

export const GEOJSON_LON = "__lon";
export const GEOJSON_LAT = "__lat";

export function openGeoJsonPoints(facts: FileFacts, expected: string): CsvFile {
  let doc: { type?: string; features?: unknown };
  try {
    doc = JSON.parse(fs.readFileSync(facts.path, "utf8").replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new AppError(
      "bad-file",
      `${facts.name} is not valid JSON (${(e as Error).message}); expected ${expected}`,
    );
  }
  if (doc.type !== "FeatureCollection" || !Array.isArray(doc.features)) {
    throw new AppError("bad-file", `${facts.name} is not a GeoJSON FeatureCollection; expected ${expected}`);
  }
  const features = doc.features as {
    properties?: Record<string, unknown> | null;
    geometry?: { type?: string; coordinates?: unknown } | null;
  }[];
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const f of features) {
    for (const k of Object.keys(f.properties ?? {})) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const header = [...keys, GEOJSON_LON, GEOJSON_LAT];
  const text = (v: unknown): string =>
    v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  return {
    header,
    async *records() {
      for (let i = 0; i < features.length; i++) {
        const f = features[i]!;
        const props = f.properties ?? {};
        const g = f.geometry;
        const coords =
          g && g.type === "Point" && Array.isArray(g.coordinates) ? (g.coordinates as unknown[]) : [];
        yield { line: i + 1, fields: [...keys.map((k) => text(props[k])), text(coords[0]), text(coords[1])] };
      }
    },
  };
}
