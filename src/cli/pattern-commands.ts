/**
 * `peacestat moran` (global and local Moran's I of counts on a grid) and `peacestat emerging-hotspots`
 * (Gi* per month with a Mann-Kendall trend per cell, ArcGIS's Emerging Hot Spot categories).
 */
import type { Command } from "commander";
import type { Feature, FeatureCollection, Polygon } from "geojson";
import { emergingHotSpots } from "../analysis/emerging-hotspots.js";
import { gridDistanceBand } from "../analysis/getis-ord.js";
import { boundsOf, type SquareGrid, squareGrid } from "../analysis/grid.js";
import { globalMoran } from "../analysis/moran.js";
import { localMoran } from "../analysis/moran-local.js";
import { distanceBand } from "../analysis/weights.js";
import type { AnalysisInput } from "../app/analysis-input.js";
import { AppError } from "../domain/errors.js";
import {
  addSelectionOptions,
  loadSelection,
  positiveNumber,
  type SelectionFlags,
} from "./analysis-options.js";
import { writeFileAtomic } from "./files.js";

function gridOf(input: AnalysisInput, cell: number, pad: number, points = input.points): SquareGrid {
  const b = boundsOf(input.points);
  if (!b) throw new AppError("not-found", `no located events for ${input.description}`);
  return squareGrid(points, {
    cellSize: cell,
    extent: { minX: b.minX - pad, minY: b.minY - pad, maxX: b.maxX + pad, maxY: b.maxY + pad },
  });
}

function cellsGeoJson(
  grid: SquareGrid,
  input: AnalysisInput,
  props: (i: number) => Record<string, unknown> | null,
): FeatureCollection<Polygon> {
  const features: Feature<Polygon>[] = [];
  for (let i = 0; i < grid.counts.length; i++) {
    const p = props(i);
    if (!p) continue;
    const ring = grid.cellPolygon(i).map(([x, y]) => input.toWgs84(x!, y!));
    features.push({
      type: "Feature",
      geometry: { type: "Polygon", coordinates: [ring] },
      properties: { cell: i, ...p },
    });
  }
  return { type: "FeatureCollection", features };
}

