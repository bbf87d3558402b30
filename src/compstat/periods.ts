/**
 * CompStat periods as whole local days (domain.md, "Periods"): week and 28-day windows ending on the as-of
 * date, year to date with the SAME month-day window in every year compared, full calendar years, custom
 * ranges, and N-year baselines of the same window. Pure date arithmetic on `YYYY-MM-DD` strings (UTC day
 * numbers), so no time zone or daylight-saving shift can move a day.
 */
import { AppError } from "../domain/errors.js";
import type { PeriodKind, ReportBaseline, ReportComparison, ReportPeriod, ReportWindow } from "./report.js";

const DAY = 86_400_000;

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date; throws on an impossible date. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new AppError("invalid-argument", `'${date}' is not a date: expected YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new AppError("invalid-argument", `'${date}' is not a real date`);
  }
  return ms / DAY;
}

export function dateOf(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** The same month-day in another year; Feb 29 becomes Feb 28 in a year without it. */
export function sameDayInYear(date: string, year: number): string {
  const md = date.slice(5);
  if (md === "02-29" && !isLeap(year)) return `${year}-02-28`;
  return `${String(year).padStart(4, "0")}-${md}`;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

function window(id: string, period: string, label: string, start: string, end: string): ReportWindow {
  return { id, period, label, start, end, days: dayNumber(end) - dayNumber(start) + 1, year: yearOf(end) };
}

export type PeriodSpec =
  | { readonly kind: "week" | "28d" | "ytd" | "year" }
  | { readonly kind: "range"; readonly from: string; readonly to: string };

/** Parses `--period` values: week, 28d, ytd, year, or FROM..TO. */
export function parsePeriod(raw: string): PeriodSpec {
  const v = raw.trim().toLowerCase();
  if (v === "week" || v === "7d") return { kind: "week" };
  if (v === "28d" || v === "28-day") return { kind: "28d" };
  if (v === "ytd") return { kind: "ytd" };
  if (v === "year" || v === "full-year") return { kind: "year" };
  const r = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(v);
  if (r) {
    const [from, to] = [r[1]!, r[2]!];
    if (dayNumber(to) < dayNumber(from))
      throw new AppError("invalid-argument", `period ${raw}: the end is before the start`);
    return { kind: "range", from, to };
  }
  throw new AppError(
    "invalid-argument",
    `unknown period '${raw}': expected week, 28d, ytd, year or FROM..TO (YYYY-MM-DD..YYYY-MM-DD)`,
  );
}

/** Parses `--years 2017,2018,2019` or `2017-2019` (or a mix). */
export function parseYears(raw: string): number[] {
  const out = new Set<number>();
  for (const part of raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const r = /^(\d{4})(?:-(\d{4}))?$/.exec(part);
    if (!r)
      throw new AppError(
        "invalid-argument",
        `'${part}' is not a year or a range of years (2017 or 2015-2019)`,
      );
    const a = Number(r[1]);
    const b = r[2] ? Number(r[2]) : a;
    if (b < a) throw new AppError("invalid-argument", `years ${part}: the end is before the start`);
    for (let y = a; y <= b; y++) out.add(y);
  }
  return [...out].sort((x, y) => x - y);
}

/** `--baseline 2007-2015` (those years) or `--baseline 5` (the five years before the current one). */
export type BaselineSpec = { readonly years: readonly number[] } | { readonly count: number };

export function parseBaseline(raw: string): BaselineSpec {
  const v = raw.trim();
  if (/^\d{1,2}$/.test(v)) {
    const n = Number(v);
    if (n < 1) throw new AppError("invalid-argument", "--baseline N needs N >= 1");
    return { count: n };
  }
  return { years: parseYears(v) };
}

export interface PeriodOptions {
  readonly asOf: string;
  /** Years shown for ytd and year periods; default the as-of year and the one before. */
  readonly years?: readonly number[] | undefined;
  readonly baseline?: BaselineSpec | undefined;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function shortDate(date: string): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${Number(date.slice(8, 10))}`;
}
function twoDigits(y: number): string {
  return String(y % 100).padStart(2, "0");
}

