/**
 * The Lorenz curve of a concentration result, drawn with Observable Plot: places from the most to the
 * least eventful along x, the share of events they hold along y, against the line of perfect equality
 * (and, when events are fewer than places, the line of the most equal spread the count allows). The
 * figure's caption and the table of points are its text alternative.
 */
import * as Plot from "@observablehq/plot";
import { useEffect, useRef } from "react";
import type { ConcentrationRun } from "../api-analysis";
import { pct } from "./readings";

type Ok = Extract<ConcentrationRun["result"], { status: "ok" }>;

export function LorenzChart(props: { result: Ok; layer: string }) {
  const r = props.result;
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.min(560, el.clientWidth || 560);
    const equalLine = [
      { places: 0, events: 0 },
      { places: r.maxEqualityShare, events: 1 },
      { places: 1, events: 1 },
    ];
    const chart = Plot.plot({
      width,
      height: Math.round(width * 0.8),
      marginLeft: 50,
      marginBottom: 44,
      style: { fontSize: "13px", color: "#1a1a1a", background: "transparent" },
      x: {
        label: "Share of places, most events first (%) →",
        domain: [0, 100],
        percent: true,
        grid: true,
        labelAnchor: "center",
        labelOffset: 38,
      },
      y: { label: "↑ Share of events (%)", domain: [0, 100], percent: true, grid: true },
      marks: [
        Plot.line(
          [
            [0, 0],
            [1, 1],
          ],
          { stroke: "#4a4a4a", strokeDasharray: "4,3" },
        ),
        ...(r.maxEqualityShare < 1
          ? [Plot.line(equalLine, { x: "places", y: "events", stroke: "#4a4a4a", strokeDasharray: "1,3" })]
          : []),
        Plot.line(r.lorenz, { x: "places", y: "events", stroke: "#0b4f8a", strokeWidth: 2.5 }),
        Plot.dot(r.lorenz, { x: "places", y: "events", fill: "#0b4f8a", r: 3, tip: true }),
      ],
    });
    chart.setAttribute("aria-hidden", "true");
    el.replaceChildren(chart);
    return () => chart.remove();
  }, [r]);

  return (
    <figure className="lorenz">
      <div ref={box} className="lorenz-plot" />
      <figcaption>
        Lorenz curve of events over {r.places} {props.layer} areas. The dashed diagonal is perfect equality;
        the further the curve bows above it, the more the events concentrate.
        {r.maxEqualityShare < 1
          ? " The dotted line is the most even spread possible with this few events."
          : ""}
      </figcaption>
      <details className="no-print">
        <summary>The curve's points as a table</summary>
        <table className="compstat analysis-table">
          <caption className="sr-only">Lorenz curve points</caption>
          <thead>
            <tr>
              <th scope="col">Share of places</th>
              <th scope="col">Share of events</th>
            </tr>
          </thead>
          <tbody>
            {r.lorenz.map((p) => (
              <tr key={`${p.places}-${p.events}`}>
                <td className="num">{pct(p.places)}</td>
                <td className="num">{pct(p.events)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
