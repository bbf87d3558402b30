import fc from "fast-check";
import { cellToLatLng, getHexagonAreaAvg, getResolution, latLngToCell } from "h3-js";
import { describe, expect, it } from "vitest";
import { hexbin, hexbinToGeoJson } from "./hexbin.js";

const sumMap = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);

describe("hexbin", () => {
  it("counts points per H3 cell", () => {
    const here = latLngToCell(43.0389, -87.9065, 9);
    const [lat, lng] = cellToLatLng(here);
    const hex = hexbin(
      [
        { lon: lng, lat },
        { lon: lng, lat, w: 2 },
        { lon: -87.95, lat: 43.1 },
      ],
      9,
    );
    expect(hex.counts.get(here)).toBe(3);
    expect(hex.counts.size).toBe(2);
    expect(hex.total).toBe(4);
    expect(hex.outside).toBe(0);
    for (const id of hex.counts.keys()) expect(getResolution(id)).toBe(9);
  });

  it("documents typical resolutions' average areas", () => {
    expect(getHexagonAreaAvg(8, "km2")).toBeCloseTo(0.737, 3);
    expect(getHexagonAreaAvg(9, "km2")).toBeCloseTo(0.105, 3);
  });

  it("counts impossible coordinates as outside and rejects a bad resolution", () => {
    const hex = hexbin(
      [
        { lon: Number.NaN, lat: 43 },
        { lon: -87.9, lat: 91 },
        { lon: -87.9, lat: 43 },
      ],
      8,
    );
    expect(hex.outside).toBe(2);
    expect(sumMap(hex.counts)).toBe(1);
    expect(() => hexbin([], 16)).toThrow(/resolution must be an integer 0..15/);
    expect(() => hexbin([], 8.5)).toThrow(/resolution/);
  });

  it("gives an explicit empty result for no points", () => {
    const hex = hexbin([], 9);
    expect(hex).toMatchObject({ status: "no-points", outside: 0, total: 0 });
    expect(hex.counts.size).toBe(0);
    expect(hexbinToGeoJson(hex).features).toEqual([]);
  });

  it("conserves counts and does not depend on point order", () => {
    const pt = fc.record({
      lon: fc.double({ min: -88.1, max: -87.8, noNaN: true }),
      lat: fc.double({ min: 42.9, max: 43.2, noNaN: true }),
      w: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(
      fc.property(fc.array(pt, { maxLength: 100 }), fc.integer({ min: 5, max: 10 }), (pts, res) => {
        const a = hexbin(pts, res);
        expect(sumMap(a.counts) + a.outside).toBe(pts.reduce((s, p) => s + p.w, 0));
        const b = hexbin([...pts].reverse(), res);
        expect([...b.counts]).toEqual([...a.counts]);
      }),
      { numRuns: 50 },
    );
  });
});

describe("hexbinToGeoJson", () => {
  it("gives closed [lng, lat] counter-clockwise rings, with zero cells around when asked", () => {
    const hex = hexbin([{ lon: -87.9065, lat: 43.0389 }], 9);
    const fc1 = hexbinToGeoJson(hex);
    expect(fc1.features).toHaveLength(1);
    const f = fc1.features[0]!;
    expect(f.properties.count).toBe(1);
    expect(f.properties.areaKm2).toBeGreaterThan(0.09);
    expect(f.properties.areaKm2).toBeLessThan(0.12);
    const ring = f.geometry.coordinates[0]!;
    expect(ring).toHaveLength(7);
    expect(ring[0]).toEqual(ring[6]);
    for (const [lng, lat] of ring) {
      expect(lng).toBeCloseTo(-87.9065, 1);
      expect(lat).toBeCloseTo(43.0389, 1);
    }
    let twiceArea = 0;
    for (let i = 0; i + 1 < ring.length; i++) {
      twiceArea += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
    }
    expect(twiceArea).toBeGreaterThan(0);

    const withRing = hexbinToGeoJson(hex, { ring: 1 });
    expect(withRing.features).toHaveLength(7);
    expect(withRing.features.filter((g) => g.properties.count === 0)).toHaveLength(6);
  });
});
