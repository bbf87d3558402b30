/**
 * The map API's client: the map's configuration, area boundaries, and the event layers (grid counts,
 * kernel density, Gi* hot spots, incident points). Types come from the server's own modules.
 */
import type { FeatureCollection, MultiPolygon, Point, Polygon } from "geojson";
import type { GridCellProperties } from "../../src/analysis/grid.js";
import type { GridCountSummary, KdeSummary } from "../../src/app/density.js";
import type { HotspotCell, HotspotResult } from "../../src/app/hotspots.js";
import type { AreaProperties, MapConfig } from "../../src/app/map-areas.js";
import type { IncidentPointProperties, IncidentPoints } from "../../src/app/map-incidents.js";
import { request, toSearch } from "./api";

export type { HotspotCell, IncidentPointProperties };

/** The event selection every event layer takes (the CompStat definitions' names). */
export interface MapSelection {
  readonly metric: string;
  readonly period: string;
  /** Empty: the last day with data. */
  readonly asOf: string;
}

export interface MapConfigAnswer extends MapConfig {
  /** A MapLibre style URL drawn under our layers; null: the offline style (plain background). */
  readonly basemapUrl: string | null;
}

/** What every event layer's answer starts with. */
export interface LayerHeader {
  readonly description: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly events: number;
  readonly unlocated: number;
}

export type GridAnswer = LayerHeader &
  GridCountSummary & { readonly geojson: FeatureCollection<Polygon, GridCellProperties> };

export interface ContourFeatureProperties {
  readonly level: number;
  readonly mass: number | null;
  /** Share of the density the contour holds (0.5, 0.75, 0.9). */
  readonly share: number | null;
  readonly perKm2: number;
}
export type DensityAnswer = LayerHeader &
  KdeSummary & { readonly geojson: FeatureCollection<MultiPolygon, ContourFeatureProperties> };

export type HotspotAnswer = LayerHeader &
  HotspotResult & { readonly geojson: FeatureCollection<Polygon, HotspotCell> };

export type IncidentAnswer = IncidentPoints;

export type AreaAnswer = FeatureCollection<Polygon | MultiPolygon, AreaProperties>;
export type IncidentFeatures = FeatureCollection<Point, IncidentPointProperties>;

const query = (s: MapSelection, extra: Record<string, string | undefined> = {}) =>
  toSearch({ metric: s.metric, period: s.period, asOf: s.asOf || undefined, ...extra });

export function getMapConfig(signal?: AbortSignal): Promise<MapConfigAnswer> {
  return request<MapConfigAnswer>("GET", "/api/map/config", undefined, signal);
}

export function getAreas(layer: string, signal?: AbortSignal): Promise<AreaAnswer> {
  return request<AreaAnswer>("GET", `/api/map/areas${toSearch({ layer })}`, undefined, signal);
}

export function getGrid(s: MapSelection, cell: string, signal?: AbortSignal): Promise<GridAnswer> {
  return request<GridAnswer>("GET", `/api/map/grid${query(s, { cell })}`, undefined, signal);
}

export function getDensity(s: MapSelection, bandwidth: string, signal?: AbortSignal): Promise<DensityAnswer> {
  return request<DensityAnswer>("GET", `/api/map/density${query(s, { bandwidth })}`, undefined, signal);
}

export function getHotspots(s: MapSelection, cell: string, signal?: AbortSignal): Promise<HotspotAnswer> {
  return request<HotspotAnswer>("GET", `/api/map/hotspots${query(s, { cell })}`, undefined, signal);
}

/** Record-level: the server refuses without a purpose and logs every answer. */
export function getIncidents(
  s: MapSelection,
  purpose: string,
  signal?: AbortSignal,
): Promise<IncidentAnswer> {
  return request<IncidentAnswer>("GET", `/api/map/incidents${query(s, { purpose })}`, undefined, signal);
}
