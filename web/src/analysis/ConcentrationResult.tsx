/** Crime concentration: the fewest places holding a share of events, the Gini family, the Lorenz curve. */
import type { ConcentrationRun } from "../api-analysis";
import { LorenzChart } from "./LorenzChart";
import { concentrationReading, count, fmt, pct } from "./readings";

export function ConcentrationResult(props: { answer: ConcentrationRun }) {
  const a = props.answer;
  const r = a.result;
  return (
    <section aria-labelledby="concentration-result" className="analysis-result">
      <h2 id="concentration-result">
        Concentration: {a.metric} in {a.layer} areas, {a.window.from} to {a.window.to}
      </h2>
      <p className="reading">{concentrationReading(a)}</p>
      {r.status === "ok" && (
        <div className="analysis-columns">
          <div>
            <div className="table-scroll">
              <table className="compstat analysis-table" data-testid="concentration-shares">
                <caption>Fewest places holding a share of events</caption>
                <thead>
                  <tr>
                    <th scope="col" className="rowhead">
                      Share of events
                    </th>
                    <th scope="col">Places</th>
                    <th scope="col">Share of places</th>
                    <th scope="col">Share of places with events</th>
                  </tr>
                </thead>
                <tbody>
                  {r.shares.map((s) => (
                    <tr key={s.eventShare}>
                      <th scope="row">{pct(s.eventShare, 0)}</th>
                      <td className="num">{count(s.places)}</td>
                      <td className="num">{pct(s.shareOfPlaces)}</td>
                      <td className="num">{pct(s.shareOfPlacesWithEvents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="table-scroll">
              <table className="compstat analysis-table" data-testid="concentration-gini">
                <caption>Gini coefficients</caption>
                <tbody>
                  <tr>
                    <th scope="row">Generalized Gini (Bernasco &amp; Steenbeek 2017)</th>
                    <td className="num">{fmt(r.generalizedGiniUnbiased, 3)}</td>
                  </tr>
                  <tr>
                    <th scope="row">Classic Gini</th>
                    <td className="num">{fmt(r.gini, 3)}</td>
                  </tr>
                  <tr>
                    <th scope="row">Places with events</th>
                    <td className="num">
                      {count(r.placesWithEvents)} of {count(r.places)}
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
            {a.topAreas && a.topAreas.length > 0 && (
              <div className="table-scroll">
                <table className="compstat analysis-table">
                  <caption>Most eventful areas</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="rowhead">
                        Area
                      </th>
                      <th scope="col">Events</th>
                      <th scope="col">Share</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.topAreas.map((t) => (
                      <tr key={t.name}>
                        <th scope="row">{t.name}</th>
                        <td className="num">{count(t.count)}</td>
                        <td className="num">{pct(t.count / r.events)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
          <LorenzChart result={r} layer={a.layer} />
        </div>
      )}
    </section>
  );
}
