/**
 * `peacestat risk-terrain`: which environmental features (licensed premises, bus stops, vacant properties
 * ...) carry a higher risk of the metric's events, by Poisson or negative binomial regression on a grid
 * (Caplan & Kennedy 2011; docs/risk-terrain.md). Factor layers are CSV files of points.
 */
import type { Command } from "commander";
import type { Feature, FeatureCollection, Polygon } from "geojson";
import { boundsOf, squareGrid } from "../analysis/grid.js";
import { riskTerrain } from "../analysis/risk-terrain.js";
import { pointsFromCsv } from "../app/analysis-input.js";
import { AppError } from "../domain/errors.js";
import {
  addSelectionOptions,
  loadSelection,
  positiveNumber,
  type SelectionFlags,
} from "./analysis-options.js";
import { writeFileAtomic } from "./files.js";

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerRiskTerrainCommand(program: Command, dbDefault: () => string): void {
  addSelectionOptions(
    program
      .command("risk-terrain")
      .description(
        "risk terrain modelling: relative risk of places near environmental risk factors (docs/risk-terrain.md)",
      ),
    "nonfatal-shootings",
  )
    .requiredOption(
      "--factor <NAME=FILE.csv>",
      "a risk factor layer: a CSV of points x, y (metres, the city's CRS), repeatable",
      collect,
    )
    .option("--cell <metres>", "grid cell size (default 100)", "100")
    .option("--distances <m>", "spatial influence distances (default 100,200,300)", "100,200,300")
    .option("--family <f>", "poisson | negative-binomial | auto", "auto")
    .option("--geojson <file>", "write cells with their relative risk as WGS84 GeoJSON")
    .action(
      async (o: SelectionFlags & { factor: string[]; cell: string; distances: string; family: string }) => {
        const input = await loadSelection(o, "nonfatal-shootings", dbDefault);
        const cell = positiveNumber("--cell", o.cell);
        const distances = o.distances.split(",").map(Number);
        if (distances.some((d) => !(d > 0)))
          throw new AppError("invalid-argument", `--distances ${o.distances}: positive metres`);
        if (!["poisson", "negative-binomial", "auto"].includes(o.family)) {
          throw new AppError("invalid-argument", `--family ${o.family}: poisson, negative-binomial or auto`);
        }
        const factors = [];
        for (const f of o.factor) {
          const i = f.indexOf("=");
          if (i <= 0) throw new AppError("invalid-argument", `--factor '${f}': expected NAME=FILE.csv`);
          const pts = await pointsFromCsv(f.slice(i + 1), { requireTime: false });
          factors.push({ name: f.slice(0, i), points: pts.points.map((p) => ({ x: p.x, y: p.y })) });
        }
        const bounds = boundsOf(input.points);
        if (!bounds) throw new AppError("not-found", `no located events for ${input.description}`);
        const grid = squareGrid(input.points, { cellSize: cell, extent: bounds });
        const n = grid.counts.length;
        const x = new Float64Array(n);
        const y = new Float64Array(n);
        for (let k = 0; k < n; k++) {
          const c = grid.cellCenter(k);
          x[k] = c.x;
          y[k] = c.y;
        }
        const result = riskTerrain({ x, y, count: grid.counts }, factors, {
          distances,
          family: o.family as "poisson" | "negative-binomial" | "auto",
        });
        if (o.geojson) {
          const features: Feature<Polygon>[] = [];
          for (let k = 0; k < n; k++) {
            const ring = grid.cellPolygon(k).map(([px, py]) => input.toWgs84(px!, py!));
            features.push({
              type: "Feature",
              geometry: { type: "Polygon", coordinates: [ring] },
              properties: { cell: k, count: grid.counts[k], relativeRisk: result.relativeRisk[k] },
            });
          }
          const fc: FeatureCollection<Polygon> = { type: "FeatureCollection", features };
          writeFileAtomic(o.geojson, JSON.stringify(fc));
        }
        const { relativeRisk: _rr, ...summary } = result;
        const out = {
          description: input.description,
          events: input.points.length,
          cellSize: cell,
          cells: n,
          ...summary,
        };
        if (o.json) {
          process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
          return;
        }
        const lines = [
          `${input.description}: ${input.points.length} events on ${n} cells of ${cell} m; ${result.status}, ${result.family}`,
          ...result.selected.map(
            (s) =>
              `  ${s.factor} (${s.operationalisation}, ${s.distance} m): relative risk ${s.rrv.toFixed(2)}, p ${s.p.toExponential(2)}`,
          ),
          ...result.dropped.map((d) => `  dropped ${d.factor}: ${d.reason}`),
          ...result.notes.map((t) => `  note: ${t}`),
        ];
        process.stdout.write(`${lines.join("\n")}\n`);
      },
    );
}
