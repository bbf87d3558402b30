/**
 * `peacestat compstat` (one command for a whole book: several metrics, periods and years at once),
 * `peacestat metrics` (a city's own metric definitions) and `peacestat goals` (goal tracking).
 */
import fs from "node:fs";
import type { Command } from "commander";
import {
  deleteGoal,
  goalFromInput,
  listGoals,
  loadCityMetrics,
  saveCityMetrics,
  saveGoal,
} from "../compstat/config.js";
import { buildCompStat, type CompStatOptions } from "../compstat/engine.js";
import { goalStatus } from "../compstat/goals.js";
import { BUILT_IN_METRICS, PART1_MEMBERS, resolveMetrics } from "../compstat/metrics.js";
import { parseBaseline, parsePeriod, parseYears } from "../compstat/periods.js";
import { renderCsv, renderCsvMeta } from "../compstat/render-csv.js";
import { renderHtml } from "../compstat/render-html.js";
import { renderPdf } from "../compstat/render-pdf.js";
import { renderXlsx } from "../compstat/render-xlsx.js";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";
import { formatCompStat } from "./compstat-text.js";
import { writeFileAtomic } from "./files.js";

type WithDb = <T>(dbPath: string, fn: (db: Database) => Promise<T>) => Promise<T>;
const collect = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
];
const collectRaw = (v: string, prev: string[] = []) => [...prev, v];

interface CompStatFlags {
  db?: string;
  asOf?: string;
  dataAsOf?: string;
  period?: string[];
  years?: string;
  baseline?: string;
  metric?: string[];
  layer?: string[];
  area?: string[];
  cross?: string[];
  rest?: boolean;
  json?: boolean;
  csv?: boolean;
  csvMeta?: string;
  xlsx?: string;
  html?: string;
  pdf?: string;
}

export function compstatOptions(o: CompStatFlags): CompStatOptions {
  return {
    asOf: o.asOf,
    snapshot: o.dataAsOf,
    periods: (o.period ?? []).map(parsePeriod),
    years: o.years ? parseYears(o.years) : undefined,
    baseline: o.baseline ? parseBaseline(o.baseline) : undefined,
    metrics: o.metric,
    layers: o.layer,
    areas: o.area,
    cross: o.cross,
    rest: o.rest,
  };
}

