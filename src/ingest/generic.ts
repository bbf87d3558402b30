/**
 * The generic incident CSV: the documented format every other tool can export to
 * (docs/formats/generic-csv.md). One row per offense; rows sharing `incident_id` form one incident.
 */
import { AppError } from "../domain/errors.js";
import type { Clearance } from "../domain/incident.js";
import { findOffenseCode, findWeaponCode } from "../domain/nibrs.js";
import { type LocalTime, parseLocalTime } from "../domain/time.js";
import type { IncidentRow, RowIssue, RowResult } from "./incident-rows.js";

export const GENERIC_COLUMNS = [
  "incident_id",
  "occurred_at",
  "reported_at",
  "offense",
  "weapon",
  "victims_shot",
  "victims_killed",
  "lat",
  "lon",
  "x",
  "y",
  "district",
  "address",
  "cleared",
  "cleared_at",
] as const;

type GenericColumn = (typeof GENERIC_COLUMNS)[number];
const REQUIRED: readonly GenericColumn[] = ["incident_id", "occurred_at", "offense"];

export interface GenericOptions {
  readonly fileName: string;
  readonly timeZone: string;
  /** CRS of the x/y columns (required when the file has them). */
  readonly crs?: string | undefined;
}

export type RowMapper = (fields: readonly string[], line: number) => RowResult;

/**
 * Checks the header and returns the row mapper. A file that is not a generic incident CSV (no
 * incident_id/occurred_at/offense columns) fails here with one error, before any row is read.
 */
