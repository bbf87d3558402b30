import { describe, expect, it } from "vitest";
import { crsFromWkt, getCrs, isUsableLonLat, makeTransform, utmCrsFor, WGS84 } from "./crs.js";
import { AppError } from "./errors.js";

describe("CRS", () => {
  it("resolves any EPSG code from the registry", () => {
    expect(getCrs("EPSG:3435").name).toBe("NAD83 / Illinois East (ftUS)");
    expect(getCrs("32616").id).toBe("EPSG:32616");
    expect(() => getCrs("EPSG:999999")).toThrow(AppError);
    expect(() => getCrs("wgs84-ish")).toThrow(/not understood/);
  });

  it("says when a NAD27 datum grid is not applied", () => {
    const ft = getCrs("EPSG:32054");
    expect(ft.datumShiftDropped).toMatch(/without the datum shift/);
    expect(getCrs("EPSG:3435").datumShiftDropped).toBeUndefined();
  });

  it("UTM: the central meridian maps to easting 500000 and the equator to northing 0", () => {
    const utm = getCrs(utmCrsFor(-87.5, 43));
    expect(utm.id).toBe("EPSG:32616");
    const [e, n] = makeTransform(WGS84, utm)(-87, 0);
    expect(e).toBeCloseTo(500000, 3);
    expect(n).toBeCloseTo(0, 3);
    const there = makeTransform(WGS84, utm)(-87.9, 43.04);
    const back = makeTransform(utm, WGS84)(there[0], there[1]);
    expect(back[0]).toBeCloseTo(-87.9, 9);
    expect(back[1]).toBeCloseTo(43.04, 9);
    expect(utmCrsFor(151.2, -33.9)).toBe("EPSG:32756");
  });

  it("treats 0,0 and out-of-range values as unusable", () => {
    expect(isUsableLonLat(0, 0)).toBe(false);
    expect(isUsableLonLat(-88, 95)).toBe(false);
    expect(isUsableLonLat(-88, 43)).toBe(true);
  });
});

describe("crsFromWkt", () => {
  const geog = (datum: string, sph: string, a: number, rf: number) =>
    `GEOGCS["GCS_${datum}",DATUM["D_${datum}",SPHEROID["${sph}",${a},${rf}]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`;
  const nad27 = geog("North_American_1927", "Clarke_1866", 6378206.4, 294.9786982);
  const nad83 = geog("North_American_1983", "GRS_1980", 6378137.0, 298.257222101);
  const wgs84 = geog("WGS_1984", "WGS_1984", 6378137.0, 298.257223563);
  const p = (k: string, v: number) => `PARAMETER["${k}",${v}]`;
  const wiSouth = `PROJCS["NAD_1927_StatePlane_Wisconsin_South_FIPS_4803",${nad27},PROJECTION["Lambert_Conformal_Conic"],${p("False_Easting", 2000000.0)},${p("False_Northing", 0.0)},${p("Central_Meridian", -90.0)},${p("Standard_Parallel_1", 42.73333333333333)},${p("Standard_Parallel_2", 44.06666666666667)},${p("Latitude_Of_Origin", 42.0)},UNIT["Foot_US",0.3048006096012192]]`;
  const tm = (name: string, g: string, fe: number, cm: number, k: number, lat0: number, unit: string) =>
    `PROJCS["${name}",${g},PROJECTION["Transverse_Mercator"],${p("False_Easting", fe)},${p("False_Northing", 0)},${p("Central_Meridian", cm)},${p("Scale_Factor", k)},${p("Latitude_Of_Origin", lat0)},${unit}]`;

  it("matches an ESRI state-plane .prj to its EPSG code by definition, keeping the datum caveat", () => {
    const crs = crsFromWkt(wiSouth);
    expect(crs.id).toBe("EPSG:32054");
    expect(crs.datumShiftDropped).toMatch(/without the datum shift/);
    const il = tm(
      "NAD_1983_StatePlane_Illinois_East_FIPS_1201_Feet",
      nad83,
      984250.0,
      -88.33333333333333,
      0.999975,
      36.66666666666666,
      'UNIT["Foot_US",0.3048006096012192]',
    );
    expect(crsFromWkt(il).id).toBe("EPSG:3435");
  });

  it("matches UTM and geographic definitions, and honours an EPSG AUTHORITY", () => {
    const utm = tm("WGS_1984_UTM_Zone_16N", wgs84, 500000, -87, 0.9996, 0, 'UNIT["Meter",1.0]');
    expect(crsFromWkt(utm).id).toBe("EPSG:32616");
    expect(crsFromWkt(wgs84).id).toBe("EPSG:4326");
    expect(crsFromWkt(nad83).id).toBe("EPSG:4269");
    expect(crsFromWkt(`${wiSouth.slice(0, -1)},AUTHORITY["EPSG","32054"]]`).id).toBe("EPSG:32054");
  });

  it("keeps an unmatched definition as WKT that still transforms, and refuses nonsense", () => {
    const custom = tm("Custom_TM", wgs84, 500000, -87.1, 0.9996, 0, 'UNIT["Meter",1.0]');
    const crs = crsFromWkt(custom);
    expect(crs.id).toBe("WKT:Custom_TM");
    expect(crs.datumShiftDropped).toBeUndefined();
    const [lon, lat] = makeTransform(crs, WGS84)(500000, 4_700_000);
    expect(lon).toBeCloseTo(-87.1, 6);
    expect(lat).toBeGreaterThan(42);
    expect(() => crsFromWkt("not a wkt")).toThrow(AppError);
  });
});
