/**
 * Philadelphia's official shooting-victims table (docs/formats/phl-shootings.md): one row per person shot,
 * as the city's CSV export (dc_key, code, date_, time, wound, location, dist, fatal, lat, lng, ...) or the
 * yearly GeoJSON point files (dc_key, fatal, date, street_name, block_number, police_district, ...).
 * Victims of one incident share its DC number (dc_key): they become one incident whose victims_shot and
 * victims_killed are the sums of its rows. Names are not in either export; race, ethnicity, sex and age
 * are never kept (domain.md).
 */
import { AppError } from "../../domain/errors.js";
import type { LocalTime } from "../../domain/time.js";
import { type Columns, columns } from "../columns.js";
import type { FormatOptions, IncidentFormatSpec } from "../formats.js";
import type { RowMapper } from "../generic.js";
import { GEOJSON_LAT, GEOJSON_LON } from "../geojson-points.js";
import type { IncidentRow, RowIssue, RowResult } from "../incident-rows.js";

const DOC = "docs/formats/phl-shootings.md";

/** Person attributes that are never stored: protected or identifying (domain.md "People: safeguards"). */
export const PHL_DROPPED = ["race", "latino", "sex", "age", "age_group"] as const;

/** A person shot by gunfire is aggravated assault with a firearm; a death is murder (09A). */
export const PHL_FIREARM_WEAPON = "11";

/** "202115056366.0" -> "202115056366". */
export function normaliseDcKey(raw: string): string {
  return raw.trim().replace(/\.0+$/, "");
}

/** "15" -> "15", "" / "None" -> null. Districts are numbers (77 is the airport). */
export function normalisePhlDistrict(raw: string): string | null {
  const v = raw.trim();
  if (v === "" || /^(none|null)$/i.test(v)) return null;
  return /^\d+(\.0+)?$/.test(v) ? String(Number.parseInt(v, 10)) : v;
}

/** `YYYY-MM-DD[ ...]` date plus `HH:MM:SS` time (CSV), or `YYYY/MM/DD HH:MM:SS` (GeoJSON). */
export function parsePhlDate(date: string, time: string): LocalTime | { error: string } {
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(date.trim());
  if (!m) return { error: "expected YYYY-MM-DD or YYYY/MM/DD HH:MM:SS" };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || y < 1900 || y > 2100)
    return { error: `${date.trim().slice(0, 10)} is not a calendar date` };
  const t = time.trim() ? /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim()) : null;
  if (time.trim() && !t) return { error: `time '${time}' is not HH:MM:SS` };
  // The CSV's date_ carries a "+00" suffix but is the local calendar date at midnight: its time of day
  // is in the separate `time` column. The GeoJSON's date holds the local time itself.
  const hh = t ? Number(t[1]) : m[4] !== undefined && !date.includes("+") ? Number(m[4]) : null;
  const mi = t ? Number(t[2]) : hh !== null ? Number(m[5]) : 0;
  if (hh === null) return { ms: Date.UTC(y, mo - 1, d), precision: "day" };
  if (hh > 23 || mi > 59) return { error: `time ${hh}:${mi} is not a time of day` };
  return { ms: Date.UTC(y, mo - 1, d, hh, mi), precision: "minute" };
}

const fmt = (t: LocalTime) => new Date(t.ms).toISOString().slice(0, 16).replace("T", " ");

interface Shape {
  readonly kind: "csv" | "geojson";
  readonly when: (cols: Columns, f: readonly string[]) => LocalTime | { error: string; value: string };
  readonly address: (cols: Columns, f: readonly string[]) => string | null;
  readonly district: string;
  readonly lon: string;
  readonly lat: string;
  /** Columns consumed by the mapping (not attributes). */
  readonly mapped: readonly string[];
}

const CSV_SHAPE: Shape = {
  kind: "csv",
  when: (cols, f) => {
    const r = parsePhlDate(cols.get(f, "date_"), cols.get(f, "time"));
    return "error" in r ? { ...r, value: `${cols.get(f, "date_")} ${cols.get(f, "time")}` } : r;
  },
  address: (cols, f) => cols.get(f, "location") || null,
  district: "dist",
  lon: "lng",
  lat: "lat",
  // the_geom / the_geom_webmercator / point_x / point_y: the same point again, in WKB and duplicated.
  mapped: [
    "dc_key",
    "date_",
    "time",
    "location",
    "dist",
    "fatal",
    "lat",
    "lng",
    "point_x",
    "point_y",
    "the_geom",
    "the_geom_webmercator",
  ],
};

const GEOJSON_SHAPE: Shape = {
  kind: "geojson",
  when: (cols, f) => {
    const r = parsePhlDate(cols.get(f, "date"), "");
    return "error" in r ? { ...r, value: cols.get(f, "date") } : r;
  },
  address: (cols, f) => {
    const street = cols.get(f, "street_name");
    const block = cols.get(f, "block_number").replace(/\.0+$/, "");
    return street ? `${block ? `${block} BLOCK ` : ""}${street}` : null;
  },
  district: "police_district",
  lon: GEOJSON_LON,
  lat: GEOJSON_LAT,
  mapped: [
    "dc_key",
    "date",
    "street_name",
    "block_number",
    "police_district",
    "fatal",
    GEOJSON_LON,
    GEOJSON_LAT,
  ],
};

/** What the first row of each incident said, so later victims of it agree (see the doc). */
interface FirstRow {
  readonly line: number;
  readonly occurred: LocalTime;
  readonly place: string;
}

