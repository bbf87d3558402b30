/**
 * The map's area layers (districts, focus areas, any imported boundaries) as WGS84 GeoJSON, and the
 * city's extent for the map's first view. Boundaries are public: they carry names and sizes, no events.
 */
import type { FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import { AREA_UNITS } from "../analysis/kde.js";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";

export interface MapLayerInfo {
  readonly layer: string;
  /** Area names, sorted. */
  readonly areas: readonly string[];
}

export interface MapConfig {
  /** Bounds [west, south, east, north] in degrees: of the boundaries, else of the located incidents; null if neither. */
  readonly bounds: [number, number, number, number] | null;
  readonly layers: readonly MapLayerInfo[];
}

export interface AreaProperties {
  readonly layer: string;
  readonly name: string;
  /** Geodesic area from the boundary import, square miles. */
  readonly sqMi: number;
}

/** Layers with their area names, and the extent the map opens on. */
export async function mapConfig(db: Database): Promise<MapConfig> {
  const rows = await db.all<{ layer: string; name: string; g: string }>(
    "SELECT layer, name, geometry_wgs84::VARCHAR AS g FROM areas ORDER BY layer, name",
  );
  const layers = new Map<string, string[]>();
  const box = [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number];
  for (const r of rows) {
    const names = layers.get(r.layer) ?? [];
    names.push(r.name);
    layers.set(r.layer, names);
    growBox(box, (JSON.parse(r.g) as Polygon | MultiPolygon).coordinates);
  }
  if (!(box[0] <= box[2])) {
    const e = await db.one<{ w: number | null; s: number | null; e: number | null; n: number | null }>(
      "SELECT min(lon) AS w, min(lat) AS s, max(lon) AS e, max(lat) AS n FROM incidents WHERE valid_to IS NULL AND lon IS NOT NULL AND lat IS NOT NULL",
    );
    if (e?.w != null && e.s != null && e.e != null && e.n != null) box.splice(0, 4, e.w, e.s, e.e, e.n);
  }
  return {
    bounds: box[0] <= box[2] ? box : null,
    layers: [...layers].map(([layer, areas]) => ({ layer, areas })),
  };
}

/** Every polygon of one layer, with its name and size; not-found for a layer without boundaries. */
export async function areaLayer(
  db: Database,
  layer: string,
): Promise<FeatureCollection<Polygon | MultiPolygon, AreaProperties>> {
  const rows = await db.all<{ name: string; g: string; m2: number }>(
    "SELECT name, geometry_wgs84::VARCHAR AS g, area_m2 AS m2 FROM areas WHERE layer = $1 ORDER BY name",
    [layer],
  );
  if (rows.length === 0) {
    const known = await db.all<{ layer: string }>("SELECT DISTINCT layer FROM areas ORDER BY layer");
    throw new AppError(
      "not-found",
      `layer: no boundaries for '${layer}' (layers: ${known.map((k) => k.layer).join(", ") || "none imported"})`,
    );
  }
  return {
    type: "FeatureCollection",
    features: rows.map((r) => ({
      type: "Feature",
      geometry: JSON.parse(r.g) as Polygon | MultiPolygon,
      properties: { layer, name: r.name, sqMi: r.m2 / AREA_UNITS.sqmi },
    })),
  };
}

type Nested = Position | Nested[];

function growBox(box: [number, number, number, number], coords: Nested): void {
  if (typeof coords[0] === "number") {
    const [x, y] = coords as Position;
    if (x! < box[0]) box[0] = x!;
    if (y! < box[1]) box[1] = y!;
    if (x! > box[2]) box[2] = x!;
    if (y! > box[3]) box[3] = y!;
    return;
  }
  for (const c of coords as Nested[]) growBox(box, c);
}
