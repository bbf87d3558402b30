import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { initCity } from "../../src/app/init-city.js";
import type { IncidentRowRecord } from "../../src/domain/incident.js";
import { Database } from "../../src/store/db.js";
import { IncidentStage } from "../../src/store/incident-stage.js";
import { mergeStagedIncidents } from "../../src/store/incidents.js";
import { tmpDir } from "../helpers/synthetic-files.js";

const dir = tmpDir("stage");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const row = (line: number, id: string, extra: Partial<IncidentRowRecord> = {}): IncidentRowRecord => ({
  line,
  incidentId: id,
  occurredMs: Date.UTC(2020, 5, 1, 22, 0),
  occurredPrecision: "minute",
  reportedMs: null,
  reportedPrecision: null,
  offenses: ["13A"],
  weapons: ["12"],
  victimsShot: null,
  victimsKilled: null,
  location: null,
  address: null,
  districtReported: null,
  cleared: null,
  clearedMs: null,
  attributes: null,
  ...extra,
});

describe("incident stage", () => {
  it("sums one-row-per-victim sources and keeps every attribute value", async () => {
    const file = path.join(dir, "s.duckdb");
    await initCity(file, { timeZone: "America/Chicago", crs: "EPSG:32616" });
    const db = await Database.open(file);
    try {
      const result = await db.transaction(async () => {
        const stage = await IncidentStage.open(db);
        stage.push(
          row(2, "S1", { victimRow: { shot: 1, killed: 0 }, attributes: { beat: "x", wound: "leg" } }),
        );
        stage.push(
          row(3, "S1", {
            victimRow: { shot: 1, killed: 1 },
            offenses: ["09A"],
            attributes: { wound: "head" },
          }),
        );
        stage.push(row(4, "S1", { victimRow: { shot: 1, killed: 0 } }));
        stage.push(row(5, "S2", { victimsShot: 2, victimsKilled: 0 }));
        const conflicts = await stage.resolve();
        const merge = await mergeStagedIncidents(db, "t", 1, "2020-07-01T00:00:00Z");
        return { conflicts, merge };
      });
      expect(result.conflicts).toEqual([]);
      expect(result.merge.rows).toEqual({ new: 4, updated: 0, unchanged: 0 });
      const rows = await db.all<{
        id: string;
        shot: number;
        killed: number;
        offenses: string[];
        a: string | null;
      }>(
        "SELECT incident_id AS id, victims_shot AS shot, victims_killed AS killed, offenses, attributes::VARCHAR AS a FROM incidents ORDER BY 1",
      );
      expect(rows.map((r) => [r.id, r.shot, r.killed, r.offenses])).toEqual([
        ["S1", 3, 1, ["09A", "13A"]],
        ["S2", 2, 0, ["13A"]],
      ]);
      expect(JSON.parse(rows[0]!.a!)).toEqual({ beat: "x", wound: "head | leg" });
    } finally {
      db.close();
    }
  });
});