function baselineYears(spec: BaselineSpec | undefined, currentYear: number): number[] {
  if (!spec) return [];
  if ("count" in spec) return Array.from({ length: spec.count }, (_, i) => currentYear - spec.count + i);
  return [...spec.years];
}

function baselineLabel(years: readonly number[]): string {
  return `${years[0]} - ${years[years.length - 1]} Average`;
}

function comparison(
  period: string,
  label: string,
  base: string,
  current: string,
  isBaseline: boolean,
): ReportComparison {
  const key = (id: string) => id.slice(period.length + 1);
  return {
    id: `${period}:${key(base)}..${key(current)}`,
    period,
    label,
    current,
    base,
    baseIsBaseline: isBaseline,
  };
}

function withBaseline(
  period: string,
  current: ReportWindow,
  years: readonly number[],
  shift: (year: number) => ReportWindow,
): { baseline: ReportBaseline | null; comparisons: ReportComparison[] } {
  if (years.length === 0) return { baseline: null, comparisons: [] };
  const baseline: ReportBaseline = {
    id: `${period}:baseline`,
    period,
    label: baselineLabel(years),
    years,
    windows: years.map(shift),
  };
  const label = `Average - ${current.year} % Change`;
  return { baseline, comparisons: [comparison(period, label, baseline.id, current.id, true)] };
}

/** Windows for a rolling period (week or 28 days) ending on the as-of date. */
function rolling(kind: "week" | "28d", opts: PeriodOptions): ReportPeriod {
  const n = kind === "week" ? 7 : 28;
  const name = kind === "week" ? "7 days" : "28 days";
  const end = dayNumber(opts.asOf);
  const mk = (id: string, label: string, endDay: number) =>
    window(`${kind}:${id}`, kind, label, dateOf(endDay - n + 1), dateOf(endDay));
  const current = mk(
    "current",
    `Last ${name} (${shortDate(dateOf(end - n + 1))} - ${shortDate(opts.asOf)})`,
    end,
  );
  const prior = mk("prior", `Prior ${name}`, end - n);
  // "The same days one year earlier": the window of the same length ending on the same month-day.
  const lastYearEnd = dayNumber(sameDayInYear(opts.asOf, yearOf(opts.asOf) - 1));
  const lastYear = mk("last-year", `Same ${name} last year`, lastYearEnd);
  const years = baselineYears(opts.baseline, current.year);
  const { baseline, comparisons } = withBaseline(kind, current, years, (y) =>
    mk(`${y}`, `${name} ending ${sameDayInYear(opts.asOf, y)}`, dayNumber(sameDayInYear(opts.asOf, y))),
  );
  return {
    id: kind,
    kind,
    label: kind === "week" ? "Week" : "28-day",
    windows: [lastYear, prior, current],
    baseline,
    comparisons: [
      comparison(kind, `vs prior ${name} (% Change)`, prior.id, current.id, false),
      comparison(kind, `vs last year (% Change)`, lastYear.id, current.id, false),
      ...comparisons,
    ],
  };
}

function ytdWindow(asOf: string, y: number): ReportWindow {
  return window(`ytd:${y}`, "ytd", `${y} (YTD)`, `${y}-01-01`, sameDayInYear(asOf, y));
}

function yearWindow(y: number): ReportWindow {
  return window(`year:${y}`, "year", `${y} (Full Year)`, `${y}-01-01`, `${y}-12-31`);
}

