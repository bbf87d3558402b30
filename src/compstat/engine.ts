/**
 * The CompStat engine: metrics x groups x periods -> a `CompStatReport`. One daily GROUPING SETS query per
 * event source (query.ts) feeds every window, baseline and comparison; changes, significance, rates, shares
 * and clearance are computed here from those counts, never re-queried.
 */
import { AppError } from "../domain/errors.js";
import { DISTRICT_LAYER } from "../domain/incident.js";
import { formatLocal, instantToLocalMs } from "../domain/time.js";
import { getCity } from "../store/city.js";
import type { Database } from "../store/db.js";
import { assembleRows, buildTables, DEFINITIONS } from "./assemble.js";
import { loadCityMetrics } from "./config.js";
import { accumulate, emptyAccumulated } from "./counts.js";
import { goalStatuses } from "./goals.js";
import { type GroupRequest, listGroups, loadAreaFacts, resolveGroups } from "./groups.js";
import { partnerLedger } from "./ledger.js";
import { type CompiledMetric, PART1_COUNTING_RULE, resolveMetrics } from "./metrics.js";
import {
  type BaselineSpec,
  buildPeriod,
  dateOf,
  dayNumber,
  type PeriodSpec,
  periodWindows,
} from "./periods.js";
import { dailyUnits, type SourceName } from "./query.js";
import { type CompStatReport, REPORT_SCHEMA, type ReportPeriod, type ReportWindow } from "./report.js";

export interface CompStatOptions extends GroupRequest {
  /** Last day counted (`YYYY-MM-DD`); default: the last day with incident data, at most yesterday. */
  readonly asOf?: string | undefined;
  readonly periods?: readonly PeriodSpec[] | undefined;
  readonly years?: readonly number[] | undefined;
  readonly baseline?: BaselineSpec | undefined;
  readonly metrics?: readonly string[] | undefined;
  /** Rebuild from the data as it was at this instant (ISO 8601). */
  readonly snapshot?: string | undefined;
  /** Clock for `generatedAt` and the default as-of date (tests). */
  readonly now?: Date | undefined;
}

const SOURCE_TABLE: Record<SourceName, string> = {
  incidents: "incidents",
  detections: "gunshot_detections",
  calls: "calls_for_service",
  partner: "partner_activity",
};

export async function defaultAsOf(db: Database, todayLocal: string): Promise<string> {
  const row = await db.one<{ d: string | null }>(
    "SELECT strftime(max(occurred_at), '%Y-%m-%d') AS d FROM incidents WHERE valid_to IS NULL",
  );
  const yesterday = dateOf(dayNumber(todayLocal) - 1);
  if (!row?.d) return yesterday;
  // ISO dates compare as strings.
  return [row.d, yesterday].sort()[0]!;
}

/** When each source's data was last loaded, local time (the seed's "Homicide data: 9/30/2019 8:57:31 AM"). */
async function dataAsOf(db: Database, timeZone: string): Promise<Record<string, string | null>> {
  const rows = await db.all<{ kind: string; format: string; t: Date | string }>(
    "SELECT kind, format, max(finished_at) AS t FROM import_batches GROUP BY kind, format",
  );
  const latest = (pred: (r: { kind: string; format: string }) => boolean) => {
    const ts = rows.filter(pred).map((r) => new Date(r.t).getTime());
    return ts.length === 0 ? null : formatLocal(instantToLocalMs(Math.max(...ts), timeZone));
  };
  // Keyed by the metric definitions' source names, so each line can name its metrics.
  return {
    incidents: latest((r) => r.kind === "incidents" || r.kind === "demo"),
    "gunshot detections": latest((r) => r.format === "shotspotter" || r.kind === "demo"),
    "calls for service": latest((r) => r.format === "calls" || r.kind === "demo"),
    "partner activity": latest((r) => r.format === "partner-activity"),
  };
}

const SOURCE_TIME: Record<SourceName, string> = {
  incidents: "occurred_at",
  detections: "detected_at",
  calls: "received_at",
  partner: "activity_date",
};

/** First and last local day of a source's data; null when it has none. */
export async function sourceCoverage(
  db: Database,
  source: SourceName,
): Promise<{ first: string; last: string } | null> {
  const t = SOURCE_TIME[source];
  const where = source === "incidents" ? " WHERE valid_to IS NULL" : "";
  const r = await db.one<{ first: string | null; last: string | null }>(
    `SELECT strftime(min(${t}), '%Y-%m-%d') AS first, strftime(max(${t}), '%Y-%m-%d') AS last FROM ${SOURCE_TABLE[source]}${where}`,
  );
  return r?.first && r.last ? { first: r.first, last: r.last } : null;
}

