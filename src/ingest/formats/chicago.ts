/**
 * City of Chicago data portal "Crimes" exports (docs/formats/chicago.md): one row per incident record with
 * ID, Case Number, Date, Block, IUCR, Primary Type, Description, Location Description, Arrest, Domestic,
 * Beat, District, Ward, Community Area, FBI Code, X/Y Coordinate (EPSG:3435, IL East, US feet),
 * Latitude/Longitude, Year, Updated On. Column names are matched case-insensitively with spaces or
 * underscores, and the renamed variants of the shared extracts (unique, caseno, Type, Type_desc, Where,
 * FBI, x, y) are accepted. Also the aggravated-assault extract (date, loc_cat, longitude, latitude,
 * district), a format of its own because it carries no offense column.
 */
import { createHash } from "node:crypto";
import { AppError } from "../../domain/errors.js";
import { type Columns, columns, readCoords } from "../columns.js";
import type { FormatOptions, IncidentFormatSpec } from "../formats.js";
import type { IncidentRow, RowIssue, RowResult } from "../incident-rows.js";
import {
  CHICAGO_DATE_FORMS,
  type ChicagoDateForm,
  mapChicagoOffense,
  mapChicagoWeapon,
  parseChicagoDate,
} from "./chicago-codes.js";

export { CHICAGO_DATE_FORMS, type ChicagoDateForm, mapChicagoOffense, mapChicagoWeapon, parseChicagoDate };

const DOC = "docs/formats/chicago.md";

/** Each PeaceStat field and the source column names that can carry it (first present wins). */
const ALIASES = {
  id: ["id", "unique", "unique_id"],
  caseNumber: ["case_number", "caseno", "case_no"],
  date: ["date", "date_of_occurrence"],
  block: ["block"],
  iucr: ["iucr"],
  primaryType: ["primary_type", "type", "primary_description"],
  description: ["description", "type_desc", "secondary_description"],
  arrest: ["arrest"],
  district: ["district"],
  fbi: ["fbi_code", "fbi", "fbi_cd"],
  x: ["x_coordinate", "x"],
  y: ["y_coordinate", "y"],
  lat: ["latitude", "lat"],
  lon: ["longitude", "lon", "lng"],
} as const;
type Field = keyof typeof ALIASES;

function resolve(cols: Columns): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  for (const [field, names] of Object.entries(ALIASES) as [Field, readonly string[]][]) {
    const hit = names.find((n) => cols.has(n));
    if (hit) out[field] = hit;
  }
  return out;
}

/** "001" -> "1"; "" -> null; a non-number is reported (null, with a warning). */
export function normaliseChicagoDistrict(raw: string): string | null | { bad: string } {
  const v = raw.trim();
  if (v === "" || /^(none|null|n\/a)$/i.test(v)) return null;
  if (!/^\d{1,3}(\.0+)?$/.test(v)) return { bad: v };
  return String(Number.parseInt(v, 10));
}

function rejectAt(line: number, column: string | null, value: string | null, reason: string): RowResult {
  return { kind: "reject", issue: { severity: "reject", line, column, value, reason } };
}

function districtOf(raw: string, line: number, warnings: RowIssue[]): string | null {
  const d = normaliseChicagoDistrict(raw);
  if (d !== null && typeof d === "object") {
    warnings.push({
      severity: "warning",
      line,
      column: "district",
      value: d.bad,
      reason: "district is not a district number; kept as an attribute, polygon assignment decides",
    });
    return null;
  }
  return d;
}

function attributesOf(extra: { name: string; i: number }[], fields: readonly string[]) {
  const attributes: Record<string, string> = {};
  for (const e of extra) {
    const v = (fields[e.i] ?? "").trim();
    if (v !== "") attributes[e.name] = v;
  }
  return attributes;
}