export function registerPatternCommands(program: Command, dbDefault: () => string): void {
  addSelectionOptions(
    program
      .command("moran")
      .description(
        "global and local Moran's I (LISA) of event counts on a grid (esda's Moran and Moran_Local)",
      ),
    "nonfatal-shootings",
  )
    .option("--cell <metres>", "grid cell size", "250")
    .option(
      "--threshold <metres>",
      "neighbours within this distance between cell centres (row-standardised)",
      "400",
    )
    .option("--permutations <n>", "permutations for pseudo p-values", "999")
    .option("--seed <n>", "permutation seed", "1")
    .option("--geojson <file>", "write cells with their LISA class as WGS84 GeoJSON")
    .action(
      async (
        o: SelectionFlags & {
          cell: string;
          threshold: string;
          permutations: string;
          seed: string;
          geojson?: string;
        },
      ) => {
        const input = await loadSelection(o, "nonfatal-shootings", dbDefault);
        const cell = positiveNumber("--cell", o.cell);
        const threshold = positiveNumber("--threshold", o.threshold);
        const grid = gridOf(input, cell, 0);
        const centres = Array.from({ length: grid.counts.length }, (_, i) => grid.cellCenter(i));
        const w = distanceBand(centres, threshold);
        const opts = { permutations: Number(o.permutations), seed: Number(o.seed) };
        const global = globalMoran(grid.counts, w, opts);
        const local = localMoran(grid.counts, w, opts);
        const labels = "labels" in local ? local.labels : null;
        const counts: Record<string, number> = {};
        for (const l of labels ?? []) counts[l] = (counts[l] ?? 0) + 1;
        if (o.geojson && labels) {
          writeFileAtomic(
            o.geojson,
            JSON.stringify(
              cellsGeoJson(grid, input, (i) => ({
                count: grid.counts[i],
                lisa: labels[i],
                p: local && "pSim" in local ? local.pSim[i] : null,
              })),
            ),
          );
        }
        const { simulations: _s, ...perm } =
          "permutation" in global && global.permutation ? global.permutation : { simulations: undefined };
        const summary = {
          description: input.description,
          events: input.points.length,
          cells: grid.counts.length,
          cellSize: cell,
          threshold,
          global:
            "I" in global
              ? { ...global, permutation: "permutation" in global && global.permutation ? perm : null }
              : global,
          lisa: counts,
        };
        if (o.json) {
          process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
          return;
        }
        const g =
          "I" in global
            ? `I = ${global.I.toFixed(4)} (E[I] ${global.expected.toFixed(4)}), z ${global.randomization.z?.toFixed(2) ?? "-"}, p ${global.randomization.p?.toExponential(2) ?? "-"}`
            : `${global.status}: ${global.reason}`;
        process.stdout.write(
          `${input.description}: ${grid.counts.length} cells of ${cell} m, neighbours within ${threshold} m\nMoran's ${g}\nLISA: ${Object.entries(
            counts,
          )
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")}\n`,
        );
      },
    );

  addSelectionOptions(
    program
      .command("emerging-hotspots")
      .description(
        "Gi* hot spots per month and each cell's trend: new, intensifying, persistent, diminishing ... (ArcGIS's categories)",
      ),
    "nonfatal-shootings",
  )
    .option("--cell <metres>", "grid cell size", "250")
    .option("--threshold <metres>", "Gi* neighbourhood radius between cell centres", "500")
    .option("--geojson <file>", "write cells with their category as WGS84 GeoJSON")
    .action(async (o: SelectionFlags & { cell: string; threshold: string; geojson?: string }) => {
      const input = await loadSelection(
        { ...o, period: o.period ?? "year" },
        "nonfatal-shootings",
        dbDefault,
      );
      const cell = positiveNumber("--cell", o.cell);
      const threshold = positiveNumber("--threshold", o.threshold);
      if (threshold < cell) throw new AppError("invalid-argument", "--threshold must be at least one cell");
      const monthOf = (day: number) => {
        const d = new Date(day * 86_400_000);
        return d.getUTCFullYear() * 12 + d.getUTCMonth();
      };
      const ms = input.points.map((p) => monthOf(p.day));
      if (ms.length === 0) throw new AppError("not-found", `no located events for ${input.description}`);
      const first = Math.min(...ms);
      const steps = Math.max(...ms) - first + 1;
      if (steps < 4)
        throw new AppError(
          "invalid-argument",
          `${steps} month(s) of events: a trend needs at least 4 (use a longer --period)`,
        );
      const slices = Array.from(
        { length: steps },
        (_, t) =>
          gridOf(
            input,
            cell,
            threshold,
            input.points.filter((_, k) => ms[k]! - first === t),
          ).counts,
      );
      const grid = gridOf(input, cell, threshold);
      const result = emergingHotSpots(slices, gridDistanceBand(grid.cols, grid.rows, threshold / cell));
      const counts: Record<string, number> = {};
      for (const c of result.category) counts[c] = (counts[c] ?? 0) + 1;
      if (o.geojson) {
        writeFileAtomic(
          o.geojson,
          JSON.stringify(
            cellsGeoJson(grid, input, (i) =>
              result.category[i] === "no-pattern" && grid.counts[i] === 0
                ? null
                : { count: grid.counts[i], category: result.category[i] },
            ),
          ),
        );
      }
      const summary = {
        description: input.description,
        events: input.points.length,
        months: steps,
        cells: result.cells,
        cellSize: cell,
        threshold,
        categories: counts,
      };
      if (o.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else
        process.stdout.write(
          `${input.description}: ${steps} months x ${result.cells} cells of ${cell} m\n${Object.entries(
            counts,
          )
            .map(([k, v]) => `  ${k}: ${v}`)
            .join("\n")}\n`,
        );
    });
}
