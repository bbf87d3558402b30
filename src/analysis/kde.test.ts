import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../domain/random.js";
import { defaultBandwidth, densityAt, kernelDensity, quarticKernel, scaleDensity } from "./kde.js";

const integral = (r: { values: Float64Array; cellSize: number }) =>
  r.values.reduce((s, v) => s + v, 0) * r.cellSize * r.cellSize;

function cloud(n: number, seed: number) {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => ({ x: 1000 + rng.normal() * 400, y: 2000 + rng.normal() * 250 }));
}

describe("quarticKernel", () => {
  it("is 3/(pi h^2) at the centre, zero from h on, and integrates to 1", () => {
    const h = 250;
    expect(quarticKernel(0, h)).toBeCloseTo(3 / (Math.PI * h * h), 15);
    expect(quarticKernel(h, h)).toBe(0);
    expect(quarticKernel(2 * h, h)).toBe(0);
    // Radial integral of 2 pi r K(r) dr by the midpoint rule.
    const steps = 100_000;
    let s = 0;
    for (let k = 0; k < steps; k++) {
      const r = ((k + 0.5) / steps) * h;
      s += 2 * Math.PI * r * quarticKernel(r, h) * (h / steps);
    }
    expect(s).toBeCloseTo(1, 8);
  });
});