function makeMapper(
  shape: Shape,
  header: readonly string[],
  options: FormatOptions,
  expected: string,
): RowMapper {
  const required =
    shape.kind === "csv"
      ? ["dc_key", "date_", "fatal", "dist"]
      : ["dc_key", "date", "fatal", "police_district"];
  const cols = columns(header, required, options.fileName, expected, DOC);
  const dropped = new Set<string>(PHL_DROPPED);
  const extra = cols.extra(shape.mapped).filter((e) => !dropped.has(e.name.toLowerCase()));
  const firsts = new Map<string, FirstRow>();
  return (fields, line): RowResult => {
    const reject = (column: string | null, value: string | null, reason: string): RowResult => ({
      kind: "reject",
      issue: { severity: "reject", line, column, value, reason },
    });
    if (fields.length !== cols.width)
      return reject(null, null, `has ${fields.length} fields, the header has ${cols.width}`);
    const id = normaliseDcKey(cols.get(fields, "dc_key"));
    if (!id) return reject("dc_key", "", "dc_key (the incident's DC number) is required");
    const when = shape.when(cols, fields);
    if ("error" in when) return reject(shape.kind === "csv" ? "date_/time" : "date", when.value, when.error);
    const warnings: RowIssue[] = [];
    const warn = (column: string, value: string, reason: string) =>
      warnings.push({ severity: "warning", line, column, value, reason });

    const fatalRaw = cols.get(fields, "fatal").toLowerCase();
    let killed: 0 | 1;
    if (fatalRaw === "1" || fatalRaw === "true") killed = 1;
    else if (fatalRaw === "0" || fatalRaw === "false") killed = 0;
    else if (fatalRaw === "") {
      killed = 0;
      warn("fatal", "", "fatal is empty (officer-involved shooting record): counted as shot, not killed");
    } else return reject("fatal", fatalRaw, "expected fatal 0/1 or true/false");

    const lonRaw = cols.get(fields, shape.lon);
    const latRaw = cols.get(fields, shape.lat);
    let coords: IncidentRow["coords"] = null;
    if (lonRaw !== "" && latRaw !== "") {
      const [lo, la] = [Number(lonRaw), Number(latRaw)];
      if (Number.isFinite(lo) && Number.isFinite(la)) coords = { x: lo, y: la, crs: "EPSG:4326" };
      else warn(`${shape.lat}/${shape.lon}`, `${latRaw},${lonRaw}`, "location dropped: not numbers");
    }
    let address = shape.address(cols, fields);
    let district = normalisePhlDistrict(cols.get(fields, shape.district));
    const attributes: Record<string, string> = {};
    for (const e of extra) {
      const v = (fields[e.i] ?? "").trim();
      if (v !== "") attributes[e.name] = v;
    }

    // Victims of one DC number sometimes disagree on the time (often by exactly 4 or 5 hours: a UTC slip)
    // or the place. The incident keeps its first row's time and place; a later victim's differing values
    // are kept as attributes with a warning, so no victim is lost to a merge conflict.
    let occurred: LocalTime = when;
    const place = `${coords ? `${coords.x},${coords.y}` : ""}|${address ?? ""}|${district ?? ""}`;
    const first = firsts.get(id);
    if (!first) firsts.set(id, { line, occurred: when, place });
    else {
      if (first.occurred.ms !== when.ms || first.occurred.precision !== when.precision) {
        occurred = first.occurred;
        attributes.victim_time_differs = fmt(when);
        warn(
          "time",
          `${attributes.victim_time_differs} (dc_key ${id}; line ${first.line} says ${fmt(first.occurred)})`,
          "time differs from the incident's first row: the incident keeps the first row's; this one is kept as attribute victim_time_differs",
        );
      }
      if (first.place !== place && place !== "||" && first.place !== "||") {
        attributes.victim_place_differs = place;
        warn(
          "location",
          `${place} (dc_key ${id}; line ${first.line} says ${first.place})`,
          "place differs from the incident's first row: the incident keeps the first row's; this one is kept as attribute victim_place_differs",
        );
        coords = null;
        address = null;
        district = null;
      }
    }
    return {
      kind: "ok",
      row: {
        line,
        incidentId: id,
        occurred,
        reported: null,
        offenses: [killed ? "09A" : "13A"],
        weapons: [PHL_FIREARM_WEAPON],
        victimsShot: null,
        victimsKilled: null,
        coords,
        address,
        district,
        cleared: null,
        clearedAt: null,
        attributes,
        victimRow: { shot: 1, killed },
      },
      warnings,
    };
  };
}

/** The city's CSV export (shooting_victims.csv). */
export const phlShootingsFormat: IncidentFormatSpec = {
  name: "phl-shootings",
  expected: "Philadelphia's shooting-victims CSV (dc_key, date_, time, fatal, dist, lat, lng, ...)",
  mapper(header, options) {
    if (header.includes(GEOJSON_LON)) {
      throw new AppError(
        "bad-file",
        `${options.fileName} is GeoJSON: import it with --format phl-shootings-geojson`,
      );
    }
    return makeMapper(CSV_SHAPE, header, options, this.expected);
  },
};

/** The yearly GeoJSON point files (shootings_YYYY.geojson). */
export const phlShootingsGeoJsonFormat: IncidentFormatSpec = {
  name: "phl-shootings-geojson",
  expected: "a Philadelphia shootings GeoJSON (points with dc_key, date, fatal, police_district, ...)",
  reader: "geojson-points",
  mapper(header, options) {
    return makeMapper(GEOJSON_SHAPE, header, options, this.expected);
  },
};
