/**
 * Square-grid counts in the analysis CRS (metres): the plainest hot spot map, and the one a partnership can
 * audit by hand (every event sits in exactly one cell, and the cells add up to the total).
 *
 * Edge rule (numpy `histogram2d`'s, so results can be checked against it): cells are half-open,
 * [x0, x0 + cellSize) x [y0, y0 + cellSize), so a point on a shared edge belongs to the cell to its right or
 * above; only the grid's last column and top row are also closed on their outer edge, so a point exactly on
 * the extent's maximum is counted rather than lost. Points that are in no cell (outside an explicit extent,
 * below or left of an explicit origin, or with non-finite coordinates) are summed in `outside`: nothing is
 * ever dropped silently, and `sum(counts) + outside === total` always holds.
 */
import type { Feature, FeatureCollection, Polygon, Position } from "geojson";
import { AppError } from "../domain/errors.js";

export interface WeightedXY {
  readonly x: number;
  readonly y: number;
  /** Weight (e.g. victims per incident); 1 when absent. */
  readonly w?: number;
}

export interface Extent {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

export interface SquareGridOptions {
  /** Cell side in metres. */
  readonly cellSize: number;
  /**
   * Lower-left corner of cell (row 0, col 0). Default: the extent's minimum when an extent is given, else
   * the points' minimum snapped down to a multiple of cellSize, so grids of different periods (or cities
   * in one CRS) share cell edges and can be compared cell by cell.
   */
  readonly origin?: { readonly x: number; readonly y: number };
  /** Area to cover (closed). Default: the points' bounding box. */
  readonly extent?: Extent;
}

export interface SquareGrid {
  readonly status: "ok" | "no-points";
  readonly origin: { readonly x: number; readonly y: number };
  readonly cellSize: number;
  readonly cols: number;
  readonly rows: number;
  /** Row-major sums of weights; row 0 at minY, col 0 at minX. Index i = row * cols + col. */
  readonly counts: Float64Array;
  /** Sum of weights of points in no cell. */
  readonly outside: number;
  /** Sum of all weights (the number of points when unweighted). */
  readonly total: number;
  /** Cell index of a location under the edge rule above, or -1 when it is in no cell. */
  cellOf(x: number, y: number): number;
  cellCenter(i: number): { x: number; y: number };
  /** Closed counter-clockwise ring (RFC 7946 exterior orientation) in the analysis CRS. */
  cellPolygon(i: number): Position[];
}

function checkCellSize(cellSize: number): void {
  if (!(cellSize > 0) || !Number.isFinite(cellSize)) {
    throw new AppError(
      "invalid-argument",
      `grid cell size must be a positive number of metres, got ${cellSize}`,
    );
  }
}

function weightOf(p: WeightedXY): number {
  const w = p.w ?? 1;
  if (!Number.isFinite(w)) {
    throw new AppError("invalid-argument", `point weight must be a finite number, got ${w}`);
  }
  return w;
}

/** The points' bounding box over finite coordinates, or undefined when there is none. */
export function boundsOf(points: readonly { x: number; y: number }[]): Extent | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    if (p.x < minX) minX = p.x;
    if (p.x > maxX) maxX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.y > maxY) maxY = p.y;
  }
  return minX <= maxX ? { minX, minY, maxX, maxY } : undefined;
}

