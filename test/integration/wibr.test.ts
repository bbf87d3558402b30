import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AreaIndex } from "../../src/analysis/place/area-index.js";
import { importAreaFile } from "../../src/app/import-areas.js";
import { type ImportReport, importIncidentFile } from "../../src/app/import-incidents.js";
import { initCity } from "../../src/app/init-city.js";
import { buildCompStat } from "../../src/compstat/engine.js";
import { wibrFormat } from "../../src/ingest/formats/wibr.js";
import { listLayerGeometries } from "../../src/store/areas.js";
import { Database } from "../../src/store/db.js";
import { tmpDir } from "../helpers/synthetic-files.js";
import { hasSharedData, sharedData } from "./shared-data.js";

const ROWS = 20_246;

/** The data README's flag totals (docs/formats/wibr.md), keyed by the code each flag maps to. */
const FLAG_TOTALS: Record<string, number> = {
  "13": 8_023, // AssaultOffense
  "240": 3_518, // VehicleTheft
  "290": 2_945, // CriminalDamage
  "23": 2_402, // Theft
  "23F": 1_799, // LockedVehicle
  "220": 1_378, // Burglary
  "120": 1_053, // Robbery
  "11": 360, // SexOffense
  "200": 130, // Arson
  "09": 113, // Homicide
};

