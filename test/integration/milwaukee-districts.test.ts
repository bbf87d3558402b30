import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importAreaFile } from "../../src/app/import-areas.js";
import { initCity } from "../../src/app/init-city.js";
import { getCrs, makeTransform, WGS84 } from "../../src/domain/crs.js";
import { AppError } from "../../src/domain/errors.js";
import { Database } from "../../src/store/db.js";
import { tmpDir } from "../helpers/synthetic-files.js";
import { hasSharedData, sharedData } from "./shared-data.js";

describe.skipIf(!hasSharedData)("Milwaukee police districts (real data, EPSG:32054 feet)", () => {
  let dir: string;
  let db: Database;
  const feet = () => sharedData("milwaukee", "mpd_police_districts_wi_south_nad27_ft.geojson");

  beforeAll(async () => {
    dir = tmpDir("mke");
    const file = path.join(dir, "mke.duckdb");
    await initCity(file, { name: "Milwaukee", timeZone: "America/Chicago", crs: "EPSG:32616" });
    db = await Database.open(file);
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("refuses state-plane feet read as lon/lat when no CRS is named", async () => {
    const err = await importAreaFile(db, feet(), { layer: "district", nameField: "POLICE" }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/not longitude\/latitude; give their CRS with --crs/);
  });

  it("imports 7 districts from 8 polygons with --crs EPSG:32054 and says the datum shift was not applied", async () => {
    const r = await importAreaFile(db, feet(), { layer: "district", nameField: "POLICE", crs: "EPSG:32054" });
    expect(r.features).toBe(8);
    expect(r.areas.map((a) => a.name)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    const total = r.areas.reduce((s, a) => s + a.squareMiles, 0);
    // The city is 96.8 square miles of land and water (seed 001); police districts cover the land area.
    expect(total).toBeGreaterThan(94);
    expect(total).toBeLessThan(98);
    expect(r.notes.join(" ")).toMatch(/without the datum shift/);
  });

  it("our conversion matches the published no-datum-shift WGS84 copy to 1e-6 degrees", () => {
    const a = JSON.parse(fs.readFileSync(feet(), "utf8"));
    const b = JSON.parse(
      fs.readFileSync(sharedData("milwaukee", "mpd_police_districts_approx_wgs84.geojson"), "utf8"),
    );
    const t = makeTransform(getCrs("EPSG:32054"), WGS84);
    let worst = 0;
    a.features.forEach((f: { geometry: { coordinates: number[][][] } }, i: number) => {
      const ring = f.geometry.coordinates[0]!;
      const other = b.features[i].geometry.coordinates[0] as number[][];
      ring.forEach(([x, y], k) => {
        const [lon, lat] = t(x!, y!);
        worst = Math.max(worst, Math.abs(lon - other[k]![0]!), Math.abs(lat - other[k]![1]!));
      });
    });
    expect(worst).toBeLessThan(1e-6);
  });
});
