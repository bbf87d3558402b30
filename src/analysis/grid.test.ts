import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../domain/random.js";
import { squareGrid, toGeoJson } from "./grid.js";

const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);

describe("squareGrid", () => {
  it("counts points per cell with half-open cells and a closed outer edge (numpy histogram2d's rule)", () => {
    const g = squareGrid(
      [
        { x: 0, y: 0 },
        { x: 99.9, y: 0 },
        { x: 100, y: 0 }, // on the shared edge: the cell to the right
        { x: 200, y: 200 }, // on the extent's maximum: the last cell, not lost
        { x: 250, y: 50 }, // outside the extent
      ],
      { cellSize: 100, extent: { minX: 0, minY: 0, maxX: 200, maxY: 200 } },
    );
    expect(g.cols).toBe(2);
    expect(g.rows).toBe(2);
    expect(Array.from(g.counts)).toEqual([2, 1, 0, 1]);
    expect(g.outside).toBe(1);
    expect(g.total).toBe(5);
    expect(g.cellOf(100, 100)).toBe(3);
    expect(g.cellOf(-1, 0)).toBe(-1);
    expect(g.cellCenter(1)).toEqual({ x: 150, y: 50 });
    expect(g.cellPolygon(2)).toEqual([
      [0, 100],
      [100, 100],
      [100, 200],
      [0, 200],
      [0, 100],
    ]);
  });

  it("sums weights, and counts non-finite coordinates as outside", () => {
    const g = squareGrid(
      [
        { x: 10, y: 10, w: 3 },
        { x: Number.NaN, y: 10, w: 2 },
        { x: 10, y: 10 },
      ],
      { cellSize: 50 },
    );
    expect(Array.from(g.counts)).toEqual([4]);
    expect(g.outside).toBe(2);
    expect(g.total).toBe(6);
  });

  it("snaps the default origin to multiples of the cell size", () => {
    const g = squareGrid([{ x: 1234, y: -567 }], { cellSize: 100 });
    expect(g.origin).toEqual({ x: 1200, y: -600 });
    expect(g.cols).toBe(1);
    expect(g.rows).toBe(1);
    expect(g.status).toBe("ok");
  });

  it("gives an explicit empty result for no points", () => {
    const g = squareGrid([], { cellSize: 100 });
    expect(g).toMatchObject({ status: "no-points", cols: 0, rows: 0, outside: 0, total: 0 });
    expect(g.counts.length).toBe(0);
    const e = squareGrid([], { cellSize: 100, extent: { minX: 0, minY: 0, maxX: 300, maxY: 200 } });
    expect(e.status).toBe("no-points");
    expect(Array.from(e.counts)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("puts all identical points in one cell", () => {
    const pts = Array.from({ length: 7 }, () => ({ x: 500, y: 500 }));
    const g = squareGrid(pts, { cellSize: 100 });
    expect(g.counts.length).toBe(1);
    expect(g.counts[0]).toBe(7);
  });

  it("rejects a non-positive cell size and a bad weight", () => {
    expect(() => squareGrid([], { cellSize: 0 })).toThrow(/cell size must be a positive/);
    expect(() => squareGrid([{ x: 0, y: 0, w: Number.NaN }], { cellSize: 1 })).toThrow(/weight/);
  });

  const arbPoints = fc.array(
    fc.record({
      x: fc.double({ min: -5000, max: 5000, noNaN: true }),
      y: fc.double({ min: -5000, max: 5000, noNaN: true }),
      w: fc.integer({ min: 0, max: 5 }),
    }),
    { maxLength: 200 },
  );

  it("conserves counts for any cell size, origin and extent", () => {
    fc.assert(
      fc.property(
        arbPoints,
        fc.double({ min: 20, max: 3000, noNaN: true }),
        fc.double({ min: -6000, max: 0, noNaN: true }),
        fc.double({ min: -6000, max: 0, noNaN: true }),
        fc.boolean(),
        (pts, cellSize, ox, oy, withExtent) => {
          const extent = withExtent ? { minX: -2000, minY: -1000, maxX: 3000, maxY: 1500 } : undefined;
          const g = squareGrid(pts, { cellSize, origin: { x: ox, y: oy }, extent });
          const weights = pts.reduce((s, p) => s + p.w, 0);
          expect(sum(g.counts) + g.outside).toBe(weights);
          expect(g.total).toBe(weights);
          const unweighted = squareGrid(
            pts.map(({ x, y }) => ({ x, y })),
            { cellSize, origin: { x: ox, y: oy }, extent },
          );
          expect(sum(unweighted.counts) + unweighted.outside).toBe(pts.length);
        },
      ),
    );
  });

  it("moving the origin down-left by whole cells only shifts the indices", () => {
    fc.assert(
      fc.property(
        arbPoints,
        fc.integer({ min: 50, max: 2000 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        (pts, cellSize, dc, dr) => {
          const a = squareGrid(pts, { cellSize, origin: { x: -5000, y: -5000 } });
          const b = squareGrid(pts, {
            cellSize,
            origin: { x: -5000 - dc * cellSize, y: -5000 - dr * cellSize },
          });
          if (pts.length === 0) return;
          expect(b.cols).toBe(a.cols + dc);
          expect(b.rows).toBe(a.rows + dr);
          const moved = new Float64Array(b.counts.length);
          a.counts.forEach((v, i) => {
            moved[(Math.floor(i / a.cols) + dr) * b.cols + (i % a.cols) + dc] = v;
          });
          expect(Array.from(b.counts)).toEqual(Array.from(moved));
          for (const p of pts) {
            const i = a.cellOf(p.x, p.y);
            const j = b.cellOf(p.x, p.y);
            expect(j).toBe((Math.floor(i / a.cols) + dr) * b.cols + (i % a.cols) + dc);
          }
        },
      ),
    );
  });

  it("does not depend on the order of the points", () => {
    const rng = new Rng(7);
    const pts = Array.from({ length: 300 }, () => ({ x: rng.uniform() * 1000, y: rng.uniform() * 800 }));
    const a = squareGrid(pts, { cellSize: 75 });
    const b = squareGrid([...pts].reverse(), { cellSize: 75 });
    expect(Array.from(b.counts)).toEqual(Array.from(a.counts));
  });
});

describe("toGeoJson", () => {
  it("gives closed cell polygons with cell, row, col and count", () => {
    const g = squareGrid(
      [
        { x: 10, y: 10 },
        { x: 150, y: 150 },
        { x: 160, y: 120 },
      ],
      { cellSize: 100, extent: { minX: 0, minY: 0, maxX: 200, maxY: 200 } },
    );
    const toWgs84 = (x: number, y: number): [number, number] => [-87.9 + x / 1e5, 43 + y / 1e5];
    const all = toGeoJson(g, toWgs84);
    expect(all.features).toHaveLength(4);
    const some = toGeoJson(g, toWgs84, { skipZero: true });
    expect(some.features.map((f) => f.properties)).toEqual([
      { cell: 0, row: 0, col: 0, count: 1 },
      { cell: 3, row: 1, col: 1, count: 2 },
    ]);
    const ring = some.features[1]!.geometry.coordinates[0]!;
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(ring[0]).toEqual([-87.9 + 100 / 1e5, 43 + 100 / 1e5]);
  });
});