function chicagoMapper(header: readonly string[], options: FormatOptions) {
  const cols = columns(header, [], options.fileName, chicagoFormat.expected, DOC);
  const f = resolve(cols);
  const missing: string[] = [];
  if (!f.id && !f.caseNumber) missing.push("'ID' or 'Case Number'");
  if (!f.date) missing.push("'Date'");
  if (!f.fbi && !f.iucr) missing.push("'FBI Code' or 'IUCR'");
  if (missing.length > 0) {
    const found = header.slice(0, 12).join(", ") + (header.length > 12 ? ", ..." : "");
    throw new AppError(
      "bad-file",
      `${options.fileName} is not ${chicagoFormat.expected}: no column ${missing.join(", ")} (found: ${found}); see ${DOC} or pick another --format`,
    );
  }
  const get = (fields: readonly string[], k: Field) => (f[k] ? cols.get(fields, f[k]) : "");
  const idCol = f.id ?? f.caseNumber!;
  // The source's codes and words (Case Number, IUCR, FBI Code, Primary Type, Description, Arrest) stay
  // attributes beside the mapped values; only columns stored as fields are left out.
  const stored = [idCol, f.date, f.block, f.district, f.x, f.y, f.lat, f.lon];
  const extra = cols.extra(stored.filter((c): c is string => c !== undefined));
  return (fields: readonly string[], line: number): RowResult => {
    if (fields.length !== cols.width)
      return rejectAt(line, null, null, `has ${fields.length} fields, the header has ${cols.width}`);
    // The portal's ID is the record key; a Case Number (RD number) can hold several records (one homicide
    // record per victim, with different dates), so it is kept as an attribute, not merged on.
    const id = cols.get(fields, idCol);
    if (!id) return rejectAt(line, idCol, "", `${idCol} is required`);
    const dateRaw = get(fields, "date");
    const when = parseChicagoDate(dateRaw);
    if ("error" in when) return rejectAt(line, f.date!, dateRaw, when.error);

    const fbi = get(fields, "fbi");
    const iucr = get(fields, "iucr");
    const offense = mapChicagoOffense(fbi, iucr);
    if ("error" in offense) return rejectAt(line, f.fbi ?? f.iucr!, `${fbi}/${iucr}`, offense.error);

    const warnings: RowIssue[] = [];
    const { coords, problem } = readCoords(cols, fields, "EPSG:3435", {
      lat: f.lat ?? "latitude",
      lon: f.lon ?? "longitude",
      x: f.x ?? "x_coordinate",
      y: f.y ?? "y_coordinate",
    });
    // Prefer the source's own x/y (EPSG:3435); the portal's lat/lon are derived from them.
    const xy = xyCoords(get(fields, "x"), get(fields, "y"));
    if (problem && !xy)
      warnings.push({ severity: "warning", line, column: "x/y", value: null, reason: problem });
    const weapon = mapChicagoWeapon(get(fields, "description"));
    const arrest = get(fields, "arrest").toUpperCase();
    const row: IncidentRow = {
      line,
      incidentId: id,
      occurred: { ms: when.ms, precision: when.precision },
      reported: null,
      offenses: [offense.code],
      weapons: weapon ? [weapon] : [],
      victimsShot: null,
      victimsKilled: null,
      coords: xy ?? coords,
      address: get(fields, "block") || null,
      district: districtOf(get(fields, "district"), line, warnings),
      // The portal's Arrest flag: someone was arrested. It carries no date and is not a UCR clearance
      // record, so cleared_at stays empty (docs/formats/chicago.md).
      cleared: arrest === "TRUE" || arrest === "Y" || arrest === "YES" ? "arrest" : null,
      clearedAt: null,
      attributes: attributesOf(extra, fields),
    };
    return { kind: "ok", row, warnings };
  };
}

function xyCoords(x: string, y: string): IncidentRow["coords"] {
  if (x === "" || y === "") return null;
  const xv = Number(x);
  const yv = Number(y);
  if (!Number.isFinite(xv) || !Number.isFinite(yv)) return null;
  return { x: xv, y: yv, crs: "EPSG:3435" };
}

export const chicagoFormat: IncidentFormatSpec = {
  name: "chicago",
  expected: "a City of Chicago crimes export (ID, Case Number, Date, IUCR, FBI Code, ...)",
  mapper: chicagoMapper,
};

/**
 * The aggravated-assault extract: date (YYYY-MM-DD HH:MM), loc_cat, longitude, latitude, district. It has
 * no offense and no record id: every row is an aggravated assault or battery (FBI 04A/04B -> NIBRS 13A),
 * and the id is a hash of the row plus its occurrence number (identical rows are distinct events), so a
 * re-import of the same file changes nothing.
 */
export const chicagoAggravatedAssaultsFormat: IncidentFormatSpec = {
  name: "chicago-agg-assaults",
  expected: "the Chicago aggravated-assault extract (date, loc_cat, longitude, latitude, district)",
  mapper(header, options) {
    const cols = columns(
      header,
      ["date", "longitude", "latitude", "district"],
      options.fileName,
      this.expected,
      DOC,
    );
    if (cols.has("iucr") || cols.has("fbi_code") || cols.has("fbi")) {
      throw new AppError(
        "bad-file",
        `${options.fileName} has offense columns (IUCR / FBI Code): import it with --format chicago, not ${this.name}`,
      );
    }
    const extra = cols.extra(["date", "longitude", "latitude", "district"]);
    const occurrences = new Map<string, number>();
    return (fields, line) => {
      if (fields.length !== cols.width)
        return rejectAt(line, null, null, `has ${fields.length} fields, the header has ${cols.width}`);
      const dateRaw = cols.get(fields, "date");
      const when = parseChicagoDate(dateRaw);
      if ("error" in when) return rejectAt(line, "date", dateRaw, when.error);
      const digest = createHash("sha1").update(fields.join("\u001f")).digest("hex").slice(0, 20);
      const k = (occurrences.get(digest) ?? 0) + 1;
      occurrences.set(digest, k);
      const warnings: RowIssue[] = [];
      const { coords, problem } = readCoords(cols, fields, undefined, { lat: "latitude", lon: "longitude" });
      if (problem)
        warnings.push({
          severity: "warning",
          line,
          column: "latitude/longitude",
          value: null,
          reason: problem,
        });
      return {
        kind: "ok",
        row: {
          line,
          incidentId: `agg:${digest}:${k}`,
          occurred: { ms: when.ms, precision: when.precision },
          reported: null,
          offenses: ["13A"],
          weapons: [],
          victimsShot: null,
          victimsKilled: null,
          coords,
          address: null,
          district: districtOf(cols.get(fields, "district"), line, warnings),
          cleared: null,
          clearedAt: null,
          attributes: attributesOf(extra, fields),
        },
        warnings,
      };
    };
  },
};
