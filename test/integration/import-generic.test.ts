import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importAreaFile } from "../../src/app/import-areas.js";
import { importIncidentFile } from "../../src/app/import-incidents.js";
import { describeDatabase } from "../../src/app/info.js";
import { initCity } from "../../src/app/init-city.js";
import { Database } from "../../src/store/db.js";
import { districtGeoJson, genericCsv, tmpDir } from "../helpers/synthetic-files.js";

let dir: string;
beforeAll(() => {
  dir = tmpDir("import-generic");
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function freshDb(name: string, withDistricts = true): Promise<Database> {
  const file = path.join(dir, `${name}.duckdb`);
  await initCity(file, { name: "Testville", timeZone: "America/Chicago" });
  const db = await Database.open(file);
  if (withDistricts) {
    const gj = path.join(dir, "districts.geojson");
    fs.writeFileSync(gj, districtGeoJson());
    await importAreaFile(db, gj, {
      layer: "district",
      nameField: "DIST",
      populationField: "POP",
      populationYear: 2020,
    });
  }
  return db;
}

async function snapshot(db: Database) {
  return db.all(
    `SELECT source, incident_id, version, content_hash, offenses, weapons, x, y, valid_to IS NULL AS current
     FROM incidents ORDER BY incident_id, version`,
  );
}

describe("generic CSV import: 26,000 rows with a 7-district GeoJSON", () => {
  const fx = genericCsv(26_000);
  let db: Database;
  let csvPath: string;

  beforeAll(async () => {
    db = await freshDb("big");
    csvPath = path.join(dir, "incidents.csv");
    fs.writeFileSync(csvPath, fx.csv);
  });
  afterAll(() => db.close());

  it("accounts for every row and assigns every incident a district", async () => {
    const r = await importIncidentFile(db, csvPath, { format: "generic" });
    expect(r.rows.read).toBe(26_000);
    expect(r.rows.read).toBe(r.rows.new + r.rows.updated + r.rows.unchanged + r.rows.rejected);
    expect(r.rows.rejected).toBe(0);
    expect(r.rows.new).toBe(26_000);
    expect(r.incidents.new).toBe(fx.incidents);

    const info = await describeDatabase(db);
    expect(info.incidents.current).toBe(fx.incidents);
    const byDistrict: Record<string, number> = {};
    for (const d of info.incidents.byDistrict)
      byDistrict[d.district] = (byDistrict[d.district] ?? 0) + d.incidents;
    expect(byDistrict).toEqual(fx.byDistrict);
    expect(info.incidents.byDistrict.find((d) => d.district === "Unknown")?.method).toBe("none");
    expect(info.city.analysisCrs).toBe("EPSG:32616");
    const batch = info.batches.at(-1)!;
    expect(batch.rows_read).toBe(26_000);
  });

  it("re-importing the same file changes nothing", async () => {
    const before = await snapshot(db);
    const r = await importIncidentFile(db, csvPath, { format: "generic" });
    expect(r.rows).toEqual({ read: 26_000, new: 0, updated: 0, unchanged: 26_000, rejected: 0 });
    expect(await snapshot(db)).toEqual(before);
  });

  it("a multi-row incident holds all its offenses", async () => {
    const row = await db.one<{ offenses: string[] }>(
      "SELECT offenses FROM incidents WHERE incident_id = 'G10' AND valid_to IS NULL",
    );
    expect(row!.offenses.length).toBe(2);
  });
});

describe("record history", () => {
  it("a changed record becomes a new version and the old state can be rebuilt", async () => {
    const db = await freshDb("versions");
    try {
      const v1 = path.join(dir, "v1.csv");
      const v2 = path.join(dir, "v2.csv");
      const header =
        "incident_id,occurred_at,offense,weapon,victims_shot,victims_killed,lat,lon,cleared,cleared_at";
      fs.writeFileSync(
        v1,
        `${header}\nA1,2023-05-01 22:10,13A,12,1,0,43.08,-89.39,,\nA2,2023-05-02 10:00,220,,,,43.08,-89.35,,\n`,
      );
      // A1: the victim died (aggravated assault -> homicide) and the case was cleared; A2 unchanged; A3 new.
      fs.writeFileSync(
        v2,
        `${header}\nA1,2023-05-01 22:10,09A,12,1,1,43.08,-89.39,arrest,2023-06-01\nA2,2023-05-02 10:00,220,,,,43.08,-89.35,,\nA3,2023-05-03 01:00,120,,,,43.09,-89.33,,\n`,
      );
      const times = ["2023-06-10T12:00:00Z", "2023-06-20T12:00:00Z"];
      let k = 0;
      await importIncidentFile(db, v1, { format: "generic", now: () => new Date(times[0]!) });
      const r2 = await importIncidentFile(db, v2, {
        format: "generic",
        now: () => new Date(times[1]! + (k++ ? "" : "")),
      });
      expect(r2.incidents).toEqual({ new: 1, updated: 1, unchanged: 1 });
      expect(r2.rows).toEqual({ read: 3, new: 1, updated: 1, unchanged: 1, rejected: 0 });

      const versions = await db.all<{ version: number; offenses: string[]; cleared: string | null }>(
        "SELECT version, offenses, cleared FROM incidents WHERE incident_id = 'A1' ORDER BY version",
      );
      expect(versions.map((v) => [v.version, v.offenses, v.cleared])).toEqual([
        [1, ["13A"], null],
        [2, ["09A"], "arrest"],
      ]);
      const asOf = async (t: string) =>
        db.all<{ id: string; offenses: string[] }>(
          `SELECT incident_id AS id, offenses FROM incidents
           WHERE valid_from <= $1::TIMESTAMPTZ AND (valid_to IS NULL OR valid_to > $1::TIMESTAMPTZ) ORDER BY 1`,
          [t],
        );
      expect(await asOf("2023-06-15T00:00:00Z")).toEqual([
        { id: "A1", offenses: ["13A"] },
        { id: "A2", offenses: ["220"] },
      ]);
      expect((await asOf("2023-06-25T00:00:00Z")).map((r) => r.offenses[0])).toEqual(["09A", "220", "120"]);
      // The new version is assigned to its district like the old one.
      const areas = await db.all<{ n: number }>(
        "SELECT count(*)::INTEGER AS n FROM event_areas a JOIN incidents i ON a.uid = i.uid WHERE i.incident_id = 'A1' AND a.layer = 'district'",
      );
      expect(areas[0]!.n).toBe(2);
    } finally {
      db.close();
    }
  });
});

describe("districts", () => {
  it("reported district wins, then the polygon, then Unknown; a new layer re-assigns everything", async () => {
    const db = await freshDb("districts", false);
    try {
      const f = path.join(dir, "d.csv");
      fs.writeFileSync(
        f,
        "incident_id,occurred_at,offense,lat,lon,district\nD1,2023-01-01 00:00,13A,43.08,-89.39,\nD2,2023-01-01 00:00,13A,43.08,-89.39,7\nD3,2023-01-01 00:00,13A,,,\nD4,2023-01-01 00:00,13A,41.0,-80.0,\n",
      );
      await importIncidentFile(db, f, { format: "generic" });
      const q = () =>
        db.all<{ id: string; area: string; method: string }>(
          `SELECT i.incident_id AS id, a.area, a.method FROM incidents i JOIN event_areas a ON a.uid = i.uid AND a.layer = 'district' ORDER BY 1`,
        );
      expect(await q()).toEqual([
        { id: "D1", area: "Unknown", method: "none" },
        { id: "D2", area: "7", method: "reported" },
        { id: "D3", area: "Unknown", method: "none" },
        { id: "D4", area: "Unknown", method: "none" },
      ]);
      const gj = path.join(dir, "districts2.geojson");
      fs.writeFileSync(gj, districtGeoJson());
      await importAreaFile(db, gj, { layer: "district", nameField: "DIST" });
      expect(await q()).toEqual([
        { id: "D1", area: "1", method: "polygon" },
        { id: "D2", area: "7", method: "reported" },
        { id: "D3", area: "Unknown", method: "none" },
        { id: "D4", area: "Unknown", method: "none" },
      ]);
    } finally {
      db.close();
    }
  });
});
