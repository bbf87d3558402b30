/** Gi* hot spots: cells hot and cold at each confidence level, the reading, and the most significant cells. */
import type { HotspotAnalysis } from "../api-analysis";
import { Link } from "../router";
import { count, fmt, hotspotReading, pValue } from "./readings";

const CLASS_LABEL: Record<string, string> = {
  "hot-99": "Hot, 99%",
  "hot-95": "Hot, 95%",
  "hot-90": "Hot, 90%",
  "cold-99": "Cold, 99%",
  "cold-95": "Cold, 95%",
  "cold-90": "Cold, 90%",
};

export function HotspotsResult(props: { answer: HotspotAnalysis; query: string }) {
  const a = props.answer;
  const s = a.summary;
  const shown = a.cells.slice(0, 25);
  return (
    <section aria-labelledby="hotspots-result" className="analysis-result">
      <h2 id="hotspots-result">Hot spots: {s.description}</h2>
      <p className="reading">{hotspotReading(a)}</p>
      <p className="no-print">
        <Link to={`/map?layer=hotspots&${props.query}`}>Show these cells on the map</Link>
      </p>
      <div className="table-scroll">
        <table className="compstat analysis-table" data-testid="hotspot-summary">
          <caption>
            Cells by confidence{" "}
            <span className="sub">
              {count(a.cellsTested)} cells of {s.cellSize} m tested, {count(s.events)} located events
              {s.unlocated ? `, ${count(s.unlocated)} without a location left out` : ""}
            </span>
          </caption>
          <thead>
            <tr>
              <th scope="col" className="rowhead">
                Cells
              </th>
              <th scope="col">99% or more</th>
              <th scope="col">95% or more</th>
              <th scope="col">90% or more</th>
            </tr>
          </thead>
          <tbody>
            {(["hot", "cold"] as const).map((side) => (
              <tr key={side}>
                <th scope="row">{side === "hot" ? "Hot spots" : "Cold spots"}</th>
                <td className="num">{count(a[side].p99)}</td>
                <td className="num">{count(a[side].p95)}</td>
                <td className="num">{count(a[side].p90)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length > 0 && (
        <div className="table-scroll">
          <table className="compstat analysis-table">
            <caption>
              Most significant cells{" "}
              <span className="sub">
                {shown.length} of {count(a.significantCells)}, hottest first
              </span>
            </caption>
            <thead>
              <tr>
                <th scope="col" className="rowhead">
                  Cell centre (lat, lon)
                </th>
                <th scope="col">Events</th>
                <th scope="col">Gi* z</th>
                <th scope="col">{s.fdr ? "p (FDR-adjusted)" : "p"}</th>
                <th scope="col">Class</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => (
                <tr key={c.cell}>
                  <th scope="row">
                    {fmt(c.lat, 5)}, {fmt(c.lon, 5)}
                  </th>
                  <td className="num">{count(c.count)}</td>
                  <td className="num">{fmt(c.z)}</td>
                  <td className="num">{pValue(c.pAdjusted)}</td>
                  <td className={c.class.startsWith("hot") ? "hot" : "cold"}>
                    {CLASS_LABEL[c.class] ?? c.class}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="small">{s.method}</p>
    </section>
  );
}
