/**
 * Contours of a density raster by marching squares (Lorensen & Cline's idea in 2-D; the same cell cases
 * as d3-contour and matplotlib), as GeoJSON: filled regions {value >= level} as MultiPolygons, or the
 * isolines themselves as MultiLineStrings. Analysts draw these over kernel density maps, usually at "mass"
 * levels: the density above which 50% / 75% / 90% of the events lie (Hyndman 1996's highest density
 * regions; R `ks::contourLevels(cont = ...)`), which, unlike fixed levels, compare across periods and
 * bandwidths.
 *
 * Conventions, so rings are valid RFC 7946 polygons:
 * - values are samples at cell centres; the contour is linearly interpolated along cell edges;
 * - a node is "above" when value >= level (NaN counts as below);
 * - the raster is padded with a ring of below-everything nodes, so every region closes; where a region
 *   meets the raster's edge its ring runs along that edge (corners included). Isolines leave those
 *   stretches out and stop at the outermost cell centres: beyond them there is nothing to interpolate;
 * - saddles (two opposite corners above, two below) are resolved by the cell's mean value (the "midpoint
 *   decider"): mean >= level joins the above corners through the cell, else they stay separate. Neighbouring
 *   cells share each edge crossing, so rings never cross; they can touch at a node exactly at the level;
 * - segments are oriented with the above side on the left, so outer rings come out counter-clockwise and
 *   holes clockwise; each hole goes to the smallest outer ring containing it.
 */
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Position } from "geojson";
import { AppError } from "../domain/errors.js";

export interface Raster {
  /** Lower-left corner of cell (row 0, col 0); row 0 at minY. */
  readonly origin: { readonly x: number; readonly y: number };
  readonly cellSize: number;
  readonly cols: number;
  readonly rows: number;
  /** Row-major samples at cell centres (a `DensityRaster` fits). */
  readonly values: ArrayLike<number>;
}

export interface ContourOptions {
  /** Projects output coordinates (e.g. to WGS84 [lon, lat]); default: analysis CRS metres. */
  readonly project?: (x: number, y: number) => [number, number];
}

export interface ContourProperties {
  readonly level: number;
  /** Share of the raster's total (sum of values) in cells at or above the level; null when it sums to 0. */
  readonly mass: number | null;
}

interface Traced {
  /** Closed rings (first point repeated) or open lines, in analysis CRS. */
  readonly paths: Position[][];
}

/** Traces the level's contour; `lines` drops stretches along the raster edge and returns open paths. */
function trace(r: Raster, level: number, lines: boolean): Traced {
  const { cols, rows, cellSize: c } = r;
  const nx = cols + 2;
  const ny = rows + 2;
  const real = (i: number, j: number) => i >= 1 && i <= cols && j >= 1 && j <= rows;
  const val = (i: number, j: number) => (real(i, j) ? r.values[(j - 1) * cols + (i - 1)]! : -Infinity);
  const isAbove = (v: number) => v >= level;
  const px = (i: number) => r.origin.x + (i - 0.5) * c;
  const py = (j: number) => r.origin.y + (j - 0.5) * c;
  const points = new Map<number, Position>();
  const onEdge = new Set<number>();
  /** Crossing on the edge from node (i, j) right (vertical = false) or up (vertical = true). */
  const crossing = (i: number, j: number, vertical: boolean): number => {
    const id = (j * nx + i) * 2 + (vertical ? 1 : 0);
    if (points.has(id)) return id;
    const i2 = vertical ? i : i + 1;
    const j2 = vertical ? j + 1 : j;
    const a = val(i, j);
    const b = val(i2, j2);
    let t = 0.5; // a pad node: the crossing sits on the raster's edge
    if (real(i, j) && real(i2, j2) && Number.isFinite(a) && Number.isFinite(b)) t = (level - a) / (b - a);
    else onEdge.add(id);
    points.set(id, [px(i) + t * (px(i2) - px(i)), py(j) + t * (py(j2) - py(j))]);
    return id;
  };
  const next = new Map<number, number>();
  const via = new Map<number, Position>();
  /** In the padding's four corner cells, the index (bl 0, br 1, tr 2, tl 3) of the one real node; else -1. */
  const realCorner = (i: number, j: number): number => {
    const left = i === 0;
    const right = i === nx - 2;
    const bottom = j === 0;
    const top = j === ny - 2;
    if (left && bottom) return 2;
    if (right && bottom) return 3;
    if (right && top) return 0;
    if (left && top) return 1;
    return -1;
  };
  const v = [0, 0, 0, 0];
  const up = [false, false, false, false];
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      // Corners counter-clockwise: bl, br, tr, tl.
      v[0] = val(i, j);
      v[1] = val(i + 1, j);
      v[2] = val(i + 1, j + 1);
      v[3] = val(i, j + 1);
      let code = 0;
      for (let k = 0; k < 4; k++) {
        up[k] = isAbove(v[k]!);
        if (up[k]) code |= 1 << k;
      }
      if (code === 0 || code === 15) continue;
      const edges: { id: number; leaving: boolean }[] = [];
      for (let k = 0; k < 4; k++) {
        if (up[k] === up[(k + 1) % 4]) continue;
        const id =
          k === 0
            ? crossing(i, j, false)
            : k === 1
              ? crossing(i + 1, j, true)
              : k === 2
                ? crossing(i, j + 1, false)
                : crossing(i, j, true);
        edges.push({ id, leaving: up[k]! });
      }
      const corner = realCorner(i, j);
      const joinAbove = edges.length === 2 || (v[0]! + v[1]! + v[2]! + v[3]!) / 4 >= level;
      const n = edges.length;
      for (let k = 0; k < n; k++) {
        const e = edges[k]!;
        if (!e.leaving) continue;
        const to = edges[(k + (joinAbove ? 1 : n - 1)) % n]!;
        if (lines && (onEdge.has(e.id) || onEdge.has(to.id))) continue;
        next.set(e.id, to.id);
        // A corner cell of the padding whose one real node is above: go round the raster's corner (the
        // cell's centre) rather than cutting it off.
        if (corner >= 0 && code === 1 << corner) via.set(e.id, [r.origin.x + i * c, r.origin.y + j * c]);
      }
    }
  }
  const paths: Position[][] = [];
  const visited = new Set<number>();
  const walk = (start: number) => {
    const path: Position[] = [];
    let id: number | undefined = start;
    while (id !== undefined && !visited.has(id)) {
      visited.add(id);
      path.push(points.get(id)!);
      const corner = via.get(id);
      if (corner) path.push(corner);
      id = next.get(id);
    }
    if (id === start) path.push(points.get(start)!);
    if (path.length >= 2) paths.push(path);
  };
  if (lines) {
    const ends = new Set(next.values());
    for (const s of next.keys()) if (!ends.has(s)) walk(s);
  }
  for (const s of next.keys()) if (!visited.has(s)) walk(s);
  return { paths };
}

