/**
 * Milwaukee Police Department "WIBR Crime Data" (city open data; docs/formats/wibr.md). One row per
 * incident: IncidentNum, ReportedDateTime, Location, WeaponUsed (a comma list), geography columns, RoughX/
 * RoughY in EPSG:32054 feet, and ten 0/1 offense flags of which several may be set. The flags name offense
 * families, not NIBRS offenses, so most map to an offense group (nibrs.ts OFFENSE_GROUPS), never to a
 * specific code the flag does not state.
 */
import { parseLocalTime } from "../../domain/time.js";
import { columns } from "../columns.js";
import type { IncidentFormatSpec } from "../formats.js";
import type { IncidentRow, RowIssue, RowResult } from "../incident-rows.js";

/** WIBR offense flags -> NIBRS code or offense group (docs/formats/wibr.md says why for each). */
export const WIBR_FLAGS: Readonly<Record<string, string>> = {
  Arson: "200",
  AssaultOffense: "13",
  Burglary: "220",
  CriminalDamage: "290",
  Homicide: "09",
  LockedVehicle: "23F",
  Robbery: "120",
  SexOffense: "11",
  Theft: "23",
  VehicleTheft: "240",
};

/** WeaponUsed words (MPD's WIBR weapon names, which follow NIBRS data element 13) -> NIBRS weapon codes. */
export const WIBR_WEAPONS: Readonly<Record<string, string>> = {
  FIREARM: "11",
  HANDGUN: "12",
  RIFLE: "13",
  SHOTGUN: "14",
  "OTHER FIREARM": "15",
  "LETHAL CUTTING INSTRUMENT": "20",
  "KNIFE/CUTTING INSTRUMENT": "20",
  "BLUNT OBJECT": "30",
  "MOTOR VEHICLE": "35",
  "MOTOR VEHICLE/VESSEL": "35",
  "PERSONAL WEAPON": "40",
  "PERSONAL WEAPONS": "40",
  POISON: "50",
  EXPLOSIVES: "60",
  "FIRE/INCENDIARY DEVICE": "65",
  "DRUGS/NARCOTICS/SLEEPING PILLS": "70",
  ASPHYXIATION: "85",
  OTHER: "90",
  UNKNOWN: "95",
  NONE: "99",
};

/** Maps a WeaponUsed list; words with no mapping come back in `unknown` (a warning, never a guess). */
export function mapWibrWeapons(raw: string): { codes: string[]; unknown: string[] } {
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const word of raw.split(",")) {
    const w = word.trim().toUpperCase().replace(/\s+/g, " ");
    if (w === "") continue;
    const code = WIBR_WEAPONS[w];
    if (code === undefined) unknown.push(w);
    else if (!codes.includes(code)) codes.push(code);
  }
  return { codes, unknown };
}

/**
 * MPD district values: "1".."7" (also "D2", "02", "District 2" -> "2"); "", "0", "NONE", "UNKNOWN" -> null,
 * so the incident falls back to its polygon, else 'Unknown'. Anything else is kept as written.
 */
export function normaliseMpdDistrict(raw: string): string | null {
  const v = raw.trim().toUpperCase();
  if (v === "" || v === "NONE" || v === "UNKNOWN" || v === "NULL") return null;
  const m = /^(?:D(?:IST(?:RICT)?)?\s*)?(\d+)$/.exec(v);
  if (m) return Number(m[1]) === 0 ? null : String(Number(m[1]));
  return v;
}

const ID = "IncidentNum";
const WHEN = "ReportedDateTime";
const MAPPED = [
  ID,
  WHEN,
  "ReportedYear",
  "ReportedMonth",
  "Location",
  "WeaponUsed",
  "POLICE",
  "RoughX",
  "RoughY",
];
const FLAG_NAMES = Object.keys(WIBR_FLAGS);

