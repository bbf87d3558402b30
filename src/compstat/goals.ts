/**
 * Goal tracking: metric + area + baseline window + target change + deadline -> progress and a projection
 * to the deadline that respects seasonality.
 *
 * The baseline window gives an annual level B (its count divided by the seasonal share of the year it
 * covers). Over the goal's days the baseline "expects" B x (their seasonal share); the target allows that
 * times (1 + target%). Progress compares what happened from the start to the as-of date with what the
 * baseline expects for those same days; the projection carries that ratio through the remaining days'
 * seasonal share. The seasonal profile is the area's month-of-year shares over up to five full years
 * before the goal's start (the citywide profile when the area has fewer than 30 events, flat when the
 * city has fewer too), so a goal set in a quiet winter is not declared met in March.
 */
import type { Database } from "../store/db.js";
import { type Goal, listGoals } from "./config.js";
import { accumulate, emptyAccumulated } from "./counts.js";
import { type MetricDef, resolveMetrics } from "./metrics.js";
import { dateOf, dayNumber, yearOf } from "./periods.js";
import { dailyUnits } from "./query.js";
import type { GoalStatus, ReportWindow } from "./report.js";

const MIN_PROFILE_EVENTS = 30;

function win(id: string, start: string, end: string): ReportWindow {
  return {
    id,
    period: "goal",
    label: id,
    start,
    end,
    days: dayNumber(end) - dayNumber(start) + 1,
    year: yearOf(end),
  };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** Sum of day weights from `a` to `b` inclusive; share[m] is the month's share of a year. */
export function seasonalWeight(share: readonly number[], a: string, b: string): number {
  let total = 0;
  for (let d = dayNumber(a); d <= dayNumber(b); d++) {
    const date = new Date(d * 86_400_000);
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth();
    total += share[m]! / daysIn(y, m);
  }
  return total;
}

export interface GoalInputs {
  readonly baselineCount: number;
  readonly observed: number;
  readonly share: readonly number[];
}

/** The arithmetic of one goal, separated from the database for testing. */
export function evaluateGoal(
  goal: Goal,
  asOf: string,
  inputs: GoalInputs,
  seasonality: string,
  group: string,
): GoalStatus {
  const { share } = inputs;
  const level = inputs.baselineCount / seasonalWeight(share, goal.baselineStart, goal.baselineEnd);
  const expectedAll = level * seasonalWeight(share, goal.start, goal.deadline);
  const targetCount = expectedAll * (1 + goal.targetPercent / 100);
  const started = asOf >= goal.start;
  const end = asOf < goal.deadline ? asOf : goal.deadline;
  const expected = started ? level * seasonalWeight(share, goal.start, end) : 0;
  const observed = started ? inputs.observed : 0;
  const ratio = expected > 0 ? observed / expected : null;
  const rest =
    end < goal.deadline ? level * seasonalWeight(share, dateOf(dayNumber(end) + 1), goal.deadline) : 0;
  const projected = started ? observed + (ratio ?? 1) * rest : expectedAll;
  const better = (a: number, b: number) => (goal.targetPercent <= 0 ? a <= b : a >= b);
  let status: GoalStatus["status"];
  if (asOf >= goal.deadline) status = better(observed, targetCount) ? "met" : "missed";
  else if (!started || expected < 5) status = "too-early";
  else status = better(projected, targetCount) ? "on-track" : "off-track";
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    id: goal.id,
    label: goal.label,
    metric: goal.metric,
    group,
    baseline: { start: goal.baselineStart, end: goal.baselineEnd, count: inputs.baselineCount },
    start: goal.start,
    deadline: goal.deadline,
    targetPercent: goal.targetPercent,
    observed,
    expected: round1(expected),
    changeToDate: ratio === null ? null : round1((ratio - 1) * 100),
    projected: round1(projected),
    targetCount: round1(targetCount),
    status,
    seasonality,
  };
}

export async function goalStatuses(
  db: Database,
  opts: { asOf: string; metrics: readonly MetricDef[] },
): Promise<GoalStatus[]> {
  const goals = await listGoals(db);
  const out: GoalStatus[] = [];
  for (const goal of goals) out.push(await goalStatus(db, goal, opts.asOf, opts.metrics));
  return out;
}

export async function goalStatus(
  db: Database,
  goal: Goal,
  asOf: string,
  cityMetrics: readonly MetricDef[],
): Promise<GoalStatus> {
  const metric = resolveMetrics([goal.metric], cityMetrics)[0]!;
  const group = goal.layer && goal.area ? `${goal.layer}:${goal.area}` : "citywide";
  const startYear = yearOf(goal.start);
  const profileYears = Array.from({ length: 5 }, (_, i) => startYear - 5 + i);
  const months: ReportWindow[] = profileYears.flatMap((y) =>
    Array.from({ length: 12 }, (_, m) =>
      win(
        `m:${y}:${m}`,
        `${y}-${String(m + 1).padStart(2, "0")}-01`,
        dateOf(Date.UTC(y, m + 1, 0) / 86_400_000),
      ),
    ),
  );
  const end = asOf < goal.deadline ? asOf : goal.deadline;
  const windows = [win("baseline", goal.baselineStart, goal.baselineEnd), ...months];
  if (asOf >= goal.start) windows.push(win("observed", goal.start, end));
  const from = [goal.baselineStart, `${profileYears[0]}-01-01`].sort()[0]!;
  const to = [goal.baselineEnd, end, `${startYear - 1}-12-31`].sort().at(-1)!;
  const acc = emptyAccumulated();
  const rows = await dailyUnits(db, {
    source: metric.source,
    metrics: [metric],
    grouping: { layers: goal.layer ? [goal.layer] : [], cross: [] },
    from,
    to,
    asOf,
    snapshot: null,
    clearance: false,
  });
  accumulate(rows, windows, 1, [0], acc);
  const get = (g: string, id: string) => acc.counts.get(g)?.get(id)?.units[0] ?? 0;
  // Only full years with data count toward the profile (a year before the data began would flatten it).
  const profile = (g: string) => {
    const years = profileYears.filter((y) =>
      months.some((m) => m.id.startsWith(`m:${y}:`) && get(g, m.id) > 0),
    );
    const byMonth = Array.from({ length: 12 }, (_, m) =>
      years.reduce((a, y) => a + get(g, `m:${y}:${m}`), 0),
    );
    return { years, byMonth, total: byMonth.reduce((a, b) => a + b, 0) };
  };
  let p = profile(group);
  let seasonality = `${group === "citywide" ? "citywide" : "area"} history ${p.years[0]}-${p.years.at(-1)}, by month`;
  if (p.total < MIN_PROFILE_EVENTS && group !== "citywide") {
    p = profile("citywide");
    seasonality = `citywide history ${p.years[0]}-${p.years.at(-1)}, by month (the area had too few events)`;
  }
  let share: number[];
  if (p.total < MIN_PROFILE_EVENTS) {
    share = Array.from({ length: 12 }, (_, m) => daysIn(2001, m) / 365);
    seasonality = "flat (fewer than 30 events in the five years before the start)";
  } else {
    // Half an event added to each month, so a month that happened to be empty is not impossible.
    share = p.byMonth.map((n) => (n + 0.5) / (p.total + 6));
  }
  return evaluateGoal(
    goal,
    asOf,
    { baselineCount: get(group, "baseline"), observed: get(group, "observed"), share },
    seasonality,
    group,
  );
}