export function registerCompStat(program: Command, withDb: WithDb, dbDefault: () => string): void {
  program
    .command("compstat")
    .description(
      "CompStat tables: metrics by area and period, changes, significance, rates, clearance, goals",
    )
    .option("--db <path>", "database file")
    .option(
      "--as-of <date>",
      "last day counted, YYYY-MM-DD (default: the last day with incident data, at most yesterday)",
    )
    .option("--data-as-of <time>", "rebuild from the data as it was loaded at that time (ISO 8601)")
    .option(
      "--period <p>",
      "week | 28d | ytd | year | FROM..TO; repeat or comma-separate (default week,28d,ytd)",
      collect,
    )
    .option(
      "--years <list>",
      "years for ytd and year periods: 2017,2018,2019 or 2017-2019 (default: as-of year and the one before)",
    )
    .option("--baseline <years>", "N-year baseline: 2007-2015, or N for the N years before the current one")
    .option(
      "--metric <id>",
      "metric id; repeat or comma-separate (default: every metric with data); 'metrics list' names them",
      collect,
    )
    .option(
      "--layer <name>",
      "every area of a layer, with a citywide total (default: district and focus_area)",
      collectRaw,
    )
    .option("--area <name>", "one area, LAYER:NAME or NAME; repeatable", collectRaw)
    .option(
      "--cross <layer>",
      "cross tab: each area of --layer by this layer (focus areas by district)",
      collectRaw,
    )
    .option("--rest", "add the rest of the city outside each --layer's areas")
    .option("--json", "print the report as JSON (docs/compstat.md)")
    .option("--csv", "print the report as long CSV")
    .option("--csv-meta <file>", "with --csv: write the report's as-of, definitions and notes to this CSV")
    .option("--xlsx <file>", "write an Excel workbook")
    .option("--html <file>", "write the printable HTML packet")
    .option("--pdf <file>", "write the packet as PDF (needs Chromium)")
    .action(async (o: CompStatFlags) => {
      const options = compstatOptions(o);
      const report = await withDb(o.db ?? dbDefault(), (db) => buildCompStat(db, options));
      if (o.xlsx) writeFileAtomic(o.xlsx, await renderXlsx(report));
      if (o.html) writeFileAtomic(o.html, renderHtml(report));
      if (o.pdf) await renderPdf(renderHtml(report), o.pdf);
      if (o.csvMeta) writeFileAtomic(o.csvMeta, renderCsvMeta(report));
      if (o.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else if (o.csv) process.stdout.write(renderCsv(report));
      else if (!o.xlsx && !o.html && !o.pdf) process.stdout.write(`${formatCompStat(report)}\n`);
      else {
        const files = [o.xlsx, o.html, o.pdf].filter(Boolean).join(", ");
        process.stdout.write(
          `CompStat as of ${report.asOf}: ${report.rows.length} rows written to ${files}\n`,
        );
      }
    });

  const metrics = program
    .command("metrics")
    .description("metric definitions: the defaults and the city's own");
  metrics
    .command("list")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(async (o: { db?: string; json?: boolean }) => {
      const own = await withDb(o.db ?? dbDefault(), (db) => loadCityMetrics(db));
      const ids = [
        ...BUILT_IN_METRICS.map((m) => m.id),
        ...PART1_MEMBERS.map((m) => m.id),
        ...own.map((m) => m.id),
      ];
      const compiled = resolveMetrics([...new Set(ids)], own);
      if (o.json)
        process.stdout.write(
          `${JSON.stringify(
            compiled.map(({ sql: _sql, ...m }) => m),
            null,
            2,
          )}\n`,
        );
      else for (const m of compiled) process.stdout.write(`${m.id.padEnd(28)} ${m.label}: ${m.definition}\n`);
    });
  metrics
    .command("add")
    .argument("<file>", "JSON file with one metric definition or an array of them (docs/compstat.md)")
    .option("--db <path>", "database file")
    .action(async (file: string, o: { db?: string }) => {
      let json: unknown;
      try {
        json = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch (e) {
        throw new AppError(
          "bad-file",
          `${file}: not a readable JSON file (${e instanceof Error ? e.message : String(e)})`,
        );
      }
      const defs = await withDb(o.db ?? dbDefault(), (db) => saveCityMetrics(db, json, file));
      process.stdout.write(`stored ${defs.map((d) => d.id).join(", ")}\n`);
    });

  const goals = program
    .command("goals")
    .description("goals: metric + area + baseline + target change + deadline");
  goals
    .command("add")
    .requiredOption("--id <id>", "short id")
    .requiredOption("--metric <id>", "metric id")
    .option("--area <LAYER:NAME>", "area (default: citywide)")
    .requiredOption("--baseline <FROM..TO>", "baseline window, YYYY-MM-DD..YYYY-MM-DD")
    .requiredOption("--start <date>", "first day counted toward the goal")
    .requiredOption("--deadline <date>", "last day")
    .requiredOption("--target <percent>", "target change in percent, e.g. -20")
    .option("--label <text>", "how the meeting names it")
    .option("--db <path>", "database file")
    .action(
      async (o: {
        id: string;
        metric: string;
        area?: string;
        baseline: string;
        start: string;
        deadline: string;
        target: string;
        label?: string;
        db?: string;
      }) => {
        const goal = goalFromInput(o, { prefix: "--" });
        await withDb(o.db ?? dbDefault(), async (db) => saveGoal(db, goal, await loadCityMetrics(db)));
        process.stdout.write(`stored goal ${goal.id}: ${goal.label}\n`);
      },
    );
  goals
    .command("status")
    .option("--as-of <date>", "the day to measure to (default: yesterday)")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(async (o: { asOf?: string; db?: string; json?: boolean }) => {
      const asOf = o.asOf ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const statuses = await withDb(o.db ?? dbDefault(), async (db) => {
        const own = await loadCityMetrics(db);
        const list = await listGoals(db);
        const out = [];
        for (const g of list) out.push(await goalStatus(db, g, asOf, own));
        return out;
      });
      if (o.json) process.stdout.write(`${JSON.stringify(statuses, null, 2)}\n`);
      else
        for (const s of statuses) {
          process.stdout.write(
            `${s.id}: ${s.label}: ${s.status}; observed ${s.observed} vs expected ${s.expected} (${s.changeToDate ?? "-"}%), projected ${s.projected} vs target ${s.targetCount} by ${s.deadline}\n`,
          );
        }
    });
  goals
    .command("remove")
    .argument("<id>")
    .option("--db <path>", "database file")
    .action(async (id: string, o: { db?: string }) => {
      const removed = await withDb(o.db ?? dbDefault(), (db) => deleteGoal(db, id));
      if (!removed) throw new AppError("not-found", `no goal '${id}'`);
      process.stdout.write(`removed goal ${id}\n`);
    });
}
