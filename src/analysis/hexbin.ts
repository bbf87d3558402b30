/**
 * Hexagon counts on Uber's H3 grid (h3-js `latLngToCell`). Hexagons have one kind of neighbour (no
 * corner-touching cells as squares have) and H3 cells are global and fixed, so counts from different
 * periods, agencies or cities join on the cell id without agreeing on an origin.
 *
 * H3 works on WGS84 longitude/latitude, not the analysis CRS: give points as {lon, lat}. Typical
 * resolutions for city work (h3-js `getHexagonAreaAvg`): 7 ~ 5.16 km2 (district scale), 8 ~ 0.74 km2
 * (neighbourhood, edge ~ 530 m), 9 ~ 0.105 km2 (a few blocks, edge ~ 200 m), 10 ~ 0.015 km2 (a block face,
 * edge ~ 76 m). Areas vary by a few percent with latitude; `cellArea` gives each cell's own.
 */
import type { Feature, FeatureCollection, Polygon, Position } from "geojson";
import { cellArea, cellToBoundary, gridDisk, latLngToCell } from "h3-js";
import { AppError } from "../domain/errors.js";

export interface LonLatPoint {
  readonly lon: number;
  readonly lat: number;
  /** Weight; 1 when absent. */
  readonly w?: number;
}

export interface HexCounts {
  readonly status: "ok" | "no-points";
  readonly resolution: number;
  /** Sum of weights per H3 cell id, keys in ascending id order (deterministic output). */
  readonly counts: ReadonlyMap<string, number>;
  /** Sum of weights of points with missing or impossible coordinates (not in any cell). */
  readonly outside: number;
  /** Sum of all weights; sum(counts) + outside === total. */
  readonly total: number;
}

function checkResolution(resolution: number): void {
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > 15) {
    throw new AppError("invalid-argument", `H3 resolution must be an integer 0..15, got ${resolution}`);
  }
}

/** Counts (sums of weights) of points per H3 cell at one resolution. */
export function hexbin(points: readonly LonLatPoint[], resolution: number): HexCounts {
  checkResolution(resolution);
  const acc = new Map<string, number>();
  let outside = 0;
  let total = 0;
  for (const p of points) {
    const w = p.w ?? 1;
    if (!Number.isFinite(w)) {
      throw new AppError("invalid-argument", `point weight must be a finite number, got ${w}`);
    }
    total += w;
    const valid =
      Number.isFinite(p.lon) && Number.isFinite(p.lat) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180;
    if (!valid) {
      outside += w;
      continue;
    }
    const id = latLngToCell(p.lat, p.lon, resolution);
    acc.set(id, (acc.get(id) ?? 0) + w);
  }
  const counts = new Map([...acc.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { status: points.length === 0 ? "no-points" : "ok", resolution, counts, outside, total };
}

export interface HexCellProperties {
  readonly h3: string;
  readonly count: number;
  /** This cell's own area, for rates per km2 (H3 areas vary with latitude). */
  readonly areaKm2: number;
}

/**
 * The counted cells as GeoJSON polygons. H3 gives boundaries as [lat, lng] vertices without repeating the
 * first; GeoJSON (RFC 7946) wants [lng, lat] and closed rings, so both are fixed here (H3's vertex order is
 * already counter-clockwise, RFC 7946's exterior orientation). `ring: k` adds the zero-count cells within
 * k steps of a counted cell (h3 `gridDisk`), so a map shows where nothing happened next to where something did.
 */
export function hexbinToGeoJson(
  hex: HexCounts,
  opts?: { readonly ring?: number },
): FeatureCollection<Polygon, HexCellProperties> {
  const ring = opts?.ring ?? 0;
  if (!Number.isInteger(ring) || ring < 0) {
    throw new AppError("invalid-argument", `ring must be a non-negative integer, got ${ring}`);
  }
  const ids = new Set(hex.counts.keys());
  if (ring > 0) for (const id of hex.counts.keys()) for (const n of gridDisk(id, ring)) ids.add(n);
  const features: Feature<Polygon, HexCellProperties>[] = [...ids].sort().map((h3) => {
    const coords: Position[] = cellToBoundary(h3).map(([lat, lng]) => [lng, lat]);
    const first = coords[0];
    if (first) coords.push([first[0]!, first[1]!]);
    return {
      type: "Feature",
      geometry: { type: "Polygon", coordinates: [coords] },
      properties: { h3, count: hex.counts.get(h3) ?? 0, areaKm2: cellArea(h3, "km2") },
    };
  });
  return { type: "FeatureCollection", features };
}
