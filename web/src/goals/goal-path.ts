/**
 * The actual and target paths of a goal from the engine's numbers (GoalStatus), at the three days the
 * engine evaluates: the start (0), the as-of day (observed; the target's allowance to date) and the
 * deadline (projected; the target count). The engine weights days by season, so between those days the
 * true paths curve; the chart joins the known points with straight lines and marks them.
 */
import type { GoalStatus } from "../../../src/compstat/report.js";

export interface PathPoint {
  readonly series: "Target" | "Actual" | "Projected";
  readonly date: Date;
  readonly value: number;
}

const day = (d: string) => new Date(`${d}T00:00:00Z`);

/** Null before the goal starts (nothing counted yet). */
export function goalPath(g: GoalStatus, asOf: string): PathPoint[] | null {
  if (asOf < g.start) return null;
  const end = asOf < g.deadline ? asOf : g.deadline;
  const factor = 1 + g.targetPercent / 100;
  const points: PathPoint[] = [
    { series: "Target", date: day(g.start), value: 0 },
    { series: "Target", date: day(end), value: g.expected * factor },
    { series: "Actual", date: day(g.start), value: 0 },
    { series: "Actual", date: day(end), value: g.observed },
  ];
  if (end < g.deadline) {
    points.push(
      { series: "Target", date: day(g.deadline), value: g.targetCount },
      { series: "Projected", date: day(end), value: g.observed },
      { series: "Projected", date: day(g.deadline), value: g.projected },
    );
  }
  return points;
}

/** Share of the goal's days gone by the as-of day, 0..100. */
export function elapsedPercent(g: GoalStatus, asOf: string): number {
  const n = (d: string) => day(d).getTime() / 86_400_000;
  const total = n(g.deadline) - n(g.start) + 1;
  const gone = Math.min(n(asOf), n(g.deadline)) - n(g.start) + 1;
  const p = (gone / total) * 100;
  return Number.isFinite(p) ? Math.min(100, Math.max(0, p)) : 0;
}
