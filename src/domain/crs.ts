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

/** What a parsed definition must share with an EPSG entry to be called the same CRS. */
interface CrsSignature {
  readonly projection: string;
  readonly values: readonly number[];
}

interface ParsedProj {
  names?: string[];
  projName?: string;
  a?: number;
  es?: number;
  x0?: number;
  y0?: number;
  long0?: number;
  lat0?: number;
  lat1?: number;
  lat2?: number;
  k0?: number;
  to_meter?: number;
  datumCode?: string;
  datum?: { datum_type?: number };
}

interface EpsgSignature {
  readonly code: string;
  readonly name: string;
  readonly kind: string;
  readonly sig: CrsSignature;
}

let epsgSignatures: EpsgSignature[] | undefined;

function signatureOf(p: ParsedProj): CrsSignature {
  const names = p.names ?? [p.projName ?? ""];
  const projection = names.some((n) => /transverse[ _]mercator|^utm$|^e?tmerc$/i.test(n))
    ? "tmerc"
    : (names[0] ?? "").toLowerCase();
  const geographic = projection === "longlat" || p.projName === "longlat";
  // Geographic CRSs only differ by their ellipsoid (and datum, compared by name below).
  const shape = [p.a ?? 0, (p.es ?? 0) * 1e6];
  if (geographic) return { projection: "longlat", values: shape };
  return {
    projection,
    values: [
      ...shape,
      p.x0 ?? 0,
      p.y0 ?? 0,
      (p.long0 ?? 0) * 1e6,
      (p.lat0 ?? 0) * 1e6,
      (p.lat1 ?? p.lat0 ?? 0) * 1e6,
      (p.lat2 ?? p.lat1 ?? p.lat0 ?? 0) * 1e6,
      (p.k0 ?? 1) * 1e6,
      (p.to_meter ?? 1) * 1e6,
    ],
  };
}

function sameSignature(a: CrsSignature, b: CrsSignature): boolean {
  return (
    a.projection === b.projection &&
    a.values.length === b.values.length &&
    a.values.every((v, i) => Math.abs(v - b.values[i]!) < 0.01)
  );
}

/** "D_North_American_1983_HARN" and "NAD83(HARN) / ..." both give "nad83harn"; WGS 84 gives "wgs84". */
function datumKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/^d_/, "")
    .replace(/[^a-z0-9]/g, "")
    .replace(/northamerican(?:datum)?19(27|83)/, "nad$1")
    .replace(/^nad19(27|83)/, "nad$1")
    .replace(/^wgs19(84|72)/, "wgs$1");
}

function loadEpsgSignatures(): EpsgSignature[] {
  if (epsgSignatures) return epsgSignatures;
  const all = require("epsg-index/all.json") as Record<string, EpsgEntry>;
  const out: EpsgSignature[] = [];
  for (const e of Object.values(all)) {
    if (!e.proj4 || (e.kind !== "CRS-PROJCRS" && e.kind !== "CRS-GEOGCRS")) continue;
    try {
      const p = proj4.Proj(e.proj4.replace(/\s*\+nadgrids=\S+/, "")) as unknown as ParsedProj;
      out.push({ code: e.code, name: e.name, kind: e.kind, sig: signatureOf(p) });
    } catch {
      // A definition proj4js cannot read cannot be the one a file needs either.
    }
  }
  epsgSignatures = out;
  return out;
}

/**
 * The CRS of an ESRI `.prj` (or any OGC WKT). ESRI names ("NAD_1927_StatePlane_Wisconsin_South_FIPS_4803")
 * are not EPSG names, so we match by definition: the EPSG entries whose projection, parameters, unit and
 * ellipsoid equal the WKT's, narrowed by datum name (NAD83 vs NAD83(HARN) share every number). A match
 * gives `EPSG:n` with the registry's datum handling (so NAD27 says its shift was dropped); otherwise the
 * WKT itself is the definition, id `WKT:<name>`.
 */
export function crsFromWkt(wkt: string): Crs {
  const text = wkt.trim();
  const name = /^\w+\[\s*"([^"]*)"/.exec(text)?.[1] ?? "unnamed";
  const authority = /AUTHORITY\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text);
  if (authority) return getCrs(`EPSG:${authority[1]}`);
  let parsed: ParsedProj;
  try {
    parsed = proj4.Proj(text) as unknown as ParsedProj;
  } catch (e) {
    throw new AppError("unsupported", `CRS WKT '${name}' not understood (${(e as Error).message})`);
  }
  if (!parsed || (parsed.a === undefined && parsed.datumCode === undefined)) {
    throw new AppError("unsupported", `CRS WKT '${name}' not understood`);
  }
  const sig = signatureOf(parsed);
  const datum = datumKey(/DATUM\[\s*"([^"]*)"/.exec(text)?.[1] ?? "");
  const geographic = sig.projection === "longlat";
  const candidates = loadEpsgSignatures().filter(
    (c) => (c.kind === "CRS-GEOGCRS") === geographic && sameSignature(c.sig, sig),
  );
  const sameDatum = candidates.filter(
    (c) => datumKey(geographic ? c.name : (c.name.split(" / ")[0] ?? "")) === datum,
  );
  const best = sameDatum.sort((x, y) => Number(x.code) - Number(y.code))[0];
  if (best) return getCrs(`EPSG:${best.code}`);
  const id = `WKT:${name}`;
  const knownDatum = /^(wgs84|nad83|etrs89|grs80)/.test(datum) || parsed.datum?.datum_type !== 5;
  return {
    id,
    name,
    proj4: text,
    isGeographic: geographic,
    datumShiftDropped: knownDatum
      ? undefined
      : `no transformation from datum '${datum || "unknown"}' to WGS84 is known: ${name} -> WGS84 without a datum shift`,
    bbox: undefined,
  };
}