/** Counts (sums of weights) of points per square cell. */
export function squareGrid(points: readonly WeightedXY[], opts: SquareGridOptions): SquareGrid {
  const c = opts.cellSize;
  checkCellSize(c);
  const ext = opts.extent;
  if (ext && !(ext.minX <= ext.maxX && ext.minY <= ext.maxY)) {
    throw new AppError("invalid-argument", "grid extent must have minX <= maxX and minY <= maxY");
  }
  const cover = ext ?? boundsOf(points);
  const origin = opts.origin ?? {
    x: ext ? ext.minX : cover ? Math.floor(cover.minX / c) * c : 0,
    y: ext ? ext.minY : cover ? Math.floor(cover.minY / c) * c : 0,
  };
  if (!Number.isFinite(origin.x) || !Number.isFinite(origin.y)) {
    throw new AppError("invalid-argument", "grid origin must have finite coordinates");
  }
  const cols = cover ? Math.max(1, Math.ceil((cover.maxX - origin.x) / c)) : 0;
  const rows = cover ? Math.max(1, Math.ceil((cover.maxY - origin.y) / c)) : 0;
  if (cols * rows > 50_000_000) {
    throw new AppError(
      "invalid-argument",
      `a ${c} m grid over this area needs ${cols} x ${rows} cells; choose a larger cell size`,
    );
  }

  const cellOf = (x: number, y: number): number => {
    if (!cover || !Number.isFinite(x) || !Number.isFinite(y)) return -1;
    if (ext && (x < ext.minX || x > ext.maxX || y < ext.minY || y > ext.maxY)) return -1;
    let col = Math.floor((x - origin.x) / c);
    let row = Math.floor((y - origin.y) / c);
    // The closed outer edge: a point on the covered area's maximum still belongs to the last column/row
    // (cols = ceil((maxX - x0) / cellSize), so col === cols only happens there).
    if (col === cols && x <= cover.maxX) col = cols - 1;
    if (row === rows && y <= cover.maxY) row = rows - 1;
    if (col < 0 || row < 0 || col >= cols || row >= rows) return -1;
    return row * cols + col;
  };

  const counts = new Float64Array(cols * rows);
  let outside = 0;
  let total = 0;
  for (const p of points) {
    const w = weightOf(p);
    total += w;
    const i = cellOf(p.x, p.y);
    if (i < 0) outside += w;
    else counts[i] = counts[i]! + w;
  }

  const corner = (i: number): { x: number; y: number } => {
    if (!Number.isInteger(i) || i < 0 || i >= cols * rows) {
      throw new AppError("invalid-argument", `cell index ${i} is not in this ${cols} x ${rows} grid`);
    }
    return { x: origin.x + (i % cols) * c, y: origin.y + Math.floor(i / cols) * c };
  };

  return {
    status: points.length === 0 ? "no-points" : "ok",
    origin: { x: origin.x, y: origin.y },
    cellSize: c,
    cols,
    rows,
    counts,
    outside,
    total,
    cellOf,
    cellCenter(i) {
      const p = corner(i);
      return { x: p.x + c / 2, y: p.y + c / 2 };
    },
    cellPolygon(i) {
      const { x, y } = corner(i);
      return [
        [x, y],
        [x + c, y],
        [x + c, y + c],
        [x, y + c],
        [x, y],
      ];
    },
  };
}

export interface GridCellProperties {
  readonly cell: number;
  readonly row: number;
  readonly col: number;
  readonly count: number;
}

/**
 * The grid as WGS84 GeoJSON for web maps. Only the four corners are projected (a cell of a few hundred
 * metres is straight-sided in any conformal city CRS to well under a metre). `skipZero` drops empty cells,
 * which keeps a city-wide 100 m grid small; keep them when the map must show where nothing happened.
 */
export function toGeoJson(
  grid: SquareGrid,
  toWgs84: (x: number, y: number) => [number, number],
  opts?: { readonly skipZero?: boolean },
): FeatureCollection<Polygon, GridCellProperties> {
  const skipZero = opts?.skipZero ?? false;
  const features: Feature<Polygon, GridCellProperties>[] = [];
  for (let i = 0; i < grid.counts.length; i++) {
    const count = grid.counts[i]!;
    if (skipZero && count === 0) continue;
    const ring = grid.cellPolygon(i).map(([x, y]) => toWgs84(x!, y!));
    features.push({
      type: "Feature",
      geometry: { type: "Polygon", coordinates: [ring] },
      properties: { cell: i, row: Math.floor(i / grid.cols), col: i % grid.cols, count },
    });
  }
  return { type: "FeatureCollection", features };
}
