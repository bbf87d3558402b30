/**
 * Monthly trend charts under the tables: each metric's count by month against the expected range from the
 * same months of earlier years (GET /api/compstat/trend; the band is where the tables' Poisson z stays
 * within +-2, so a dot outside it is a month the tables would flag). Every chart has a table beside it
 * (in a <details>) as its text alternative.
 */
import * as Plot from "@observablehq/plot";
import { useEffect, useRef, useState } from "react";
import type { TrendPoint, TrendReport, TrendSeries } from "../../../src/compstat/trend.js";
import { ApiError, request, toSearch } from "../api";
import { ErrorBox, Loading } from "./Status";

const FLAG_COLOUR = { notable: "#8a3b00", elevated: "#c25e00", none: "#0b4f8a" } as const;

function Chart(props: { series: TrendSeries }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const pts = props.series.points
      .filter((p) => p.count !== null)
      .map((p) => ({ ...p, date: new Date(`${p.month}-01T00:00:00Z`) }));
    const plot = Plot.plot({
      width: Math.min(640, el.clientWidth || 640),
      height: 200,
      marginLeft: 44,
      style: { fontSize: "12px", color: "#1a1a1a" },
      x: { type: "utc", label: null },
      y: { grid: true, label: "count", zero: true },
      marks: [
        Plot.areaY(pts, { x: "date", y1: "low", y2: "high", fill: "#d9e2ec", curve: "step-after" }),
        Plot.lineY(pts, {
          x: "date",
          y: "expected",
          stroke: "#4a4a4a",
          strokeDasharray: "4,3",
          curve: "step-after",
        }),
        Plot.lineY(pts, { x: "date", y: "count", stroke: "#0b4f8a", strokeWidth: 2 }),
        Plot.dot(pts, {
          x: "date",
          y: "count",
          r: 3.5,
          fill: (d: TrendPoint) => (d.partial ? "#ffffff" : FLAG_COLOUR[d.flag ?? "none"]),
          stroke: (d: TrendPoint) => FLAG_COLOUR[d.flag ?? "none"],
          title: (d: TrendPoint) =>
            `${d.month}${d.partial ? ` (through ${d.through})` : ""}: ${d.count}; expected ${d.expected?.toFixed(1) ?? "n/a"}`,
        }),
      ],
    });
    plot.setAttribute("aria-hidden", "true");
    el.replaceChildren(plot);
    return () => plot.remove();
  }, [props.series]);
  return <div ref={ref} className="trend-plot" />;
}

function TrendTable(props: { series: TrendSeries }) {
  return (
    <details className="trend-table">
      <summary>{props.series.label}: the numbers</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Count</th>
            <th scope="col">Expected</th>
            <th scope="col">Expected range</th>
            <th scope="col">z</th>
          </tr>
        </thead>
        <tbody>
          {props.series.points.map((p) => (
            <tr key={p.month}>
              <th scope="row">
                {p.month}
                {p.partial ? ` (to ${p.through.slice(8)})` : ""}
              </th>
              <td>{p.count ?? "no data"}</td>
              <td>{p.expected === null ? "–" : p.expected.toFixed(1)}</td>
              <td>{p.low === null || p.high === null ? "–" : `${p.low.toFixed(1)}–${p.high.toFixed(1)}`}</td>
              <td>
                {p.z === null ? "–" : p.z.toFixed(2)}
                {p.flag === "notable" ? " **" : p.flag === "elevated" ? " *" : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function TrendCharts(props: { metrics: readonly string[]; area: string; asOf: string }) {
  const [trend, setTrend] = useState<TrendReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const key = `${props.metrics.join(",")}|${props.area}|${props.asOf}`;
  useEffect(() => {
    const [metric, area, asOf] = key.split("|");
    const controller = new AbortController();
    setLoading(true);
    request<TrendReport>(
      "GET",
      `/api/compstat/trend${toSearch({ metric, area, asOf, months: "24", baselineYears: "3" })}`,
      undefined,
      controller.signal,
    ).then(
      (t) => {
        setTrend(t);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e instanceof ApiError ? e : new ApiError(0, "internal", String(e)));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [key]);
  return (
    <section className="trends" aria-labelledby="trends-heading">
      <h2 id="trends-heading">
        Monthly trend{trend && trend.group !== "citywide" ? `: ${trend.group}` : ", citywide"}
      </h2>
      <Loading loading={loading} what="trends" />
      <ErrorBox error={error} title="Could not load the trends" />
      {trend && (
        <>
          <p className="legend">
            Line: count per month; dashed: expected (mean of the same days in the {trend.baselineYears} years
            before); band: the expected range, outside which a month is elevated (orange dot, |z| ≥ 2). Hollow
            dot: the month so far.
          </p>
          <div className="trend-grid">
            {trend.series.map((s) => (
              <figure key={s.metric} className="trend">
                <figcaption>{s.label}</figcaption>
                <Chart series={s} />
                <TrendTable series={s} />
              </figure>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
