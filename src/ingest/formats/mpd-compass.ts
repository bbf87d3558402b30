/**
 * Milwaukee Police Department COMPASS public query exports, 2005-2016 (docs/formats/mpd-compass.md):
 * category (the query the row came from: theft, mtheft, assault, robbery), incident_number, date
 * (MM/DD/YYYY), time (hh:mm AM/PM), police_district, offense_1..offense_5 (NIBRS offense NAMES, with MPD's
 * spellings), latitude/longitude (geocoded by the repository authors), address, source_file.
 *
 * An incident reached by several queries appears once per query under the same incident number, with the
 * same date, time and place: the rows share the incident id and are merged into one incident holding all
 * their offenses.
 */
import { columns, readCoords } from "../columns.js";
import type { IncidentFormatSpec } from "../formats.js";
import type { RowIssue, RowResult } from "../incident-rows.js";
import { parseUsDateTime } from "./shotspotter.js";
import { normaliseMpdDistrict } from "./wibr.js";

/** Offense names as MPD wrote them (misspellings included) -> NIBRS offense codes. */
export const COMPASS_OFFENSES: Readonly<Record<string, string>> = {
  "MURDER/NONNEGLIGENT MANSLAUGHTER": "09A",
  KIDNAPING: "100",
  KIDNAPPING: "100",
  ROBBERY: "120",
  "AGGRAVATED ASSAULT": "13A",
  "SIMPLE ASSAULT": "13B",
  INTIMIDATION: "13C",
  ARSON: "200",
  "BURGLARY/BREAKING AND ENTERING": "220",
  "POCKET PICKING": "23A",
  "PURSE SNATCHING": "23B",
  SHOPLIFTING: "23C",
  "THEFT FROM BUILDING": "23D",
  "THEFT FROM COIN-OPPERATED MACHINES": "23E",
  "THEFT FROM COIN-OPERATED MACHINES": "23E",
  "THEFT FROM MOTOR VEHICLE": "23F",
  "THEFT OF MOTOR VEHICLE PARTS/ACCESSORIES": "23G",
  "ALL OTHER LARCENY": "23H",
  "MOTOR VEHICLE THEFT": "240",
  "COUNTERFEITING/FORGERY": "250",
  "FALSE PRETENSES/SWINDLE/CONFIDENCE GAME": "26A",
  "CREDIT CARD/ATM FRAUD": "26B",
  IMPERSONATION: "26C",
  "STOLEN PROPERTY OFFENSES": "280",
  "DESTRUCTION/DAMAGE/VANDALISM OF PROPERTY": "290",
  "DRUG/NARCOTIC VIOLATIONS": "35A",
  "DRUG EQUIPMENT VIOLATIONS": "35B",
  BRIVERY: "510",
  BRIBERY: "510",
  "WEAPON LAW VIOLATIONS": "520",
  "BAD CHECKS": "90A",
  "DISORDERLY CONDUCT": "90C",
  "DRIVING UNDER THE INFLUENCE": "90D",
  "LIQUOR LAW VIOLATIONS": "90G",
  TRESPASSING: "90J",
  "TRESPASS OF REAL PROPERTY": "90J",
  "ALL OTHER OFFENSES": "90Z",
};

/** The offenses a query category selects; a row whose offenses hold none of them gets a warning. */
const CATEGORY_CODES: Readonly<Record<string, readonly string[]>> = {
  theft: ["23A", "23B", "23C", "23D", "23E", "23F", "23G", "23H"],
  mtheft: ["240"],
  assault: ["13A", "13B", "13C"],
  robbery: ["120"],
};

export function mapCompassOffense(name: string): string | undefined {
  return COMPASS_OFFENSES[name.trim().toUpperCase().replace(/\s+/g, " ")];
}

const ID = "incident_number";
const OFFENSE_COLS = ["offense_1", "offense_2", "offense_3", "offense_4", "offense_5"];
const MAPPED = [ID, "date", "time", "police_district", ...OFFENSE_COLS, "latitude", "longitude", "address"];

export const mpdCompassFormat: IncidentFormatSpec = {
  name: "mpd-compass",
  expected: "a Milwaukee COMPASS crime export (category, incident_number, date, time, offense_1 ...)",
  mapper(header, options) {
    const cols = columns(
      header,
      [ID, "date", "time", "offense_1"],
      options.fileName,
      this.expected,
      "docs/formats/mpd-compass.md",
    );
    const offenseCols = OFFENSE_COLS.filter((c) => cols.has(c));
    const extra = cols.extra(MAPPED);
    return (fields, line): RowResult => {
      const reject = (column: string | null, value: string | null, reason: string): RowResult => ({
        kind: "reject",
        issue: { severity: "reject", line, column, value, reason },
      });
      if (fields.length !== cols.width) {
        return reject(null, null, `has ${fields.length} fields, the header has ${cols.width}`);
      }
      const id = cols.get(fields, ID);
      if (!id) return reject(ID, "", "incident_number is required");

      const date = cols.get(fields, "date");
      const time = cols.get(fields, "time");
      if (!date) return reject("date", "", "date is required");
      const when = parseUsDateTime(time ? `${date} ${time}` : date);
      if ("error" in when)
        return reject("date/time", `${date} ${time}`.trim(), `${when.error} (MM/DD/YYYY hh:mm AM/PM)`);

      const offenses: string[] = [];
      for (const c of offenseCols) {
        const name = cols.get(fields, c);
        if (name === "") continue;
        const code = mapCompassOffense(name);
        if (!code) {
          return reject(c, name, "offense name has no NIBRS mapping in docs/formats/mpd-compass.md");
        }
        if (!offenses.includes(code)) offenses.push(code);
      }
      if (offenses.length === 0)
        return reject("offense_1", "", "no offense (offense_1..offense_5 all empty)");

      const warnings: RowIssue[] = [];
      const category = cols.get(fields, "category").toLowerCase();
      const family = CATEGORY_CODES[category];
      if (family && !offenses.some((o) => family.includes(o))) {
        warnings.push({
          severity: "warning",
          line,
          column: "category",
          value: category,
          reason: `category '${category}' but no offense of that kind among ${offenses.join(",")}`,
        });
      }
      const { coords, problem } = readCoords(cols, fields, undefined, { lat: "latitude", lon: "longitude" });
      if (problem) {
        warnings.push({
          severity: "warning",
          line,
          column: "latitude/longitude",
          value: null,
          reason: problem,
        });
      }
      const attributes: Record<string, string> = {};
      for (const e of extra) {
        const v = (fields[e.i] ?? "").trim();
        if (v !== "") attributes[e.name] = v;
      }
      return {
        kind: "ok",
        row: {
          line,
          incidentId: id,
          occurred: { ms: when.ms, precision: time ? "minute" : "day" },
          reported: null,
          offenses,
          weapons: [],
          victimsShot: null,
          victimsKilled: null,
          coords,
          address: cols.get(fields, "address") || null,
          district: normaliseMpdDistrict(cols.get(fields, "police_district")),
          cleared: null,
          clearedAt: null,
          attributes,
        },
        warnings,
      };
    };
  },
};
