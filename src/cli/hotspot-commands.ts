/** `peacestat hotspots` (Gi* on a square grid) and `peacestat near-repeat` (the Knox test and chains). */
import type { Command } from "commander";
import { hotspots } from "../app/hotspots.js";
import { parseBandEdges, runNearRepeat } from "../app/near-repeat-run.js";
import { AppError } from "../domain/errors.js";
import {
  addSelectionOptions,
  loadSelection,
  positiveNumber,
  type SelectionFlags,
} from "./analysis-options.js";
import { writeFileAtomic } from "./files.js";

export function registerHotspotCommands(program: Command, dbDefault: () => string): void {
  addSelectionOptions(
    program
      .command("hotspots")
      .description(
        "Gi* hot and cold spots on a square grid, with FDR-corrected significance (docs/place-analysis.md)",
      ),
    "nonfatal-shootings",
  )
    .option("--cell <metres>", "grid cell size (default 150)")
    .option("--threshold <metres>", "neighbourhood radius between cell centres (default 2.5 cells)")
    .option("--no-fdr", "do not correct p-values for the number of cells")
    .option("--geojson <file>", "write cells with counts, z, p and class as WGS84 GeoJSON")
    .action(async (o: SelectionFlags & { cell?: string; threshold?: string; fdr: boolean }) => {
      const input = await loadSelection(o, "nonfatal-shootings", dbDefault);
      const { result, geojson } = hotspots(input, {
        cellSize: positiveNumber("--cell", o.cell),
        threshold: positiveNumber("--threshold", o.threshold),
        fdr: o.fdr,
      });
      if (o.geojson) writeFileAtomic(o.geojson, JSON.stringify(geojson));
      if (o.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const lines = [
        `${result.description}: ${result.events} located events${result.unlocated ? ` (${result.unlocated} without a location left out)` : ""}`,
        `${result.cols} x ${result.rows} cells of ${result.cellSize} m; ${result.method}`,
        `classes: ${
          Object.entries(result.classes)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ") || result.status
        }`,
        ...result.significant
          .slice(0, 10)
          .map(
            (c) =>
              `  cell ${c.cell} (row ${c.row}, col ${c.col}): ${c.count} events, z ${c.z?.toFixed(2)}, ${c.class}`,
          ),
      ];
      if (o.geojson) lines.push(`GeoJSON: ${o.geojson} (${geojson.features.length} cells)`);
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}

export function registerNearRepeatCommand(program: Command, dbDefault: () => string): void {
  addSelectionOptions(
    program
      .command("near-repeat")
      .description(
        "Knox near-repeat test as Ratcliffe's Near Repeat Calculator runs it, and near-repeat chains (docs/near-repeat.md)",
      ),
    "nonfatal-shootings",
  )
    .option("--space-bands <m>", "space band edges in metres after 'same location'", "0,100,200,300,400")
    .option("--time-bands <days>", "time band edges in days", "0,7,14,21,28")
    .option("--distance <metric>", "manhattan (the calculator's) or euclidean", "manhattan")
    .option("--permutations <n>", "Monte Carlo permutations of the times", "999")
    .option("--seed <n>", "permutation seed (same seed, same p-values)", "1")
    .option("--chains", "list near-repeat chains linked within the closest significant bands")
    .action(
      async (
        o: SelectionFlags & {
          spaceBands: string;
          timeBands: string;
          distance: string;
          permutations: string;
          seed: string;
          chains?: boolean;
        },
      ) => {
        const input = await loadSelection(o, "nonfatal-shootings", dbDefault);
        if (o.distance !== "manhattan" && o.distance !== "euclidean") {
          throw new AppError("invalid-argument", `--distance ${o.distance}: manhattan or euclidean`);
        }
        const permutations = Number(o.permutations);
        if (!Number.isInteger(permutations) || permutations < 1)
          throw new AppError("invalid-argument", "--permutations: a whole number >= 1");
        const result = runNearRepeat(input, {
          spaceBands: parseBandEdges("--space-bands", o.spaceBands),
          timeBands: parseBandEdges("--time-bands", o.timeBands),
          permutations,
          seed: Number(o.seed),
          distance: o.distance,
          chains: o.chains === true,
        });
        const { knox, links, chains } = result;
        if (o.json) {
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        const cell = (r: number, c: number) => {
          const k = knox.knoxRatio[r]?.[c];
          const p = knox.pValue[r]?.[c] ?? 1;
          return `${knox.observed[r]?.[c] ?? 0} (${k === null || k === undefined ? "-" : k.toFixed(2)}${p <= 0.05 ? "*" : ""})`;
        };
        const lines = [
          `${input.description}: ${result.events} events, ${knox.pairs} pairs, ${knox.permutations} permutations (seed ${knox.seed}), ${knox.distance} distance`,
          `observed (Knox ratio; * p <= 0.05)`,
          ["", ...knox.timeLabels].join("\t"),
          ...knox.spaceLabels.map((s, r) => [s, ...knox.timeLabels.map((_, c) => cell(r, c))].join("\t")),
        ];
        if (o.chains) {
          lines.push(
            links && chains
              ? `chains (linked within ${links.linkDistance} m and ${links.linkDays} days): ${chains.chains.length} chains, ${chains.chainedEvents} events, longest ${Math.max(0, ...chains.chains.map((c) => c.length))}`
              : "chains: no significant near-repeat pattern in the closest bands",
          );
        }
        process.stdout.write(`${lines.join("\n")}\n`);
      },
    );
}
