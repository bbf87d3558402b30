/**
 * The Gi* hot spot analysis (app/hotspots.ts) shaped for a reader rather than a GIS: how many cells were
 * tested, how many are hot or cold at each confidence level, and the significant cells with their centres
 * in WGS84, so the dashboard can list them and the map can show them without shipping every grid cell.
 */
import type { AnalysisInput } from "./analysis-input.js";
import { type HotspotCell, type HotspotOptions, type HotspotResult, hotspots } from "./hotspots.js";

/** Cells at or above each confidence level (cumulative: a 99% cell also counts at 95% and 90%). */
export interface ConfidenceCounts {
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
}

export interface LocatedHotspotCell extends HotspotCell {
  /** The cell's centre, WGS84. */
  readonly lon: number;
  readonly lat: number;
}

export interface HotspotAnalysis {
  /** The library's summary, without its list of significant cells (see `cells`). */
  readonly summary: Omit<HotspotResult, "significant">;
  /** Cells with a Gi* value (every grid cell unless the data had no variation). */
  readonly cellsTested: number;
  readonly hot: ConfidenceCounts;
  readonly cold: ConfidenceCounts;
  /** Significant cells (hot and cold), hottest first, at most `limit`. */
  readonly cells: readonly LocatedHotspotCell[];
  /** Significant cells in all, before the limit. */
  readonly significantCells: number;
}

export interface HotspotAnalysisOptions extends HotspotOptions {
  /** Most significant cells returned (default 100). */
  readonly limit?: number;
}

/** Runs Gi* on the selection and summarises it by confidence level, with located significant cells. */
export function hotspotAnalysis(input: AnalysisInput, opts: HotspotAnalysisOptions = {}): HotspotAnalysis {
  const { result, geojson } = hotspots(input, opts);
  const { significant, ...summary } = result;
  const n = (cls: string) => result.classes[cls] ?? 0;
  const levels = (side: "hot" | "cold"): ConfidenceCounts => ({
    p99: n(`${side}-99`),
    p95: n(`${side}-99`) + n(`${side}-95`),
    p90: n(`${side}-99`) + n(`${side}-95`) + n(`${side}-90`),
  });
  const tested = Object.entries(result.classes)
    .filter(([cls]) => cls !== "not-tested")
    .reduce((s, [, v]) => s + v, 0);
  // Every significant cell has its polygon in the GeoJSON; its centre is the mean of the four corners
  // (the ring repeats the first corner), which at block scale is the transformed centre to well under 1 m.
  const rings = new Map<number, number[][]>();
  for (const f of geojson.features) {
    const cell = f.properties?.cell;
    if (typeof cell === "number") rings.set(cell, f.geometry.coordinates[0] ?? []);
  }
  const centre = (cell: number): { lon: number; lat: number } => {
    const corners = (rings.get(cell) ?? []).slice(0, 4);
    const k = corners.length || 1;
    return {
      lon: corners.reduce((s, c) => s + (c[0] ?? 0), 0) / k,
      lat: corners.reduce((s, c) => s + (c[1] ?? 0), 0) / k,
    };
  };
  const limit = opts.limit ?? 100;
  return {
    summary,
    cellsTested: tested,
    hot: levels("hot"),
    cold: levels("cold"),
    cells: significant.slice(0, limit).map((c) => ({ ...c, ...centre(c.cell) })),
    significantCells: significant.length,
  };
}
