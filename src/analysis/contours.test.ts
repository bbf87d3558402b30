import type { Position } from "geojson";
import { describe, expect, it } from "vitest";
import { contourLines, contourPolygons, massLevels, type Raster } from "./contours.js";
import { kernelDensity } from "./kde.js";

/** A raster whose cell centres are at integer coordinates -half..half. */
function sampled(half: number, f: (x: number, y: number) => number): Raster {
  const n = 2 * half + 1;
  const values = new Float64Array(n * n);
  for (let row = 0; row < n; row++)
    for (let col = 0; col < n; col++) values[row * n + col] = f(col - half, row - half);
  return { origin: { x: -half - 0.5, y: -half - 0.5 }, cellSize: 1, cols: n, rows: n, values };
}

const area2 = (ring: Position[]) => {
  let s = 0;
  for (let k = 0; k + 1 < ring.length; k++)
    s += ring[k]![0]! * ring[k + 1]![1]! - ring[k + 1]![0]! * ring[k]![1]!;
  return s;
};

/** Proper crossings between non-adjacent edges of a closed ring. */
function selfIntersections(ring: Position[]): number {
  const m = ring.length - 1;
  const orient = (a: Position, b: Position, c: Position) =>
    Math.sign((b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!));
  let count = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 2; j < m; j++) {
      if (i === 0 && j === m - 1) continue;
      const [a, b, c, d] = [ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!];
      if (orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0) count++;
    }
  }
  return count;
}

describe("contourPolygons", () => {
  it("draws a cone's contour as a closed, simple, counter-clockwise circle of the right radius", () => {
    const cone = sampled(50, (x, y) => Math.max(0, 40 - Math.hypot(x, y)));
    const [f] = contourPolygons(cone, [10]).features;
    expect(f!.properties.level).toBe(10);
    expect(f!.geometry.coordinates).toHaveLength(1);
    const [ring, ...holes] = f!.geometry.coordinates[0]!;
    expect(holes).toHaveLength(0);
    expect(ring![0]).toEqual(ring![ring!.length - 1]);
    for (const [x, y] of ring!) expect(Math.abs(Math.hypot(x!, y!) - 30)).toBeLessThan(0.05);
    expect(area2(ring!) / 2 / (Math.PI * 900)).toBeCloseTo(1, 2);
    expect(selfIntersections(ring!)).toBe(0);
  });

  it("draws a single point's kernel density contour at the radius the kernel gives", () => {
    const h = 200;
    const r = kernelDensity([{ x: 0, y: 0 }], { bandwidth: h, cellSize: 4 });
    const level = (0.5 * 3) / (Math.PI * h * h); // K(d) = level at d = h * sqrt(1 - sqrt(0.5))
    const ring = contourPolygons(r, [level]).features[0]!.geometry.coordinates[0]![0]!;
    const d = h * Math.sqrt(1 - Math.sqrt(0.5));
    for (const [x, y] of ring) expect(Math.abs(Math.hypot(x!, y!) - d)).toBeLessThan(0.5);
  });

  it("gives a ring-shaped bump an outer ring and a clockwise hole", () => {
    const annulus = sampled(40, (x, y) => Math.exp(-((Math.hypot(x, y) - 20) ** 2) / 30));
    const polys = contourPolygons(annulus, [0.5]).features[0]!.geometry.coordinates;
    expect(polys).toHaveLength(1);
    const [outer, hole] = polys[0]!;
    expect(area2(outer!)).toBeGreaterThan(0);
    expect(area2(hole!)).toBeLessThan(0);
    expect(selfIntersections(outer!)).toBe(0);
    expect(selfIntersections(hole!)).toBe(0);
  });

  it("gives two bumps two polygons and closes regions on the raster's edge", () => {
    const two = sampled(
      30,
      (x, y) => Math.max(0, 10 - Math.hypot(x + 15, y)) + Math.max(0, 10 - Math.hypot(x - 15, y)),
    );
    expect(contourPolygons(two, [5]).features[0]!.geometry.coordinates).toHaveLength(2);
    const plane = sampled(10, (x) => x);
    const [half] = contourPolygons(plane, [0]).features[0]!.geometry.coordinates;
    // {x >= 0} on the raster [-10.5, 10.5]^2: the right half, bounded by the raster's edge.
    expect(area2(half![0]!) / 2).toBeCloseTo(10.5 * 21, 9);
  });

  it("covers the whole raster, corners included, when every value is above the level", () => {
    for (const [cols, rows] of [
      [1, 1],
      [1, 3],
      [4, 2],
    ] as const) {
      const r: Raster = {
        origin: { x: 100, y: 200 },
        cellSize: 10,
        cols,
        rows,
        values: new Float64Array(cols * rows).fill(1),
      };
      const polys = contourPolygons(r, [0.5]).features[0]!.geometry.coordinates;
      expect(polys).toHaveLength(1);
      expect(area2(polys[0]![0]!) / 2).toBeCloseTo(cols * rows * 100, 9);
      expect(selfIntersections(polys[0]![0]!)).toBe(0);
    }
  });

  it("resolves saddles by the cell's mean value", () => {
    const saddle: Raster = { origin: { x: 0, y: 0 }, cellSize: 1, cols: 2, rows: 2, values: [1, 0, 0, 1] };
    expect(contourPolygons(saddle, [0.5]).features[0]!.geometry.coordinates).toHaveLength(1);
    expect(contourPolygons(saddle, [0.6]).features[0]!.geometry.coordinates).toHaveLength(2);
  });

  it("projects coordinates and reports the mass above each level", () => {
    const cone = sampled(20, (x, y) => Math.max(0, 15 - Math.hypot(x, y)));
    const fc = contourPolygons(cone, [5, 10], { project: (x, y) => [x / 1000, y / 1000] });
    const ring = fc.features[0]!.geometry.coordinates[0]![0]!;
    for (const [x, y] of ring) expect(Math.hypot(x!, y!)).toBeCloseTo(0.01, 3);
    const [m5, m10] = fc.features.map((f) => f.properties.mass!);
    expect(m5).toBeGreaterThan(m10!);
    expect(m10).toBeGreaterThan(0);
  });

  it("gives empty geometries for an empty raster or a level above everything, and rejects NaN levels", () => {
    const none = kernelDensity([], { bandwidth: 100 });
    expect(contourPolygons(none, [1]).features[0]!.geometry.coordinates).toEqual([]);
    const zeros = kernelDensity([], {
      bandwidth: 100,
      cellSize: 10,
      extent: { minX: 0, minY: 0, maxX: 100, maxY: 100 },
    });
    expect(contourPolygons(zeros, [1e-9]).features[0]).toMatchObject({
      properties: { mass: null },
      geometry: { coordinates: [] },
    });
    expect(() => contourPolygons(zeros, [Number.NaN])).toThrow(/finite/);
  });
});

