/**
 * The events a place or time analysis runs on: from the database by the CompStat definitions (a metric, a
 * period ending on an as-of date, optionally one area), or from a plain CSV of points so analysts can run
 * the same method on what they gave another tool. Coordinates are metres in the city's analysis CRS; times
 * are local day numbers (days since 1970-01-01) and local milliseconds.
 */

import { loadCityMetrics } from "../compstat/config.js";
import { type CompiledMetric, part1ClassSql, resolveMetrics, sqlString } from "../compstat/metrics.js";
import { buildPeriod, dayNumber, parsePeriod } from "../compstat/periods.js";
import { getCrs, makeTransform, type Transform } from "../domain/crs.js";
import { AppError } from "../domain/errors.js";
import { openCsv } from "../ingest/csv.js";
import { fileFacts } from "../ingest/text-file.js";
import { getCity } from "../store/city.js";
import type { Database } from "../store/db.js";
import { LOCATED_SOURCES } from "./area-counts.js";

export interface AnalysisPoint {
  readonly x: number;
  readonly y: number;
  /** Local day number. */
  readonly day: number;
  /** Local wall-clock milliseconds (midnight for date-only input). */
  readonly ms: number;
}

export interface AnalysisInput {
  readonly points: AnalysisPoint[];
  /** What was selected, in words, for the output's header. */
  readonly description: string;
  readonly from: string | null;
  readonly to: string | null;
  /** Events of the selection without a usable location: counted here, never silently dropped. */
  readonly unlocated: number;
  /** From the analysis CRS to WGS84, for GeoJSON output. */
  readonly toWgs84: Transform;
  readonly crs: string;
}

export interface DbSelection {
  readonly metric: string;
  /** A CompStat period (ytd, 28d, week, year, FROM..TO); its current window is used. */
  readonly period?: string | undefined;
  readonly asOf?: string | undefined;
  /** `LAYER:NAME`: only events assigned to that area. */
  readonly area?: string | undefined;
}

/**
 * The rows of a selection as SQL: `FROM ${from}` yields the source table's rows (alias `t`) of the metric
 * in the window, inside the area if one is named, with `$1`/`$2` bound to `params`. Every reader of a
 * selection (the analyses, the map's incident layer) builds on this one statement, so they cannot
 * disagree about which events are in it.
 */
export interface SelectionSql {
  readonly metric: CompiledMetric;
  readonly source: (typeof LOCATED_SOURCES)[keyof typeof LOCATED_SOURCES];
  readonly window: { readonly start: string; readonly end: string };
  readonly from: string;
  readonly params: readonly [string, string];
  readonly description: string;
}

export async function selectionSql(db: Database, sel: DbSelection): Promise<SelectionSql> {
  const metric = resolveMetrics([sel.metric], await loadCityMetrics(db))[0]!;
  if (metric.source === "partner") {
    throw new AppError(
      "invalid-argument",
      `metric '${sel.metric}' counts partner activity logs, which have no event locations to analyse`,
    );
  }
  const src = LOCATED_SOURCES[metric.source];
  const asOf = sel.asOf ?? (await lastDay(db, src.table, src.time, src.current));
  const window = buildPeriod(parsePeriod(sel.period ?? "year"), { asOf, years: undefined }).windows.at(-1);
  if (!window) throw new AppError("invalid-argument", `period ${sel.period} has no window ending by ${asOf}`);
  let join = "";
  if (sel.area) {
    const i = sel.area.indexOf(":");
    if (i <= 0) throw new AppError("invalid-argument", `--area '${sel.area}': expected LAYER:NAME`);
    join = ` JOIN event_areas e ON e.kind = ${sqlString(src.kind)} AND e.uid = t.uid AND e.layer = ${sqlString(sel.area.slice(0, i))} AND e.area = ${sqlString(sel.area.slice(i + 1))}`;
  }
  const p1 = metric.sql.includes("p1class") ? `, ${part1ClassSql()} AS p1class` : "";
  return {
    metric,
    source: src,
    window: { start: window.start, end: window.end },
    from: `(SELECT t.*${p1} FROM ${src.table} t${join}
       WHERE ${src.current} AND ${src.time} >= $1::TIMESTAMP AND ${src.time} < $2::TIMESTAMP + INTERVAL 1 DAY) t
     WHERE (${metric.sql}) <> 0`,
    params: [window.start, window.end],
    description: `${metric.label}, ${window.start} to ${window.end}${sel.area ? `, ${sel.area}` : ""}`,
  };
}

