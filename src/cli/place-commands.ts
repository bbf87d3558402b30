/**
 * Place commands over areas: `displacement` (WDQ and the WDD test), `evaluate` (target vs control before
 * and after, with the re-emergence check), `concentration` (how few places hold the events) and
 * `focus-areas` (the smallest set of areas holding a share of events; share of crime vs share of land).
 * Counts come from the CompStat metric definitions and area assignments (app/area-counts.ts).
 */
import type { Command } from "commander";
import { evaluateIntervention, reemergenceCheck } from "../analysis/evaluation.js";
import { shareVsLand, smallestCellSet } from "../analysis/focus-areas.js";
import {
  analysisMetric,
  areaCounter,
  areaSizes,
  assertAreas,
  countsByArea,
  parseAreaRef,
  parseRange,
  periodWindow,
} from "../app/area-counts.js";
import { runConcentration, runDisplacement } from "../app/place-analyses.js";
import { dateOf, dayNumber } from "../compstat/periods.js";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";

type WithDb = <T>(dbPath: string, fn: (db: Database) => Promise<T>) => Promise<T>;

function out(json: boolean | undefined, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}
const fmt = (x: number | null | undefined, d = 2) =>
  x === null || x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(d);

/** First day of each month from `from` through `to`, as [start, end] pairs. */
function months(from: string, to: string): { start: string; end: string }[] {
  const list: { start: string; end: string }[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7)) - 1;
  for (;;) {
    const start = dateOf(Date.UTC(y, m, 1) / 86_400_000);
    if (start > to) break;
    list.push({ start, end: dateOf(Date.UTC(y, m + 1, 0) / 86_400_000) });
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
  return list;
}

