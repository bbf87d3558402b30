import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ImportReport, importIncidentFile } from "../../src/app/import-incidents.js";
import { initCity } from "../../src/app/init-city.js";
import { mpdCompassFormat } from "../../src/ingest/formats/mpd-compass.js";
import { Database } from "../../src/store/db.js";
import { tmpDir } from "../helpers/synthetic-files.js";
import { hasSharedData, sharedData } from "./shared-data.js";

const ROWS = 308_669;

describe.skipIf(!hasSharedData)("MPD COMPASS crime exports 2005-2016 (real file, 308,669 rows)", () => {
  let dir: string;
  let db: Database;
  let first: ImportReport;
  let firstMs = 0;
  const file = () => sharedData("milwaukee", "mpd_compass_crime_2005-2016_4types.csv.gz");
  const fingerprint = () =>
    db.one<{ n: number; versions: number; h: string }>(
      `SELECT count(*) FILTER (WHERE valid_to IS NULL)::INTEGER AS n, count(*)::INTEGER AS versions,
              md5(string_agg(incident_id || ':' || version || ':' || content_hash, ',' ORDER BY incident_id, version)) AS h
       FROM incidents`,
    );

  beforeAll(async () => {
    dir = tmpDir("mpd-compass");
    const dbFile = path.join(dir, "mke.duckdb");
    await initCity(dbFile, { name: "Milwaukee", timeZone: "America/Chicago", crs: "EPSG:32616" });
    db = await Database.open(dbFile);
    const t0 = performance.now();
    first = await importIncidentFile(db, file(), {
      format: mpdCompassFormat,
      rejectsPath: path.join(dir, "issues.csv"),
    });
    firstMs = performance.now() - t0;
    console.info(
      `mpd-compass: ${ROWS} rows in ${(firstMs / 1000).toFixed(1)} s (${Math.round(ROWS / (firstMs / 1000))} rows/s)`,
      first.rows,
      first.incidents,
      first.reasons,
    );
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("accounts for every row; rows sharing an incident number merge without a conflict", () => {
    const r = first.rows;
    expect(r.read).toBe(ROWS);
    expect(r.read).toBe(r.new + r.updated + r.unchanged + r.rejected);
    expect(r).toEqual({ read: ROWS, new: ROWS, updated: 0, unchanged: 0, rejected: 0 });
    // 4,400 numbers repeat (4,332 twice, 44 three times, 24 four times): 4,400 + 4,332 + 88 + 72 extra rows.
    expect(first.incidents.new).toBe(ROWS - 4_492);
    expect(first.reasons).toEqual([]);
    expect(first.warnings).toBe(0);
  });

  it("stores NIBRS codes for the offense names, districts normalised", async () => {
    const codes = await db.all<{ code: string; n: number }>(
      `SELECT code, count(*)::INTEGER AS n
       FROM (SELECT unnest(offenses) AS code FROM incidents WHERE valid_to IS NULL) GROUP BY code ORDER BY n DESC`,
    );
    const byCode = Object.fromEntries(codes.map((c) => [c.code, c.n]));
    expect(byCode["13A"]).toBeGreaterThan(0);
    expect(byCode["13B"]).toBeGreaterThan(50_000);
    expect(Object.keys(byCode).every((c) => /^[0-9]{2}[0-9A-Z]$/.test(c))).toBe(true);
    const districts = await db.all<{ d: string | null; n: number }>(
      `SELECT district_reported AS d, count(*)::INTEGER AS n FROM incidents WHERE valid_to IS NULL GROUP BY ALL ORDER BY d`,
    );
    expect(districts.map((d) => d.d)).toEqual(["1", "2", "3", "4", "5", "6", "7", null]);
    const merged = await db.one<{ offenses: string[]; a: string; addr: string }>(
      `SELECT offenses, attributes::VARCHAR AS a, address AS addr FROM incidents
       WHERE incident_id = '152800008' AND valid_to IS NULL`,
    );
    expect(merged!.offenses).toEqual(["23G", "240"]);
    expect(JSON.parse(merged!.a).category).toBe("mtheft | theft");
    expect(merged!.addr).toBe("1417 W MORGAN AV");
  });

  it("re-importing the file changes nothing", async () => {
    const before = await fingerprint();
    const t0 = performance.now();
    const r = await importIncidentFile(db, file(), { format: mpdCompassFormat });
    console.info(`mpd-compass re-import: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(r.rows).toEqual({ read: ROWS, new: 0, updated: 0, unchanged: ROWS, rejected: 0 });
    expect(r.incidents.new + r.incidents.updated).toBe(0);
    expect(await fingerprint()).toEqual(before);
  });
});
