import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AreaImportReport, importAreaFile } from "../../src/app/import-areas.js";
import { initCity } from "../../src/app/init-city.js";
import { AppError } from "../../src/domain/errors.js";
import { readGeoJsonAreas } from "../../src/ingest/geojson-areas.js";
import { readKmlAreas } from "../../src/ingest/kml-areas.js";
import { readShapefileAreas } from "../../src/ingest/shapefile-areas.js";
import { fileFacts } from "../../src/ingest/text-file.js";
import { Database } from "../../src/store/db.js";
import { tmpDir } from "../helpers/synthetic-files.js";
import { hasSharedData, sharedData } from "./shared-data.js";

const byName = (r: AreaImportReport) => new Map(r.areas.map((a) => [a.name, a.squareMiles]));

describe.skipIf(!hasSharedData)("area boundaries from shapefiles and KML (real data)", () => {
  let dir: string;
  let db: Database;
  const mpdFolder = () => sharedData("milwaukee", "shapefiles", "MPD_police_district");
  const mpdShp = () => path.join(mpdFolder(), "poldist.shp");
  const mpdFeet = () => sharedData("milwaukee", "mpd_police_districts_wi_south_nad27_ft.geojson");
  const expectError = async (p: Promise<unknown>, re: RegExp) => {
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(re);
  };

  beforeAll(async () => {
    dir = tmpDir("boundaries");
    const file = path.join(dir, "b.duckdb");
    await initCity(file, { name: "Milwaukee", timeZone: "America/Chicago", crs: "EPSG:32616" });
    db = await Database.open(file);
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("MPD shapefile (named by its folder) = the converted GeoJSON: 7 districts, CRS from the .prj", async () => {
    const shp = await importAreaFile(db, mpdFolder(), { layer: "district_shp", nameField: "POLICE" });
    const geo = await importAreaFile(db, mpdFeet(), {
      layer: "district",
      nameField: "POLICE",
      crs: "EPSG:32054",
    });
    expect(shp.sourceCrs).toBe("EPSG:32054");
    expect(shp.features).toBe(8);
    expect(shp.areas.map((a) => a.name)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(shp.notes.join(" ")).toMatch(/without the datum shift/);
    const want = byName(geo);
    for (const a of shp.areas) {
      expect(Math.abs(a.squareMiles / want.get(a.name)! - 1)).toBeLessThan(0.001);
    }
    const total = shp.areas.reduce((s, a) => s + a.squareMiles, 0);
    expect(total).toBeGreaterThan(94);
    expect(total).toBeLessThan(98);
    const batch = await db.all("SELECT format FROM import_batches WHERE batch_id = ?", [shp.batchId]);
    expect(batch[0]?.format).toBe("shapefile");
  });

  it("MPD shapefile vertices equal the GeoJSON's, holes and multipolygons included", async () => {
    const shp = readShapefileAreas(mpdShp(), { nameField: "POLICE" });
    expect(shp.crsFrom).toBe("file");
    const geo = readGeoJsonAreas(await fileFacts(mpdFeet()), { nameField: "POLICE", crs: "EPSG:32054" });
    for (const area of geo.areas) {
      const mine = shp.areas.find((a) => a.name === area.name)!;
      expect(mine.polygons.length).toBe(area.polygons.length);
      const count = (p: typeof mine.polygons) => p.flat().reduce((s, r) => s + r.length, 0);
      expect(count(mine.polygons)).toBe(count(area.polygons));
      const pts = mine.polygons.flat(2);
      const sample = area.polygons.flat(2).filter((_, i) => i % 25 === 0);
      for (const [x, y] of sample) {
        const near = Math.min(...pts.map(([u, v]) => Math.hypot(u! - x!, v! - y!)));
        expect(near).toBeLessThan(0.01);
      }
    }
    // --crs wins over the .prj.
    expect(readShapefileAreas(mpdShp(), { nameField: "POLICE", crs: "EPSG:32054" }).crsFrom).toBe("option");
  });

  it("says which fields there are when the name field is wrong", async () => {
    await expectError(
      importAreaFile(db, mpdShp(), { layer: "x", nameField: "DISTRICT" }),
      /no field 'DISTRICT' \(poldist\.dbf fields: POLICE\)/,
    );
    await expectError(
      importAreaFile(db, sharedData("chicago", "chicago_police_districts.kml"), {
        layer: "x",
        nameField: "dist",
      }),
      /no field 'dist' \(Placemark fields: name, description\)/,
    );
  });

  it("reads the other Milwaukee shapefiles", () => {
    const shp = (folder: string, base: string) =>
      sharedData("milwaukee", "shapefiles", folder, `${base}.shp`);
    const ald = readShapefileAreas(shp("Ald2012", "alderman"), { nameField: "ALD" });
    expect(ald.areas).toHaveLength(15);
    const nbhd = readShapefileAreas(shp("neighborhood", "neighborhood"), { nameField: "NEIGHBORHD" });
    expect(nbhd.areas).toHaveLength(190);
    const city = readShapefileAreas(shp("citylimit", "citylimit"), { nameField: "COUNT" });
    expect(city.areas).toHaveLength(1);
    expect(city.crs).toBe("EPSG:32054");
  });

  it("Chicago KML: 25 Placemarks, 23 districts (31 has three parts), areas match the GeoJSON within 1%", async () => {
    const kml = await importAreaFile(db, sharedData("chicago", "chicago_police_districts.kml"), {
      layer: "chicago_kml",
      nameField: "name",
    });
    const geo = await importAreaFile(db, sharedData("chicago", "chicago_district_bounds.geojson"), {
      layer: "chicago",
      nameField: "dist_num",
    });
    expect(kml.sourceCrs).toBe("EPSG:4326");
    expect(kml.features).toBe(25);
    expect(kml.areas).toHaveLength(23);
    expect(geo.areas.map((a) => a.name)).toEqual(kml.areas.map((a) => a.name));
    const want = byName(geo);
    for (const a of kml.areas) {
      expect(want.has(a.name)).toBe(true);
      expect(Math.abs(a.squareMiles / want.get(a.name)! - 1)).toBeLessThan(0.01);
    }
    const withHoles = readKmlAreas(sharedData("chicago", "chicago_police_districts.kml"), {
      nameField: "name",
    })
      .areas.flatMap((a) => a.polygons)
      .filter((p) => p.length > 1);
    expect(withHoles.length).toBeGreaterThan(0);
  });

  it("MPD KMZ reads: 7 districts close to the shapefile's", async () => {
    const kmz = await importAreaFile(db, path.join(mpdFolder(), "MPD_police_district.kmz"), {
      layer: "district_kmz",
      nameField: "name",
    });
    expect(kmz.features).toBe(8);
    expect(kmz.areas.map((a) => a.name)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    const shp = await importAreaFile(db, mpdShp(), { layer: "district_shp", nameField: "POLICE" });
    const want = byName(shp);
    for (const a of kmz.areas) expect(Math.abs(a.squareMiles / want.get(a.name)! - 1)).toBeLessThan(0.01);
  });

  it("refuses forms it does not read, and --crs on KML", async () => {
    await expectError(
      importAreaFile(db, sharedData("chicago", "chicago_police_stations.csv"), {
        layer: "x",
        nameField: "n",
      }),
      /GeoJSON \(\.geojson, \.json\), KML \(\.kml, \.kmz\) or an ESRI shapefile/,
    );
    await expectError(
      importAreaFile(db, sharedData("chicago", "chicago_police_districts.kml"), {
        layer: "x",
        nameField: "name",
        crs: "EPSG:3435",
      }),
      /KML is always WGS84/,
    );
  });
});
