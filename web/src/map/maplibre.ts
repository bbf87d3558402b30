/**
 * MapLibre GL, loaded on demand: the map page imports this module dynamically, so the library (about
 * 1 MB), its CSS and its worker stay out of the bundle every other page loads. The worker is served from
 * our own origin (the CSP allows workers from 'self' and blob: only), not from a CDN.
 */
import "maplibre-gl/dist/maplibre-gl.css";
import { setWorkerUrl } from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";

// MapLibre looks for its worker next to its own module, which the bundler renames and moves.
setWorkerUrl(workerUrl);

export {
  type GeoJSONSource,
  Map,
  type MapGeoJSONFeature,
  NavigationControl,
  Popup,
  ScaleControl,
} from "maplibre-gl";
