/** Header lookup shared by CSV formats: case-insensitive names, required columns checked once per file. */
import { AppError } from "../domain/errors.js";

export interface Columns {
  has(name: string): boolean;
  /** The trimmed value of a column in a row ("" when the column is absent). */
  get(fields: readonly string[], name: string): string;
  /** Columns not in `known`, with their index: kept as attributes. */
  extra(known: readonly string[]): { name: string; i: number }[];
  readonly width: number;
}

const norm = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

export function columns(
  header: readonly string[],
  required: readonly string[],
  fileName: string,
  what: string,
  doc: string,
): Columns {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const k = norm(h);
    if (k && !index.has(k)) index.set(k, i);
  });
  const missing = required.filter((c) => !index.has(norm(c)));
  if (missing.length > 0) {
    const found = header.slice(0, 12).join(", ") + (header.length > 12 ? ", ..." : "");
    throw new AppError(
      "bad-file",
      `${fileName} is not ${what}: no column ${missing.map((m) => `'${m}'`).join(", ")} (found: ${found}); see ${doc} or pick another --format`,
    );
  }
  // `get` runs for every field of every row: resolve each asked-for name once, not per call.
  const resolved = new Map<string, number | undefined>();
  const at = (name: string): number | undefined => {
    if (!resolved.has(name)) resolved.set(name, index.get(norm(name)));
    return resolved.get(name);
  };
  return {
    width: header.length,
    has: (name) => at(name) !== undefined,
    get: (fields, name) => {
      const i = at(name);
      return i === undefined ? "" : (fields[i] ?? "").trim();
    },
    extra: (known) => {
      const k = new Set(known.map(norm));
      return header
        .map((h, i) => ({ name: h.trim(), i }))
        .filter((h) => h.name !== "" && !k.has(norm(h.name)));
    },
  };
}

/** The coordinate columns of a row: lat/lon, else x/y in `crs`; a problem is a warning, never a lost row. */
export function readCoords(
  cols: Columns,
  fields: readonly string[],
  crs: string | undefined,
  names: { lat: string; lon: string; x?: string; y?: string } = { lat: "lat", lon: "lon", x: "x", y: "y" },
): { coords: { x: number; y: number; crs: string } | null; problem: string | null } {
  const lat = cols.get(fields, names.lat);
  const lon = cols.get(fields, names.lon);
  if (lat !== "" || lon !== "") {
    const la = Number(lat);
    const lo = Number(lon);
    if (lat === "" || lon === "" || !Number.isFinite(la) || !Number.isFinite(lo)) {
      return {
        coords: null,
        problem: `location dropped: ${names.lat}/${names.lon} '${lat},${lon}' must both be numbers`,
      };
    }
    return { coords: { x: lo, y: la, crs: "EPSG:4326" }, problem: null };
  }
  const x = names.x ? cols.get(fields, names.x) : "";
  const y = names.y ? cols.get(fields, names.y) : "";
  if (x !== "" || y !== "") {
    const xv = Number(x);
    const yv = Number(y);
    if (x === "" || y === "" || !Number.isFinite(xv) || !Number.isFinite(yv) || !crs) {
      return { coords: null, problem: `location dropped: x/y '${x},${y}' must both be numbers, with --crs` };
    }
    return { coords: { x: xv, y: yv, crs }, problem: null };
  }
  return { coords: null, problem: null };
}
