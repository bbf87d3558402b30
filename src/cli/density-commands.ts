/**
 * `peacestat kde` (quartic kernel density, contoured at the levels holding 50/75/90% of the mass, the
 * isolines analysts draw around hot spots) and `peacestat grid-counts` (counts on square cells or H3
 * hexagons, for maps and for checking against other tools).
 */
import type { Command } from "commander";
import { contiguousFocusAreas } from "../analysis/focus-areas.js";
import { boundsOf, squareGrid } from "../analysis/grid.js";
import { gridCounts, hexCounts, kdeContours } from "../app/density.js";
import { AppError } from "../domain/errors.js";
import {
  addSelectionOptions,
  loadSelection,
  positiveNumber,
  type SelectionFlags,
} from "./analysis-options.js";
import { writeFileAtomic } from "./files.js";

export function registerDensityCommands(program: Command, dbDefault: () => string): void {
  addSelectionOptions(
    program
      .command("kde")
      .description(
        "kernel density (quartic, as ArcGIS and CrimeStat) and its contours holding 50/75/90% of the mass",
      ),
    "nonfatal-shootings",
  )
    .option("--bandwidth <metres>", "search radius (default: ArcGIS's rule from the data's spread)")
    .option("--cell <metres>", "raster cell size (default: the shorter side of the extent / 250)")
    .option(
      "--mass <fractions>",
      "contour the smallest areas holding these shares of the density",
      "0.5,0.75,0.9",
    )
    .option("--geojson <file>", "write the contours as WGS84 GeoJSON")
    .option(
      "--raster <file.asc>",
      "write the density (events per km2) as an ESRI ASCII grid in the analysis CRS",
    )
    .action(
      async (
        o: SelectionFlags & {
          bandwidth?: string;
          cell?: string;
          mass: string;
          geojson?: string;
          raster?: string;
        },
      ) => {
        const input = await loadSelection(o, "nonfatal-shootings", dbDefault);
        const fractions = o.mass.split(",").map(Number);
        if (fractions.some((f) => !(f > 0 && f < 1)))
          throw new AppError("invalid-argument", `--mass ${o.mass}: fractions between 0 and 1`);
        const { raster, contours, summary } = kdeContours(input, {
          bandwidth: positiveNumber("--bandwidth", o.bandwidth),
          cellSize: positiveNumber("--cell", o.cell),
          mass: fractions,
        });
        if (o.geojson) writeFileAtomic(o.geojson, JSON.stringify(contours));
        if (o.raster) writeFileAtomic(o.raster, asciiGrid(raster));
        if (o.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        else
          process.stdout.write(
            `${input.description}: ${summary.events} events; ${summary.status}${summary.note ? ` (${summary.note})` : ""}\nquartic kernel, bandwidth ${summary.bandwidth?.toFixed(0)} m (${summary.bandwidthSource}), ${summary.cols} x ${summary.rows} cells of ${summary.cellSize.toFixed(0)} m; peak ${summary.peakPerKm2.toFixed(1)} per km2\n${summary.contours.map((c) => `  ${(c.massShare * 100).toFixed(0)}% of the density inside ${c.densityPerKm2?.toFixed(1) ?? "-"} per km2`).join("\n")}\n`,
          );
      },
    );

  addSelectionOptions(
    program
      .command("grid-counts")
      .description("event counts on square cells or H3 hexagons, as GeoJSON for maps"),
    "nonfatal-shootings",
  )
    .option("--cell <metres>", "square cells of this size (default 150)")
    .option("--hex <resolution>", "H3 hexagons at this resolution instead (8 ~ 0.74 km2, 9 ~ 0.11 km2)")
    .option("--geojson <file>", "write the cells as WGS84 GeoJSON")
    .action(async (o: SelectionFlags & { cell?: string; hex?: string; geojson?: string }) => {
      const input = await loadSelection(o, "nonfatal-shootings", dbDefault);
      let counted: { geojson: unknown; summary: object };
      if (o.hex !== undefined) {
        const res = Number(o.hex);
        if (!Number.isInteger(res) || res < 0 || res > 15)
          throw new AppError("invalid-argument", `--hex ${o.hex}: an H3 resolution 0-15`);
        counted = hexCounts(input, res);
      } else {
        counted = gridCounts(input, { cellSize: positiveNumber("--cell", o.cell) });
      }
      const { geojson: fc, summary } = counted;
      if (o.geojson) writeFileAtomic(o.geojson, JSON.stringify(fc));
      const out = {
        description: input.description,
        events: input.points.length,
        unlocated: input.unlocated,
        ...summary,
      };
      process.stdout.write(
        o.json
          ? `${JSON.stringify(out, null, 2)}\n`
          : `${Object.entries(out)
              .map(([k, v]) => `${k}: ${v}`)
              .join("\n")}\n`,
      );
    });
}

/** `peacestat focus-cells`: the fewest grid cells holding a share of events, joined into contiguous areas. */
export function registerFocusCellsCommand(program: Command, dbDefault: () => string): void {
  addSelectionOptions(
    program
      .command("focus-cells")
      .description(
        "the fewest grid cells holding a share of events, joined into contiguous candidate focus areas",
      ),
    "nonfatal-shootings",
  )
    .option("--cell <metres>", "cell size (default 150)")
    .option("--share <fraction>", "share of events to cover (default 0.5)", "0.5")
    .option("--geojson <file>", "write the selected cells, with their area number, as WGS84 GeoJSON")
    .action(async (o: SelectionFlags & { cell?: string; share: string; geojson?: string }) => {
      const input = await loadSelection(o, "nonfatal-shootings", dbDefault);
      const share = Number(o.share);
      if (!(share > 0 && share <= 1))
        throw new AppError("invalid-argument", `--share ${o.share}: a fraction in (0, 1]`);
      const cell = positiveNumber("--cell", o.cell) ?? 150;
      const b = boundsOf(input.points);
      const grid = squareGrid(input.points, { cellSize: cell, ...(b ? { extent: b } : {}) });
      const r = contiguousFocusAreas({ nx: grid.cols, ny: grid.rows, counts: grid.counts }, share);
      if (o.geojson) {
        const area = new Map<number, number>();
        r.components.forEach((c, k) => {
          for (const i of c.cells) area.set(i, k + 1);
        });
        const features = [...area].map(([i, k]) => ({
          type: "Feature" as const,
          geometry: {
            type: "Polygon" as const,
            coordinates: [grid.cellPolygon(i).map(([x, y]) => input.toWgs84(x!, y!))],
          },
          properties: { cell: i, area: k, count: grid.counts[i] },
        }));
        writeFileAtomic(o.geojson, JSON.stringify({ type: "FeatureCollection", features }));
      }
      const km2 = (cells: number) => (cells * cell * cell) / 1e6;
      const out = {
        description: input.description,
        events: input.points.length,
        unlocated: input.unlocated,
        cellSize: cell,
        share,
        status: r.status,
        selectedCells: r.selected.length,
        selectedKm2: km2(r.selected.length),
        areas: r.components.map((c, k) => ({
          area: k + 1,
          cells: c.cells.length,
          km2: km2(c.cells.length),
          count: c.count,
          eventShare: c.eventShare,
        })),
      };
      if (o.json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      else
        process.stdout.write(
          `${out.description}: ${out.selectedCells} cells of ${cell} m (${out.selectedKm2.toFixed(2)} km2) hold ${(share * 100).toFixed(0)}% or more of ${out.events} events, in ${out.areas.length} contiguous areas\n${out.areas
            .slice(0, 10)
            .map(
              (a) =>
                `  area ${a.area}: ${a.cells} cells, ${a.km2.toFixed(2)} km2, ${a.count} events (${(a.eventShare * 100).toFixed(1)}%)`,
            )
            .join("\n")}\n`,
        );
    });
}

/**
 * ESRI ASCII grid (.asc), which QGIS, ArcGIS and R's terra read directly: a header with the lower-left
 * corner and cell size, then rows from north to south. Values are events per km2. The file carries no CRS:
 * the analysis CRS is the city's (`peacestat info`), and a .prj beside it is the GIS's job.
 */
function asciiGrid(r: {
  cols: number;
  rows: number;
  origin: { x: number; y: number };
  cellSize: number;
  values: Float64Array;
}): string {
  const lines = [
    `ncols ${r.cols}`,
    `nrows ${r.rows}`,
    `xllcorner ${r.origin.x}`,
    `yllcorner ${r.origin.y}`,
    `cellsize ${r.cellSize}`,
    "NODATA_value -9999",
  ];
  for (let row = r.rows - 1; row >= 0; row--) {
    const cells: string[] = [];
    for (let c = 0; c < r.cols; c++)
      cells.push(Number((r.values[row * r.cols + c]! * 1e6).toPrecision(6)).toString());
    lines.push(cells.join(" "));
  }
  return `${lines.join("\n")}\n`;
}
