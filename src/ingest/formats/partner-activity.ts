/**
 * Partner activity logs (docs/formats/partner-activity.md): what each agency did, when, how often and
 * where - the ledger the CompStat meeting reads (arrests, gun recoveries, NIBIN leads, search warrants,
 * drug seizures, proactive contacts, community events) and the police activity shown beside complaints
 * and use of force. Activity types are a fixed vocabulary, so every agency's numbers add up the same way.
 */
import { parseLocalTime } from "../../domain/time.js";
import { columns, readCoords } from "../columns.js";
import type { EventFormatSpec } from "../event-rows.js";
import type { RowIssue } from "../incident-rows.js";

/** The activity vocabulary, with the spellings accepted for each. */
export const ACTIVITY_TYPES: Readonly<Record<string, readonly string[]>> = {
  arrest: ["arrests"],
  "gun-recovery": ["gun recovery", "gun recoveries", "guns recovered", "firearm recovery"],
  "nibin-lead": ["nibin lead", "nibin leads", "nibin"],
  "search-warrant": ["search warrant", "search warrants", "warrant executed"],
  "drug-seizure": ["drug seizure", "drug seizures"],
  "proactive-contact": ["proactive contact", "proactive contacts", "proactive"],
  "community-event": ["community event", "community events", "community meeting"],
  "traffic-stop": ["traffic stop", "traffic stops"],
  "subject-stop": ["subject stop", "subject stops", "field interview"],
  "business-check": ["business check", "business checks"],
  "park-and-walk": ["park and walk", "park-and-walks"],
  "citizen-contact": ["citizen contact", "citizen contacts"],
  "probation-check": ["probation check", "probation and parole check", "parole check"],
  "warrant-arrest": ["warrant arrest", "fugitive arrest", "warrant sweep arrest"],
  "citizen-complaint": ["complaint", "citizen complaints"],
  "use-of-force": ["use of force", "force incident"],
  "outreach-referral": ["outreach referral", "referral"],
};

const ALIASES = new Map<string, string>();
for (const [type, names] of Object.entries(ACTIVITY_TYPES)) {
  ALIASES.set(type, type);
  for (const n of names) ALIASES.set(n, type);
}

export function findActivityType(raw: string): string | undefined {
  return (
    ALIASES.get(raw.trim().toLowerCase().replace(/[_]+/g, " ").replace(/\s+/g, " ")) ??
    ALIASES.get(raw.trim().toLowerCase())
  );
}

const KNOWN = [
  "agency",
  "activity_type",
  "date",
  "count",
  "layer",
  "area",
  "lat",
  "lon",
  "x",
  "y",
  "reference",
];

export const partnerActivityFormat: EventFormatSpec = {
  name: "partner-activity",
  kind: "partner-activity",
  expected: "a partner activity log CSV",
  mapper(header, options) {
    const cols = columns(
      header,
      ["agency", "activity_type", "date"],
      options.fileName,
      this.expected,
      "docs/formats/partner-activity.md",
    );
    const extra = cols.extra(KNOWN);
    return (fields, line) => {
      const reject = (column: string | null, value: string | null, reason: string) => ({
        kind: "reject" as const,
        issue: { severity: "reject" as const, line, column, value, reason },
      });
      if (fields.length !== cols.width)
        return reject(null, null, `has ${fields.length} fields, the header has ${cols.width}`);
      const agency = cols.get(fields, "agency").toUpperCase();
      if (!agency) return reject("agency", "", "agency is required (e.g. MPD, FBI, ATF, DEA, USMS, DA, OVP)");
      const typeRaw = cols.get(fields, "activity_type");
      const activityType = findActivityType(typeRaw);
      if (!activityType) {
        return reject(
          "activity_type",
          typeRaw,
          `not an activity type; expected one of ${Object.keys(ACTIVITY_TYPES).join(", ")}`,
        );
      }
      const dateRaw = cols.get(fields, "date");
      const date = parseLocalTime(dateRaw, options.timeZone);
      if (date.kind === "error") return reject("date", dateRaw, date.reason);
      const countRaw = cols.get(fields, "count");
      if (countRaw !== "" && !/^\d{1,7}$/.test(countRaw))
        return reject("count", countRaw, "expected a whole number >= 0");
      const layer = cols.get(fields, "layer");
      const areaName = cols.get(fields, "area");
      const warnings: RowIssue[] = [];
      const { coords, problem } = readCoords(cols, fields, options.crs);
      if (problem)
        warnings.push({ severity: "warning", line, column: "location", value: null, reason: problem });
      const attributes: Record<string, string> = {};
      for (const e of extra) if ((fields[e.i] ?? "") !== "") attributes[e.name] = fields[e.i]!;
      return {
        kind: "ok",
        row: {
          kind: "partner-activity",
          line,
          agency,
          activityType,
          date: date.value,
          count: countRaw === "" ? 1 : Number(countRaw),
          // Without a layer, an area names a district.
          area: areaName ? { layer: layer || "district", name: areaName } : null,
          coords,
          reference: cols.get(fields, "reference") || null,
          attributes,
        },
        warnings,
      };
    };
  },
};