describe("kernelDensity", () => {
  it("gives 3/(pi h^2) at a lone point's cell centre and zero beyond h", () => {
    const h = 100;
    const r = kernelDensity([{ x: 5, y: 5 }], { bandwidth: h, cellSize: 10, margin: 205 });
    expect(r.status).toBe("ok");
    expect(r.origin).toEqual({ x: -200, y: -200 }); // so the point sits on a cell centre
    const col = Math.floor((5 - r.origin.x) / r.cellSize);
    const row = Math.floor((5 - r.origin.y) / r.cellSize);
    expect(r.values[row * r.cols + col]).toBeCloseTo(3 / (Math.PI * h * h), 15);
    for (let i = 0; i < r.values.length; i++) {
      const cx = r.origin.x + ((i % r.cols) + 0.5) * r.cellSize;
      const cy = r.origin.y + (Math.floor(i / r.cols) + 0.5) * r.cellSize;
      if (Math.hypot(cx - 5, cy - 5) >= h) expect(r.values[i]).toBe(0);
      else expect(r.values[i]).toBeGreaterThan(0);
    }
  });

  it("integrates to the number of points (and the sum of weights) to 1e-3", () => {
    const pts = cloud(500, 1);
    const r = kernelDensity(pts, { bandwidth: 300, cellSize: 10 });
    expect(Math.abs(integral(r) / 500 - 1)).toBeLessThan(1e-3);
    const weighted = pts.map((p, i) => ({ ...p, w: (i % 3) + 1 }));
    const total = weighted.reduce((s, p) => s + p.w, 0);
    const rw = kernelDensity(weighted, { bandwidth: 300, cellSize: 10 });
    expect(rw.total).toBe(total);
    expect(Math.abs(integral(rw) / total - 1)).toBeLessThan(1e-3);
  });

  it("matches direct summation at every cell centre", () => {
    const pts = cloud(60, 2);
    const r = kernelDensity(pts, { bandwidth: 180, cellSize: 25 });
    for (let i = 0; i < r.values.length; i += 7) {
      const cx = r.origin.x + ((i % r.cols) + 0.5) * r.cellSize;
      const cy = r.origin.y + (Math.floor(i / r.cols) + 0.5) * r.cellSize;
      expect(r.values[i]).toBeCloseTo(densityAt(pts, cx, cy, 180), 14);
    }
  });

  it("is symmetric for a symmetric pattern and does not depend on point order", () => {
    const pts = [
      { x: -100, y: 0 },
      { x: 100, y: 0 },
      { x: 0, y: 60 },
      { x: 0, y: -60 },
    ];
    const r = kernelDensity(pts, {
      bandwidth: 150,
      cellSize: 10,
      extent: { minX: -300, minY: -300, maxX: 300, maxY: 300 },
    });
    for (let row = 0; row < r.rows; row++) {
      for (let col = 0; col < r.cols; col++) {
        const v = r.values[row * r.cols + col]!;
        expect(r.values[row * r.cols + (r.cols - 1 - col)]).toBeCloseTo(v, 15);
        expect(r.values[(r.rows - 1 - row) * r.cols + col]).toBeCloseTo(v, 15);
      }
    }
    fc.assert(
      fc.property(fc.shuffledSubarray(pts, { minLength: 4, maxLength: 4 }), (perm) => {
        const q = kernelDensity(perm, {
          bandwidth: 150,
          cellSize: 10,
          extent: { minX: -300, minY: -300, maxX: 300, maxY: 300 },
        });
        q.values.forEach((v, i) => {
          expect(v).toBeCloseTo(r.values[i]!, 15);
        });
      }),
      { numRuns: 10 },
    );
  });

  it("uses ArcGIS's default search radius and cell size", () => {
    const pts = cloud(1000, 3);
    const h = defaultBandwidth(pts)!;
    // By hand: 0.9 * min(SD, sqrt(1/ln 2) * Dm) * n^-0.2 from the mean centre.
    const mx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
    const my = pts.reduce((s, p) => s + p.y, 0) / pts.length;
    const d = pts.map((p) => Math.hypot(p.x - mx, p.y - my)).sort((a, b) => a - b);
    const sd = Math.sqrt(d.reduce((s, v) => s + v * v, 0) / d.length);
    const dm = d[499]!;
    expect(h).toBeCloseTo(0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * dm) * 1000 ** -0.2, 9);
    const r = kernelDensity(pts);
    expect(r.bandwidth).toBe(h);
    expect(r.bandwidthSource).toBe("arcgis-default");
    const xs = pts.map((p) => p.x);
    const ys = pts.map((p) => p.y);
    const short = Math.min(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    expect(r.cellSize).toBeCloseTo(short / 250, 9);
  });

  it("handles no points, one point, identical points and bandwidth 0 explicitly", () => {
    const none = kernelDensity([], { bandwidth: 100 });
    expect(none).toMatchObject({ status: "no-points", cols: 0, rows: 0 });
    const zeros = kernelDensity([], {
      bandwidth: 100,
      cellSize: 50,
      extent: { minX: 0, minY: 0, maxX: 500, maxY: 200 },
    });
    expect(zeros.status).toBe("no-points");
    expect(zeros.values.length).toBe(40);
    expect(zeros.values.every((v) => v === 0)).toBe(true);

    const one = kernelDensity([{ x: 10, y: 10 }]);
    expect(one.status).toBe("no-bandwidth");
    expect(one.note).toMatch(/give a bandwidth/);
    const same = Array.from({ length: 5 }, () => ({ x: 3, y: 4 }));
    expect(kernelDensity(same).status).toBe("no-bandwidth");
    const sameH = kernelDensity(same, { bandwidth: 50 });
    expect(sameH.status).toBe("ok");
    expect(Math.abs(integral(sameH) / 5 - 1)).toBeLessThan(1e-3);
    expect(Math.max(...sameH.values)).toBeLessThanOrEqual(5 * quarticKernel(0, 50));

    expect(() => kernelDensity(same, { bandwidth: 0 })).toThrow(
      /bandwidth \(search radius\) must be a positive/,
    );
    expect(() => kernelDensity(same, { bandwidth: -5 })).toThrow(/must be a positive/);
    expect(() => kernelDensity(same, { bandwidth: 50, cellSize: 0 })).toThrow(/cell size/);
  });

  it("converts to per km2 and per square mile", () => {
    const v = new Float64Array([1e-6, 2e-6]);
    expect(Array.from(scaleDensity(v, "km2"))).toEqual([1, 2]);
    expect(scaleDensity(v, "sqmi")[0]).toBeCloseTo(2.589988110336, 12);
  });
});