export const wibrFormat: IncidentFormatSpec = {
  name: "wibr",
  expected: "a Milwaukee WIBR crime data CSV",
  mapper(header, options) {
    const cols = columns(
      header,
      [ID, WHEN, ...FLAG_NAMES],
      options.fileName,
      this.expected,
      "docs/formats/wibr.md",
    );
    const extra = cols.extra([...MAPPED, ...FLAG_NAMES]);
    const tz = options.timeZone;
    // RoughX/RoughY are EPSG:32054 in every WIBR release; --crs overrides it for a re-projected copy.
    const crs = options.crs ?? "EPSG:32054";
    return (fields, line): RowResult => {
      const reject = (column: string | null, value: string | null, reason: string): RowResult => ({
        kind: "reject",
        issue: { severity: "reject", line, column, value, reason },
      });
      const warn = (column: string, value: string, reason: string): RowIssue => ({
        severity: "warning",
        line,
        column,
        value,
        reason,
      });
      if (fields.length !== cols.width) {
        return reject(null, null, `has ${fields.length} fields, the header has ${cols.width}`);
      }
      const id = cols.get(fields, ID);
      if (!id) return reject(ID, "", "IncidentNum is required");

      const whenRaw = cols.get(fields, WHEN);
      if (!whenRaw) return reject(WHEN, "", "ReportedDateTime is required (WIBR has no other time)");
      const when = parseLocalTime(whenRaw, tz);
      if (when.kind === "error") return reject(WHEN, whenRaw, when.reason);

      const offenses: string[] = [];
      for (const flag of FLAG_NAMES) {
        const v = cols.get(fields, flag);
        if (v === "1") offenses.push(WIBR_FLAGS[flag]!);
        else if (v !== "0" && v !== "") return reject(flag, v, `offense flag ${flag} must be 0 or 1`);
      }
      if (offenses.length === 0) {
        return reject(
          FLAG_NAMES.join("/"),
          null,
          "no offense flag is set (Arson ... VehicleTheft all 0): the row names no offense",
        );
      }

      const warnings: RowIssue[] = [];
      const attributes: Record<string, string> = {};
      const weaponRaw = cols.get(fields, "WeaponUsed");
      const weapons = mapWibrWeapons(weaponRaw);
      if (weapons.unknown.length > 0) {
        // The whole list is kept so nothing the source said is lost; the unmapped words are not coded.
        attributes.WeaponUsed = weaponRaw;
        warnings.push(
          warn(
            "WeaponUsed",
            weapons.unknown.join(","),
            "weapon word with no NIBRS mapping in docs/formats/wibr.md: kept in attributes, not coded",
          ),
        );
      }
      checkYearMonth(
        cols.get(fields, "ReportedYear"),
        cols.get(fields, "ReportedMonth"),
        whenRaw,
        warn,
        warnings,
      );

      let coords: IncidentRow["coords"] = null;
      const xs = cols.get(fields, "RoughX");
      const ys = cols.get(fields, "RoughY");
      if (xs !== "" || ys !== "") {
        const x = Number(xs);
        const y = Number(ys);
        if (xs === "" || ys === "" || !Number.isFinite(x) || !Number.isFinite(y) || x === 0 || y === 0) {
          warnings.push(
            warn(
              "RoughX/RoughY",
              `${xs},${ys}`,
              "location dropped: RoughX/RoughY must both be non-zero numbers",
            ),
          );
        } else {
          coords = { x, y, crs };
        }
      }
      for (const e of extra) {
        const v = (fields[e.i] ?? "").trim();
        if (v !== "") attributes[e.name] = v;
      }
      return {
        kind: "ok",
        row: {
          line,
          incidentId: id,
          // WIBR publishes no occurrence time: the reported time stands in (docs/formats/wibr.md).
          occurred: when.value,
          reported: when.value,
          offenses,
          weapons: weapons.codes,
          victimsShot: null,
          victimsKilled: null,
          coords,
          address: cols.get(fields, "Location") || null,
          district: normaliseMpdDistrict(cols.get(fields, "POLICE")),
          cleared: null,
          clearedAt: null,
          attributes,
        },
        warnings,
      };
    };
  },
};

/** ReportedYear/ReportedMonth repeat ReportedDateTime; a disagreement is reported, not silently dropped. */
function checkYearMonth(
  year: string,
  month: string,
  when: string,
  warn: (c: string, v: string, r: string) => RowIssue,
  out: RowIssue[],
): void {
  if (year === "" && month === "") return;
  const m = /^(\d{4})-(\d{1,2})/.exec(when);
  if (!m || Number(year) !== Number(m[1]) || Number(month) !== Number(m[2])) {
    out.push(
      warn("ReportedYear/ReportedMonth", `${year}/${month}`, `does not match ReportedDateTime ${when}`),
    );
  }
}
