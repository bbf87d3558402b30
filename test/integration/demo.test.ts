/** The demo command end to end: a real database built from the synthetic city. */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildDemoDatabase } from "../../src/app/demo.js";
import { describeDatabase } from "../../src/app/info.js";
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
});
