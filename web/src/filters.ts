/**
 * The CompStat page's filters and their place in the address bar: `/?asOf=2025-09-30&period=ytd,year&...`
 * uses the API's own query names, so a filtered view can be bookmarked, shared and reloaded.
 */

export const PERIODS = [
  { id: "week", label: "Week" },
  { id: "28d", label: "28 days" },
  { id: "ytd", label: "Year to date" },
  { id: "year", label: "Full year" },
] as const;

/** The server's defaults, shown checked when the address names none. */
export const DEFAULT_PERIODS = ["week", "28d", "ytd"];
export const LAYERS = [
  { id: "district", label: "Districts" },
  { id: "focus_area", label: "Focus areas" },
] as const;
export const DEFAULT_LAYERS = ["district", "focus_area"];

/** Built-in metric ids and labels, offered before the first report names the city's own. */
export const DEFAULT_METRICS: readonly { id: string; label: string }[] = [
  { id: "homicides", label: "Homicides" },
  { id: "nonfatal-shootings", label: "Non-Fatal Shootings" },
  { id: "firearm-violent", label: "Firearm Violent Crime" },
  { id: "part1-violent", label: "Violent Crime" },
  { id: "part1-property", label: "Property Crime" },
  { id: "part1-total", label: "Total Crime" },
  { id: "carjackings", label: "Carjackings" },
  { id: "gunshot-detections", label: "Gunshot Detections" },
  { id: "disorder-calls", label: "Disorder Calls for Service" },
];

export interface Filters {
  asOf: string;
  periods: string[];
  years: string;
  metrics: string[];
  layers: string[];
  cross: string;
  /** One area, `LAYER:NAME` (the seed's Table 1: metrics as rows); empty: every area of the layers. */
  area: string;
}

const list = (v: string | null): string[] =>
  v
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

export function filtersFromSearch(search: string): Filters {
  const p = new URLSearchParams(search);
  const periods = list(p.get("period"));
  const layers = list(p.get("layer"));
  return {
    asOf: p.get("asOf") ?? "",
    periods: periods.length ? periods : [...DEFAULT_PERIODS],
    years: p.get("years") ?? "",
    metrics: list(p.get("metric")),
    layers: layers.length ? layers : [...DEFAULT_LAYERS],
    cross: p.get("cross") ?? "",
    area: p.get("area") ?? "",
  };
}

/** The query string for `/` and for GET /api/compstat; defaults are left out. */
export function searchFromFilters(f: Filters): string {
  const p = new URLSearchParams();
  if (f.asOf) p.set("asOf", f.asOf);
  if (f.periods.join(",") !== DEFAULT_PERIODS.join(",")) p.set("period", f.periods.join(","));
  if (f.years.trim()) p.set("years", f.years.replace(/\s+/g, ""));
  if (f.metrics.length) p.set("metric", f.metrics.join(","));
  if (f.layers.join(",") !== DEFAULT_LAYERS.join(",")) p.set("layer", f.layers.join(","));
  if (f.cross) p.set("cross", f.cross);
  if (f.area) p.set("area", f.area);
  const s = p.toString();
  return s ? `?${s}` : "";
}

const YEARS = /^\d{4}(\s*-\s*\d{4})?(\s*,\s*\d{4}(\s*-\s*\d{4})?)*$/;

/** Problems the form can name before asking the server, by field. */
export function validateFilters(f: Filters): Partial<Record<keyof Filters, string>> {
  const problems: Partial<Record<keyof Filters, string>> = {};
  if (f.periods.length === 0) problems.periods = "Choose at least one period.";
  if (f.layers.length === 0) problems.layers = "Choose at least one layer.";
  if (f.years.trim() && !YEARS.test(f.years.trim())) {
    problems.years = "Write years as 2023-2025 or 2023,2024,2025.";
  }
  if (f.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(f.asOf)) problems.asOf = "Pick a date.";
  return problems;
}

/** Keeps `ids` in the order of `order` (the form's order), so the query string is stable. */
export function toggle(ids: readonly string[], id: string, on: boolean, order: readonly string[]): string[] {
  const set = new Set(ids);
  if (on) set.add(id);
  else set.delete(id);
  const known = order.filter((o) => set.has(o));
  return [...known, ...[...set].filter((s) => !order.includes(s))];
}