export async function buildCompStat(db: Database, opts: CompStatOptions = {}): Promise<CompStatReport> {
  const city = await getCity(db);
  const now = opts.now ?? new Date();
  const nowLocal = formatLocal(instantToLocalMs(now.getTime(), city.timeZone));
  const asOf = opts.asOf ?? (await defaultAsOf(db, nowLocal.slice(0, 10)));
  dayNumber(asOf);
  const notes: string[] = [];

  const specs: readonly PeriodSpec[] =
    opts.periods && opts.periods.length > 0
      ? opts.periods
      : [{ kind: "week" }, { kind: "28d" }, { kind: "ytd" }];
  const periods: ReportPeriod[] = specs.map((s) =>
    buildPeriod(s, { asOf, years: opts.years, baseline: opts.baseline }),
  );
  const windows = new Map<string, ReportWindow>();
  for (const p of periods) for (const w of periodWindows(p)) windows.set(w.id, w);
  if (windows.size === 0)
    throw new AppError(
      "invalid-argument",
      `no window to count: a full year needs --years with a year that ended by ${asOf}`,
    );
  const allWindows = [...windows.values()];
  const from = allWindows.map((w) => w.start).sort()[0]!;
  const to = allWindows
    .map((w) => w.end)
    .sort()
    .at(-1)!;

  const cityMetrics = await loadCityMetrics(db);
  let metrics = resolveMetrics(opts.metrics ?? [], cityMetrics);
  const coverage = new Map<SourceName, { first: string; last: string } | null>();
  for (const s of new Set(metrics.map((m) => m.source))) coverage.set(s, await sourceCoverage(db, s));
  if (!opts.metrics || opts.metrics.length === 0) {
    // The default book skips sources the database has no rows for, and says so.
    const present = new Map([...coverage].map(([s, c]) => [s, c !== null] as const));
    const skipped = [...present].filter(([, has]) => !has).map(([s]) => s);
    if (skipped.length > 0)
      notes.push(
        `No ${skipped.map((s) => SOURCE_TABLE[s].replaceAll("_", " ")).join(", ")} loaded: their metrics are left out.`,
      );
    metrics = metrics.filter((m) => present.get(m.source));
  }
  // A metric built on a field no incident carries cannot be counted: say so, and leave it out of the
  // default book, rather than print a column of zeros.
  const checks = metrics.filter((m) => m.needs.length > 0 || m.attributeCarried !== null);
  if (checks.length > 0) {
    // One scan answers every metric: which of the fields they read does any incident carry?
    const attrs = checks.filter((m) => m.attributeCarried !== null);
    // Each test stops at the first incident that carries the field (a whole-table bool_or cost 0.14 s on
    // 5.4M incidents; these take milliseconds when the field is there, as it usually is).
    const carried = (cond: string) =>
      `(SELECT count(*) FROM (SELECT 1 FROM incidents WHERE valid_to IS NULL AND (${cond}) LIMIT 1)) > 0`;
    const has = await db.one<Record<string, boolean | null>>(
      `SELECT ${carried("victims_shot IS NOT NULL OR victims_killed IS NOT NULL")} AS victims, ${carried("len(weapons) > 0")} AS weapons${attrs
        .map((m, i) => `, ${carried(m.attributeCarried!)} AS a${i}`)
        .join("")}`,
    );
    const missing = (m: CompiledMetric): string[] => [
      ...m.needs
        .filter((f) => !has?.[f])
        .map((f) => (f === "victims" ? "a count of people shot or killed" : "a weapon")),
      ...(m.attributeCarried !== null && !has?.[`a${attrs.indexOf(m)}`]
        ? ["the attribute it reads (e.g. a carjacking flag)"]
        : []),
    ];
    const blind = checks.filter((m) => missing(m).length > 0);
    for (const m of blind) {
      notes.push(
        `${m.label}: no incident in the data carries ${missing(m).join(" or ")}, so this metric cannot be counted from it${opts.metrics?.length ? " (its zeros mean unknown, not none)" : " and is left out"}; load a source that has it (docs/formats/).`,
      );
    }
    if (!opts.metrics || opts.metrics.length === 0) metrics = metrics.filter((m) => !blind.includes(m));
  }

  const facts = await loadAreaFacts(db);
  const resolved = resolveGroups(opts, facts);
  const acc = emptyAccumulated();
  const clearedInPeriod = emptyAccumulated();
  const hasClearance =
    ((
      await db.one<{ n: number }>(
        "SELECT count(*)::INTEGER AS n FROM (SELECT 1 FROM incidents WHERE cleared IS NOT NULL LIMIT 1)",
      )
    )?.n ?? 0) > 0;
  // Some sources say whether an incident was cleared but not when (Chicago's Arrest flag): then only the
  // cohort rate can be computed, and a period rate of 0% would be a false statement.
  const hasClearanceDates =
    hasClearance &&
    ((
      await db.one<{ n: number }>(
        "SELECT count(*)::INTEGER AS n FROM (SELECT 1 FROM incidents WHERE cleared_at IS NOT NULL LIMIT 1)",
      )
    )?.n ?? 0) > 0;
  if (opts.snapshot && Number.isNaN(Date.parse(opts.snapshot)))
    throw new AppError(
      "invalid-argument",
      `--data-as-of '${opts.snapshot}' is not a time (ISO 8601, e.g. 2019-09-30T08:57:31-05:00)`,
    );
  const snapshot = opts.snapshot ? new Date(opts.snapshot).toISOString() : null;

  for (const source of ["incidents", "detections", "calls", "partner"] as const) {
    const ms = metrics.filter((m) => m.source === source);
    if (ms.length === 0) continue;
    const slots = ms.map((m) => metrics.indexOf(m));
    const clearance = source === "incidents" && hasClearance;
    const q = { source, metrics: ms, grouping: resolved.grouping, from, to, asOf, snapshot, clearance };
    accumulate(await dailyUnits(db, q), allWindows, metrics.length, slots, acc);
    if (clearance && hasClearanceDates) {
      accumulate(
        await dailyUnits(db, { ...q, clearance: false, byClearedDate: true }),
        allWindows,
        metrics.length,
        slots,
        clearedInPeriod,
      );
    }
  }
  if (!hasClearance) notes.push("The incident data carries no clearance: clearance rates are not shown.");
  else if (!hasClearanceDates)
    notes.push(
      "Clearances in the data carry no date: only the cohort clearance rate is shown, not the period rate.",
    );
  for (const [id, n] of acc.monthPartial) {
    notes.push(
      `${windows.get(id)?.label ?? id}: ${n} ${n === 1 ? "event" : "events"} known only to the month overlap this window without fitting in it; they are not counted in it.`,
    );
  }
  if (snapshot)
    notes.push(`Rebuilt from the incident data as it stood at ${snapshot}; area assignments are today's.`);

  const withData = new Set<string>();
  for (const [g, byWindow] of acc.counts)
    if ([...byWindow.values()].some((c) => c.units.some((u) => u > 0))) withData.add(g);
  const groups = listGroups(resolved, facts, withData);
  const rows = assembleRows({
    metrics,
    groups,
    periods,
    counts: acc.counts,
    clearance: hasClearance ? { datesKnown: hasClearanceDates, inPeriod: clearedInPeriod.counts } : null,
    facts,
    firstDay: new Map([...coverage].map(([s, c]) => [s, c?.first ?? null])),
  });
  for (const [source, c] of coverage) {
    const label = SOURCE_NAME[source];
    if (c === null) continue;
    const early = allWindows.filter((w) => w.start < c.first).map((w) => w.label);
    if (early.length > 0 && metrics.some((m) => m.source === source)) {
      notes.push(
        `The ${label} data begins on ${c.first}: ${early.join(", ")} start${early.length === 1 ? "s" : ""} earlier, so ${early.length === 1 ? "its counts are" : "their counts are"} incomplete (missing, not zero) and changes against ${early.length === 1 ? "it" : "them"} read "no data".`,
      );
    }
    if (c.last < asOf)
      notes.push(
        `The ${label} data ends on ${c.last}, before the as-of date ${asOf}: later days count as none.`,
      );
  }
  const tables = buildTables({ metrics, groups, resolved, rows });

  const ledger = await partnerLedger(db, { periods, resolved, asOf });
  const goals = await goalStatuses(db, { asOf, metrics: cityMetrics });

  return {
    schema: REPORT_SCHEMA,
    city: city.name,
    timeZone: city.timeZone,
    generatedAt: nowLocal,
    asOf,
    dataAsOf: Object.fromEntries(
      Object.entries(await dataAsOf(db, city.timeZone)).filter(
        ([source]) =>
          metrics.some((m) => SOURCE_NAME[m.source] === source) ||
          (source === "partner activity" && ledger !== null),
      ),
    ),
    snapshot,
    definitions: {
      metrics: metrics.map(summary),
      countingRule: countingRule(metrics),
      ...DEFINITIONS,
    },
    periods,
    groups,
    rows,
    tables,
    coverage: Object.fromEntries([...coverage].map(([s, c]) => [SOURCE_NAME[s], c])),
    partnerLedger: ledger,
    goals,
    notes,
  };
}

const SOURCE_NAME: Record<SourceName, string> = {
  incidents: "incidents",
  detections: "gunshot detections",
  calls: "calls for service",
  partner: "partner activity",
};

function summary(m: CompiledMetric) {
  const source = SOURCE_NAME[m.source];
  return {
    id: m.id,
    label: m.label,
    source,
    unit: m.unit,
    definition: m.definition,
    countingRule: m.countingRule,
  };
}

function countingRule(metrics: readonly CompiledMetric[]): string {
  const parts = ["Incident metrics count each incident once (an incident holds all its offenses)"];
  if (metrics.some((m) => m.countingRule === PART1_COUNTING_RULE))
    parts.push(`Part I: ${PART1_COUNTING_RULE}`);
  if (metrics.some((m) => m.unit === "victims")) parts.push("victim metrics count people struck or killed");
  return `${parts.join("; ")}. Districts: the district the source reported, else the ${DISTRICT_LAYER} polygon holding the location, else Unknown.`;
}
