/**
 * The event selection every place and time command shares: a metric, period and area from the CompStat
 * definitions, or `--points FILE.csv`.
 */
import type { Command } from "commander";
import { type AnalysisInput, pointsFromCsv, pointsFromDb } from "../app/analysis-input.js";
import { AppError } from "../domain/errors.js";
import { Database } from "../store/db.js";

export interface SelectionFlags {
  db?: string;
  metric?: string;
  period?: string;
  asOf?: string;
  area?: string;
  points?: string;
  crs?: string;
  json?: boolean;
  geojson?: string;
}

export function addSelectionOptions(cmd: Command, defaultMetric: string): Command {
  return cmd
    .option("--db <path>", "database file")
    .option(
      "--metric <id>",
      `metric whose events are analysed (default ${defaultMetric}; 'metrics list' names them)`,
    )
    .option(
      "--period <p>",
      "ytd | 28d | week | year | FROM..TO: the current window of that period (default year)",
    )
    .option("--as-of <date>", "the period's last day (default: the last day with data)")
    .option("--area <LAYER:NAME>", "only events in this area")
    .option("--points <file>", "a CSV of points instead of the database: x, y, date (metres)")
    .option("--crs <EPSG:n>", "with --points: the CRS of x/y, for GeoJSON output")
    .option("--json", "print JSON");
}

export async function loadSelection(
  o: SelectionFlags,
  defaultMetric: string,
  dbDefault: () => string,
): Promise<AnalysisInput> {
  if (o.points) return pointsFromCsv(o.points, { crs: o.crs });
  const db = await Database.open(o.db ?? dbDefault());
  try {
    return await pointsFromDb(db, {
      metric: o.metric ?? defaultMetric,
      period: o.period,
      asOf: o.asOf,
      area: o.area,
    });
  } finally {
    db.close();
  }
}

export { writeFileAtomic } from "./files.js";

/** A flag that must be a positive number (metres, a bandwidth ...); undefined when the flag was not given. */
export function positiveNumber(flag: string, value: string): number;
export function positiveNumber(flag: string, value: string | undefined): number | undefined;
export function positiveNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n))
    throw new AppError("invalid-argument", `${flag} '${value}': expected a positive number`);
  return n;
}
