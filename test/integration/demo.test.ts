/** The demo command end to end: a real database built from the synthetic city. */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildDemoDatabase } from "../../src/app/demo.js";
import { describeDatabase } from "../../src/app/info.js";
import { buildCompStat } from "../../src/compstat/engine.js";
import { AppError } from "../../src/domain/errors.js";
import { Database } from "../../src/store/db.js";
import { tmpDir } from "../helpers/synthetic-files.js";

const dir = tmpDir("demo");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("peacestat demo", () => {
  it("builds the small city: incidents, detections, calls, layers, populations, every incident in a district", async () => {
    const file = path.join(dir, "small.duckdb");
    const r = await buildDemoDatabase(file, { size: "small", seed: 1 });
    expect(r.incidents).toBeGreaterThan(45_000);
    expect(fs.existsSync(`${file}.building`)).toBe(false);
    const db = await Database.open(file);
    try {
      const info = await describeDatabase(db);
      expect(info.incidents.current).toBe(r.incidents);
      expect(info.gunshotDetections).toBe(r.detections);
      expect(info.callsForService).toBe(r.calls);
      expect(info.layers.map((l) => l.layer)).toEqual(["city_limit", "district", "focus_area"]);
      const inDistricts = info.incidents.byDistrict.reduce((s, d) => s + d.incidents, 0);
      expect(inDistricts).toBe(r.incidents);
      const unknown = info.incidents.byDistrict.find((d) => d.district === "Unknown")!.incidents;
      expect(unknown / r.incidents).toBeLessThan(0.02);
      const events = await db.one<{ calls: number; detections: number; focus: number }>(
        `SELECT (SELECT count(*) FROM event_areas WHERE kind = 'call' AND layer = 'district')::INTEGER AS calls,
                (SELECT count(*) FROM event_areas WHERE kind = 'detection' AND layer = 'district')::INTEGER AS detections,
                (SELECT count(*) FROM event_areas WHERE kind = 'incident' AND layer = 'focus_area')::INTEGER AS focus`,
      );
      expect(events!.calls).toBe(r.calls);
      expect(events!.detections).toBe(r.detections);
      expect(events!.focus).toBeGreaterThan(0.03 * r.incidents);
    } finally {
      db.close();
    }
    const again = await buildDemoDatabase(file, { size: "small", seed: 1 }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AppError);
  });

  // The default book mixes sources (incidents, detections, calls) in one metric list; each metric's
  // citywide YTD count must equal a plain SQL count, whatever its position in that list.
  it("the default CompStat book counts every metric as plain SQL does", async () => {
    const db = await Database.open(path.join(dir, "small.duckdb"));
    try {
      const report = await buildCompStat(db, { asOf: "2025-09-30", periods: [{ kind: "ytd" }] });
      const ids = report.definitions.metrics.map((m) => m.id);
      expect(ids).toEqual(
        expect.arrayContaining(["homicides", "gunshot-detections", "disorder-calls", "part1-total"]),
      );
      const count = (metric: string) =>
        report.rows.find((r) => r.metric === metric && r.group === "citywide")!.counts["ytd:2025"];
      const inc = "valid_to IS NULL AND occurred_at >= '2025-01-01' AND occurred_at < '2025-10-01'";
      const sql = await db.one<Record<string, number>>(
        `SELECT
           (SELECT count(*) FROM incidents WHERE ${inc} AND (list_contains(offenses, '09A') OR list_contains(offenses, '09')))::INTEGER AS homicides,
           (SELECT count(*) FROM incidents WHERE ${inc} AND list_contains(offenses, '120') AND json_extract_string(attributes, '$.carjacking') = '1')::INTEGER AS carjackings,
           (SELECT count(*) FROM incidents WHERE ${inc} AND list_contains(offenses, '240')
              AND NOT list_has_any(offenses, ['09A','09','11A','11B','11C','120','13A','220','23A','23B','23C','23D','23E','23F','23G','23H','23']))::INTEGER AS mvt,
           (SELECT count(*) FROM gunshot_detections WHERE detected_at >= '2025-01-01' AND detected_at < '2025-10-01')::INTEGER AS detections,
           (SELECT count(*) FROM calls_for_service WHERE received_at >= '2025-01-01' AND received_at < '2025-10-01'
              AND upper(call_type) IN ('DISTURBANCE', 'FIGHT', 'LOUD MUSIC', 'NOISE', 'LOUD PARTY', 'DISORDERLY CONDUCT', 'TROUBLE WITH SUBJECT'))::INTEGER AS calls`,
      );
      expect(count("homicides")).toBe(sql!.homicides);
      expect(count("carjackings")).toBe(sql!.carjackings);
      expect(sql!.carjackings).toBeGreaterThan(0);
      expect(count("part1.motor-vehicle-theft")).toBe(sql!.mvt);
      expect(count("gunshot-detections")).toBe(sql!.detections);
      expect(count("disorder-calls")).toBe(sql!.calls);
    } finally {
      db.close();
    }
  });
});
