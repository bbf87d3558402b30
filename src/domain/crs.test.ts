import { describe, expect, it } from "vitest";
import { getCrs, isUsableLonLat, makeTransform, utmCrsFor, WGS84 } from "./crs.js";
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