describe.skipIf(!hasSharedData)("WIBR crime data 2023 (real file)", () => {
  let dir: string;
  let db: Database;
  let first: ImportReport;
  const snapshot = () =>
    db.all(
      `SELECT incident_id, version, content_hash, offenses, weapons, src_x, src_y, district_reported
       FROM incidents ORDER BY incident_id, version`,
    );

  beforeAll(async () => {
    dir = tmpDir("wibr");
    const file = path.join(dir, "mke.duckdb");
    await initCity(file, { name: "Milwaukee", timeZone: "America/Chicago", crs: "EPSG:32616" });
    db = await Database.open(file);
    await importAreaFile(db, sharedData("milwaukee", "mpd_police_districts_wi_south_nad27_ft.geojson"), {
      layer: "district",
      nameField: "POLICE",
      crs: "EPSG:32054",
    });
    const t0 = performance.now();
    first = await importIncidentFile(db, sharedData("milwaukee", "wibr_2023.csv"), {
      format: wibrFormat,
      // The format's default CRS; naming it makes the pipeline report the datum shift it could not apply.
      crs: "EPSG:32054",
      rejectsPath: path.join(dir, "rejects.csv"),
    });
    console.info(`wibr: ${ROWS} rows in ${Math.round(performance.now() - t0)} ms`, first.rows, first.notes);
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("accounts for every row: all 20,246 are incidents, none rejected", () => {
    const r = first.rows;
    expect(r.read).toBe(ROWS);
    expect(r.read).toBe(r.new + r.updated + r.unchanged + r.rejected);
    expect(r).toEqual({ read: ROWS, new: ROWS, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.incidents.new).toBe(ROWS);
    expect(first.notes.join(" ")).toMatch(/without the datum shift/);
    expect(first.warnings).toBe(0);
  });

  it("reproduces the flag totals from the database (incidents holding each mapped code)", async () => {
    const rows = await db.all<{ code: string; n: number }>(
      `SELECT code, count(*)::INTEGER AS n
       FROM (SELECT unnest(offenses) AS code FROM incidents WHERE valid_to IS NULL) GROUP BY code`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.code, r.n]))).toEqual(FLAG_TOTALS);
    const multi = await db.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM incidents WHERE valid_to IS NULL AND len(offenses) > 1",
    );
    expect(multi!.n).toBe(1_402);
  });

  it("maps every WeaponUsed word (no unmapped-weapon warning) and keeps the geography as attributes", async () => {
    expect(first.reasons.some((x) => x.column === "WeaponUsed")).toBe(false);
    const fire = await db.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM incidents
       WHERE valid_to IS NULL AND list_has_any(weapons, ['11', '12', '13', '14', '15'])`,
    );
    expect(fire!.n).toBe(2_696);
    const row = await db.one<{ a: string; occ: string; rep: string; district: string; crs: string }>(
      `SELECT attributes::VARCHAR AS a, strftime(occurred_at, '%Y-%m-%d %H:%M') AS occ,
              strftime(reported_at, '%Y-%m-%d %H:%M') AS rep, district_reported AS district, src_crs AS crs
       FROM incidents WHERE incident_id = '232540078' AND valid_to IS NULL`,
    );
    expect(JSON.parse(row!.a)).toEqual({
      ALD: "8",
      NSP: "15",
      TRACT: "15800",
      WARD: "222",
      ZIP: "53204",
    });
    expect([row!.occ, row!.rep, row!.district, row!.crs]).toEqual([
      "2023-09-11 11:30",
      "2023-09-11 11:30",
      "2",
      "EPSG:32054",
    ]);
  });

  it("re-importing the same file changes nothing", async () => {
    const before = await snapshot();
    const r = await importIncidentFile(db, sharedData("milwaukee", "wibr_2023.csv"), { format: wibrFormat });
    expect(r.rows).toEqual({ read: ROWS, new: 0, updated: 0, unchanged: ROWS, rejected: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it("the CR-only copy gives identical incidents (every one unchanged)", async () => {
    const before = await snapshot();
    const r = await importIncidentFile(db, sharedData("milwaukee", "wibr_2023_cr_line_endings.csv"), {
      format: wibrFormat,
    });
    expect(r.rows).toEqual({ read: ROWS, new: 0, updated: 0, unchanged: ROWS, rejected: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it("the district polygon holding each geocoded row equals its POLICE value (100%)", async () => {
    const index = new AreaIndex((await listLayerGeometries(db)).get("district") ?? []);
    const rows = await db.all<{ x: number | null; y: number | null; d: string | null }>(
      "SELECT x, y, district_reported AS d FROM incidents WHERE valid_to IS NULL",
    );
    let checked = 0;
    let agree = 0;
    let polygonOnly = 0;
    let noDistrictOutside = 0;
    let outside = 0;
    let noLocationReported = 0;
    let noLocationUnknown = 0;
    for (const r of rows) {
      if (r.x === null || r.y === null) {
        if (r.d) noLocationReported++;
        else noLocationUnknown++;
        continue;
      }
      const hit = index.find(r.x, r.y);
      if (!r.d) {
        if (hit) polygonOnly++;
        else noDistrictOutside++;
        continue;
      }
      checked++;
      if (hit === r.d) agree++;
      else if (hit === undefined) outside++;
    }
    console.info("wibr districts", {
      checked,
      agree,
      outside,
      polygonOnly,
      noDistrictOutside,
      noLocationReported,
      noLocationUnknown,
    });
    expect(checked).toBe(19_976);
    expect(agree).toBe(checked);
    // Rows without a usable location: counted in their reported district, else 'Unknown'.
    const assigned = await db.all<{ method: string; area: string; n: number }>(
      `SELECT method, CASE WHEN area = 'Unknown' THEN 'Unknown' ELSE 'district' END AS area, count(*)::INTEGER AS n
       FROM event_areas e JOIN incidents i ON i.uid = e.uid AND i.valid_to IS NULL
       WHERE e.kind = 'incident' AND e.layer = 'district' GROUP BY ALL ORDER BY ALL`,
    );
    const total = assigned.reduce((s, a) => s + a.n, 0);
    expect(total).toBe(ROWS);
    const unknown = assigned.find((a) => a.area === "Unknown")?.n ?? 0;
    expect(unknown).toBe(noLocationUnknown + noDistrictOutside);
    expect(noLocationReported + noLocationUnknown).toBe(192);
    expect([unknown, noDistrictOutside, noLocationReported]).toEqual([270, 78, 0]);
  });

  // The seed's city on its own export: the homicides metric counts WIBR's homicide flag (group 09), so
  // CompStat's citywide YTD equals the published flag total, and the districts (Unknown included) add up.
  it("CompStat: homicides YTD equal the flag total of 113, districts add up to citywide", async () => {
    const r = await buildCompStat(db, {
      asOf: "2023-09-13",
      periods: [{ kind: "ytd" }],
      years: [2022, 2023],
      metrics: ["homicides", "firearm-violent", "part1"],
      layers: ["district"],
    });
    const count = (metric: string, group: string) =>
      r.rows.find((x) => x.metric === metric && x.group === group)?.counts["ytd:2023"] ?? 0;
    expect(count("homicides", "citywide")).toBe(113);
    expect(count("part1.homicide", "citywide")).toBe(113);
    for (const m of ["homicides", "firearm-violent", "part1-total"]) {
      const districts = r.groups.filter((g) => g.layer === "district").map((g) => count(m, g.id));
      expect(districts.reduce((a, b) => a + b, 0)).toBe(count(m, "citywide"));
    }
    const fv = await db.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM incidents WHERE valid_to IS NULL
         AND list_has_any(offenses, ['09', '09A', '11A', '11B', '11C', '120', '13A', '13'])
         AND list_has_any(weapons, ['11', '12', '13', '14', '15'])`,
    );
    expect(count("firearm-violent", "citywide")).toBe(fv!.n);
    expect(r.tables.find((t) => t.metric === "homicides")!.rowLabels.at(-1)).toBe("Total");
    // The export holds 2023 only: 2022 is missing, not zero, so no "new" against it.
    const city = r.rows.find((x) => x.metric === "homicides" && x.group === "citywide")!;
    expect(city.changes["ytd:2022..2023"]?.label).toBe("no data");
    expect(r.coverage.incidents).toEqual({ first: "2023-01-01", last: "2023-09-13" });
  });

  it("CompStat: the default book leaves out what WIBR cannot count (no victims, no carjacking flag) and says why", async () => {
    const r = await buildCompStat(db, { asOf: "2023-09-13", periods: [{ kind: "ytd" }] });
    const ids = r.definitions.metrics.map((m) => m.id);
    expect(ids).toContain("homicides");
    expect(ids).not.toContain("nonfatal-shootings");
    expect(ids).not.toContain("carjackings");
    expect(
      r.notes.some((n) =>
        n.startsWith("Non-Fatal Shootings: no incident in the data carries a count of people shot"),
      ),
    ).toBe(true);
  });
});
