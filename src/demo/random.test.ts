import { describe, expect, it } from "vitest";
import { AliasTable, Rng } from "./random.js";

describe("Rng", () => {
  it("is deterministic per seed and stream", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(42, 1);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
  });

  it("draws Poisson counts with the right mean and variance, small and large", () => {
    for (const lambda of [0.3, 4, 37, 900]) {
      const rng = new Rng(7);
      const n = 40_000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const k = rng.poisson(lambda);
        s += k;
        s2 += k * k;
      }
      const mean = s / n;
      const variance = s2 / n - mean * mean;
      expect(Math.abs(mean - lambda) / Math.sqrt(lambda / n)).toBeLessThan(4.5);
      expect(variance / lambda).toBeGreaterThan(0.95);
      expect(variance / lambda).toBeLessThan(1.05);
    }
  });

  it("alias tables sample in proportion to the weights", () => {
    const weights = [1, 0, 3, 6];
    const table = new AliasTable(weights);
    const rng = new Rng(3);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[table.sample(rng)]!++;
    expect(counts[1]).toBe(0);
    expect(counts[0]! / 100_000).toBeCloseTo(0.1, 2);
    expect(counts[3]! / 100_000).toBeCloseTo(0.6, 2);
  });
});
