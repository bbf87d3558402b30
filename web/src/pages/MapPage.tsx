/**
 * The map page (`/map`, signed in): boundaries, grid counts, kernel density, Gi* hot spots and, with a
 * stated purpose, incident points, over a plain background (or a configured basemap). What is counted and
 * which layers show live in the address bar; the figures behind each layer are in tables below the map.
 */
import "./MapPage.css";
import { useCallback, useEffect, useMemo, useState } from "react";
import {
  getAreas,
  getDensity,
  getGrid,
  getHotspots,
  getIncidents,
  getMapConfig,
  type MapSelection,
} from "../api-map";
import { ErrorBox, Loading } from "../components/Status";
import { DEFAULT_METRICS } from "../filters";
import { LayerTables } from "../map/LayerTables";
import { Legend } from "../map/Legend";
import { MapControls } from "../map/MapControls";
import { type MapData, MapView } from "../map/MapView";
import { searchFromView, type MapView as View, viewFromSearch } from "../map/mapSearch";
import { useLayer } from "../map/useLayer";
import type { PageProps } from "../page";
import { navigate } from "../router";

/** Roles that may run analyses and read records (the server's grant table decides; this only hides controls). */
const REVIEW_ROLES = new Set(["admin", "analyst", "commander"]);

interface IncidentRequest {
  readonly purpose: string;
  /** The selection the purpose was given for: a new selection needs a new, deliberate load. */
  readonly selKey: string;
  readonly nonce: number;
}

export function MapPage(props: PageProps) {
  const { search, me, onUnauthorized } = props;
  const view = useMemo(() => viewFromSearch(search), [search]);
  const sel: MapSelection = useMemo(
    () => ({ metric: view.metric, period: view.period, asOf: view.asOf }),
    [view.metric, view.period, view.asOf],
  );
  const selKey = JSON.stringify(sel);
  const canReview = REVIEW_ROLES.has(me.role);
  const [mapError, setMapError] = useState<string | null>(null);
  const [incidentReq, setIncidentReq] = useState<IncidentRequest | null>(null);

  const config = useLayer("config", true, (s) => getMapConfig(s));
  const layerNames = useMemo(() => config.data?.layers.map((l) => l.layer) ?? [], [config.data]);
  const areas = useLayer(`areas:${layerNames.join(",")}`, layerNames.length > 0, async (s) => {
    const all = await Promise.all(layerNames.map((l) => getAreas(l, s)));
    return Object.fromEntries(layerNames.map((l, i) => [l, all[i]!]));
  });
  const on = (o: string) => view.show.includes(o);
  const grid = useLayer(`grid:${selKey}:${view.cell}`, on("grid"), (s) => getGrid(sel, view.cell, s));
  const density = useLayer(`density:${selKey}:${view.bandwidth}`, on("density"), (s) =>
    getDensity(sel, view.bandwidth, s),
  );
  const hotspots = useLayer(`hotspots:${selKey}:${view.cell}`, canReview && on("hotspots"), (s) =>
    getHotspots(sel, view.cell, s),
  );
  const incReady = incidentReq !== null && incidentReq.selKey === selKey;
  const incidents = useLayer(`incidents:${selKey}:${incidentReq?.nonce ?? 0}`, canReview && incReady, (s) =>
    getIncidents(sel, incidentReq?.purpose ?? "", s),
  );

  const errors = [config, areas, grid, density, hotspots, incidents].map((l) => l.error);
  useEffect(() => {
    if (errors.some((e) => e?.status === 401)) onUnauthorized();
  });

  const data: MapData = useMemo(
    () => ({
      areas: Object.fromEntries(
        layerNames.map((l) => [l, view.show.includes(l) ? (areas.data?.[l] ?? null) : null]),
      ),
      grid: grid.data,
      density: density.data,
      hotspots: hotspots.data,
      incidents: incReady ? (incidents.data?.geojson ?? null) : null,
    }),
    [layerNames, view.show, areas.data, grid.data, density.data, hotspots.data, incidents.data, incReady],
  );

  const apply = useCallback((v: View) => navigate(`/map${searchFromView(v)}`), []);
  const loading = [config, areas, grid, density, hotspots, incidents].some((l) => l.loading);

  return (
    <>
      <MapControls
        view={view}
        metrics={DEFAULT_METRICS}
        areaLayers={layerNames}
        canAnalyse={canReview}
        canReadRecords={canReview}
        onApply={apply}
        incidents={{
          shown: incReady,
          loading: incidents.loading,
          load: (purpose) => setIncidentReq((r) => ({ purpose, selKey, nonce: (r?.nonce ?? 0) + 1 })),
          hide: () => setIncidentReq(null),
        }}
      />
      <Loading loading={loading} what="map layers" />
      <ErrorBox error={config.error} title="Could not load the map" />
      <ErrorBox error={areas.error} title="Could not load the boundaries" />
      <ErrorBox error={grid.error} title="Could not load grid counts" />
      <ErrorBox error={density.error} title="Could not load the kernel density" />
      <ErrorBox error={hotspots.error} title="Could not load hot spots" />
      <ErrorBox error={incidents.error} title="Could not load incidents" />
      {mapError && (
        <div className="error" role="alert">
          <strong>The map could not draw:</strong> {mapError}
        </div>
      )}
      {incReady && (
        <p className="notice">
          Incident points are shown for the stated purpose “{incidentReq?.purpose}”; this view was written to
          the audit log.
        </p>
      )}
      {config.data && (
        <div className="map-layout" aria-busy={loading}>
          <MapView config={config.data} data={data} onError={setMapError} />
          <Legend data={data} areaLayers={layerNames} />
        </div>
      )}
      <LayerTables
        grid={grid.data}
        density={density.data}
        hotspots={hotspots.data}
        incidents={incReady ? incidents.data : null}
      />
    </>
  );
}
