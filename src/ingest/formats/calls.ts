/**
 * The generic calls-for-service CSV (docs/formats/calls.md): call_id, received_at, call_type, priority,
 * lat/lon or x/y, address, district. Any CAD export can be reshaped to it.
 */
import { parseLocalTime } from "../../domain/time.js";
import { columns, readCoords } from "../columns.js";
import type { EventFormatSpec } from "../event-rows.js";
import type { RowIssue } from "../incident-rows.js";

const KNOWN = [
  "call_id",
  "received_at",
  "call_type",
  "priority",
  "lat",
  "lon",
  "x",
  "y",
  "address",
  "district",
];

export const callsFormat: EventFormatSpec = {
  name: "calls",
  kind: "call",
  expected: "a calls-for-service CSV",
  mapper(header, options) {
    const cols = columns(
      header,
      ["call_id", "received_at", "call_type"],
      options.fileName,
      this.expected,
      "docs/formats/calls.md",
    );
    const extra = cols.extra(KNOWN);
    return (fields, line) => {
      const reject = (column: string | null, value: string | null, reason: string) => ({
        kind: "reject" as const,
        issue: { severity: "reject" as const, line, column, value, reason },
      });
      if (fields.length !== cols.width)
        return reject(null, null, `has ${fields.length} fields, the header has ${cols.width}`);
      const id = cols.get(fields, "call_id");
      if (!id) return reject("call_id", "", "call_id is required");
      const receivedRaw = cols.get(fields, "received_at");
      const received = parseLocalTime(receivedRaw, options.timeZone);
      if (received.kind === "error") return reject("received_at", receivedRaw, received.reason);
      if (received.value.precision !== "minute") {
        return reject("received_at", receivedRaw, "a call needs its time of day (YYYY-MM-DD HH:MM)");
      }
      const callType = cols.get(fields, "call_type").toUpperCase();
      if (!callType) return reject("call_type", "", "call_type is required");
      const priorityRaw = cols.get(fields, "priority");
      if (priorityRaw !== "" && !/^\d{1,3}$/.test(priorityRaw)) {
        return reject("priority", priorityRaw, "expected a whole number (1 = most urgent)");
      }
      const warnings: RowIssue[] = [];
      const { coords, problem } = readCoords(cols, fields, options.crs);
      if (problem)
        warnings.push({ severity: "warning", line, column: "location", value: null, reason: problem });
      const attributes: Record<string, string> = {};
      for (const e of extra) if ((fields[e.i] ?? "") !== "") attributes[e.name] = fields[e.i]!;
      return {
        kind: "ok",
        row: {
          kind: "call",
          line,
          id,
          received: received.value,
          callType,
          priority: priorityRaw === "" ? null : Number(priorityRaw),
          coords,
          address: cols.get(fields, "address") || null,
          district: cols.get(fields, "district") || null,
          attributes,
        },
        warnings,
      };
    };
  },
};
