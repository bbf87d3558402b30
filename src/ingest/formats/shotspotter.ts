/**
 * Acoustic gunshot detections in the export form of ShotSpotter data released by cities (Washington DC's
 * FOIA release: Coverage Area, Incident ID, Date Time as M/D/YY H:MM, Type, and coordinates rounded to
 * about 100 m). Detections are their own event stream, never incidents (docs/formats/shotspotter.md).
 */
import { daysInMonth } from "../../domain/time.js";
import { columns, readCoords } from "../columns.js";
import type { EventFormatSpec } from "../event-rows.js";
import type { RowIssue } from "../incident-rows.js";

const ID = "incident id";
const WHEN = "date time";

/**
 * `M/D/YY H:MM` (or with a four-digit year, optional seconds and AM/PM). Two-digit years are 2000-2068
 * below 69 and 1969-1999 from 69, the POSIX strptime pivot.
 */
export function parseUsDateTime(raw: string): { ms: number } | { error: string } {
  const m =
    /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(
      raw.trim(),
    );
  if (!m) return { error: "expected M/D/YY H:MM" };
  let year = Number(m[3]);
  if (m[3]!.length === 2) year += year < 69 ? 2000 : 1900;
  const month = Number(m[1]);
  const day = Number(m[2]);
  let hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  const ampm = m[7]?.toUpperCase();
  if (ampm) {
    if (hour < 1 || hour > 12) return { error: `hour ${hour} is not 1-12 with ${ampm}` };
    hour = (hour % 12) + (ampm === "PM" ? 12 : 0);
  }
  if (month < 1 || month > 12) return { error: `month ${month} does not exist` };
  if (day < 1 || day > daysInMonth(year, month))
    return { error: `day ${day} does not exist in ${year}-${month}` };
  if (hour > 23 || minute > 59 || second > 59) return { error: "time of day out of range" };
  return { ms: Date.UTC(year, month - 1, day, hour, minute, second) };
}

export const shotspotterFormat: EventFormatSpec = {
  name: "shotspotter",
  kind: "detection",
  expected: "a ShotSpotter detections export",
  mapper(header, options) {
    const cols = columns(
      header,
      [ID, WHEN, "type"],
      options.fileName,
      this.expected,
      "docs/formats/shotspotter.md",
    );
    const lon = cols.has("longitude_100meter") ? "longitude_100meter" : "longitude";
    const lat = cols.has("latitude_100meter") ? "latitude_100meter" : "latitude";
    const extra = cols.extra([ID, WHEN, "type", lon, lat, "rounds"]);
    return (fields, line) => {
      const reject = (column: string, value: string, reason: string) => ({
        kind: "reject" as const,
        issue: { severity: "reject" as const, line, column, value, reason },
      });
      if (fields.length !== cols.width) {
        return {
          kind: "reject",
          issue: {
            severity: "reject",
            line,
            column: null,
            value: null,
            reason: `has ${fields.length} fields, the header has ${cols.width}`,
          },
        };
      }
      const id = cols.get(fields, ID);
      if (!id) return reject(ID, "", "Incident ID is required");
      const when = parseUsDateTime(cols.get(fields, WHEN));
      if ("error" in when) return reject(WHEN, cols.get(fields, WHEN), when.error);
      const type = cols.get(fields, "type");
      const detectionType = /multiple/i.test(type) ? "multiple" : /single/i.test(type) ? "single" : null;
      const warnings: RowIssue[] = [];
      if (detectionType === null && type !== "") {
        warnings.push({
          severity: "warning",
          line,
          column: "Type",
          value: type,
          reason: "unknown detection type kept as an attribute",
        });
      }
      const roundsRaw = cols.get(fields, "rounds");
      const rounds = /^\d+$/.test(roundsRaw) ? Number(roundsRaw) : null;
      const { coords, problem } = readCoords(cols, fields, undefined, { lat, lon });
      if (problem)
        warnings.push({ severity: "warning", line, column: `${lat}/${lon}`, value: null, reason: problem });
      const attributes: Record<string, string> = {};
      for (const e of extra) if ((fields[e.i] ?? "") !== "") attributes[e.name] = fields[e.i]!;
      if (detectionType === null && type !== "") attributes.Type = type;
      // Incident IDs restart per coverage area: the area is part of the identity.
      const area = cols.get(fields, "coverage area");
      return {
        kind: "ok",
        row: {
          kind: "detection",
          line,
          id: area ? `${area}:${id}` : id,
          detected: { ms: when.ms, precision: "minute" },
          rounds,
          detectionType,
          coords,
          attributes,
        },
        warnings,
      };
    };
  },
};
