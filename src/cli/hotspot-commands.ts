/** `peacestat hotspots`: Gi* hot and cold spots of a metric's events on a square grid. */
import type { Command } from "commander";
import { hotspots } from "../app/hotspots.js";
import { AppError } from "../domain/errors.js";
import { addSelectionOptions, loadSelection, type SelectionFlags } from "./analysis-options.js";
import { writeFileAtomic } from "./files.js";

const num = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new AppError("invalid-argument", `${name} must be a positive number of metres, got '${v}'`);
  return n;
};

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
        cellSize: num("--cell", o.cell),
        threshold: num("--threshold", o.threshold),
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
