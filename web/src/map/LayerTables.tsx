/**
 * The map's figures as tables, for keyboard and screen-reader users and for print: the map is
 * supplementary. One short table per active analysis layer (the busiest cells, the hot spots, the density
 * contours, the newest incidents), each with the cell's centre so it can be found on the map.
 */
import type { Polygon } from "geojson";
import type { DensityAnswer, GridAnswer, HotspotAnswer, IncidentAnswer } from "../api-map";
import { hotspotLabel } from "./popup";

const TOP = 10;
const int = (n: number) => n.toLocaleString("en-US");
const fixed = (n: number | null, d: number) =>
  n === null ? "–" : n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

/** Centre of a square cell, as "lat, lon" with 5 decimals (about a metre). */
function centre(g: Polygon): string {
  const ring = g.coordinates[0] ?? [];
  const corners = ring.slice(0, 4);
  const lon = corners.reduce((s, p) => s + p[0]!, 0) / corners.length;
  const lat = corners.reduce((s, p) => s + p[1]!, 0) / corners.length;
  return `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}

function GridTable({ grid }: { grid: GridAnswer }) {
  const top = [...grid.geojson.features]
    .sort((a, b) => b.properties.count - a.properties.count || a.properties.cell - b.properties.cell)
    .slice(0, TOP);
  return (
    <div className="table-scroll">
      <table className="compstat map-table" data-layer="grid">
        <caption>
          Busiest {grid.cellSize} m grid cells
          <span className="sub">
            {grid.description}: {int(grid.events)} located events in {int(grid.geojson.features.length)} cells
            {grid.unlocated ? `; ${int(grid.unlocated)} without a location` : ""}
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col" className="rowhead">
              Rank
            </th>
            <th scope="col" className="num">
              Events
            </th>
            <th scope="col" className="num">
              Cell centre (lat, lon)
            </th>
            <th scope="col" className="num">
              Row, column
            </th>
          </tr>
        </thead>
        <tbody>
          {top.map((f, i) => (
            <tr key={f.properties.cell}>
              <th scope="row">{i + 1}</th>
              <td className="num">{int(f.properties.count)}</td>
              <td className="num">{centre(f.geometry)}</td>
              <td className="num">
                {f.properties.row}, {f.properties.col}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HotspotTable({ hs }: { hs: HotspotAnswer }) {
  const where = new Map(hs.geojson.features.map((f) => [f.properties.cell, f.geometry] as const));
  const hot = hs.significant.filter((c) => c.class.startsWith("hot")).slice(0, TOP);
  return (
    <div className="table-scroll">
      <table className="compstat map-table" data-layer="hotspots">
        <caption>
          Hot spot cells, highest z-score first
          <span className="sub">
            {int(hs.significant.filter((c) => c.class.startsWith("hot")).length)} hot and{" "}
            {int(hs.significant.filter((c) => c.class.startsWith("cold")).length)} cold cells of {hs.cellSize}{" "}
            m (neighbours within {Math.round(hs.threshold)} m{hs.fdr ? ", FDR-adjusted" : ""})
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col" className="rowhead">
              Class
            </th>
            <th scope="col" className="num">
              Events
            </th>
            <th scope="col" className="num">
              z
            </th>
            <th scope="col" className="num">
              p (adjusted)
            </th>
            <th scope="col" className="num">
              Cell centre (lat, lon)
            </th>
          </tr>
        </thead>
        <tbody>
          {hot.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                No significant hot spot {hs.status === "ok" ? "" : `(${hs.status})`}
              </td>
            </tr>
          )}
          {hot.map((c) => {
            const g = where.get(c.cell);
            return (
              <tr key={c.cell}>
                <th scope="row">{hotspotLabel(c.class)}</th>
                <td className="num">{int(c.count)}</td>
                <td className="num">{fixed(c.z, 2)}</td>
                <td className="num">{fixed(c.pAdjusted, 4)}</td>
                <td className="num">{g ? centre(g) : "–"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function DensityTable({ d }: { d: DensityAnswer }) {
  return (
    <div className="table-scroll">
      <table className="compstat map-table" data-layer="density">
        <caption>
          Kernel density contours
          <span className="sub">
            {d.description}: {int(d.events)} events, quartic kernel, search radius{" "}
            {d.bandwidth === null ? "–" : `${Math.round(d.bandwidth)} m`}; peak {fixed(d.peakPerKm2, 2)} per
            km²
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col" className="rowhead">
              Share of the density inside
            </th>
            <th scope="col" className="num">
              Density at the contour (per km²)
            </th>
          </tr>
        </thead>
        <tbody>
          {d.contours.map((c) => (
            <tr key={c.massShare}>
              <th scope="row">{Math.round(c.massShare * 100)}%</th>
              <td className="num">{fixed(c.densityPerKm2, 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function IncidentTable({ inc }: { inc: IncidentAnswer }) {
  const rows = inc.geojson.features.slice(0, TOP);
  return (
    <div className="table-scroll">
      <table className="compstat map-table" data-layer="incidents">
        <caption>
          Newest incidents
          <span className="sub">
            {int(inc.geojson.features.length)} of {int(inc.located)} located incidents on the map
            {inc.truncated ? ` (the oldest ${int(inc.truncated)} left out)` : ""}
            {inc.unlocated ? `; ${int(inc.unlocated)} without a location` : ""}
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col" className="rowhead">
              Incident
            </th>
            <th scope="col">When</th>
            <th scope="col">Offenses</th>
            <th scope="col">Address</th>
            <th scope="col">District</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => (
            <tr key={f.properties.id}>
              <th scope="row">{f.properties.id}</th>
              <td>{f.properties.occurredAt}</td>
              <td>{f.properties.offenses.join(", ")}</td>
              <td>{f.properties.address ?? "–"}</td>
              <td>{f.properties.district}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LayerTables(props: {
  grid: GridAnswer | null;
  density: DensityAnswer | null;
  hotspots: HotspotAnswer | null;
  incidents: IncidentAnswer | null;
}) {
  const { grid, density, hotspots, incidents } = props;
  if (!grid && !density && !hotspots && !incidents) return null;
  return (
    <section className="map-tables" aria-label="Map figures as tables">
      <h2>Figures on the map</h2>
      {hotspots && <HotspotTable hs={hotspots} />}
      {grid && <GridTable grid={grid} />}
      {density && <DensityTable d={density} />}
      {incidents && <IncidentTable inc={incidents} />}
    </section>
  );
}
