/**
 * Monthly trends with an expected range, for the CompStat page's charts.
 *
 * Each month's count is set against the same days of the same month in the N years before (the mean is the
 * "expected" count). The expected range is the set of counts whose Poisson z-score against that mean,
 * 2(sqrt(count) - sqrt(expected)) (Wheeler 2016, the same z the CompStat tables flag), stays within +-2:
 * [(sqrt(mu) - 1)^2, (sqrt(mu) + 1)^2]. So a point outside the band is exactly a month the tables would flag
 * "elevated" against its seasonal baseline; no second, different yardstick.
 *
 * The month of the as-of date is partial: it and its baseline months count only days 1..d, and records
 * known only to the month are left out of it (as the tables do for windows that do not hold a whole month).
 * Months before a source's first day are "no data" (null), never zero, and baseline years before it are
 * left out of the mean.
 */
import { AppError } from "../domain/errors.js";
import { daysInMonth } from "../domain/time.js";
import type { Database } from "../store/db.js";
import { loadCityMetrics } from "./config.js";
import { defaultAsOf, sourceCoverage } from "./engine.js";
import { loadAreaFacts, resolveGroups } from "./groups.js";
import { resolveMetrics } from "./metrics.js";
import { dayNumber } from "./periods.js";
import { dailyUnits, type SourceName } from "./query.js";
import { poissonZ, type Significance, significance } from "./stats.js";

export const TREND_SCHEMA = "peacestat.trend/1";

export interface TrendOptions {
  readonly metrics?: readonly string[] | undefined;
  /** `LAYER:NAME`; default citywide. */
  readonly area?: string | undefined;
  readonly asOf?: string | undefined;
  /** Months shown, ending with the as-of month (default 24, at most 120). */
  readonly months?: number | undefined;
  /** Years before each month that make its expected count (default 3, at most 10). */
  readonly baselineYears?: number | undefined;
  readonly now?: Date | undefined;
}

export interface TrendPoint {
  /** `YYYY-MM`. */
  readonly month: string;
  /** Last day counted: the month's end, or the as-of date in the as-of month. */
  readonly through: string;
  readonly partial: boolean;
  /** null: the month lies before the source's data. */
  readonly count: number | null;
  /** Mean of the same days in the baseline years with data; null when none has data. */
  readonly expected: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly z: number | null;
  readonly flag: Significance | null;
  /** Baseline years that had data for this month. */
  readonly baselineYears: number;
}

export interface TrendSeries {
  readonly metric: string;
  readonly label: string;
  readonly points: readonly TrendPoint[];
}

export interface TrendReport {
  readonly schema: typeof TREND_SCHEMA;
  readonly asOf: string;
  /** `citywide` or `LAYER:NAME`. */
  readonly group: string;
  readonly months: number;
  readonly baselineYears: number;
  readonly method: string;
  readonly series: readonly TrendSeries[];
}

export const TREND_METHOD =
  "Expected: the mean count of the same days of the same month in the baseline years with data. Range: counts within a Poisson z of +-2 of it (Wheeler 2016), [(sqrt(expected) - 1)^2, (sqrt(expected) + 1)^2]; outside it a month is elevated (|z| >= 2) or notable (|z| >= 3).";

/** The band of counts whose Poisson z against `mu` is within +-2. */
export function expectedRange(mu: number): { low: number; high: number } {
  const r = Math.sqrt(mu);
  return { low: Math.max(0, r - 1) ** 2, high: (r + 1) ** 2 };
}

const pad = (n: number) => String(n).padStart(2, "0");

interface MonthSpan {
  readonly key: string;
  readonly first: number;
  readonly last: number;
  readonly whole: boolean;
}

/** Days 1..min(lastDay, month length) of a month, as day numbers. */
function span(year: number, month: number, lastDay: number): MonthSpan {
  const len = daysInMonth(year, month);
  const d = Math.min(lastDay, len);
  const key = `${year}-${pad(month)}`;
  return { key, first: dayNumber(`${key}-01`), last: dayNumber(`${key}-${pad(d)}`), whole: d === len };
}

function intOption(v: number | undefined, def: number, max: number, name: string): number {
  const n = v ?? def;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new AppError("invalid-argument", `${name}: expected a whole number from 1 to ${max}, got ${v}`);
  return n;
}

