/**
 * Kernel density of events with the quartic (biweight) kernel, the kernel crime analysts know from CrimeStat
 * and ArcGIS Spatial Analyst's Kernel Density, so our surfaces match the ones partners already read.
 *
 * Kernel: K(d) = 3 / (pi h^2) * (1 - d^2 / h^2)^2 for d < h, else 0 (h = search radius, metres).
 * - ArcGIS "How Kernel Density works": Density = (1 / radius^2) * sum_i 3/pi * pop_i * (1 - (dist_i /
 *   radius)^2)^2 for dist_i < radius: the same expression, after Silverman (1986, eq. 4.5), whose 2-D
 *   biweight 3/pi (1 - t^2)^2 on the unit disc integrates to 1.
 * - CrimeStat III (Levine, ch. 8, quartic "with the bandwidth as the search radius"): the same
 *   3 / (h^2 pi) (1 - d^2/h^2)^2 per incident, weighted by intensity x weight. Its output options differ only
 *   by a constant: "absolute densities" are rescaled so the grid cells sum to the number of incidents (that
 *   is, our density x cell area), "relative densities" are those divided by cell area (our density per unit
 *   area), "probabilities" divide by the number of incidents.
 * So the kernel integrates to 1 and the density here is events per square metre (use `scaleDensity` for km2
 * or square miles); the raster's values times the cell area sum to the number (weight) of events when the
 * raster covers every kernel (the default margin of h does). No edge correction, as in both tools.
 *
 * Values are the density at cell centres (as ArcGIS: "where they overlay the raster cell center"). Speed:
 * each point visits only the cells whose centres lie within h, with the column offsets precomputed per point
 * (the kernel footprint), so cost is n * pi (h/c)^2, not n * cells.
 */
import { AppError } from "../domain/errors.js";
import { boundsOf, type Extent, type WeightedXY } from "./grid.js";

/** Square metres per area unit, for `scaleDensity`. */
export const AREA_UNITS = { m2: 1, km2: 1e6, sqmi: 2_589_988.110336 } as const;
export type AreaUnit = keyof typeof AREA_UNITS;

/** The quartic kernel value at distance d for search radius h (per square metre, integrates to 1). */
export function quarticKernel(d: number, h: number): number {
  if (!(d < h)) return 0;
  const u = 1 - (d * d) / (h * h);
  return (3 / (Math.PI * h * h)) * u * u;
}

/**
 * ArcGIS's default search radius (10.2.1 and later, "Default search radius (bandwidth) algorithm"), a
 * Silverman-type rule made robust to outliers by the median distance:
 * SearchRadius = 0.9 * min(SD, sqrt(1 / ln 2) * Dm) * n^-0.2, where SD is the (weighted) standard distance
 * from the (weighted) mean centre, Dm the (weighted) median distance to it and n the number of points (the
 * sum of weights when weighted). Returns null when it is not defined (no points, or no spread: all points
 * at one place, or more than half the weight at the mean centre), so the caller can say so.
 */
export function defaultBandwidth(points: readonly WeightedXY[]): number | null {
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    const w = p.w ?? 1;
    sw += w;
    sx += w * p.x;
    sy += w * p.y;
  }
  if (!(sw > 0)) return null;
  const mx = sx / sw;
  const my = sy / sw;
  const dist = points.map((p) => ({ d: Math.hypot(p.x - mx, p.y - my), w: p.w ?? 1 }));
  const sd = Math.sqrt(dist.reduce((s, { d, w }) => s + w * d * d, 0) / sw);
  dist.sort((a, b) => a.d - b.d);
  // Weighted median: the first distance at which the cumulative weight reaches half the total.
  let cum = 0;
  let dm = 0;
  for (const { d, w } of dist) {
    cum += w;
    if (cum >= sw / 2) {
      dm = d;
      break;
    }
  }
  const r = 0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * dm) * sw ** -0.2;
  return r > 0 && Number.isFinite(r) ? r : null;
}

export interface KdeOptions {
  /** Search radius h in metres. Default: `defaultBandwidth` (ArcGIS's rule). */
  readonly bandwidth?: number;
  /** Cell size in metres. Default (ArcGIS): the shorter side of the data extent / 250. */
  readonly cellSize?: number;
  /** Area to estimate over. Default: the points' bounding box grown by `margin`. */
  readonly extent?: Extent;
  /** Added around the points' bounding box when no extent is given. Default: h (every kernel fits). */
  readonly margin?: number;
}

export interface DensityRaster {
  readonly status: "ok" | "no-points" | "no-bandwidth";
  /** Why the raster is empty, for status other than "ok". */
  readonly note?: string;
  /** Lower-left corner of cell (row 0, col 0); cells are cellSize squares, row 0 at minY. */
  readonly origin: { readonly x: number; readonly y: number };
  readonly cellSize: number;
  readonly cols: number;
  readonly rows: number;
  /** Density per square metre at each cell centre, row-major. */
  readonly values: Float64Array;
  /** Search radius used (metres); null when none was given and none could be derived. */
  readonly bandwidth: number | null;
  readonly bandwidthSource: "given" | "arcgis-default";
  /** Sum of the weights of the points. */
  readonly total: number;
}

const MAX_CELLS = 50_000_000;

function empty(
  status: "no-points" | "no-bandwidth",
  note: string,
  source: DensityRaster["bandwidthSource"],
  total: number,
): DensityRaster {
  return {
    status,
    note,
    origin: { x: 0, y: 0 },
    cellSize: 0,
    cols: 0,
    rows: 0,
    values: new Float64Array(0),
    bandwidth: null,
    bandwidthSource: source,
    total,
  };
}

interface Lattice {
  readonly ox: number;
  readonly oy: number;
  readonly c: number;
  readonly cols: number;
  readonly rows: number;
}