/** Year to date or full years over the requested years; the latest is compared with each earlier one. */
function yearly(kind: "ytd" | "year", opts: PeriodOptions): ReportPeriod {
  const asOfYear = yearOf(opts.asOf);
  let years = opts.years && opts.years.length > 0 ? [...opts.years] : [asOfYear - 1, asOfYear];
  if (years.some((y) => y > asOfYear)) {
    throw new AppError(
      "invalid-argument",
      `--years ${years.join(",")}: a year after the as-of date ${opts.asOf}`,
    );
  }
  // A full year is shown only once it is over; the seed prints 2017 and 2018 in full, 2019 only as YTD.
  if (kind === "year") years = years.filter((y) => `${y}-12-31` <= opts.asOf);
  if (years.length === 0) {
    return { id: kind, kind, label: "Full year", windows: [], baseline: null, comparisons: [] };
  }
  const mk = kind === "ytd" ? (y: number) => ytdWindow(opts.asOf, y) : yearWindow;
  const windows = years.map(mk);
  const current = windows[windows.length - 1]!;
  const tag = kind === "ytd" ? "YTD % Change" : "% Change";
  const bYears = baselineYears(opts.baseline, current.year);
  // Against each earlier year shown (the seed's 2017-19 and 2018-19); with a baseline, against the year
  // before only: ten years of columns each compared with 2016 would bury the baseline's change.
  const earlier = windows.slice(0, -1);
  const comparisons = (bYears.length > 0 ? earlier.slice(-1) : earlier).map((w) =>
    comparison(kind, `${w.year}-${twoDigits(current.year)} (${tag})`, w.id, current.id, false),
  );
  const b = withBaseline(kind, current, bYears, mk);
  return {
    id: kind,
    kind,
    label: kind === "ytd" ? `Year to date (Jan 1 - ${shortDate(opts.asOf)})` : "Full year",
    windows,
    baseline: b.baseline,
    comparisons: [...comparisons, ...b.comparisons],
  };
}

/** A custom range, compared with the same number of days just before it and the same range a year earlier. */
function range(from: string, to: string, opts: PeriodOptions): ReportPeriod {
  const id = `range:${from}..${to}`;
  const n = dayNumber(to) - dayNumber(from) + 1;
  const current = window(`${id}:current`, id, `${from} - ${to}`, from, to);
  const prior = window(
    `${id}:prior`,
    id,
    `Prior ${n} days`,
    dateOf(dayNumber(from) - n),
    dateOf(dayNumber(from) - 1),
  );
  const shifted = (y: number) => {
    const end = sameDayInYear(to, y);
    return window(
      `${id}:${y === yearOf(to) - 1 ? "last-year" : y}`,
      id,
      `${dateOf(dayNumber(end) - n + 1)} - ${end}`,
      dateOf(dayNumber(end) - n + 1),
      end,
    );
  };
  const lastYear = shifted(yearOf(to) - 1);
  const b = withBaseline(id, current, baselineYears(opts.baseline, yearOf(to)), (y) => ({
    ...shifted(y),
    id: `${id}:${y}`,
  }));
  return {
    id,
    kind: "range",
    label: `${from} to ${to}`,
    windows: [lastYear, prior, current],
    baseline: b.baseline,
    comparisons: [
      comparison(id, `vs prior ${n} days (% Change)`, prior.id, current.id, false),
      comparison(id, "vs last year (% Change)", lastYear.id, current.id, false),
      ...b.comparisons,
    ],
  };
}

export function buildPeriod(spec: PeriodSpec, opts: PeriodOptions): ReportPeriod {
  switch (spec.kind) {
    case "week":
    case "28d":
      return rolling(spec.kind, opts);
    case "ytd":
    case "year":
      return yearly(spec.kind, opts);
    case "range":
      return range(spec.from, spec.to, opts);
    default: {
      const never: never = spec;
      throw new Error(`unknown period ${JSON.stringify(never)}`);
    }
  }
}

/** Every window a period needs counted: its own and its baseline's. */
export function periodWindows(p: ReportPeriod): ReportWindow[] {
  return [...p.windows, ...(p.baseline?.windows ?? [])];
}

export type { PeriodKind };