/** Events of one metric in the current window of a period, optionally inside one area. */
export async function pointsFromDb(db: Database, sel: DbSelection): Promise<AnalysisInput> {
  const city = await getCity(db);
  if (!city.analysisCrs)
    throw new AppError("not-found", "the city has no analysis CRS yet: import located data first");
  const s = await selectionSql(db, sel);
  const rows = await db.all<{ x: number | null; y: number | null; ms: number }>(
    `SELECT x, y, epoch_ms(${s.source.time})::DOUBLE AS ms FROM ${s.from}`,
    [...s.params],
  );
  const points: AnalysisPoint[] = [];
  let unlocated = 0;
  for (const r of rows) {
    if (r.x === null || r.y === null) {
      unlocated++;
      continue;
    }
    points.push({ x: r.x, y: r.y, ms: r.ms, day: Math.floor(r.ms / 86_400_000) });
  }
  return {
    points,
    description: s.description,
    from: s.window.start,
    to: s.window.end,
    unlocated,
    toWgs84: makeTransform(getCrs(city.analysisCrs), getCrs("EPSG:4326")),
    crs: city.analysisCrs,
  };
}

async function lastDay(db: Database, table: string, time: string, current: string): Promise<string> {
  const r = await db.one<{ d: string | null }>(
    `SELECT strftime(max(${time}), '%Y-%m-%d') AS d FROM ${table} t WHERE ${current}`,
  );
  if (!r?.d) throw new AppError("not-found", `no ${table.replaceAll("_", " ")} in the database`);
  return r.d;
}

/**
 * A CSV of points: columns `x`, `y` and one of `date`/`time`/`day`/`t` (a header row), or three columns
 * x, y, date without a header (Ratcliffe's Near Repeat Calculator input). x/y are metres in `crs`
 * (default: the CSV is already in a projected CRS in metres; give `--crs EPSG:n` for GeoJSON output).
 */
export async function pointsFromCsv(
  file: string,
  opts: { crs?: string | undefined; requireTime?: boolean } = {},
): Promise<AnalysisInput> {
  // Risk factor layers (bus stops, licensed premises) are places without a time.
  const requireTime = opts.requireTime ?? true;
  const facts = await fileFacts(file);
  const csv = await openCsv(facts, "a CSV of points: x, y, date");
  const lower = csv.header.map((h) => h.toLowerCase());
  const headerless = Number.isFinite(Number(csv.header[0])) && csv.header.length >= 3;
  const col = (names: string[]) => lower.findIndex((h) => names.includes(h));
  const [xi, yi, ti] = headerless
    ? [0, 1, 2]
    : [col(["x"]), col(["y"]), col(["date", "time", "day", "t", "datetime"])];
  if (xi < 0 || yi < 0 || (requireTime && ti < 0)) {
    throw new AppError(
      "bad-file",
      `${facts.name}: expected columns x, y and date (or time/day), found ${csv.header.join(", ")}`,
    );
  }
  const points: AnalysisPoint[] = [];
  const push = (fields: readonly string[], line: number) => {
    const x = Number(fields[xi]);
    const y = Number(fields[yi]);
    const t = ti < 0 ? "0" : (fields[ti] ?? "").trim();
    if (
      !Number.isFinite(x) ||
      !Number.isFinite(y) ||
      fields[xi]?.trim() === "" ||
      fields[yi]?.trim() === ""
    ) {
      throw new AppError(
        "bad-file",
        `${facts.name} line ${line}: x and y must be numbers, got '${fields[xi] ?? ""}', '${fields[yi] ?? ""}'`,
      );
    }
    const ms = parseWhen(t);
    if (ms === null) {
      throw new AppError(
        "bad-file",
        `${facts.name} line ${line}: '${t}' is not a date (YYYY-MM-DD, YYYY-MM-DD HH:MM or a day number)`,
      );
    }
    points.push({ x, y, ms, day: Math.floor(ms / 86_400_000) });
  };
  if (headerless) push(csv.header, 1);
  for await (const r of csv.records()) push(r.fields, r.line);
  const days = points.map((p) => p.day);
  const crs = opts.crs ?? "EPSG:3857";
  return {
    points,
    description: `${facts.name}: ${points.length} points`,
    from: days.length ? new Date(Math.min(...days) * 86_400_000).toISOString().slice(0, 10) : null,
    to: days.length ? new Date(Math.max(...days) * 86_400_000).toISOString().slice(0, 10) : null,
    unlocated: 0,
    toWgs84: makeTransform(getCrs(crs), getCrs("EPSG:4326")),
    crs,
  };
}

function parseWhen(t: string): number | null {
  if (/^-?\d+$/.test(t)) return Number(t) * 86_400_000;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (!m) return null;
  try {
    const day = dayNumber(m[1]!);
    return (
      day * 86_400_000 + (Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 60_000 + Number(m[4] ?? 0) * 1000
    );
  } catch {
    return null;
  }
}