/** Adds each point's kernel to the cells whose centres lie within h of it (the only cells it reaches). */
function accumulate(values: Float64Array, points: readonly WeightedXY[], h: number, g: Lattice): void {
  const { ox, oy, c, cols, rows } = g;
  const h2 = h * h;
  const invH2 = 1 / h2;
  const norm = 3 / (Math.PI * h2);
  const reach = Math.ceil(h / c) + 1;
  const dx2 = new Float64Array(2 * reach + 2);
  for (const p of points) {
    const wk = (p.w ?? 1) * norm;
    if (wk === 0) continue;
    // Cells whose centre ox + (i + 0.5) c lies within h of p.x.
    const i0 = Math.max(0, Math.ceil((p.x - h - ox) / c - 0.5));
    const i1 = Math.min(cols - 1, Math.floor((p.x + h - ox) / c - 0.5));
    const j0 = Math.max(0, Math.ceil((p.y - h - oy) / c - 0.5));
    const j1 = Math.min(rows - 1, Math.floor((p.y + h - oy) / c - 0.5));
    if (i0 > i1 || j0 > j1) continue;
    const nI = i1 - i0 + 1;
    for (let k = 0; k < nI; k++) {
      const dx = ox + (i0 + k + 0.5) * c - p.x;
      dx2[k] = dx * dx;
    }
    for (let j = j0; j <= j1; j++) {
      const dy = oy + (j + 0.5) * c - p.y;
      const dy2 = dy * dy;
      if (dy2 >= h2) continue;
      // Trim the row to the cells inside the circle (same d^2 < h^2 test), so the inner loop has no branch.
      let lo = 0;
      let hi = nI - 1;
      while (lo <= hi && dx2[lo]! + dy2 >= h2) lo++;
      while (hi >= lo && dx2[hi]! + dy2 >= h2) hi--;
      const base = j * cols + i0;
      for (let k = lo; k <= hi; k++) {
        const u = 1 - (dx2[k]! + dy2) * invH2;
        values[base + k] = values[base + k]! + wk * u * u;
      }
    }
  }
}

/** Quartic kernel density raster of weighted points (coordinates in metres). */
export function kernelDensity(points: readonly WeightedXY[], opts: KdeOptions = {}): DensityRaster {
  if (opts.bandwidth !== undefined && !(opts.bandwidth > 0 && Number.isFinite(opts.bandwidth))) {
    throw new AppError(
      "invalid-argument",
      `kernel density bandwidth (search radius) must be a positive number of metres, got ${opts.bandwidth}`,
    );
  }
  if (opts.cellSize !== undefined && !(opts.cellSize > 0 && Number.isFinite(opts.cellSize))) {
    throw new AppError("invalid-argument", `kernel density cell size must be positive, got ${opts.cellSize}`);
  }
  let total = 0;
  for (const p of points) {
    const w = p.w ?? 1;
    if (!Number.isFinite(w) || !Number.isFinite(p.x) || !Number.isFinite(p.y)) {
      throw new AppError("invalid-argument", "kernel density needs finite coordinates and weights");
    }
    total += w;
  }
  const source = opts.bandwidth === undefined ? "arcgis-default" : "given";
  const h = opts.bandwidth ?? defaultBandwidth(points);
  if (h === null && points.length > 0) {
    return empty(
      "no-bandwidth",
      "the points have no spread (all at one place), so there is no default search radius: give a bandwidth",
      source,
      total,
    );
  }
  const bounds = boundsOf(points);
  const margin = opts.margin ?? h ?? 0;
  const ext =
    opts.extent ??
    (bounds && {
      minX: bounds.minX - margin,
      minY: bounds.minY - margin,
      maxX: bounds.maxX + margin,
      maxY: bounds.maxY + margin,
    });
  if (!ext) return empty("no-points", "no points and no extent: nothing to estimate", source, total);
  const dataExt = bounds && !opts.extent ? bounds : ext;
  const short = Math.min(dataExt.maxX - dataExt.minX, dataExt.maxY - dataExt.minY);
  const c =
    opts.cellSize ?? (short > 0 ? short / 250 : Math.min(ext.maxX - ext.minX, ext.maxY - ext.minY) / 250);
  if (!(c > 0)) throw new AppError("invalid-argument", "kernel density extent has no area; give a cell size");
  const cols = Math.max(1, Math.ceil((ext.maxX - ext.minX) / c));
  const rows = Math.max(1, Math.ceil((ext.maxY - ext.minY) / c));
  if (cols * rows > MAX_CELLS) {
    throw new AppError(
      "invalid-argument",
      `a ${c} m raster here needs ${cols} x ${rows} cells; use a larger cell size`,
    );
  }
  const ox = ext.minX;
  const oy = ext.minY;
  const values = new Float64Array(cols * rows);
  if (h !== null) accumulate(values, points, h, { ox, oy, c, cols, rows });
  return {
    status: points.length === 0 ? "no-points" : "ok",
    ...(points.length === 0 ? { note: "no points: the density is zero everywhere" } : {}),
    origin: { x: ox, y: oy },
    cellSize: c,
    cols,
    rows,
    values,
    bandwidth: h,
    bandwidthSource: source,
    total,
  };
}

/** Density at one location by direct summation (the reference the raster is tested against). */
export function densityAt(points: readonly WeightedXY[], x: number, y: number, h: number): number {
  let s = 0;
  for (const p of points) s += (p.w ?? 1) * quarticKernel(Math.hypot(p.x - x, p.y - y), h);
  return s;
}

/** Densities per square metre converted to events per km2 or per square mile. */
export function scaleDensity(values: Float64Array, unit: AreaUnit): Float64Array {
  const f = AREA_UNITS[unit];
  return values.map((v) => v * f);
}
