/**
 * Counts of one metric's events per area and window, for the place commands (displacement, evaluation,
 * concentration, focus areas): the same metric definitions and area assignment as CompStat, so a
 * displacement test and the CompStat table of the same area agree.
 */
import { loadCityMetrics } from "../compstat/config.js";
import { type CompiledMetric, part1ClassSql, resolveMetrics, sqlString } from "../compstat/metrics.js";
import { buildPeriod, dayNumber, parsePeriod } from "../compstat/periods.js";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";

export interface AreaRef {
  readonly layer: string;
  readonly area: string;
}

export function parseAreaRef(raw: string, flag: string): AreaRef {
  const i = raw.indexOf(":");
  if (i <= 0 || i === raw.length - 1)
    throw new AppError(
      "invalid-argument",
      `${flag} '${raw}': expected LAYER:NAME (e.g. focus_area:Harbor Drive East)`,
    );
  return { layer: raw.slice(0, i), area: raw.slice(i + 1) };
}

/** `FROM..TO` (inclusive local days). */
export function parseRange(raw: string, flag: string): { from: string; to: string } {
  const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(raw.trim());
  if (!m)
    throw new AppError("invalid-argument", `${flag} '${raw}': expected FROM..TO (YYYY-MM-DD..YYYY-MM-DD)`);
  if (dayNumber(m[2]!) < dayNumber(m[1]!))
    throw new AppError("invalid-argument", `${flag} '${raw}': the end is before the start`);
  return { from: m[1]!, to: m[2]! };
}

/**
 * The located event tables a metric can count, with their time column, their kind in event_areas and the
 * filter for current rows (table alias `t`). Shared with analysis-input.ts.
 */
export const LOCATED_SOURCES = {
  incidents: { table: "incidents", time: "occurred_at", kind: "incident", current: "t.valid_to IS NULL" },
  detections: { table: "gunshot_detections", time: "detected_at", kind: "detection", current: "TRUE" },
  calls: { table: "calls_for_service", time: "received_at", kind: "call", current: "TRUE" },
} as const;
const SOURCES = LOCATED_SOURCES;

export async function analysisMetric(db: Database, id: string): Promise<CompiledMetric> {
  const m = resolveMetrics([id], await loadCityMetrics(db))[0]!;
  if (m.source === "partner")
    throw new AppError(
      "invalid-argument",
      `metric '${id}' counts partner activity logs, which are not located events`,
    );
  return m;
}

/**
 * Units of `metric` per area of `layer` between `from` and `to` (inclusive days); areas without events
 * are absent. Records known only to the month count when the range holds their whole month.
 */
export async function countsByArea(
  db: Database,
  metric: CompiledMetric,
  layer: string,
  from: string,
  to: string,
): Promise<Map<string, number>> {
  if (metric.source === "partner")
    throw new AppError("invalid-argument", `metric '${metric.id}' is not a located event`);
  const s = SOURCES[metric.source];
  const p1 = metric.sql.includes("p1class") ? `, ${part1ClassSql()} AS p1class` : "";
  const monthOk =
    metric.source === "incidents"
      ? ` AND (t.occurred_precision <> 'month' OR (t.occurred_at + INTERVAL 1 MONTH) <= $2::TIMESTAMP + INTERVAL 1 DAY)`
      : "";
  const rows = await db.all<{ area: string; n: number }>(
    `SELECT area, sum(u)::DOUBLE AS n FROM (
       SELECT e.area, (${metric.sql}) AS u FROM (SELECT t.*${p1} FROM ${s.table} t
         WHERE ${s.current} AND t.${s.time} >= $1::TIMESTAMP AND t.${s.time} < $2::TIMESTAMP + INTERVAL 1 DAY${monthOk}) t
       JOIN event_areas e ON e.kind = ${sqlString(s.kind)} AND e.uid = t.uid AND e.layer = ${sqlString(layer)}
     ) WHERE u <> 0 GROUP BY area`,
    [from, to],
  );
  return new Map(rows.map((r) => [r.area, r.n]));
}

/**
 * Units in one area over a range, remembering each (layer, range) it counted: a displacement test asks
 * for target, buffer and controls before and after, which is two scans per layer, not eight.
 */
export function areaCounter(
  db: Database,
  metric: CompiledMetric,
): (ref: AreaRef, from: string, to: string) => Promise<number> {
  const seen = new Map<string, Promise<Map<string, number>>>();
  return async (ref, from, to) => {
    const key = `${ref.layer}\u0000${from}\u0000${to}`;
    let counts = seen.get(key);
    if (!counts) {
      counts = countsByArea(db, metric, ref.layer, from, to);
      seen.set(key, counts);
    }
    return (await counts).get(ref.area) ?? 0;
  };
}

/** Checks that every referenced area exists (a typo must not read as "zero events"). */
export async function assertAreas(db: Database, refs: readonly AreaRef[]): Promise<void> {
  for (const r of refs) {
    const hit = await db.one<{ n: number }>(
      `SELECT (SELECT count(*) FROM areas WHERE layer = $1 AND name = $2) + (SELECT count(*) FROM (SELECT 1 FROM event_areas WHERE layer = $1 AND area = $2 LIMIT 1)) AS n`,
      [r.layer, r.area],
    );
    if (Number(hit?.n ?? 0) === 0)
      throw new AppError("not-found", `no area '${r.area}' in layer '${r.layer}'`);
  }
}

/** Land area of each area of a layer, m2 (geodesic, from the boundary import). */
export async function areaSizes(db: Database, layer: string): Promise<Map<string, number>> {
  const rows = await db.all<{ name: string; m2: number }>(
    "SELECT name, area_m2 AS m2 FROM areas WHERE layer = $1",
    [layer],
  );
  if (rows.length === 0)
    throw new AppError(
      "not-found",
      `layer '${layer}' has no boundaries: import them with 'peacestat areas import'`,
    );
  return new Map(rows.map((r) => [r.name, r.m2]));
}

/** The current window of a CompStat period ending on `asOf` (default: the metric's last day with data). */
export async function periodWindow(
  db: Database,
  metric: CompiledMetric,
  period: string | undefined,
  asOf: string | undefined,
): Promise<{ from: string; to: string; label: string }> {
  if (metric.source === "partner")
    throw new AppError("invalid-argument", `metric '${metric.id}' is not a located event`);
  const s = SOURCES[metric.source];
  let end = asOf;
  if (!end) {
    const r = await db.one<{ d: string | null }>(
      `SELECT strftime(max(${s.time}), '%Y-%m-%d') AS d FROM ${s.table} t WHERE ${s.current}`,
    );
    if (!r?.d) throw new AppError("not-found", `no ${s.table.replaceAll("_", " ")} in the database`);
    end = r.d;
  }
  const w = buildPeriod(parsePeriod(period ?? "year"), { asOf: end }).windows.at(-1);
  if (!w) throw new AppError("invalid-argument", `period '${period}' has no complete window by ${end}`);
  return { from: w.start, to: w.end, label: w.label };
}
