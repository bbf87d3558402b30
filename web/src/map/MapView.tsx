/**
 * The MapLibre map: created once per configuration, then fed GeoJSON through its sources as layers load.
 * A click shows the clicked feature's values in a popup (built from DOM nodes, never HTML strings: the
 * values include addresses from source data). The canvas keeps its drawing buffer so the map prints.
 *
 * The container carries `data-idle="true"` once MapLibre has drawn everything it was given, and the map
 * instance as `maplibreMap`, so end-to-end tests (and an analyst in the console) can query what is drawn.
 */
import type { FeatureCollection } from "geojson";
import { useEffect, useMemo, useRef, useState } from "react";
import type {
  AreaAnswer,
  DensityAnswer,
  GridAnswer,
  HotspotAnswer,
  IncidentFeatures,
  MapConfigAnswer,
} from "../api-map";
import { areaSource, clickable, gridColor, layers, OVERLAYS, offlineStyle, sources } from "./layers";
import type { GeoJSONSource, MapGeoJSONFeature, Map as MapLibreMap } from "./maplibre";
import { describeFeature } from "./popup";

export interface MapData {
  readonly areas: Readonly<Record<string, AreaAnswer | null>>;
  readonly grid: GridAnswer | null;
  readonly density: DensityAnswer | null;
  readonly hotspots: HotspotAnswer | null;
  readonly incidents: IncidentFeatures | null;
}

const EMPTY: FeatureCollection = { type: "FeatureCollection", features: [] };

export function MapView(props: {
  config: MapConfigAnswer;
  data: MapData;
  onError: (message: string) => void;
}) {
  const { config, data, onError } = props;
  const container = useRef<HTMLElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;
  const areaLayers = useMemo(() => config.layers.map((l) => l.layer), [config]);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let cancelled = false;
    let created: MapLibreMap | null = null;
    el.dataset.idle = "false";
    import("./maplibre").then(
      (ml) => {
        if (cancelled) return;
        const m = new ml.Map({
          container: el,
          style: config.basemapUrl ?? offlineStyle(),
          ...(config.bounds ? { bounds: config.bounds, fitBoundsOptions: { padding: 24 } } : {}),
          canvasContextAttributes: { preserveDrawingBuffer: true },
          attributionControl: config.basemapUrl ? { compact: true } : false,
        });
        created = m;
        Object.assign(el, { maplibreMap: m });
        m.addControl(new ml.NavigationControl({ showCompass: false }), "top-right");
        m.addControl(new ml.ScaleControl({ unit: "imperial" }), "bottom-left");
        let loaded = false;
        let fellBack = false;
        m.on("load", () => {
          loaded = true;
          for (const s of sources(areaLayers)) m.addSource(s.id, s.spec);
          for (const l of layers(areaLayers, 1)) m.addLayer(l);
          setMap(m);
        });
        m.on("idle", () => {
          el.dataset.idle = "true";
        });
        m.on("error", (e) => {
          // An unreachable basemap (offline, a moved style) must not cost the analysis layers.
          if (!loaded && config.basemapUrl && !fellBack) {
            fellBack = true;
            m.setStyle(offlineStyle());
            onErrorRef.current(
              `the basemap (${config.basemapUrl}) did not load, so the layers are drawn on a plain background`,
            );
            return;
          }
          onErrorRef.current(e.error?.message ?? "the map could not draw a layer");
        });
        const targets = () => clickable(areaLayers).filter((id) => m.getLayer(id));
        m.on("click", (e) => {
          const hit: MapGeoJSONFeature | undefined = m.queryRenderedFeatures(e.point, {
            layers: targets(),
          })[0];
          if (!hit) return;
          new ml.Popup({ maxWidth: "320px" })
            .setLngLat(e.lngLat)
            .setDOMContent(describeFeature(hit.layer.id, hit.properties))
            .addTo(m);
        });
        m.on("mousemove", (e) => {
          const over = m.queryRenderedFeatures(e.point, { layers: targets() }).length > 0;
          m.getCanvas().style.cursor = over ? "pointer" : "";
        });
      },
      (e: unknown) => onErrorRef.current(`the map library did not load: ${String(e)}`),
    );
    return () => {
      cancelled = true;
      created?.remove();
      setMap(null);
    };
  }, [config, areaLayers]);

  // Every data change: new GeoJSON into the sources, and only layers with data shown.
  useEffect(() => {
    if (!map) return;
    const el = container.current;
    if (el) el.dataset.idle = "false";
    const put = (id: string, fc: FeatureCollection | null) => {
      (map.getSource(id) as GeoJSONSource | undefined)?.setData(fc ?? EMPTY);
    };
    const show = (id: string, on: boolean) => {
      if (map.getLayer(id)) map.setLayoutProperty(id, "visibility", on ? "visible" : "none");
    };
    for (const layer of areaLayers) {
      const fc = data.areas[layer] ?? null;
      put(areaSource(layer), fc);
      show(`${areaSource(layer)}:fill`, fc !== null);
      show(`${areaSource(layer)}:line`, fc !== null);
    }
    const overlays: Record<(typeof OVERLAYS)[number], FeatureCollection | null> = {
      grid: data.grid?.geojson ?? null,
      density: data.density?.geojson ?? null,
      hotspots: data.hotspots?.geojson ?? null,
      incidents: data.incidents,
    };
    for (const id of OVERLAYS) {
      put(id, overlays[id]);
      show(id, overlays[id] !== null);
    }
    if (data.grid) map.setPaintProperty("grid", "fill-color", gridColor(gridMax(data.grid)));
    // Nothing changed on screen means no render and no `idle`: trigger one so the state stays true.
    map.triggerRepaint();
  }, [map, data, areaLayers]);

  return (
    <section ref={container} className="map-view" aria-label="Map (the tables below give the same figures)" />
  );
}

/** The busiest cell's count (the top of the grid's colour ramp). */
export function gridMax(grid: GridAnswer): number {
  let max = 0;
  for (const f of grid.geojson.features) if (f.properties.count > max) max = f.properties.count;
  return max;
}