export function registerPlaceCommands(program: Command, withDb: WithDb, dbDefault: () => string): void {
  program
    .command("displacement")
    .description(
      "did crime move? Weighted Displacement Quotient and the WDD test for target, buffer and control areas",
    )
    .requiredOption("--target <LAYER:NAME>", "the area that got the intervention")
    .requiredOption("--control <LAYER:NAME>", "the target's control area")
    .option("--buffer <LAYER:NAME>", "the displacement (buffer) area around the target")
    .option("--buffer-control <LAYER:NAME>", "the buffer's control area (default: the target's control)")
    .requiredOption("--before <FROM..TO>", "before period")
    .requiredOption("--after <FROM..TO>", "after period")
    .option("--metric <id>", "metric (default firearm-violent)")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(
      async (o: {
        target: string;
        control: string;
        buffer?: string;
        bufferControl?: string;
        before: string;
        after: string;
        metric?: string;
        db?: string;
        json?: boolean;
      }) => {
        const refs = {
          target: parseAreaRef(o.target, "--target"),
          control: parseAreaRef(o.control, "--control"),
          buffer: o.buffer ? parseAreaRef(o.buffer, "--buffer") : null,
          bufferControl: o.bufferControl ? parseAreaRef(o.bufferControl, "--buffer-control") : null,
        };
        const before = parseRange(o.before, "--before");
        const after = parseRange(o.after, "--after");
        const result = await withDb(o.db ?? dbDefault(), (db) =>
          runDisplacement(db, { ...refs, before, after, metric: o.metric ?? "firearm-violent" }),
        );
        out(o.json, result, () => {
          const c = result.counts;
          const line = (name: string, v: { before: number; after: number } | null) =>
            v
              ? `  ${name.padEnd(16)} ${String(v.before).padStart(7)} -> ${String(v.after).padStart(7)}`
              : null;
          return [
            `${result.metric}: before ${o.before}, after ${o.after} (the WDD scales the after counts to the before period's length)`,
            line("target", c.target),
            line("control", c.control),
            line("buffer", c.buffer),
            line("buffer control", c.bufferControl),
            result.wdq
              ? `WDQ ${fmt(result.wdq.wdq)}: ${result.wdq.reading ?? result.wdq.reason ?? ""}`
              : "WDQ: needs --buffer",
            `WDD ${fmt(result.wdd.estTotal)} (local ${fmt(result.wdd.estLocal)}, displacement ${fmt(result.wdd.estDisplacement)}), SE ${fmt(result.wdd.seTotal)}, z ${fmt(result.wdd.z)}, p ${fmt(result.wdd.pValue, 4)}${result.wdd.reason ? ` (${result.wdd.reason})` : ""}`,
          ]
            .filter((l): l is string => l !== null)
            .join("\n");
        });
      },
    );

  program
    .command("evaluate")
    .description(
      "intervention evaluation: target vs control before and after, and whether the problem re-emerged",
    )
    .requiredOption("--target <LAYER:NAME>", "the area that got the intervention")
    .requiredOption("--control <LAYER:NAME>", "a comparable area that did not")
    .requiredOption("--before <FROM..TO>", "before period")
    .requiredOption("--after <FROM..TO>", "after period")
    .option("--intervention <FROM..TO>", "when the intervention ran: adds the monthly re-emergence check")
    .option(
      "--through <date>",
      "last day of the monthly series for the re-emergence check (default: end of --after)",
    )
    .option("--metric <id>", "metric (default firearm-violent)")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(
      async (o: {
        target: string;
        control: string;
        before: string;
        after: string;
        intervention?: string;
        through?: string;
        metric?: string;
        db?: string;
        json?: boolean;
      }) => {
        const target = parseAreaRef(o.target, "--target");
        const control = parseAreaRef(o.control, "--control");
        const before = parseRange(o.before, "--before");
        const after = parseRange(o.after, "--after");
        const during = o.intervention ? parseRange(o.intervention, "--intervention") : null;
        const result = await withDb(o.db ?? dbDefault(), async (db) => {
          await assertAreas(db, [target, control]);
          const metric = await analysisMetric(db, o.metric ?? "firearm-violent");
          const countInArea = areaCounter(db, metric);
          const ba = async (r: typeof target) => ({
            before: await countInArea(r, before.from, before.to),
            after: await countInArea(r, after.from, after.to),
          });
          const days = (r: { from: string; to: string }) => dayNumber(r.to) - dayNumber(r.from) + 1;
          const evaluation = evaluateIntervention(
            { treated: await ba(target), control: await ba(control) },
            { timeWeights: [1, days(after) / days(before)] },
          );
          let reemergence = null;
          if (during) {
            // Monthly series from the before period's start to --through; indices of the intervention months.
            const series = months(before.from, o.through ?? after.to);
            const counts: number[] = [];
            for (const m of series) counts.push(await countInArea(target, m.start, m.end));
            const start = series.findIndex((m) => m.end >= during.from);
            const endIdx = series.findIndex((m) => m.start > during.to);
            if (start < 0)
              throw new AppError("invalid-argument", "--intervention starts after the monthly series ends");
            reemergence = {
              months: series.map((m, i) => ({ month: m.start.slice(0, 7), count: counts[i]! })),
              check: reemergenceCheck(counts, endIdx < 0 ? counts.length : endIdx, {
                interventionStart: start,
              }),
            };
          }
          return {
            metric: metric.id,
            target: o.target,
            control: o.control,
            before,
            after,
            evaluation,
            reemergence,
          };
        });
        out(o.json, result, () => {
          const e = result.evaluation;
          const pct = (p: number | null) => (p === null ? "-" : `${p > 0 ? "+" : ""}${p}%`);
          const rr = e.rateRatios;
          const lines = [
            `${result.metric}: ${result.target} vs ${result.control}, before ${o.before}, after ${o.after}`,
            `  target   ${e.target.before} -> ${e.target.after} (${pct(e.target.percentChange)})`,
            `  control  ${e.control.before} -> ${e.control.after} (${pct(e.control.percentChange)})`,
            `  difference in differences ${e.differenceInDifferences}; ratio of rate ratios ${fmt(rr.ratio, 3)} (95% ${fmt(rr.wald?.lowCi, 3)}-${fmt(rr.wald?.highCi, 3)}), exact p ${fmt(rr.exactPValue, 4)}${rr.exactReason ? ` (${rr.exactReason})` : ""}`,
            `  WDD ${fmt(e.wdd.estTotal)}, SE ${fmt(e.wdd.seTotal)}, z ${fmt(e.wdd.z)}, p ${fmt(e.wdd.pValue, 4)}`,
            `  (a ratio below 1 means the target fell more than its control; --json has every figure)`,
          ];
          if (result.reemergence)
            lines.push(
              `Re-emergence: ${result.reemergence.check.status} - ${result.reemergence.check.reason}`,
            );
          return lines.join("\n");
        });
      },
    );

  program
    .command("concentration")
    .description("how few places hold the events: places holding 25% and 50%, Lorenz curve, generalized Gini")
    .requiredOption("--layer <name>", "the places: areas of this layer (tracts, blocks, segments, ...)")
    .option("--metric <id>", "metric (default firearm-violent)")
    .option("--period <p>", "ytd | 28d | week | year | FROM..TO (default year)")
    .option("--as-of <date>", "the period's last day")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(
      async (o: {
        layer: string;
        metric?: string;
        period?: string;
        asOf?: string;
        db?: string;
        json?: boolean;
      }) => {
        const result = await withDb(o.db ?? dbDefault(), (db) =>
          runConcentration(db, {
            layer: o.layer,
            metric: o.metric ?? "firearm-violent",
            period: o.period,
            asOf: o.asOf,
          }),
        );
        out(o.json, result, () => {
          const r = result.result;
          if (!("shares" in r))
            return `${result.metric}, ${result.window.from} to ${result.window.to}: ${JSON.stringify(r)}`;
          return [
            `${result.metric}, ${result.window.from} to ${result.window.to}, ${result.places} places (${result.layer})`,
            ...r.shares.map(
              (s) =>
                `  ${(s.eventShare * 100).toFixed(0)}% of events in ${s.places} places (${(s.shareOfPlaces * 100).toFixed(1)}% of places)`,
            ),
            `  Gini ${fmt(r.gini, 3)}; generalized Gini ${fmt(r.generalizedGiniUnbiased, 3)} (Bernasco & Steenbeek 2017)`,
          ].join("\n");
        });
      },
    );

  program
    .command("focus-areas")
    .description(
      "the fewest areas holding a share of events, and each area's share of events vs share of land",
    )
    .requiredOption("--layer <name>", "candidate areas: a layer with boundaries")
    .option("--share <fraction>", "share of events to cover (default 0.5)", "0.5")
    .option("--metric <id>", "metric (default nonfatal-shootings)")
    .option("--period <p>", "ytd | 28d | week | year | FROM..TO (default year)")
    .option("--as-of <date>", "the period's last day")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(
      async (o: {
        layer: string;
        share: string;
        metric?: string;
        period?: string;
        asOf?: string;
        db?: string;
        json?: boolean;
      }) => {
        const share = Number(o.share);
        if (!(share > 0 && share <= 1))
          throw new AppError("invalid-argument", `--share ${o.share}: a fraction in (0, 1]`);
        const result = await withDb(o.db ?? dbDefault(), async (db) => {
          const metric = await analysisMetric(db, o.metric ?? "nonfatal-shootings");
          const w = await periodWindow(db, metric, o.period, o.asOf);
          const sizes = await areaSizes(db, o.layer);
          const counts = await countsByArea(db, metric, o.layer, w.from, w.to);
          const areas = [...sizes].map(([name, areaM2]) => ({ name, count: counts.get(name) ?? 0, areaM2 }));
          return {
            metric: metric.id,
            layer: o.layer,
            window: w,
            smallestSet: smallestCellSet(
              areas.map((a) => ({ id: a.name, count: a.count, areaM2: a.areaM2 })),
              share,
            ),
            shareVsLand: shareVsLand(areas),
          };
        });
        out(o.json, result, () => {
          const s = result.smallestSet;
          const lines = [
            `${result.metric}, ${result.window.from} to ${result.window.to}: ${s.cells.length} ${result.layer} areas (${fmt((s.landShare ?? 0) * 100, 1)}% of the land) hold ${fmt((s.eventShare ?? 0) * 100, 1)}% of ${s.totalCount} events`,
            `  ${s.cells.join(", ")}`,
            "  area: share of events / share of land = concentration",
          ];
          for (const r of result.shareVsLand.rows.slice(0, 15)) {
            lines.push(
              `  ${r.name}: ${fmt((r.shareOfEvents ?? 0) * 100, 1)}% / ${fmt((r.shareOfLand ?? 0) * 100, 1)}% = ${fmt(r.concentration)}`,
            );
          }
          return lines.join("\n");
        });
      },
    );
}
