/**
 * The map's style and layers. Offline by default: a plain background and our own GeoJSON sources, with
 * no glyphs or sprites (so no text labels: there is no glyph server offline; names appear in popups and
 * in the tables beside the map). A configured basemap style is drawn underneath instead of the background.
 */
import type { LayerSpecification, StyleSpecification } from "maplibre-gl";

/** The analysis overlays a user can switch on, besides the boundary layers. */
export const OVERLAYS = ["grid", "density", "hotspots", "incidents"] as const;
export type Overlay = (typeof OVERLAYS)[number];

export const OVERLAY_LABELS: Record<Overlay, string> = {
  grid: "Grid counts",
  density: "Kernel density",
  hotspots: "Hot spots (Gi*)",
  incidents: "Incidents",
};

/** Boundary layer names as people say them; other layers show their own name. */
export function layerLabel(layer: string): string {
  const known: Record<string, string> = {
    district: "Districts",
    focus_area: "Focus areas",
    city_limit: "City limit",
  };
  return known[layer] ?? layer.replaceAll("_", " ");
}

/** Line colours of boundary layers (3:1 or more against the background and the fills). */
const AREA_COLORS = ["#333333", "#6a3d9a", "#000000", "#8c510a", "#01665e"];
export function areaColor(layer: string, index: number): string {
  if (layer === "city_limit") return "#000000";
  if (layer === "district") return "#333333";
  if (layer === "focus_area") return "#6a3d9a";
  return AREA_COLORS[index % AREA_COLORS.length]!;
}

export const GRID_RAMP = ["#fdbb84", "#ef6548", "#990000"] as const;
export const DENSITY_COLORS: readonly { share: number; color: string }[] = [
  { share: 0.5, color: "#3f007d" },
  { share: 0.75, color: "#6a51a3" },
  { share: 0.9, color: "#9e9ac8" },
];
export const HOTSPOT_COLORS: readonly { cls: string; label: string; color: string }[] = [
  { cls: "hot-99", label: "Hot spot, 99% confidence", color: "#b2182b" },
  { cls: "hot-95", label: "Hot spot, 95% confidence", color: "#ef8a62" },
  { cls: "hot-90", label: "Hot spot, 90% confidence", color: "#fddbc7" },
  { cls: "cold-90", label: "Cold spot, 90% confidence", color: "#d1e5f0" },
  { cls: "cold-95", label: "Cold spot, 95% confidence", color: "#67a9cf" },
  { cls: "cold-99", label: "Cold spot, 99% confidence", color: "#2166ac" },
];
export const INCIDENT_COLOR = "#111111";

const BACKGROUND = "#f3f1ec";

type FillLayer = Extract<LayerSpecification, { type: "fill" }>;
type ColorValue = NonNullable<NonNullable<FillLayer["paint"]>["fill-color"]>;

/**
 * A `match` expression from value/colour pairs. The style spec's tuple type cannot describe a list of
 * pairs built at run time, hence the one cast here.
 */
function matchColor(
  property: string,
  pairs: readonly (readonly [string | number, string])[],
  fallback: string,
) {
  return ["match", ["get", property], ...pairs.flat(), fallback] as unknown as ColorValue;
}

/** The offline style: one background layer; sources and layers are added once it has loaded. */
export function offlineStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: "background", type: "background", paint: { "background-color": BACKGROUND } }],
  };
}

const empty = { type: "FeatureCollection" as const, features: [] };

/** Source ids: one per boundary layer, one per overlay. */
export const areaSource = (layer: string) => `area:${layer}`;

/** Every source, empty until its data arrives. */
export function sources(areaLayers: readonly string[]) {
  const ids = [...areaLayers.map(areaSource), ...OVERLAYS];
  return ids.map((id) => ({ id, spec: { type: "geojson" as const, data: empty } }));
}

/**
 * Layers bottom to top: boundary fills (faint, so a click inside an area finds it), density, grid, hot
 * spots, boundary lines (always readable above the analysis), incident points.
 */
export function layers(areaLayers: readonly string[], gridMax: number): LayerSpecification[] {
  const fills: LayerSpecification[] = areaLayers.map((l, i) => ({
    id: `${areaSource(l)}:fill`,
    type: "fill",
    source: areaSource(l),
    paint: { "fill-color": areaColor(l, i), "fill-opacity": 0.03 },
  }));
  const lines: LayerSpecification[] = areaLayers.map((l, i) => ({
    id: `${areaSource(l)}:line`,
    type: "line",
    source: areaSource(l),
    paint: {
      "line-color": areaColor(l, i),
      "line-width": l === "focus_area" ? 2.5 : l === "city_limit" ? 2 : 1.5,
      ...(l === "focus_area" ? { "line-dasharray": [3, 1.5] } : {}),
    },
  }));
  return [
    ...fills,
    {
      id: "density",
      type: "fill",
      source: "density",
      layout: { "fill-sort-key": ["-", 1, ["coalesce", ["get", "share"], 1]] },
      paint: {
        // `match` takes integer or string labels only, so the shares (0.5, 0.75, 0.9) are told apart by steps.
        "fill-color": [
          "step",
          ["coalesce", ["get", "share"], 1],
          DENSITY_COLORS[0]!.color,
          0.6,
          DENSITY_COLORS[1]!.color,
          0.8,
          DENSITY_COLORS[2]!.color,
        ],
        "fill-opacity": 0.45,
        "fill-outline-color": "#3f007d",
      },
    },
    {
      id: "grid",
      type: "fill",
      source: "grid",
      paint: {
        "fill-color": gridColor(gridMax),
        "fill-opacity": 0.75,
        "fill-outline-color": "rgba(120, 40, 0, 0.4)",
      },
    },
    {
      id: "hotspots",
      type: "fill",
      source: "hotspots",
      filter: ["in", ["get", "class"], ["literal", HOTSPOT_COLORS.map((h) => h.cls)]],
      paint: {
        "fill-color": matchColor(
          "class",
          HOTSPOT_COLORS.map((h) => [h.cls, h.color] as const),
          "#cccccc",
        ),
        "fill-opacity": 0.8,
        "fill-outline-color": "rgba(0, 0, 0, 0.35)",
      },
    },
    ...lines,
    {
      id: "incidents",
      type: "circle",
      source: "incidents",
      paint: {
        "circle-radius": 4,
        "circle-color": INCIDENT_COLOR,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1,
      },
    },
  ];
}

/** Grid cells from pale (1 event) to dark red (the busiest cell). */
export function gridColor(max: number): ColorValue {
  const top = Math.max(2, max);
  return [
    "interpolate",
    ["linear"],
    ["get", "count"],
    1,
    GRID_RAMP[0],
    (1 + top) / 2,
    GRID_RAMP[1],
    top,
    GRID_RAMP[2],
  ] as ColorValue;
}

/** Map layer ids a user can click, top first, with what they show. */
export function clickable(areaLayers: readonly string[]): string[] {
  return ["incidents", "hotspots", "grid", "density", ...areaLayers.map((l) => `${areaSource(l)}:fill`)];
}
