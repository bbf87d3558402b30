/**
 * What a click on the map shows: the clicked feature's values as a small definition list, built from DOM
 * nodes (text only), so a value from source data can never inject markup.
 */
import { HOTSPOT_COLORS, layerLabel } from "./layers";

const num = (v: unknown, digits = 0) =>
  typeof v === "number" && Number.isFinite(v)
    ? v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "–";

/** MapLibre hands nested values (the offense list) back as JSON text. */
function list(v: unknown): string {
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "string" && v.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed)) return parsed.join(", ");
    } catch {
      return v;
    }
  }
  return String(v ?? "–");
}

export function hotspotLabel(cls: unknown): string {
  return HOTSPOT_COLORS.find((h) => h.cls === cls)?.label ?? "Not significant";
}

/** Title and rows for a feature of one of the map's layers. */
export function featureRows(
  layerId: string,
  p: Record<string, unknown>,
): { title: string; rows: [string, string][] } {
  if (layerId === "incidents") {
    return {
      title: `Incident ${String(p.id)}`,
      rows: [
        ["When", String(p.occurredAt ?? "–")],
        ["Offenses", list(p.offenses)],
        ["Address", String(p.address ?? "not given")],
        ["District", String(p.district ?? "Unknown")],
      ],
    };
  }
  if (layerId === "hotspots") {
    return {
      title: hotspotLabel(p.class),
      rows: [
        ["Events in cell", num(p.count)],
        ["Gi* z-score", num(p.z, 2)],
        ["p (FDR-adjusted)", num(p.pAdjusted, 4)],
        ["Cell (row, column)", `${String(p.row)}, ${String(p.col)}`],
      ],
    };
  }
  if (layerId === "grid") {
    return {
      title: "Grid cell",
      rows: [
        ["Events", num(p.count)],
        ["Cell (row, column)", `${String(p.row)}, ${String(p.col)}`],
      ],
    };
  }
  if (layerId === "density") {
    const share = typeof p.share === "number" ? `${Math.round(p.share * 100)}%` : "–";
    return {
      title: `Densest area holding ${share} of the events`,
      rows: [["Density at its edge", `${num(p.perKm2, 2)} per km²`]],
    };
  }
  const layer = layerId.replace(/^area:/, "").replace(/:fill$/, "");
  return {
    title: String(p.name ?? "Area"),
    rows: [
      ["Layer", layerLabel(layer)],
      ["Area", `${num(p.sqMi, 2)} sq mi`],
    ],
  };
}

export function describeFeature(layerId: string, properties: Record<string, unknown>): HTMLElement {
  const { title, rows } = featureRows(layerId, properties);
  const box = document.createElement("div");
  box.className = "map-popup";
  const h = document.createElement("strong");
  h.textContent = title;
  const dl = document.createElement("dl");
  for (const [k, v] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = k;
    const dd = document.createElement("dd");
    dd.textContent = v;
    dl.append(dt, dd);
  }
  box.append(h, dl);
  return box;
}
