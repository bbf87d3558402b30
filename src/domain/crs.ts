/**
 * Coordinate reference systems. Spatial work is ours in TypeScript (DuckDB's spatial extension cannot be
 * installed offline): proj4js does the transformations, and the `epsg-index` package supplies the proj4
 * definition of every EPSG code, so a user can name any EPSG CRS without us shipping a table of our own.
 *
 * Datum grids (NAD27 -> WGS84 through NTv2/NADCON) are not shipped with proj4js. When a definition needs a
 * grid we drop it and say so: the result is then 10-20 m off for NAD27 (domain.md), good for display and
 * district assignment near boundaries only with that caveat.
 */
import { createRequire } from "node:module";
import proj4 from "proj4";
import { AppError } from "./errors.js";

const require = createRequire(import.meta.url);

export interface Crs {
  /** `EPSG:n` or the proj4 string the user gave. */
  readonly id: string;
  readonly name: string;
  readonly proj4: string;
  readonly isGeographic: boolean;
  /** Set when a datum grid was named by the definition and could not be applied. */
  readonly datumShiftDropped: string | undefined;
  /** Area of use as [west, south, east, north] in degrees, when known. */
  readonly bbox: readonly [number, number, number, number] | undefined;
}

interface EpsgEntry {
  code: string;
  name: string;
  proj4: string | null;
  kind: string;
  bbox?: number[] | null;
}

const cache = new Map<string, Crs>();

export const WGS84: Crs = {
  id: "EPSG:4326",
  name: "WGS 84",
  proj4: "+proj=longlat +datum=WGS84 +no_defs",
  isGeographic: true,
  datumShiftDropped: undefined,
  bbox: [-180, -90, 180, 90],
};

/** Resolves `EPSG:n` (or a bare number, or a proj4 string) to a CRS; throws an AppError when unknown. */
export function getCrs(spec: string): Crs {
  const key = spec.trim();
  const hit = cache.get(key);
  if (hit) return hit;
  let crs: Crs;
  const m = /^(?:EPSG:)?(\d{4,6})$/i.exec(key);
  if (m) {
    const code = m[1]!;
    if (code === "4326") return WGS84;
    let entry: EpsgEntry;
    try {
      entry = require(`epsg-index/s/${code}.json`) as EpsgEntry;
    } catch {
      throw new AppError("invalid-argument", `unknown CRS EPSG:${code}: not in the EPSG registry`);
    }
    if (!entry.proj4)
      throw new AppError("unsupported", `EPSG:${code} (${entry.name}) has no proj4 definition`);
    crs = fromProj4(`EPSG:${code}`, entry.name, entry.proj4, entry.bbox ?? undefined);
  } else if (key.startsWith("+proj=")) {
    crs = fromProj4(key, key, key, undefined);
  } else {
    throw new AppError("invalid-argument", `CRS '${spec}' not understood: expected EPSG:n or a proj4 string`);
  }
  cache.set(key, crs);
  return crs;
}

function fromProj4(id: string, name: string, def: string, bbox: number[] | undefined): Crs {
  const grid = /\+nadgrids=(\S+)/.exec(def);
  const cleaned = def.replace(/\s*\+nadgrids=\S+/, "").trim();
  // epsg-index's bbox is [north, west, south, east].
  const box =
    bbox && bbox.length === 4
      ? ([bbox[1], bbox[2], bbox[3], bbox[0]] as [number, number, number, number])
      : undefined;
  return {
    id,
    name,
    proj4: cleaned,
    isGeographic: /\+proj=longlat/.test(cleaned),
    datumShiftDropped: grid
      ? `datum grid ${grid[1]} is not available: ${name} -> WGS84 without the datum shift (10-20 m off for NAD27)`
      : undefined,
    bbox: box,
  };
}

export type Transform = (x: number, y: number) => [number, number];

/** A point transformer between two CRSs; identity when they are the same. */
export function makeTransform(from: Crs, to: Crs): Transform {
  if (from.proj4 === to.proj4) return (x, y) => [x, y];
  const conv = proj4(from.proj4, to.proj4);
  return (x, y) => {
    const out = conv.forward([x, y]);
    return [out[0]!, out[1]!];
  };
}

/** The WGS84 UTM zone (EPSG:326zz north, 327zz south) that holds a lon/lat: the default analysis CRS. */
export function utmCrsFor(lon: number, lat: number): string {
  const zone = Math.min(60, Math.max(1, Math.floor((lon + 180) / 6) + 1));
  return `EPSG:${lat >= 0 ? 32600 + zone : 32700 + zone}`;
}

/** True when lon/lat are finite, in range, and not the (0, 0) placeholder many exports use for "none". */
export function isUsableLonLat(lon: number, lat: number): boolean {
  return (
    Number.isFinite(lon) &&
    Number.isFinite(lat) &&
    lon >= -180 &&
    lon <= 180 &&
    lat >= -90 &&
    lat <= 90 &&
    !(lon === 0 && lat === 0)
  );
}