describe("contourLines", () => {
  it("gives a closed loop inside the raster and an open line where the contour meets its edge", () => {
    const cone = sampled(50, (x, y) => Math.max(0, 40 - Math.hypot(x, y)));
    const loop = contourLines(cone, [10]).features[0]!.geometry.coordinates;
    expect(loop).toHaveLength(1);
    expect(loop[0]![0]).toEqual(loop[0]![loop[0]!.length - 1]);
    const plane = sampled(10, (x) => x);
    const lines = contourLines(plane, [0.25]).features[0]!.geometry.coordinates;
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    for (const [x] of line) expect(x).toBeCloseTo(0.25, 9);
    const ys = line.map((p) => p[1]!);
    // Isolines stop at the outermost cell centres (no extrapolation to the raster's edge).
    expect(Math.min(...ys)).toBeCloseTo(-10, 9);
    expect(Math.max(...ys)).toBeCloseTo(10, 9);
  });
});

describe("massLevels", () => {
  it("finds the density above which a given share of the mass lies", () => {
    const r: Raster = { origin: { x: 0, y: 0 }, cellSize: 1, cols: 4, rows: 1, values: [1, 4, 2, 3] };
    expect(massLevels(r, [0.4, 0.5, 0.9, 0.95])).toEqual([4, 3, 2, 1]);
    const zeros: Raster = { ...r, values: [0, 0, 0, 0] };
    expect(massLevels(zeros, [0.5])).toEqual([null]);
    expect(() => massLevels(r, [0])).toThrow(/mass fraction/);
  });

  it("gives nested hot spot contours on a kernel density surface", () => {
    const pts = Array.from({ length: 40 }, (_, i) => ({ x: (i % 8) * 30, y: Math.floor(i / 8) * 40 }));
    const r = kernelDensity(pts, { bandwidth: 120, cellSize: 5 });
    const levels = massLevels(r, [0.5, 0.75, 0.9]) as number[];
    expect(levels[0]).toBeGreaterThan(levels[1]!);
    expect(levels[1]).toBeGreaterThan(levels[2]!);
    const fc = contourPolygons(r, levels);
    fc.features.forEach((f, k) => {
      expect(f.properties.mass).toBeGreaterThanOrEqual([0.5, 0.75, 0.9][k]!);
    });
    const areas = fc.features.map((f) => f.geometry.coordinates.reduce((s, p) => s + area2(p[0]!), 0));
    expect(areas[0]).toBeLessThan(areas[1]!);
    expect(areas[1]).toBeLessThan(areas[2]!);
  });
});