export async function buildTrend(db: Database, opts: TrendOptions = {}): Promise<TrendReport> {
  const months = intOption(opts.months, 24, 120, "months");
  const baselineYears = intOption(opts.baselineYears, 3, 10, "baselineYears");
  const asOf = opts.asOf ?? (await defaultAsOf(db, (opts.now ?? new Date()).toISOString().slice(0, 10)));
  dayNumber(asOf);
  const metrics = resolveMetrics(
    opts.metrics ?? ["homicides", "nonfatal-shootings"],
    await loadCityMetrics(db),
  );
  const resolved = resolveGroups(opts.area ? { areas: [opts.area] } : {}, await loadAreaFacts(db));
  const target = resolved.areas[0];
  const group = target ? `${target.layer}:${target.area}` : "citywide";

  const [ay, am, ad] = asOf.split("-").map(Number) as [number, number, number];
  // Shown months, oldest first; each with its baseline spans (same days, earlier years).
  const shown: { span: MonthSpan; base: MonthSpan[] }[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const idx = ay * 12 + (am - 1) - i;
    const y = Math.floor(idx / 12);
    const m = (idx % 12) + 1;
    const lastDay = i === 0 ? ad : 31;
    shown.push({
      span: span(y, m, lastDay),
      base: Array.from({ length: baselineYears }, (_, k) => span(y - k - 1, m, lastDay)),
    });
  }
  const from = shown[0]!.base.at(-1)!.first;
  const to = dayNumber(asOf);

  const series: TrendSeries[] = [];
  const bySource = new Map<SourceName, typeof metrics>();
  for (const m of metrics) bySource.set(m.source, [...(bySource.get(m.source) ?? []), m]);
  const result = new Map<string, TrendSeries>();
  for (const [source, ms] of bySource) {
    const coverage = await sourceCoverage(db, source);
    const rows = await dailyUnits(db, {
      source,
      metrics: ms,
      grouping: { layers: target ? [target.layer] : [], cross: [] },
      from: new Date(from * 86_400_000).toISOString().slice(0, 10),
      to: asOf,
      asOf,
      snapshot: null,
      clearance: false,
    });
    // Units per day and per month-precision month, for this group only.
    const daily = new Map<number, readonly number[]>();
    const monthly = new Map<number, readonly number[]>();
    for (const r of rows) {
      if (r.group !== group || r.day < from || r.day > to) continue;
      const into = r.month ? monthly : daily;
      const prev = into.get(r.day);
      into.set(r.day, prev ? prev.map((u, i) => u + r.units[i]!) : r.units);
    }
    const first = coverage ? dayNumber(coverage.first) : Number.POSITIVE_INFINITY;
    // Days after the data's last day count as none, as in the tables (whose notes say so).
    const covered = (s: MonthSpan) => s.first >= first;
    const sum = (s: MonthSpan, i: number) => {
      let n = s.whole ? (monthly.get(s.first)?.[i] ?? 0) : 0;
      for (let d = s.first; d <= s.last; d++) n += daily.get(d)?.[i] ?? 0;
      return n;
    };
    ms.forEach((m, i) => {
      const points = shown.map(({ span: s, base }): TrendPoint => {
        const count = covered(s) ? sum(s, i) : null;
        const known = base.filter(covered);
        const expected = known.length > 0 ? known.reduce((a, b) => a + sum(b, i), 0) / known.length : null;
        const range = expected === null ? null : expectedRange(expected);
        const z = count === null || expected === null ? null : poissonZ(count, expected);
        return {
          month: s.key,
          through: new Date(s.last * 86_400_000).toISOString().slice(0, 10),
          partial: !s.whole,
          count,
          expected,
          low: range?.low ?? null,
          high: range?.high ?? null,
          z,
          flag: z === null ? null : significance(z),
          baselineYears: known.length,
        };
      });
      result.set(m.id, { metric: m.id, label: m.label, points });
    });
  }
  for (const m of metrics) {
    const s = result.get(m.id);
    if (s) series.push(s);
  }
  return { schema: TREND_SCHEMA, asOf, group, months, baselineYears, method: TREND_METHOD, series };
}
