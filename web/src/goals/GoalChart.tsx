/** A small Observable Plot chart of a goal's actual count against its target path, with a text caption. */
import * as Plot from "@observablehq/plot";
import { useEffect, useMemo, useRef } from "react";
import type { GoalStatus } from "../../../src/compstat/report.js";
import { formatCount, formatMean } from "../format";
import { goalPath } from "./goal-path";

/** Distinct hues, each at least 3:1 against white; the lines also differ by dash. */
const COLORS = { Target: "#8a4b00", Actual: "#0b4f8a", Projected: "#5a5a5a" };

export function GoalChart({ goal, asOf }: { goal: GoalStatus; asOf: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const points = useMemo(() => goalPath(goal, asOf), [goal, asOf]);

  useEffect(() => {
    const el = ref.current;
    if (!el || !points) return;
    const chart = Plot.plot({
      width: 340,
      height: 170,
      marginLeft: 44,
      style: { fontSize: "11px", color: "#1a1a1a", background: "transparent" },
      x: { type: "utc", label: null, ticks: 4 },
      y: { label: "count", grid: true, zero: true },
      color: {
        domain: ["Target", "Actual", "Projected"],
        range: [COLORS.Target, COLORS.Actual, COLORS.Projected],
        legend: true,
      },
      marks: [
        Plot.line(
          points.filter((p) => p.series === "Target"),
          { x: "date", y: "value", stroke: "series", strokeWidth: 2, strokeDasharray: "2,3" },
        ),
        Plot.line(
          points.filter((p) => p.series === "Actual"),
          { x: "date", y: "value", stroke: "series", strokeWidth: 2.5 },
        ),
        Plot.line(
          points.filter((p) => p.series === "Projected"),
          { x: "date", y: "value", stroke: "series", strokeWidth: 2, strokeDasharray: "6,3" },
        ),
        Plot.dot(points, { x: "date", y: "value", fill: "series", r: 3 }),
      ],
    });
    chart.setAttribute("aria-hidden", "true");
    el.replaceChildren(chart);
    return () => chart.remove();
  }, [points]);

  if (!points) return <p className="small">Nothing counted yet: the goal starts on {goal.start}.</p>;
  const end = asOf < goal.deadline ? asOf : goal.deadline;
  const allowed = goal.expected * (1 + goal.targetPercent / 100);
  return (
    <figure className="goal-chart">
      <div ref={ref} />
      <figcaption className="small">
        Actual {formatCount(goal.observed)} from {goal.start} to {end} against {formatMean(allowed)} on the
        target path
        {end < goal.deadline
          ? `; projected ${formatMean(goal.projected)} by ${goal.deadline} against a target of ${formatMean(goal.targetCount)}`
          : `; the target allowed ${formatMean(goal.targetCount)}`}
        . Lines join the start, the as-of day and the deadline.
      </figcaption>
    </figure>
  );
}
