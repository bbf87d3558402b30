/**
 * The Knox table: one row per distance band, one column per time band, each cell the Knox ratio (pairs
 * observed / expected under shuffled times) tinted by its p-value, with the counts beneath it.
 */
import type { NearRepeatAnswer } from "../api-analysis";
import { count, fmt, nearRepeatReading, pValue } from "./readings";

function tint(ratio: number | null, p: number): string | undefined {
  if (ratio === null || ratio <= 1) return undefined;
  if (p <= 0.001) return "knox-3";
  if (p <= 0.01) return "knox-2";
  if (p <= 0.05) return "knox-1";
  return undefined;
}

export function NearRepeatResult(props: { answer: NearRepeatAnswer }) {
  const a = props.answer;
  const k = a.knox;
  return (
    <section aria-labelledby="near-repeat-result" className="analysis-result">
      <h2 id="near-repeat-result">Near repeats: {a.description}</h2>
      <ul className="reading">
        {nearRepeatReading(a).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <div className="table-scroll">
        <table className="compstat analysis-table knox" data-testid="knox-table">
          <caption>
            Knox ratios{" "}
            <span className="sub">
              {count(a.events)} events, {count(k.pairs)} pairs, {count(k.permutations)} permutations (seed{" "}
              {k.seed}), {k.distance} distance
            </span>
          </caption>
          <thead>
            <tr>
              <th scope="col" className="rowhead">
                Distance (m) \ days apart
              </th>
              {k.timeLabels.map((t) => (
                <th scope="col" key={t}>
                  {t}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {k.spaceLabels.map((s, r) => (
              <tr key={s}>
                <th scope="row">{s}</th>
                {k.timeLabels.map((t, c) => {
                  const ratio = k.knoxRatio[r]?.[c] ?? null;
                  const p = k.pValue[r]?.[c] ?? 1;
                  return (
                    <td key={t} className={`num ${tint(ratio, p) ?? ""}`}>
                      <span className="ratio">{fmt(ratio)}</span>
                      <span className="counts">
                        {count(k.observed[r]?.[c] ?? 0)} / {fmt(k.expectedMean[r]?.[c] ?? null, 1)}
                      </span>
                      <span className="counts">p {pValue(p)}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="legend">
        Each cell: Knox ratio, then pairs observed / expected, then the p-value. Shaded cells have more pairs
        than chance: <span className="swatch knox-1">p ≤ 0.05</span>{" "}
        <span className="swatch knox-2">p ≤ 0.01</span> <span className="swatch knox-3">p ≤ 0.001</span>.
        Ratios and p-values come from {count(k.permutations)} random shuffles of the dates among the events
        (Ratcliffe's Near Repeat Calculator method).
      </p>
    </section>
  );
}
