/** One legend entry per layer on the map, in the order they are drawn from the top. */

import { areaColor, DENSITY_COLORS, GRID_RAMP, HOTSPOT_COLORS, INCIDENT_COLOR, layerLabel } from "./layers";
import type { MapData } from "./MapView";
import { gridMax } from "./MapView";

export function Legend(props: { data: MapData; areaLayers: readonly string[] }) {
  const { data } = props;
  const shownAreas = props.areaLayers
    .map((layer, i) => ({ layer, i }))
    .filter(({ layer }) => data.areas[layer]);
  if (!shownAreas.length && !data.grid && !data.density && !data.hotspots && !data.incidents) return null;
  return (
    <section className="map-legend" aria-label="Legend">
      <h2 className="sr-only">Legend</h2>
      {data.incidents && (
        <div>
          <h3>Incidents</h3>
          <p>
            <span className="swatch dot" style={{ background: INCIDENT_COLOR }} aria-hidden="true" /> One
            incident ({data.incidents.features.length.toLocaleString("en-US")} shown)
          </p>
        </div>
      )}
      {data.hotspots && (
        <div>
          <h3>Hot spots (Gi*, {data.hotspots.cellSize} m cells)</h3>
          <ul>
            {HOTSPOT_COLORS.map((h) => (
              <li key={h.cls}>
                <span className="swatch" style={{ background: h.color }} aria-hidden="true" /> {h.label}
              </li>
            ))}
          </ul>
        </div>
      )}
      {data.grid && (
        <div>
          <h3>Events per {data.grid.cellSize} m cell</h3>
          <p className="ramp-row">
            <span>1</span>
            <span
              className="ramp"
              style={{ background: `linear-gradient(to right, ${GRID_RAMP.join(", ")})` }}
              aria-hidden="true"
            />
            <span>{gridMax(data.grid).toLocaleString("en-US")}</span>
          </p>
        </div>
      )}
      {data.density && (
        <div>
          <h3>Kernel density</h3>
          <ul>
            {DENSITY_COLORS.map((d) => (
              <li key={d.share}>
                <span className="swatch" style={{ background: d.color, opacity: 0.7 }} aria-hidden="true" />{" "}
                Smallest area holding {Math.round(d.share * 100)}% of the density
              </li>
            ))}
          </ul>
        </div>
      )}
      {shownAreas.length > 0 && (
        <div>
          <h3>Boundaries</h3>
          <ul>
            {shownAreas.map(({ layer, i }) => (
              <li key={layer}>
                <span
                  className="swatch line"
                  style={{ borderColor: areaColor(layer, i) }}
                  aria-hidden="true"
                />{" "}
                {layerLabel(layer)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