export function genericMapper(header: readonly string[], options: GenericOptions): RowMapper {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    if (key && !index.has(key)) index.set(key, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) {
    const found = header.slice(0, 12).join(", ") + (header.length > 12 ? ", ..." : "");
    throw new AppError(
      "bad-file",
      `${options.fileName} is not a generic incident CSV: no column ${missing.map((m) => `'${m}'`).join(", ")} (found: ${found}); see docs/formats/generic-csv.md or pick another --format`,
    );
  }
  const has = (c: GenericColumn) => index.has(c);
  if (has("lat") !== has("lon")) {
    throw new AppError("bad-file", `${options.fileName}: columns 'lat' and 'lon' must come together`);
  }
  if (has("x") !== has("y")) {
    throw new AppError("bad-file", `${options.fileName}: columns 'x' and 'y' must come together`);
  }
  if (has("x") && !options.crs) {
    throw new AppError(
      "invalid-argument",
      `${options.fileName} has x/y columns: say their coordinate system with --crs EPSG:n`,
    );
  }
  const known = new Set<string>(GENERIC_COLUMNS);
  const extra = header
    .map((h, i) => ({ name: h.trim(), i }))
    .filter((h) => h.name !== "" && !known.has(h.name.toLowerCase()));
  const width = header.length;
  const tz = options.timeZone;

  return (fields, line) => {
    const get = (c: GenericColumn): string => {
      const i = index.get(c);
      return i === undefined ? "" : (fields[i] ?? "").trim();
    };
    const reject = (column: string | null, value: string | null, reason: string): RowResult => ({
      kind: "reject",
      issue: { severity: "reject", line, column, value, reason },
    });
    if (fields.length !== width) {
      return reject(null, null, `has ${fields.length} fields, the header has ${width}`);
    }
    const incidentId = get("incident_id");
    if (!incidentId) return reject("incident_id", "", "incident_id is required");

    const occurred = parseTime(get("occurred_at"), tz);
    if (occurred.kind === "missing") return reject("occurred_at", "", "occurred_at is required");
    if (occurred.kind === "error") return reject("occurred_at", get("occurred_at"), occurred.reason);

    const reported = parseTime(get("reported_at"), tz);
    if (reported.kind === "error") return reject("reported_at", get("reported_at"), reported.reason);

    const offenseRaw = get("offense");
    if (!offenseRaw) return reject("offense", "", "offense is required (a NIBRS offense code such as 13A)");
    const offense = findOffenseCode(offenseRaw);
    if (!offense) {
      return reject(
        "offense",
        offenseRaw,
        "not a NIBRS offense code (e.g. 09A, 13A, 120, 23H); local codes need a format mapping",
      );
    }

    const weapons: string[] = [];
    for (const w of splitList(get("weapon"))) {
      const code = findWeaponCode(w);
      if (!code)
        return reject("weapon", w, "not a NIBRS weapon/force code (11-15 firearm, 20 knife, ... 99)");
      weapons.push(code);
    }

    const shot = parseCount(get("victims_shot"));
    if (shot === "bad") return reject("victims_shot", get("victims_shot"), "expected a whole number >= 0");
    const killed = parseCount(get("victims_killed"));
    if (killed === "bad")
      return reject("victims_killed", get("victims_killed"), "expected a whole number >= 0");

    const warnings: RowIssue[] = [];
    let coords: IncidentRow["coords"] = null;
    const lat = get("lat");
    const lon = get("lon");
    const x = get("x");
    const y = get("y");
    if (lat !== "" || lon !== "") {
      const la = Number(lat);
      const lo = Number(lon);
      if (lat === "" || lon === "" || !Number.isFinite(la) || !Number.isFinite(lo)) {
        warnings.push({
          severity: "warning",
          line,
          column: "lat/lon",
          value: `${lat},${lon}`,
          reason: "location dropped: lat and lon must both be numbers",
        });
      } else {
        coords = { x: lo, y: la, crs: "EPSG:4326" };
      }
    } else if (x !== "" || y !== "") {
      const xv = Number(x);
      const yv = Number(y);
      if (x === "" || y === "" || !Number.isFinite(xv) || !Number.isFinite(yv)) {
        warnings.push({
          severity: "warning",
          line,
          column: "x/y",
          value: `${x},${y}`,
          reason: "location dropped: x and y must both be numbers",
        });
      } else {
        coords = { x: xv, y: yv, crs: options.crs! };
      }
    }

    const clearedRaw = get("cleared").toLowerCase();
    let cleared: Clearance | null = null;
    if (clearedRaw === "arrest" || clearedRaw === "exceptional") cleared = clearedRaw;
    else if (clearedRaw !== "")
      return reject("cleared", get("cleared"), "expected 'arrest', 'exceptional' or empty");
    const clearedAt = parseTime(get("cleared_at"), tz);
    if (clearedAt.kind === "error") return reject("cleared_at", get("cleared_at"), clearedAt.reason);
    if (clearedAt.kind === "ok" && !cleared) {
      return reject("cleared_at", get("cleared_at"), "cleared_at is set but cleared is empty");
    }

    const attributes: Record<string, string> = {};
    for (const e of extra) {
      const v = fields[e.i] ?? "";
      if (v !== "") attributes[e.name] = v;
    }

    const row: IncidentRow = {
      line,
      incidentId,
      occurred: occurred.value,
      reported: reported.kind === "ok" ? reported.value : null,
      offenses: [offense],
      weapons,
      victimsShot: shot,
      victimsKilled: killed,
      coords,
      address: get("address") || null,
      district: get("district") || null,
      cleared,
      clearedAt: clearedAt.kind === "ok" ? clearedAt.value : null,
      attributes,
    };
    return { kind: "ok", row, warnings };
  };
}

type TimeField = { kind: "missing" } | { kind: "ok"; value: LocalTime } | { kind: "error"; reason: string };

function parseTime(raw: string, tz: string): TimeField {
  if (raw === "") return { kind: "missing" };
  return parseLocalTime(raw, tz);
}

function parseCount(raw: string): number | null | "bad" {
  if (raw === "") return null;
  if (!/^\d{1,6}$/.test(raw)) return "bad";
  return Number(raw);
}

function splitList(raw: string): string[] {
  return raw === ""
    ? []
    : raw
        .split(/[;|]/)
        .map((s) => s.trim())
        .filter((s) => s !== "");
}
