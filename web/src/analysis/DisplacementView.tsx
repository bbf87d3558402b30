/** Displacement: counts before and after in each area, the WDD with its parts and standard errors, the WDQ. */
import type { DisplacementResult } from "../api-analysis";
import { count, displacementReading, fmt, pValue } from "./readings";

const WDQ_READING: Record<string, string> = {
  "diffusion-greater-than-direct-effect": "diffusion of benefit greater than the direct effect",
  diffusion: "diffusion of benefit",
  "no-displacement-or-diffusion": "neither displacement nor diffusion",
  "displacement-less-than-direct-benefit": "displacement smaller than the direct benefit",
  "displacement-greater-than-direct-benefit": "displacement greater than the direct benefit",
};

export function DisplacementView(props: { answer: DisplacementResult; names: Record<string, string> }) {
  const a = props.answer;
  const w = a.wdd;
  const rows = [
    ["Target", a.counts.target, props.names.target],
    ["Control", a.counts.control, props.names.control],
    ["Buffer", a.counts.buffer, props.names.buffer],
    ["Buffer's control", a.counts.bufferControl, props.names.bufferControl ?? props.names.control],
  ] as const;
  return (
    <section aria-labelledby="displacement-result" className="analysis-result">
      <h2 id="displacement-result">
        Displacement: {a.metric}, before {a.before.from} to {a.before.to}, after {a.after.from} to{" "}
        {a.after.to}
      </h2>
      <p className="reading">{displacementReading(a)}</p>
      <div className="analysis-columns">
        <div className="table-scroll">
          <table className="compstat analysis-table">
            <caption>Events per area</caption>
            <thead>
              <tr>
                <th scope="col" className="rowhead">
                  Area
                </th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, c, name]) =>
                c ? (
                  <tr key={label}>
                    <th scope="row">
                      {label}
                      {name ? <span className="sub"> {name}</span> : null}
                    </th>
                    <td className="num">{count(c.before)}</td>
                    <td className="num">{count(c.after)}</td>
                  </tr>
                ) : null,
              )}
            </tbody>
          </table>
        </div>
        <div className="table-scroll">
          <table className="compstat analysis-table" data-testid="wdd-table">
            <caption>
              Weighted displacement difference <span className="sub">(Wheeler &amp; Ratcliffe 2018)</span>
            </caption>
            <thead>
              <tr>
                <th scope="col" className="rowhead">
                  Part
                </th>
                <th scope="col">Estimate</th>
                <th scope="col">Standard error</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Local (target vs control)</th>
                <td className="num">{fmt(w.estLocal, 1)}</td>
                <td className="num">{fmt(w.seLocal, 1)}</td>
              </tr>
              {a.counts.buffer && (
                <tr>
                  <th scope="row">Displacement (buffer vs its control)</th>
                  <td className="num">{fmt(w.estDisplacement, 1)}</td>
                  <td className="num">{fmt(w.seDisplacement, 1)}</td>
                </tr>
              )}
              <tr className="total">
                <th scope="row">WDD</th>
                <td className="num">{fmt(w.estTotal, 1)}</td>
                <td className="num">{fmt(w.seTotal, 1)}</td>
              </tr>
            </tbody>
          </table>
          <p className="small">
            z = {fmt(w.z)}, p = {pValue(w.pValue)}, 90% interval {fmt(w.lowCi, 1)} to {fmt(w.highCi, 1)}.
            Negative is a fall. After counts are scaled to the before period's length.
          </p>
          {a.wdq && (
            <p className="small">
              Weighted displacement quotient (Bowers &amp; Johnson 2003): {fmt(a.wdq.wdq)}
              {a.wdq.reading ? `: ${WDQ_READING[a.wdq.reading] ?? a.wdq.reading}` : ""}
              {a.wdq.reason ? ` (${a.wdq.reason})` : ""}.
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