/** Twice the signed area (positive counter-clockwise). */
function signedArea2(ring: Position[]): number {
  let s = 0;
  for (let k = 0; k + 1 < ring.length; k++)
    s += ring[k]![0]! * ring[k + 1]![1]! - ring[k + 1]![0]! * ring[k]![1]!;
  return s;
}

function inRing(p: Position, ring: Position[]): boolean {
  const [x, y] = [p[0]!, p[1]!];
  let inside = false;
  for (let a = 0, b = ring.length - 2; a < ring.length - 1; b = a++) {
    const [xa, ya] = [ring[a]![0]!, ring[a]![1]!];
    const [xb, yb] = [ring[b]![0]!, ring[b]![1]!];
    if (ya > y !== yb > y && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) inside = !inside;
  }
  return inside;
}

function checkLevels(r: Raster, levels: readonly number[]): void {
  if (!(r.cellSize > 0) && r.cols * r.rows > 0)
    throw new AppError("invalid-argument", "raster cell size must be positive");
  for (const l of levels) {
    if (!Number.isFinite(l))
      throw new AppError("invalid-argument", `contour level must be a finite number, got ${l}`);
  }
}

function massAt(r: Raster, level: number): number | null {
  let all = 0;
  let above = 0;
  for (let k = 0; k < r.values.length; k++) {
    const v = r.values[k]!;
    if (!Number.isFinite(v)) continue;
    all += v;
    if (v >= level) above += v;
  }
  return all > 0 ? above / all : null;
}

/** Filled contours: one MultiPolygon feature per level covering {value >= level}. */
export function contourPolygons(
  r: Raster,
  levels: readonly number[],
  opts: ContourOptions = {},
): FeatureCollection<MultiPolygon, ContourProperties> {
  checkLevels(r, levels);
  const proj = (ring: Position[]) => (opts.project ? ring.map(([x, y]) => opts.project!(x!, y!)) : ring);
  const features = levels.map((level): Feature<MultiPolygon, ContourProperties> => {
    const rings = trace(r, level, false).paths.map((ring) => ({ ring, area: signedArea2(ring) }));
    const outers = rings.filter((g) => g.area > 0).sort((a, b) => a.area - b.area);
    const polys = outers.map((o) => [o.ring]);
    for (const hole of rings.filter((g) => g.area < 0)) {
      const k = outers.findIndex((o) => inRing(hole.ring[0]!, o.ring));
      if (k >= 0) polys[k]!.push(hole.ring);
    }
    return {
      type: "Feature",
      geometry: { type: "MultiPolygon", coordinates: polys.map((p) => p.map(proj)) },
      properties: { level, mass: massAt(r, level) },
    };
  });
  return { type: "FeatureCollection", features };
}

/** Isolines: one MultiLineString feature per level (closed loops repeat their first point). */
export function contourLines(
  r: Raster,
  levels: readonly number[],
  opts: ContourOptions = {},
): FeatureCollection<MultiLineString, ContourProperties> {
  checkLevels(r, levels);
  const proj = (line: Position[]) => (opts.project ? line.map(([x, y]) => opts.project!(x!, y!)) : line);
  return {
    type: "FeatureCollection",
    features: levels.map((level) => ({
      type: "Feature",
      geometry: { type: "MultiLineString", coordinates: trace(r, level, true).paths.map(proj) },
      properties: { level, mass: massAt(r, level) },
    })),
  };
}

/**
 * Mass levels: for each fraction p in (0, 1], the highest value t such that cells with value >= t hold at
 * least p of the raster's total (the smallest area holding p of the events; Hyndman 1996). Null when the
 * raster sums to zero (no events), so callers draw nothing rather than a meaningless ring.
 */
export function massLevels(r: Raster, fractions: readonly number[]): (number | null)[] {
  for (const p of fractions) {
    if (!(p > 0 && p <= 1))
      throw new AppError("invalid-argument", `mass fraction must be in (0, 1], got ${p}`);
  }
  const sorted = Float64Array.from(r.values)
    .filter((v) => Number.isFinite(v) && v > 0)
    .sort()
    .reverse();
  const total = sorted.reduce((s, v) => s + v, 0);
  if (!(total > 0)) return fractions.map(() => null);
  return fractions.map((p) => {
    let cum = 0;
    for (const v of sorted) {
      cum += v;
      if (cum >= p * total * (1 - 1e-12)) return v;
    }
    return sorted[sorted.length - 1]!;
  });
}
