import { describe, expect, it } from "vitest";
import { AliasTable, hashLabel, logGamma, Rng } from "./random.js";

const moments = (draw: () => number, n: number): { mean: number; variance: number } => {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
};

describe("Rng", () => {
  it("is deterministic per seed and stream, and differs across seeds, streams and high seed bits", () => {
    const draw = (rng: Rng) => Array.from({ length: 8 }, () => rng.nextUint32());
    const base = draw(new Rng(42));
    expect(draw(new Rng(42))).toEqual(base);
    expect(draw(new Rng(43))).not.toEqual(base);
    expect(draw(new Rng(42, hashLabel("calls")))).not.toEqual(base);
    expect(draw(new Rng(42 + 2 ** 32))).not.toEqual(base);
    expect(hashLabel("calls")).not.toBe(hashLabel("incidents"));
  });

  it("draws uniforms in [0, 1) and integers in range, evenly", () => {
    const rng = new Rng(1);
    const counts = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      counts[rng.int(10)]!++;
    }
    expect(outside).toBe(0);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it("draws normals and exponentials with the right moments", () => {
    const rng = new Rng(5);
    const normal = moments(() => rng.normal(), 100_000);
    expect(Math.abs(normal.mean)).toBeLessThan(0.015);
    expect(Math.abs(normal.variance - 1)).toBeLessThan(0.02);
    const exp = moments(() => rng.exponential(4), 100_000);
    expect(Math.abs(exp.mean - 0.25)).toBeLessThan(0.004);
    expect(Math.abs(exp.variance - 0.0625)).toBeLessThan(0.003);
  });

  it("draws Poisson counts with the right mean and variance, small and large lambda", () => {
    for (const lambda of [0.3, 4, 9.9, 10, 37, 900, 25_000]) {
      const rng = new Rng(7);
      const n = 40_000;
      const { mean, variance } = moments(() => rng.poisson(lambda), n);
      expect(Math.abs(mean - lambda) / Math.sqrt(lambda / n)).toBeLessThan(4.5);
      expect(variance / lambda).toBeGreaterThan(0.95);
      expect(variance / lambda).toBeLessThan(1.05);
    }
    const rng = new Rng(8);
    let zeros = 0;
    for (let i = 0; i < 50_000; i++) if (rng.poisson(12) === 0) zeros++;
    expect(zeros).toBeLessThan(5);
    expect(new Rng(1).poisson(0)).toBe(0);
  });

  it("computes ln Γ accurately", () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(11)).toBeCloseTo(Math.log(3_628_800), 10);
  });
});

describe("AliasTable", () => {
  it("samples in proportion to the weights and never a zero weight", () => {
    const table = new AliasTable([1, 0, 3, 6]);
    const rng = new Rng(3);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[table.sample(rng)]!++;
    expect(counts[1]).toBe(0);
    expect(Math.abs(counts[0]! / 100_000 - 0.1)).toBeLessThan(0.005);
    expect(Math.abs(counts[2]! / 100_000 - 0.3)).toBeLessThan(0.007);
    expect(Math.abs(counts[3]! / 100_000 - 0.6)).toBeLessThan(0.007);
  });

  it("handles 200,000 heavy-tailed weights", () => {
    const rng = new Rng(11);
    const weights = Float64Array.from({ length: 200_000 }, (_, i) => (i % 1000 === 0 ? 500 : rng.uniform()));
    const table = new AliasTable(weights);
    let hot = 0;
    for (let i = 0; i < 200_000; i++) if (table.sample(rng) % 1000 === 0) hot++;
    const expected = (200 * 500) / table.total;
    expect(Math.abs(hot / 200_000 - expected)).toBeLessThan(0.01);
  });

  it("rejects empty, negative and all-zero weights", () => {
    expect(() => new AliasTable([])).toThrow();
    expect(() => new AliasTable([1, -1])).toThrow();
    expect(() => new AliasTable([0, 0])).toThrow();
    expect(() => new AliasTable([1, Number.NaN])).toThrow();
  });
});
