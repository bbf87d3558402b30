/**
 * Gun Violence Archive incident exports (docs/formats/gva.md): incident_id, date (YYYY-MM-DD), state,
 * city_or_county, address, n_killed, n_injured, incident_characteristics, gun_type, latitude, longitude,
 * participant_* lists ... Lists are `||`-separated and per-participant maps `0::x||1::y`. One row per
 * incident. The offenses are inferred from who was killed or injured and from the characteristics that
 * name an offense; an incident that names none is rejected with its reason, never guessed.
 */
import { columns, readCoords } from "../columns.js";
import type { IncidentFormatSpec } from "../formats.js";
import type { RowIssue, RowResult } from "../incident-rows.js";

const DOC = "docs/formats/gva.md";
const REQUIRED = ["incident_id", "date", "n_killed", "n_injured", "incident_characteristics"];
const MAPPED = [...REQUIRED, "address", "latitude", "longitude", "gun_type"];
/** Free text and news links that name people (the export already dropped participant_name). */
export const GVA_DROPPED = ["notes", "sources", "source_url"] as const;

/** Characteristics that name an offense on their own (see the doc's table). */
export const GVA_CHARACTERISTIC_OFFENSES: Readonly<Record<string, string>> = {
  "Armed robbery with injury/death and/or evidence of DGU found": "120",
  "Car-jacking": "120",
  "Possession of gun by felon or prohibited person": "520",
  "Unlawful purchase/sale": "520",
  "Stolen/Illegally owned gun{s} recovered during arrest/warrant": "520",
};

/** Splits `a||b` and `0::a||1::b` into their values. */
export function splitGvaList(raw: string): string[] {
  return raw
    .split("||")
    .map((p) => p.replace(/^\d+::?/, "").trim())
    .filter((p) => p !== "");
}

/** Weapon codes from gun_type: handgun 12, rifle 13, shotgun 14; a firearm of unstated type 11. */
export function gvaWeapons(gunType: string, characteristics: readonly string[]): string[] {
  const notFirearm = characteristics.some((c) => /^BB\/Pellet\/Replica gun$|^Implied Weapon$/.test(c));
  const out = new Set<string>();
  for (const g of splitGvaList(gunType)) {
    if (/handgun/i.test(g)) out.add("12");
    else if (/rifle|AR-15|AK-47/i.test(g)) out.add("13");
    else if (/shotgun|gauge/i.test(g)) out.add("14");
    else out.add("11");
  }
  if (out.size === 0 && !notFirearm) out.add("11");
  return [...out].sort();
}

/** NIBRS offenses of one incident, or null when nothing in the row names one. */
export function gvaOffenses(killed: number, injured: number, characteristics: readonly string[]): string[] {
  const out = new Set<string>();
  if (killed > 0) out.add("09A");
  if (injured > 0) out.add("13A");
  for (const c of characteristics) {
    const code = GVA_CHARACTERISTIC_OFFENSES[c];
    if (code) out.add(code);
  }
  return [...out].sort();
}

export const gvaFormat: IncidentFormatSpec = {
  name: "gva",
  expected: "a Gun Violence Archive incident export (incident_id, date, n_killed, n_injured, ...)",
  mapper(header, options) {
    const cols = columns(header, REQUIRED, options.fileName, this.expected, DOC);
    const dropped = new Set<string>(GVA_DROPPED);
    const extra = cols.extra(MAPPED).filter((e) => !dropped.has(e.name.toLowerCase()));
    return (fields, line): RowResult => {
      const reject = (column: string | null, value: string | null, reason: string): RowResult => ({
        kind: "reject",
        issue: { severity: "reject", line, column, value, reason },
      });
      if (fields.length !== cols.width)
        return reject(null, null, `has ${fields.length} fields, the header has ${cols.width}`);
      const id = cols.get(fields, "incident_id");
      if (!id) return reject("incident_id", "", "incident_id is required");
      const date = cols.get(fields, "date");
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
      const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
      if (!m || new Date(ms).getUTCDate() !== Number(m[3]) || new Date(ms).getUTCMonth() !== Number(m[2]) - 1)
        return reject("date", date, "expected a calendar date YYYY-MM-DD");
      const counts: number[] = [];
      for (const c of ["n_killed", "n_injured"]) {
        const v = cols.get(fields, c);
        if (!/^\d{1,4}$/.test(v)) return reject(c, v, "expected a whole number >= 0");
        counts.push(Number(v));
      }
      const [killed, injured] = counts as [number, number];
      const characteristics = splitGvaList(cols.get(fields, "incident_characteristics"));
      const offenses = gvaOffenses(killed, injured, characteristics);
      if (offenses.length === 0) {
        return reject(
          "incident_characteristics",
          null,
          "no one killed or injured and no characteristic naming an offense (shots fired, non-shooting, ...): no NIBRS offense to record",
        );
      }
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
      const attributes: Record<string, string> = {};
      for (const e of extra) {
        const v = (fields[e.i] ?? "").trim();
        if (v !== "") attributes[e.name] = v;
      }
      const gunType = cols.get(fields, "gun_type");
      if (gunType) attributes.gun_type = gunType;
      return {
        kind: "ok",
        row: {
          line,
          incidentId: id,
          // GVA gives the day only; a date has no time zone to convert, whatever state the row is in.
          occurred: { ms, precision: "day" },
          reported: null,
          offenses,
          weapons: gvaWeapons(gunType, characteristics),
          victimsShot: killed + injured,
          victimsKilled: killed,
          coords,
          address: cols.get(fields, "address") || null,
          // GVA names no police district (congressional / state legislative districts stay attributes).
          district: null,
          cleared: null,
          clearedAt: null,
          attributes,
        },
        warnings,
      };
    };
  },
};
