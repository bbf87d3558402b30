/**
 * Kernel density contours and grid counts of an event selection, as WGS84 GeoJSON with a summary: what
 * `peacestat kde` / `peacestat grid-counts` print and write, and what the dashboard map draws, from one
 * function each, so the CLI and the map give the same cells and the same rings.
 */
import type { FeatureCollection, MultiPolygon, Polygon } from "geojson";
import { type ContourProperties, contourPolygons, massLevels } from "../analysis/contours.js";
import {
  boundsOf,
  type GridCellProperties,
  type SquareGrid,
  squareGrid,
  toGeoJson,
} from "../analysis/grid.js";
import { hexbin, hexbinToGeoJson } from "../analysis/hexbin.js";
import { type DensityRaster, defaultBandwidth, kernelDensity } from "../analysis/kde.js";
import { AppError } from "../domain/errors.js";
import type { AnalysisInput } from "./analysis-input.js";

/** The mass shares analysts contour a kernel density at (the smallest areas holding 50/75/90%). */
export const DEFAULT_MASS = [0.5, 0.75, 0.9] as const;

export interface KdeContourOptions {
  /** Search radius in metres (default: ArcGIS's rule from the data's spread). */
  readonly bandwidth?: number | undefined;
  /** Raster cell size in metres (default: the shorter side of the extent / 250). */
  readonly cellSize?: number | undefined;
  /** Shares of the density to contour, each in (0, 1) (default 0.5, 0.75, 0.9). */
  readonly mass?: readonly number[] | undefined;
  /** Refuse a raster of more cells than this, before computing it (default: only kde's own limit). */
  readonly maxCells?: number | undefined;
}

export interface KdeSummary {
  readonly description: string;
  readonly events: number;
  readonly unlocated: number;
  readonly status: DensityRaster["status"];
  readonly note: string | null;
  readonly bandwidth: number | null;
  readonly bandwidthSource: DensityRaster["bandwidthSource"];
  readonly cellSize: number;
  readonly cols: number;
  readonly rows: number;
  readonly peakPerKm2: number;
  /** One entry per requested share: the density (events per km2) whose contour holds it; null if none. */
  readonly contours: readonly { readonly massShare: number; readonly densityPerKm2: number | null }[];
}

export interface KdeContours {
  readonly raster: DensityRaster;
  /** WGS84 filled contours, one MultiPolygon per usable level (levels without density are left out). */
  readonly contours: FeatureCollection<MultiPolygon, ContourProperties>;
  readonly summary: KdeSummary;
}

/**
 * Quartic kernel density (as ArcGIS and CrimeStat) of the selection, contoured at the levels holding the
 * given shares of the mass (Hyndman 1996's highest density regions). Levels that do not exist (no events,
 * no spread) give no ring rather than a meaningless one; the summary says which.
 */
export function kdeContours(input: AnalysisInput, opts: KdeContourOptions = {}): KdeContours {
  const fractions = [...(opts.mass ?? DEFAULT_MASS)];
  if (fractions.some((f) => !(f > 0 && f < 1)))
    throw new AppError("invalid-argument", `mass shares ${fractions.join(",")}: fractions between 0 and 1`);
  if (opts.maxCells !== undefined) checkRasterSize(input, opts, opts.maxCells);
  const raster = kernelDensity(input.points, {
    ...(opts.bandwidth !== undefined ? { bandwidth: opts.bandwidth } : {}),
    ...(opts.cellSize !== undefined ? { cellSize: opts.cellSize } : {}),
  });
  const levels = raster.status === "ok" ? massLevels(raster, fractions) : [];
  const usable = levels.filter((l): l is number => l !== null && l > 0);
  const contours =
    usable.length > 0
      ? contourPolygons(raster, usable, { project: input.toWgs84 })
      : { type: "FeatureCollection" as const, features: [] };
  let peak = 0;
  for (const v of raster.values) if (v > peak) peak = v;
  const summary: KdeSummary = {
    description: input.description,
    events: input.points.length,
    unlocated: input.unlocated,
    status: raster.status,
    note: raster.note ?? null,
    bandwidth: raster.bandwidth,
    bandwidthSource: raster.bandwidthSource,
    cellSize: raster.cellSize,
    cols: raster.cols,
    rows: raster.rows,
    peakPerKm2: raster.values.length > 0 ? peak * 1e6 : 0,
    contours: fractions.map((f, i) => ({
      massShare: f,
      densityPerKm2: levels[i] == null ? null : levels[i]! * 1e6,
    })),
  };
  return { raster, contours, summary };
}

/**
 * The contours as map features: each carries the share of the mass it holds (`share`, 0.5 for the
 * smallest area holding half the density) and its density in events per km2, so a legend needs no lookup.
 */
