/** data.police.uk street crime: the one real file of over a million rows (1,771,502). */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importFile } from "../../src/app/import-file.js";
import { initCity } from "../../src/app/init-city.js";
import { UK_CRIME_TYPES } from "../../src/domain/uk-crime.js";
import { Database } from "../../src/store/db.js";
import { tmpDir } from "../helpers/synthetic-files.js";
import { hasSharedData, sharedData } from "./shared-data.js";

const dir = tmpDir("uk");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasSharedData)("uk-police (real data, 1.77M rows)", () => {
  it("accounts for every row, keeps months as months, and re-imports as a no-op", {
    timeout: 600_000,
  }, async () => {
    const file = path.join(dir, "uk.duckdb");
    await initCity(file, { timeZone: "Europe/London", crs: "EPSG:27700" });
    const db = await Database.open(file);
    try {
      const csv = sharedData("uk", "uk_street_crime_2018-10_2019-02_partial.csv.gz");
      const t0 = performance.now();
      const r = await importFile(db, csv, { format: "uk-police" });
      const seconds = (performance.now() - t0) / 1000;
      console.log(
        `uk-police: ${r.rows.read} rows in ${seconds.toFixed(1)} s (${Math.round(r.rows.read / seconds)} rows/s)`,
      );
      expect(r.rows.read).toBe(1_771_502);
      expect(r.rows.read).toBe(r.rows.new + r.rows.updated + r.rows.unchanged + r.rows.rejected);
      // Every rejection is a Crime ID listed again with another month or place: the first listing is kept.
      expect(r.reasons.every((x) => /contradicts an earlier row of the same incident/.test(x.reason))).toBe(
        true,
      );
      const facts = await db.one<{
        n: number;
        months: number;
        precision: string;
        types: number;
        nocid: number;
        located: number;
      }>(
        `SELECT count(*)::INTEGER AS n, count(DISTINCT occurred_at)::INTEGER AS months,
                any_value(occurred_precision) AS precision,
                count(DISTINCT offenses[1])::INTEGER AS types,
                count(*) FILTER (WHERE incident_id LIKE 'nocid:%')::INTEGER AS nocid,
                count(x)::INTEGER AS located
         FROM incidents WHERE valid_to IS NULL`,
      );
      expect(facts!.months).toBe(5);
      expect(facts!.precision).toBe("month");
      expect(facts!.types).toBe(UK_CRIME_TYPES.length);
      // The README: 385,391 anti-social-behaviour rows have an empty Crime ID; each is its own record.
      expect(facts!.nocid).toBe(385_391);
      expect(facts!.n - facts!.located).toBeGreaterThanOrEqual(41_641 - r.rows.rejected);
      const again = await importFile(db, csv, { format: "uk-police" });
      expect(again.rows).toEqual({ ...r.rows, new: 0, unchanged: r.rows.new });
    } finally {
      db.close();
    }
  });
});
