import fc from "fast-check";
import type { Polygon } from "geojson";
import { describe, expect, it } from "vitest";
import { AreaIndex, compareNames } from "./area-index.js";

const square = (x0: number, y0: number, s: number): Polygon => ({
  type: "Polygon",
  coordinates: [
    [
      [x0, y0],
      [x0 + s, y0],
      [x0 + s, y0 + s],
      [x0, y0 + s],
      [x0, y0],
    ],
  ],
});

describe("AreaIndex", () => {
  // a 3 x 3 tiling of 100 m squares named 1..9, and a donut: "ring" with a hole
  const tiles = Array.from({ length: 9 }, (_, i) => ({
    name: String(i + 1),
    geometry: square((i % 3) * 100, Math.floor(i / 3) * 100, 100),
  }));
  const index = new AreaIndex(tiles);

  it("finds the tile holding a point, undefined outside", () => {
    expect(index.find(50, 50)).toBe("1");
    expect(index.find(250, 250)).toBe("9");
    expect(index.find(-1, 50)).toBeUndefined();
    expect(index.find(Number.NaN, 5)).toBeUndefined();
  });

  it("a point on a shared edge goes to the first area in natural name order", () => {
    expect(index.find(100, 50)).toBe("1");
    expect(compareNames("2", "10")).toBeLessThan(0);
  });

  it("respects holes and multipolygons", () => {
    const donut: Polygon = {
      type: "Polygon",
      coordinates: [square(0, 0, 100).coordinates[0]!, square(25, 25, 50).coordinates[0]!.slice().reverse()],
    };
    const idx = new AreaIndex([
      { name: "ring", geometry: donut },
      {
        name: "two",
        geometry: {
          type: "MultiPolygon",
          coordinates: [square(200, 0, 10).coordinates, square(300, 0, 10).coordinates],
        },
      },
    ]);
    expect(idx.find(10, 10)).toBe("ring");
    expect(idx.find(50, 50)).toBeUndefined();
    expect(idx.find(305, 5)).toBe("two");
  });

  it("every point inside a tiling lands in exactly one tile, whatever the input order", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0.001, max: 299.999, noNaN: true }),
            fc.double({ min: 0.001, max: 299.999, noNaN: true }),
          ),
          { maxLength: 200 },
        ),
        fc.integer({ min: 0, max: 1000 }),
        (points, seed) => {
          const shuffled = [...tiles].sort(
            (a, b) => ((Number(a.name) * 7919 + seed) % 9) - ((Number(b.name) * 7919 + seed) % 9),
          );
          const other = new AreaIndex(shuffled);
          const counts = new Map<string, number>();
          for (const [x, y] of points) {
            const a = index.find(x, y);
            expect(a).toBeDefined();
            expect(other.find(x, y)).toBe(a);
            const col = Math.min(2, Math.floor(x / 100));
            const row = Math.min(2, Math.floor(y / 100));
            if (x % 100 !== 0 && y % 100 !== 0) expect(a).toBe(String(row * 3 + col + 1));
            counts.set(a!, (counts.get(a!) ?? 0) + 1);
          }
          expect([...counts.values()].reduce((s, v) => s + v, 0)).toBe(points.length);
        },
      ),
    );
  });
});
