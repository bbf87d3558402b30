/**
 * Hot spot analysis as crime analysts run it in ArcGIS ("Hot Spot Analysis (Getis-Ord Gi*)" on a fishnet of
 * counts): events counted on a square grid in the analysis CRS, Gi* with binary distance-band weights
 * (neighbours within `threshold` metres of a cell's centre, the cell itself included), z-scores, p-values,
 * Benjamini-Hochberg false discovery rate correction, and hot/cold classes at 90/95/99% confidence.
 * spdep/ArcGIS moments (`localG`); with binary weights they equal esda's.
 */
import type { Feature, FeatureCollection, Polygon } from "geojson";
import { bhAdjust, type HotColdClass, hotColdClass } from "../analysis/fdr.js";
import { gridDistanceBand, localG } from "../analysis/getis-ord.js";
import { boundsOf, squareGrid } from "../analysis/grid.js";
import { AppError } from "../domain/errors.js";
import type { AnalysisInput } from "./analysis-input.js";

export interface HotspotOptions {
  /** Cell size, metres (default 150: about a city block). */
  readonly cellSize?: number | undefined;
  /** Neighbourhood radius, metres (default 2.5 cells). */
  readonly threshold?: number | undefined;
  /** Correct p-values for the number of cells tested (default true). */
  readonly fdr?: boolean | undefined;
}

export interface HotspotCell {
  readonly cell: number;
  readonly row: number;
  readonly col: number;
  readonly count: number;
  readonly z: number | null;
  readonly p: number | null;
  readonly pAdjusted: number | null;
  readonly class: HotColdClass;
}

export interface HotspotResult {
  readonly status: "ok" | "no-events" | "no-variation";
  readonly description: string;
  readonly events: number;
  readonly unlocated: number;
  readonly cellSize: number;
  readonly threshold: number;
  readonly cols: number;
  readonly rows: number;
  readonly fdr: boolean;
  /** Cells per class. */
  readonly classes: Readonly<Record<string, number>>;
  /** Significant cells, hottest first. */
  readonly significant: readonly HotspotCell[];
  readonly method: string;
}

export function hotspots(
  input: AnalysisInput,
  opts: HotspotOptions = {},
): { result: HotspotResult; geojson: FeatureCollection<Polygon> } {
  const cellSize = opts.cellSize ?? 150;
  const threshold = opts.threshold ?? cellSize * 2.5;
  if (!(threshold >= cellSize)) {
    throw new AppError(
      "invalid-argument",
      `--threshold ${threshold} m is smaller than a cell (${cellSize} m): no cell would have a neighbour`,
    );
  }
  const fdr = opts.fdr ?? true;
  const method = `Gi* (Getis & Ord 1992; Ord & Getis 1995, as R spdep localG with include.self and ArcGIS Hot Spot Analysis): ${cellSize} m cells, binary distance band ${threshold} m between cell centres, ${fdr ? "Benjamini-Hochberg FDR-adjusted" : "unadjusted"} two-sided p-values; classes at 90/95/99% confidence`;
  const base = {
    description: input.description,
    events: input.points.length,
    unlocated: input.unlocated,
    cellSize,
    threshold,
    fdr,
    method,
  };
  const empty: FeatureCollection<Polygon> = { type: "FeatureCollection", features: [] };
  const bounds = boundsOf(input.points);
  if (!bounds) {
    return {
      result: { ...base, status: "no-events", cols: 0, rows: 0, classes: {}, significant: [] },
      geojson: empty,
    };
  }
  // The grid covers the events plus one neighbourhood radius, so edge cells have their full band.
  const pad = threshold;
  const grid = squareGrid(input.points, {
    cellSize,
    extent: {
      minX: bounds.minX - pad,
      minY: bounds.minY - pad,
      maxX: bounds.maxX + pad,
      maxY: bounds.maxY + pad,
    },
  });
  const w = gridDistanceBand(grid.cols, grid.rows, threshold / cellSize);
  const g = localG(grid.counts, w, { star: true });
  if (g.status !== "ok") {
    return {
      result: {
        ...base,
        status: "no-variation",
        cols: grid.cols,
        rows: grid.rows,
        classes: {},
        significant: [],
      },
      geojson: empty,
    };
  }
  const pAdj = fdr ? bhAdjust(g.p) : g.p;
  const classes = hotColdClass(g.z, pAdj);
  const counts: Record<string, number> = {};
  const significant: HotspotCell[] = [];
  const features: Feature<Polygon>[] = [];
  const num = (x: number) => (Number.isFinite(x) ? x : null);
  for (let i = 0; i < grid.counts.length; i++) {
    const cls = classes[i]!;
    counts[cls] = (counts[cls] ?? 0) + 1;
    const cell: HotspotCell = {
      cell: i,
      row: Math.floor(i / grid.cols),
      col: i % grid.cols,
      count: grid.counts[i]!,
      z: num(g.z[i]!),
      p: num(g.p[i]!),
      pAdjusted: num(pAdj[i]!),
      class: cls,
    };
    if (cls !== "not-significant" && cls !== "not-tested") significant.push(cell);
    if (cell.count > 0 || significant.at(-1) === cell) {
      const ring = grid.cellPolygon(i).map(([x, y]) => input.toWgs84(x!, y!));
      features.push({
        type: "Feature",
        geometry: { type: "Polygon", coordinates: [ring] },
        properties: { ...cell },
      });
    }
  }
  significant.sort((a, b) => (b.z ?? 0) - (a.z ?? 0));
  return {
    result: { ...base, status: "ok", cols: grid.cols, rows: grid.rows, classes: counts, significant },
    geojson: { type: "FeatureCollection", features },
  };
}
