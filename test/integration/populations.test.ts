import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importAreaFile } from "../../src/app/import-areas.js";
import { importPopulationFile } from "../../src/app/import-populations.js";
import { initCity } from "../../src/app/init-city.js";
import { Database } from "../../src/store/db.js";
import { districtGeoJson, tmpDir } from "../helpers/synthetic-files.js";
import { hasSharedData, sharedData } from "./shared-data.js";

let dir: string;
let db: Database;
beforeAll(async () => {
  dir = tmpDir("pop");
  await initCity(path.join(dir, "p.duckdb"), { timeZone: "America/Chicago", crs: "EPSG:32616" });
  db = await Database.open(path.join(dir, "p.duckdb"));
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("populations", () => {
  it("stores one population per area and year; bad rows are rejected with reasons; names are matched to the layer", async () => {
    const gj = path.join(dir, "d.geojson");
    fs.writeFileSync(gj, districtGeoJson());
    await importAreaFile(db, gj, { layer: "district", nameField: "DIST" });
    const f = path.join(dir, "pop.csv");
    fs.writeFileSync(
      f,
      'district,population,pop_black\n1,"12,500",1\n2,9800,2\n2,9900,3\n3,n/a,4\n9,100,5\n',
    );
    const r = await importPopulationFile(db, f, {
      layer: "district",
      nameField: "district",
      populationField: "population",
      year: 2020,
    });
    expect(r.rows).toEqual({ read: 5, stored: 3, rejected: 2 });
    expect(r.total).toBe(12_500 + 9_800 + 100);
    expect(r.unmatchedNames).toEqual(["9"]);
    expect(r.areasWithoutPopulation).toEqual(["3", "4", "5", "6", "7"]);
    // re-importing a year replaces it; other years stay
    fs.writeFileSync(f, "district,population\n1,12600\n");
    await importPopulationFile(db, f, {
      layer: "district",
      nameField: "district",
      populationField: "population",
      year: 2020,
    });
    await importPopulationFile(db, f, {
      layer: "district",
      nameField: "district",
      populationField: "population",
      year: 2021,
    });
    const rows = await db.all<{ year: number; p: number }>(
      "SELECT year, population::INTEGER AS p FROM area_populations WHERE layer = 'district' AND name = '1' ORDER BY year",
    );
    expect(rows).toEqual([
      { year: 2020, p: 12_600 },
      { year: 2021, p: 12_600 },
    ]);
  });

  it.skipIf(!hasSharedData)(
    "Milwaukee 2020 tract populations sum to the city's census count, 577,222",
    async () => {
      await importAreaFile(
        db,
        sharedData("milwaukee", "milwaukee_census_tracts_2017_wi_south_nad27_ft.geojson"),
        {
          layer: "tract",
          nameField: "tract",
          crs: "EPSG:32054",
        },
      );
      const r = await importPopulationFile(
        db,
        sharedData("milwaukee", "milwaukee_city_tract_population_2020_from_blocks.csv"),
        {
          layer: "tract",
          nameField: "tract",
          populationField: "pop",
          year: 2020,
        },
      );
      expect(r.rows).toEqual({ read: 211, stored: 211, rejected: 0 });
      expect(r.total).toBe(577_222);
      // the 2017 tract map predates one 2020 tract
      expect(r.unmatchedNames).toEqual(["55079060200"]);
    },
  );
});
