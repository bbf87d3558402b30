import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ImportReport, importIncidentFile } from "../../src/app/import-incidents.js";
import { initCity } from "../../src/app/init-city.js";
import { gvaFormat } from "../../src/ingest/formats/gva.js";
import { Database } from "../../src/store/db.js";
import { tmpDir } from "../helpers/synthetic-files.js";
import { hasSharedData, sharedData } from "./shared-data.js";

const summary = (r: ImportReport) => ({
  rows: r.rows,
  incidents: r.incidents,
  warnings: r.warnings,
  reasons: r.reasons.map((x) => `${x.severity} ${x.count}: ${x.column} ${x.reason.slice(0, 60)}`),
});
const accounted = (r: ImportReport) => {
  const n = r.rows;
  expect(n.read).toBe(n.new + n.updated + n.unchanged + n.rejected);
  expect(r.reasons.filter((x) => x.severity === "reject").reduce((s, x) => s + x.count, 0)).toBe(n.rejected);
};

describe.skipIf(!hasSharedData)("Gun Violence Archive exports (real files)", () => {
  let dir: string;
  let db: Database;
  beforeAll(async () => {
    dir = tmpDir("gva");
    const dbFile = path.join(dir, "gva.duckdb");
    await initCity(dbFile, { name: "Milwaukee", timeZone: "America/Chicago", crs: "EPSG:32616" });
    db = await Database.open(dbFile);
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("Milwaukee 2013-2018 (2,487 rows): accounted, killed and injured totals equal the CSV's sums", async () => {
    const file = sharedData("milwaukee", "gva_shootings_milwaukee_2013-2018.csv");
    const r = await importIncidentFile(db, file, { format: gvaFormat, source: "gva-mke" });
    console.info("gva milwaukee", summary(r));
    accounted(r);
    expect(r.rows.read).toBe(2_487);
    // 775 incidents with no one killed or injured; those naming robbery or a weapon-law offense are kept.
    expect(r.rows).toEqual({ read: 2_487, new: 1_857, updated: 0, unchanged: 0, rejected: 630 });
    const t = await db.one<{ killed: number; shot: number; day: number; n: number; hom: number }>(
      `SELECT sum(victims_killed)::INTEGER AS killed, sum(victims_shot)::INTEGER AS shot, count(*)::INTEGER AS n,
              count(*) FILTER (WHERE occurred_precision = 'day')::INTEGER AS day,
              count(*) FILTER (WHERE list_contains(offenses, '09A'))::INTEGER AS hom
       FROM incidents WHERE valid_to IS NULL AND source = 'gva-mke'`,
    );
    expect(t!.killed).toBe(486);
    expect(t!.shot).toBe(486 + 1_570);
    expect(t!.day).toBe(t!.n);
    expect(t!.hom).toBe(374 + 84);
    const attrs = await db.all<{ k: string }>(
      "SELECT DISTINCT unnest(json_keys(attributes)) AS k FROM incidents WHERE source = 'gva-mke'",
    );
    expect(attrs.map((a) => a.k)).not.toContain("notes");
    const again = await importIncidentFile(db, file, { format: gvaFormat, source: "gva-mke" });
    expect(again.rows).toEqual({ ...r.rows, new: 0, unchanged: r.rows.new });
  });

  it("national 2013-01..2018-03 (239,677 rows, 6,995 with embedded newlines): every row accounted for", async () => {
    const t0 = performance.now();
    const heap0 = process.memoryUsage().rss;
    const r = await importIncidentFile(db, sharedData("national", "gva_incidents_2013-01_2018-03.csv.gz"), {
      format: gvaFormat,
      source: "gva-us",
      rejectsPath: path.join(dir, "issues.csv"),
    });
    const s = (performance.now() - t0) / 1000;
    const rssMb = Math.round((process.memoryUsage().rss - heap0) / 1e6);
    console.info(
      `gva national: ${s.toFixed(1)} s, ${Math.round(239_677 / s)} rows/s, rss +${rssMb} MB`,
      summary(r),
    );
    accounted(r);
    // 97,287 incidents with no one killed or injured: 28,295 name robbery or a weapon-law offense.
    expect(r.rows).toEqual({ read: 239_677, new: 170_685, updated: 0, unchanged: 0, rejected: 68_992 });
    expect(r.incidents.new).toBe(170_685);
    const t = await db.one<{ killed: number; shot: number }>(
      `SELECT sum(victims_killed)::INTEGER AS killed, sum(victims_shot)::INTEGER AS shot
       FROM incidents WHERE valid_to IS NULL AND source = 'gva-us'`,
    );
    // Every incident with a victim is kept: the totals are the file's (60,468 killed, 118,402 injured).
    expect(t).toEqual({ killed: 60_468, shot: 60_468 + 118_402 });
    const codes = await db.all<{ code: string; n: number }>(
      `SELECT code, count(*)::INTEGER AS n FROM (SELECT unnest(offenses) AS code FROM incidents
       WHERE valid_to IS NULL AND source = 'gva-us') GROUP BY code ORDER BY code`,
    );
    const weapons = await db.all<{ code: string; n: number }>(
      `SELECT code, count(*)::INTEGER AS n FROM (SELECT unnest(weapons) AS code FROM incidents
       WHERE valid_to IS NULL AND source = 'gva-us') GROUP BY code ORDER BY code`,
    );
    console.info("gva national offenses", codes, "weapons", weapons);
  }, 120_000);
});
