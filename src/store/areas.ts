/** Area layers, their polygons and populations, and the assignment of events to areas. */
import type { MultiPolygon, Polygon } from "geojson";
import type { Database } from "./db.js";

export interface StoredArea {
  readonly name: string;
  readonly geometryWgs84: Polygon | MultiPolygon;
  readonly geometryXy: Polygon | MultiPolygon;
  readonly areaM2: number;
  readonly attributes: Record<string, unknown>;
}

export interface LayerMeta {
  readonly layer: string;
  readonly batchId: number;
  readonly nameField: string;
  readonly sourceCrs: string;
  readonly importedAt: string;
  readonly notes: unknown;
}

/** Replaces a layer's polygons (the layer's old areas are gone; populations are kept by name). */
export async function replaceLayer(
  db: Database,
  meta: LayerMeta,
  areas: readonly StoredArea[],
): Promise<void> {
  await db.run("DELETE FROM areas WHERE layer = $1", [meta.layer]);
  await db.run("DELETE FROM area_layers WHERE layer = $1", [meta.layer]);
  await db.run("INSERT INTO area_layers VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ, $6::JSON)", [
    meta.layer,
    meta.batchId,
    meta.nameField,
    meta.sourceCrs,
    meta.importedAt,
    JSON.stringify(meta.notes ?? null),
  ]);
  await db.append(
    "areas",
    [
      { name: "layer", type: "varchar" },
      { name: "name", type: "varchar" },
      { name: "geometry_wgs84", type: "json" },
      { name: "geometry_xy", type: "json" },
      { name: "area_m2", type: "double" },
      { name: "attributes", type: "json" },
    ],
    areas.map((a) => [meta.layer, a.name, a.geometryWgs84, a.geometryXy, a.areaM2, a.attributes]),
  );
}

export async function upsertPopulations(
  db: Database,
  layer: string,
  rows: readonly { name: string; year: number; population: number }[],
  batchId: number,
): Promise<void> {
  for (const r of rows) {
    await db.run("DELETE FROM area_populations WHERE layer = $1 AND name = $2 AND year = $3", [
      layer,
      r.name,
      r.year,
    ]);
  }
  await db.append(
    "area_populations",
    [
      { name: "layer", type: "varchar" },
      { name: "name", type: "varchar" },
      { name: "year", type: "integer" },
      { name: "population", type: "bigint" },
      { name: "batch_id", type: "integer" },
    ],
    rows.map((r) => [layer, r.name, r.year, r.population, batchId]),
  );
}

export async function listLayerGeometries(
  db: Database,
): Promise<Map<string, { name: string; geometry: Polygon | MultiPolygon }[]>> {
  const rows = await db.all<{ layer: string; name: string; g: string }>(
    "SELECT layer, name, geometry_xy::VARCHAR AS g FROM areas ORDER BY layer, name",
  );
  const out = new Map<string, { name: string; geometry: Polygon | MultiPolygon }[]>();
  for (const r of rows) {
    const list = out.get(r.layer) ?? [];
    list.push({ name: r.name, geometry: JSON.parse(r.g) as Polygon | MultiPolygon });
    out.set(r.layer, list);
  }
  return out;
}

export type EventKind = "incident" | "call" | "detection";

export interface AreaAssignment {
  readonly kind: EventKind;
  readonly uid: number;
  readonly layer: string;
  readonly area: string;
  readonly method: "reported" | "polygon" | "none";
}

export async function deleteAssignments(db: Database, layer: string, kind?: EventKind): Promise<void> {
  if (kind) await db.run("DELETE FROM event_areas WHERE layer = $1 AND kind = $2", [layer, kind]);
  else await db.run("DELETE FROM event_areas WHERE layer = $1", [layer]);
}

export async function insertAssignments(db: Database, rows: Iterable<AreaAssignment>): Promise<number> {
  const mapped = (function* () {
    for (const r of rows) yield [r.kind, r.uid, r.layer, r.area, r.method];
  })();
  return db.append(
    "event_areas",
    [
      { name: "kind", type: "varchar" },
      { name: "uid", type: "bigint" },
      { name: "layer", type: "varchar" },
      { name: "area", type: "varchar" },
      { name: "method", type: "varchar" },
    ],
    mapped,
  );
}
