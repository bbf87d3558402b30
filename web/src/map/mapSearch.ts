/**
 * The map's view in the address bar: `/map?metric=part1-violent&period=28d&asOf=2025-09-30&show=district,grid`
 * uses the API's own parameter names, so a map can be bookmarked, shared and reloaded. Incident points are
 * never part of the address: each load needs a stated purpose and is logged.
 */

export interface MapView {
  readonly metric: string;
  readonly period: string;
  readonly asOf: string;
  /** Boundary layers and analysis overlays shown (not incidents). */
  readonly show: readonly string[];
  /** Grid and hot spot cell size, metres; empty: the server's default (150). */
  readonly cell: string;
  /** Kernel density search radius, metres; empty: the server's default rule. */
  readonly bandwidth: string;
}

export const DEFAULT_VIEW: MapView = {
  metric: "nonfatal-shootings",
  period: "ytd",
  asOf: "",
  show: ["district", "focus_area", "grid"],
  cell: "",
  bandwidth: "",
};

export function viewFromSearch(search: string): MapView {
  const p = new URLSearchParams(search);
  const show = p.get("show");
  return {
    metric: p.get("metric") || DEFAULT_VIEW.metric,
    period: p.get("period") || DEFAULT_VIEW.period,
    asOf: p.get("asOf") ?? "",
    show: show === null ? DEFAULT_VIEW.show : show.split(",").filter(Boolean),
    cell: p.get("cell") ?? "",
    bandwidth: p.get("bandwidth") ?? "",
  };
}

/** The query string for `/map`; defaults are left out. */
export function searchFromView(v: MapView): string {
  const p = new URLSearchParams();
  if (v.metric !== DEFAULT_VIEW.metric) p.set("metric", v.metric);
  if (v.period !== DEFAULT_VIEW.period) p.set("period", v.period);
  if (v.asOf) p.set("asOf", v.asOf);
  if (v.show.join(",") !== DEFAULT_VIEW.show.join(",")) p.set("show", v.show.join(","));
  if (v.cell) p.set("cell", v.cell);
  if (v.bandwidth) p.set("bandwidth", v.bandwidth);
  const s = p.toString().replaceAll("%2C", ",");
  return s ? `?${s}` : "";
}
