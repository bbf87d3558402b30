/**
 * data.police.uk street-level crime (docs/formats/uk-police.md): Crime ID, Month (YYYY-MM), Reported by,
 * Falls within, Longitude, Latitude, Location, LSOA code, LSOA name, Crime type, Last outcome category,
 * Context. Dates are months only (stored with month precision); coordinates are snapped to anonymised map
 * points; crime types stay in their own taxonomy (`uk:` codes, src/domain/uk-crime.ts).
 */
import { createHash } from "node:crypto";
import { findUkCrimeType } from "../../domain/uk-crime.js";
import { columns, readCoords } from "../columns.js";
import type { IncidentFormatSpec } from "../formats.js";
import type { RowIssue } from "../incident-rows.js";

const ID = "crime id";
const MONTH = "month";
const TYPE = "crime type";
const MAPPED = [ID, MONTH, TYPE, "longitude", "latitude", "location"];

export const ukPoliceFormat: IncidentFormatSpec = {
  name: "uk-police",
  expected: "a data.police.uk street-level crime CSV",
  mapper(header, options) {
    const cols = columns(
      header,
      [ID, MONTH, TYPE],
      options.fileName,
      this.expected,
      "docs/formats/uk-police.md",
    );
    const extra = cols.extra(MAPPED);
    // Anti-social behaviour records carry no Crime ID, and identical lines are distinct events: the id is
    // a hash of the line's content plus its occurrence number, so re-importing the same file is a no-op.
    const occurrences = new Map<string, number>();
    return (fields, line) => {
      const reject = (column: string | null, value: string | null, reason: string) => ({
        kind: "reject" as const,
        issue: { severity: "reject" as const, line, column, value, reason },
      });
      if (fields.length !== cols.width)
        return reject(null, null, `has ${fields.length} fields, the header has ${cols.width}`);
      const monthRaw = cols.get(fields, MONTH);
      const m = /^(\d{4})-(\d{2})$/.exec(monthRaw);
      if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return reject("Month", monthRaw, "expected YYYY-MM");
      const typeRaw = cols.get(fields, TYPE);
      const type = findUkCrimeType(typeRaw);
      if (!type) return reject("Crime type", typeRaw, "not a data.police.uk crime type");
      let id = cols.get(fields, ID);
      if (!id) {
        const digest = createHash("sha1").update(fields.join("\u001f")).digest("hex").slice(0, 20);
        const k = (occurrences.get(digest) ?? 0) + 1;
        occurrences.set(digest, k);
        id = `nocid:${digest}:${k}`;
      }
      const warnings: RowIssue[] = [];
      const { coords, problem } = readCoords(cols, fields, undefined, { lat: "latitude", lon: "longitude" });
      if (problem)
        warnings.push({
          severity: "warning",
          line,
          column: "Longitude/Latitude",
          value: null,
          reason: problem,
        });
      const attributes: Record<string, string> = {};
      for (const e of extra) if ((fields[e.i] ?? "") !== "") attributes[e.name] = fields[e.i]!;
      const location = cols.get(fields, "location");
      return {
        kind: "ok",
        row: {
          line,
          incidentId: id,
          occurred: { ms: Date.UTC(Number(m[1]), Number(m[2]) - 1, 1), precision: "month" },
          reported: null,
          offenses: [type.code],
          weapons: [],
          victimsShot: null,
          victimsKilled: null,
          coords,
          address: location && location !== "No Location" ? location : null,
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
