import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importAreaFile } from "../../src/app/import-areas.js";
import { importFile } from "../../src/app/import-file.js";
import { initCity } from "../../src/app/init-city.js";
import { Database } from "../../src/store/db.js";
import { districtGeoJson, tmpDir } from "../helpers/synthetic-files.js";
import { hasSharedData, sharedData } from "./shared-data.js";

let dir: string;
let n = 0;
beforeAll(() => {
  dir = tmpDir("events");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function freshDb(timeZone = "America/Chicago", crs: string | null = "EPSG:32616"): Promise<Database> {
  const file = path.join(dir, `ev${++n}.duckdb`);
  await initCity(file, { timeZone, crs: crs ?? undefined });
  return Database.open(file);
}

function write(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

describe.skipIf(!hasSharedData)("ShotSpotter detections (Washington DC, real data)", () => {
  it("imports all 39,066 detections with two-digit years; re-import changes nothing", async () => {
    const db = await freshDb("America/New_York", null);
    try {
      const file = sharedData("dc", "dc_shotspotter_incidents.csv");
      const r = await importFile(db, file, { format: "shotspotter" });
      expect(r.rows).toEqual({ read: 39_066, new: 39_066, updated: 0, unchanged: 0, rejected: 0 });
      const span = await db.one<{
        first: string;
        last: string;
        single: number;
        multiple: number;
        located: number;
      }>(
        `SELECT strftime(min(detected_at), '%Y-%m-%d') AS first, strftime(max(detected_at), '%Y-%m-%d') AS last,
                count(*) FILTER (WHERE detection_type = 'single')::INTEGER AS single,
                count(*) FILTER (WHERE detection_type = 'multiple')::INTEGER AS multiple,
                count(x)::INTEGER AS located
         FROM gunshot_detections`,
      );
      expect(span!.first).toBe("2006-01-27");
      expect(span!.last).toBe("2013-06-24");
      expect(span!.single + span!.multiple).toBe(39_066);
      expect(r.notes.join(" ")).toMatch(/EPSG:32618/);
      const again = await importFile(db, file, { format: "shotspotter" });
      expect(again.rows).toEqual({ read: 39_066, new: 0, updated: 0, unchanged: 39_066, rejected: 0 });
    } finally {
      db.close();
    }
  });
});

describe("calls for service", () => {
  it("accounts for every row, assigns districts, and updates a changed call in place", async () => {
    const db = await freshDb();
    try {
      await importAreaFile(db, write("d.geojson", districtGeoJson()), {
        layer: "district",
        nameField: "DIST",
      });
      const header = "call_id,received_at,call_type,priority,lat,lon,address,zone";
      const v1 = write(
        "calls1.csv",
        `${header}\nC1,2023-05-01 22:10,shots fired,1,43.08,-89.39,100 N MAIN ST,Z1\nC2,2023-05-01 22:15,Disturbance,3,43.08,-89.35,,\nC3,2023-05-01,FIGHT,2,,,,\nC4,2023-05-01 23:00,LOUD MUSIC,high,,,,\nC2,2023-05-01 22:15,Disturbance,3,43.08,-89.35,,\nC5,2023-05-02 01:00,PARKING,,,,,\n`,
      );
      const r = await importFile(db, v1, { format: "calls" });
      expect(r.rows).toEqual({ read: 6, new: 3, updated: 0, unchanged: 0, rejected: 3 });
      expect(r.reasons.map((x) => x.reason)).toEqual(
        expect.arrayContaining([
          "a call needs its time of day (YYYY-MM-DD HH:MM)",
          "expected a whole number (1 = most urgent)",
          "repeats the record of line 3",
        ]),
      );
      const calls = await db.all<{ id: string; type: string; district: string }>(
        `SELECT c.call_id AS id, c.call_type AS type, a.area AS district FROM calls_for_service c
         JOIN event_areas a ON a.kind = 'call' AND a.uid = c.uid AND a.layer = 'district' ORDER BY 1`,
      );
      expect(calls).toEqual([
        { id: "C1", type: "SHOTS FIRED", district: "1" },
        { id: "C2", type: "DISTURBANCE", district: "3" },
        { id: "C5", type: "PARKING", district: "Unknown" },
      ]);
      const v2 = write(
        "calls2.csv",
        `${header}\nC1,2023-05-01 22:10,shots fired,2,43.08,-89.39,100 N MAIN ST,Z1\nC2,2023-05-01 22:15,Disturbance,3,43.08,-89.35,,\n`,
      );
      const r2 = await importFile(db, v2, { format: "calls" });
      expect(r2.rows).toEqual({ read: 2, new: 0, updated: 1, unchanged: 1, rejected: 0 });
      const c1 = await db.all<{ p: number; n: number }>(
        `SELECT priority AS p, (SELECT count(*) FROM event_areas a WHERE a.uid = c.uid AND a.kind = 'call')::INTEGER AS n
         FROM calls_for_service c WHERE call_id = 'C1'`,
      );
      expect(c1).toEqual([{ p: 2, n: 1 }]);
    } finally {
      db.close();
    }
  });
});

describe("partner activity", () => {
  it("takes the activity vocabulary with its spellings and rejects unknown types", async () => {
    const db = await freshDb();
    try {
      const f = write(
        "activity.csv",
        "agency,activity_type,date,count,area,reference\nATF,NIBIN leads,2018-03-05,4,3,OP-12\nfbi,search warrant,2018-03-06,1,5,\nMPD,gun recoveries,2018-03,23,,\nDEA,kittens,2018-03-06,1,,\nUSMS,arrest,2018-03-07,-2,,\n",
      );
      const dry = await importFile(db, f, { format: "partner-activity", dryRun: true });
      expect(dry.rows).toEqual({ read: 5, new: 3, updated: 0, unchanged: 0, rejected: 2 });
      expect(await db.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM partner_activity")).toEqual({
        n: 0,
      });
      const r = await importFile(db, f, { format: "partner-activity" });
      expect(r.rows).toEqual(dry.rows);
      const rows = await db.all<{ agency: string; t: string; c: number; p: string; area: string | null }>(
        "SELECT agency, activity_type AS t, count AS c, activity_precision AS p, area_name AS area FROM partner_activity ORDER BY agency",
      );
      expect(rows).toEqual([
        { agency: "ATF", t: "nibin-lead", c: 4, p: "day", area: "3" },
        { agency: "FBI", t: "search-warrant", c: 1, p: "day", area: "5" },
        { agency: "MPD", t: "gun-recovery", c: 23, p: "month", area: null },
      ]);
      const again = await importFile(db, f, { format: "partner-activity" });
      expect(again.rows).toMatchObject({ new: 0, unchanged: 3, rejected: 2 });
    } finally {
      db.close();
    }
  });
});