export function contourFeatures(k: KdeContours) {
  const byLevel = new Map<number, number>();
  k.summary.contours.forEach((c) => {
    if (c.densityPerKm2 !== null && !byLevel.has(c.densityPerKm2)) byLevel.set(c.densityPerKm2, c.massShare);
  });
  return {
    type: "FeatureCollection" as const,
    features: k.contours.features.map((f) => ({
      ...f,
      properties: {
        ...f.properties,
        share: byLevel.get(f.properties.level * 1e6) ?? null,
        perKm2: f.properties.level * 1e6,
      },
    })),
  };
}

/**
 * Refuses a kernel density raster over `maxCells`, sized as `kernelDensity` sizes it by default (the
 * points' box grown by the bandwidth, cells of the shorter side / 250): a tiny cluster with a wide
 * bandwidth would otherwise allocate a raster of millions of cells.
 */
function checkRasterSize(input: AnalysisInput, opts: KdeContourOptions, maxCells: number): void {
  const b = boundsOf(input.points);
  if (!b) return;
  const h = opts.bandwidth ?? defaultBandwidth(input.points) ?? 0;
  const short = Math.min(b.maxX - b.minX, b.maxY - b.minY);
  const c = opts.cellSize ?? (short > 0 ? short / 250 : (short + 2 * h) / 250);
  if (!(c > 0)) return;
  const cols = Math.ceil((b.maxX - b.minX + 2 * h) / c);
  const rows = Math.ceil((b.maxY - b.minY + 2 * h) / c);
  if (cols * rows > maxCells)
    throw new AppError(
      "invalid-argument",
      `bandwidth: a ${Math.round(h)} m search radius around these events needs a raster of ${(cols * rows).toLocaleString("en-US")} cells (at most ${maxCells.toLocaleString("en-US")}); choose a smaller bandwidth`,
    );
}

export interface GridCountOptions {
  /** Square cell side in metres (default 150, about a city block). */
  readonly cellSize?: number | undefined;
  /** Refuse a grid of more cells than this (default: no limit beyond the analysis module's own). */
  readonly maxCells?: number | undefined;
}

export interface GridCountSummary {
  readonly cells: number;
  readonly cols: number;
  readonly rows: number;
  readonly total: number;
  readonly outside: number;
  readonly cellSize: number;
}

export interface GridCounts {
  readonly grid: SquareGrid;
  /** WGS84 cells with at least one event (empty cells are left out to keep a city-wide grid small). */
  readonly geojson: FeatureCollection<Polygon, GridCellProperties>;
  readonly summary: GridCountSummary;
}

/**
 * Counts of the selection's events on square cells covering their bounding box (every event in exactly
 * one cell: the counts add up to the total).
 */
export function gridCounts(input: AnalysisInput, opts: GridCountOptions = {}): GridCounts {
  const cell = opts.cellSize ?? 150;
  const b = boundsOf(input.points);
  if (b && opts.maxCells !== undefined) checkGridSize(b, cell, 0, opts.maxCells);
  const grid = squareGrid(input.points, { cellSize: cell, ...(b ? { extent: b } : {}) });
  return {
    grid,
    geojson: toGeoJson(grid, input.toWgs84, { skipZero: true }),
    summary: {
      cells: grid.counts.length,
      cols: grid.cols,
      rows: grid.rows,
      total: grid.total,
      outside: grid.outside,
      cellSize: cell,
    },
  };
}

/** Counts on H3 hexagons at `resolution` (0-15), from the events' WGS84 positions. */
export function hexCounts(input: AnalysisInput, resolution: number) {
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > 15)
    throw new AppError("invalid-argument", `H3 resolution ${resolution}: an integer 0-15`);
  const hex = hexbin(
    input.points.map((p) => {
      const [lon, lat] = input.toWgs84(p.x, p.y);
      return { lon, lat };
    }),
    resolution,
  );
  return {
    geojson: hexbinToGeoJson(hex),
    summary: { cells: hex.counts.size, total: hex.total, outside: hex.outside, resolution },
  };
}

/**
 * Refuses a square grid over `bounds` (grown by `pad` metres on each side) that would need more than
 * `maxCells` cells, naming the smallest cell size that fits: a 5 m grid over a city is millions of cells,
 * slow to compute and too heavy for a browser.
 */
export function checkGridSize(
  bounds: { minX: number; minY: number; maxX: number; maxY: number },
  cellSize: number,
  pad: number,
  maxCells: number,
): void {
  const w = bounds.maxX - bounds.minX + 2 * pad;
  const h = bounds.maxY - bounds.minY + 2 * pad;
  const cols = Math.max(1, Math.ceil(w / cellSize));
  const rows = Math.max(1, Math.ceil(h / cellSize));
  if (cols * rows > maxCells) {
    const fits = Math.ceil(Math.sqrt((w * h) / maxCells)) + 1;
    throw new AppError(
      "invalid-argument",
      `cell: a ${cellSize} m grid over these events needs ${cols} x ${rows} = ${(cols * rows).toLocaleString("en-US")} cells (at most ${maxCells.toLocaleString("en-US")}); choose a cell of at least ${fits} m`,
    );
  }
}
