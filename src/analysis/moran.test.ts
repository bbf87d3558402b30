import fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../domain/random.js";
import { foldedPseudoP, globalMoran, localMoran, type MoranUndefined, normalUpperTail } from "./moran.js";
import { distanceBand, rowStandardize, type Weights } from "./weights.js";

interface RCase {
  n: number;
  I: number;
  EI: number;
  VI_norm: number;
  z_norm: number;
  p_norm_two_sided: number;
  VI_rand: number;
  z_rand: number;
  p_rand_two_sided: number;
  localmoran_Ii: number[];
}
const reference = JSON.parse(
  fs.readFileSync(new URL("../../test/fixtures/r-moran-reference.json", import.meta.url), "utf8"),
) as { moran: Record<string, RCase>; normalUpperTail: { z: number; upper: number }[] };

/** Rook contiguity on a rows x cols lattice, row-major (libpysal's lat2W). */
function lattice(rows: number, cols: number): Weights {
  const neighbors: number[][] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const js: number[] = [];
      if (r > 0) js.push((r - 1) * cols + c);
      if (c > 0) js.push(r * cols + c - 1);
      if (c < cols - 1) js.push(r * cols + c + 1);
      if (r < rows - 1) js.push((r + 1) * cols + c);
      neighbors.push(js);
    }
  return { n: rows * cols, neighbors, weights: neighbors.map((js) => js.map(() => 1)), transform: "B" };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
function ok<T extends { status: "ok" }>(r: T | MoranUndefined): T {
  if (r.status !== "ok") throw new Error(`expected ok, got ${r.status}`);
  return r;
}

describe("normalUpperTail", () => {
  it("matches R's pnorm(z, lower.tail = FALSE) to 1e-12 relative", () => {
    for (const { z, upper } of reference.normalUpperTail)
      expect(rel(normalUpperTail(z), upper)).toBeLessThan(1e-12);
  });
});

describe("globalMoran on the 3 x 3 lattice, y = 1..9 (esda's test_variance and spdep)", () => {
  const y = Array.from({ length: 9 }, (_, i) => i + 1);
  it("binary weights: I = 0.5, VI_norm = 0.053125, VI_rand = 0.0596875 as esda's test", () => {
    const r = ok(globalMoran(y, lattice(3, 3), { transform: "B", permutations: 0 }));
    expect(r.I).toBeCloseTo(0.5, 14);
    expect(r.normal.variance).toBeCloseTo(0.053125000000000006, 14);
    expect(r.randomization.variance).toBeCloseTo(0.059687500000000004, 14);
  });
  for (const [name, transform] of [
    ["lattice3x3_1to9_B", "B"],
    ["lattice3x3_1to9_W", "R"],
  ] as const) {
    it(`${transform}: every moment, z and p as spdep::moran.test`, () => {
      const ref = reference.moran[name]!;
      const r = ok(globalMoran(y, lattice(3, 3), { transform, permutations: 0 }));
      expect(rel(r.I, ref.I)).toBeLessThan(1e-12);
      expect(r.expected).toBe(ref.EI);
      expect(rel(r.normal.variance!, ref.VI_norm)).toBeLessThan(1e-12);
      expect(rel(r.normal.z!, ref.z_norm)).toBeLessThan(1e-12);
      expect(rel(r.normal.p!, ref.p_norm_two_sided)).toBeLessThan(1e-10);
      expect(rel(r.randomization.variance!, ref.VI_rand)).toBeLessThan(1e-12);
      expect(rel(r.randomization.z!, ref.z_rand)).toBeLessThan(1e-12);
      expect(rel(r.randomization.p!, ref.p_rand_two_sided)).toBeLessThan(1e-10);
    });
  }
  it("one-tailed p is half the two-tailed one", () => {
    const two = ok(globalMoran(y, lattice(3, 3), { permutations: 0 }));
    const one = ok(globalMoran(y, lattice(3, 3), { permutations: 0, twoTailed: false }));
    expect(one.normal.p! * 2).toBeCloseTo(two.normal.p!, 15);
  });
});

describe("globalMoran permutation test", () => {
  const y = [3, 7, 1, 9, 4, 4, 8, 2, 6, 5, 0, 7];
  const w = lattice(3, 4);
  it("is reproducible from a seed and p_sim = (m + 1) / (P + 1) with esda's fold", () => {
    const a = ok(globalMoran(y, w, { seed: 42, permutations: 199, keepSimulations: true }));
    const b = ok(globalMoran(y, w, { seed: 42, permutations: 199 }));
    const c = ok(globalMoran(y, w, { seed: 43, permutations: 199, keepSimulations: true }));
    expect(b.permutation?.pSim).toBe(a.permutation?.pSim);
    expect(b.permutation?.mean).toBe(a.permutation?.mean);
    expect(Array.from(c.permutation!.simulations!)).not.toEqual(Array.from(a.permutation!.simulations!));
    const sims = a.permutation!.simulations!;
    const atLeast = sims.filter((s) => s >= a.I).length;
    expect(a.permutation!.pSim).toBe((Math.min(atLeast, 199 - atLeast) + 1) / 200);
  });
  it("agrees with the exact permutation distribution (all 720 orders of 6 values)", () => {
    const y6 = [5, 1, 4, 2, 8, 3];
    const w6 = lattice(2, 3);
    const obs = ok(globalMoran(y6, w6, { permutations: 20_000, seed: 7 }));
    const all: number[][] = [];
    const permute = (rest: number[], acc: number[]) => {
      if (rest.length === 0) all.push(acc);
      for (const [k, v] of rest.entries()) permute([...rest.slice(0, k), ...rest.slice(k + 1)], [...acc, v]);
    };
    permute(y6, []);
    const is = all.map((p) => ok(globalMoran(p, w6, { permutations: 0 })).I);
    const atLeast = is.filter((v) => v >= obs.I - 1e-12).length / is.length;
    expect(Math.abs(obs.permutation!.pSim - Math.min(atLeast, 1 - atLeast))).toBeLessThan(0.015);
  });
  it("foldedPseudoP counts the observed side", () => {
    expect(foldedPseudoP(0, 99)).toBe(0.01);
    expect(foldedPseudoP(99, 99)).toBe(0.01);
    expect(foldedPseudoP(40, 99)).toBe(0.41);
    expect(foldedPseudoP(60, 99)).toBe(0.4);
  });
});

describe("globalMoran invariants", () => {
  const points = fc.array(
    fc.record({ x: fc.integer({ min: 0, max: 60 }), y: fc.integer({ min: 0, max: 60 }) }),
    {
      minLength: 5,
      maxLength: 25,
    },
  );
  it("relabelling the places, rescaling or shifting y leaves I and its moments unchanged", () => {
    fc.assert(
      fc.property(points, fc.integer(), (pts, seed) => {
        const rng = new Rng(seed);
        const y = pts.map(() => rng.poisson(3));
        const w = distanceBand(pts, 20);
        const base = globalMoran(y, w, { permutations: 0 });
        const order = pts.map((_, i) => i);
        for (let i = order.length - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        const moved = globalMoran(
          order.map((i) => -2.5 * y[i]! + 7),
          distanceBand(
            order.map((i) => pts[i]!),
            20,
          ),
          { permutations: 0 },
        );
        expect(moved.status).toBe(base.status);
        if (base.status !== "ok" || moved.status !== "ok") return;
        expect(moved.I).toBeCloseTo(base.I, 10);
        expect(moved.normal.variance!).toBeCloseTo(base.normal.variance!, 10);
        expect(moved.randomization.variance ?? 0).toBeCloseTo(base.randomization.variance ?? 0, 10);
      }),
      { numRuns: 60 },
    );
  });
});

describe("globalMoran degenerate input", () => {
  it("constant values, one place, no neighbours are explicit results", () => {
    expect(globalMoran([2, 2, 2, 2], lattice(2, 2)).status).toBe("zero-variance");
    expect(globalMoran([0.1, 0.1, 0.1], lattice(1, 3)).status).toBe("zero-variance");
    expect(globalMoran([1], lattice(1, 1)).status).toBe("too-few");
    const none: Weights = { n: 3, neighbors: [[], [], []], weights: [[], [], []], transform: "B" };
    expect(globalMoran([1, 2, 3], none).status).toBe("no-neighbours");
  });
  it("n = 3 has no randomisation variance, said with a reason", () => {
    const r = ok(globalMoran([1, 2, 4], lattice(1, 3), { permutations: 0 }));
    expect(r.randomization).toMatchObject({ variance: null, z: null, p: null });
    expect(r.randomization.reason).toMatch(/n >= 4/);
    expect(r.normal.z).not.toBeNull();
  });
  it("islands are counted and contribute no lag", () => {
    const w = distanceBand(
      [
        { x: 0, y: 0 },
        { x: 1, y: 0 },
        { x: 2, y: 0 },
        { x: 50, y: 50 },
      ],
      1.5,
    );
    const r = ok(globalMoran([1, 2, 3, 10], w, { permutations: 0 }));
    expect(r.islands).toBe(1);
    expect(r.s0).toBeCloseTo(3, 12);
  });
  it("rejects mismatched lengths, non-finite values and binary requests on row-standardised weights", () => {
    expect(() => globalMoran([1, 2], lattice(1, 3))).toThrow(/3 observations/);
    expect(() => globalMoran([1, Number.NaN, 3], lattice(1, 3))).toThrow(/finite/);
    expect(() => globalMoran([1, 2, 3], rowStandardize(lattice(1, 3)), { transform: "B" })).toThrow(/binary/);
    expect(() => globalMoran([1, 2, 3], lattice(1, 3), { permutations: -1 })).toThrow(/permutations/);
  });
});

describe("localMoran", () => {
  const y = [3, 7, 1, 9, 4, 4, 8, 2, 6, 5, 0, 7, 12, 11, 1, 3];
  const w = lattice(4, 4);
  it("I_i match spdep::localmoran scaled by (n - 1)/n (esda divides by sum(z^2)/(n-1), spdep by n)", () => {
    for (const [name, transform] of [
      ["lattice3x3_1to9_B", "B"],
      ["lattice3x3_1to9_W", "R"],
    ] as const) {
      const r = ok(localMoran([1, 2, 3, 4, 5, 6, 7, 8, 9], lattice(3, 3), { transform, permutations: 0 }));
      for (const [i, v] of reference.moran[name]!.localmoran_Ii.entries())
        expect(r.ii[i]).toBeCloseTo((v * 8) / 9, 12);
    }
  });
  it("sum of I_i = (n - 1) S0 / n * I, i.e. (n - 1) I for row-standardised weights without islands", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 16, maxLength: 16 }),
        (v) => {
          const g = globalMoran(v, w, { permutations: 0 });
          const l = localMoran(v, w, { permutations: 0 });
          if (g.status !== "ok" || l.status !== "ok") return;
          const sum = l.ii.reduce((a, b) => a + b, 0);
          expect(sum).toBeCloseTo((v.length - 1) * g.I, 9);
          const gb = ok(globalMoran(v, w, { permutations: 0, transform: "B" }));
          const lb = ok(localMoran(v, w, { permutations: 0, transform: "B" }));
          expect(lb.ii.reduce((a, b) => a + b, 0)).toBeCloseTo(((v.length - 1) * gb.s0 * gb.I) / v.length, 8);
        },
      ),
      { numRuns: 80 },
    );
  });
  it("quadrants follow the signs of z and its lag; labels only where p < alpha", () => {
    const r = ok(localMoran(y, w, { seed: 3, permutations: 499 }));
    for (let i = 0; i < r.n; i++) {
      const q = r.z[i]! > 0 ? (r.lag[i]! > 0 ? 1 : 4) : r.lag[i]! > 0 ? 2 : 3;
      expect(r.quadrant[i]).toBe(q);
      if (q === 1 || q === 3) expect(r.ii[i]).toBeGreaterThanOrEqual(0);
      else expect(r.ii[i]).toBeLessThanOrEqual(0);
      const p = r.pSim[i]!;
      expect(Number.isInteger(Math.round(p * 500)) && p >= 1 / 500 && p <= 0.5 + 1e-12).toBe(true);
      expect(r.labels[i]).toBe(p < 0.05 ? ["HH", "LH", "LL", "HL"][q - 1] : "ns");
    }
  });
  it("is reproducible from a seed", () => {
    const a = ok(localMoran(y, w, { seed: 11, permutations: 299 }));
    const b = ok(localMoran(y, w, { seed: 11, permutations: 299 }));
    const c = ok(localMoran(y, w, { seed: 12, permutations: 299 }));
    expect(Array.from(a.pSim)).toEqual(Array.from(b.pSim));
    expect(Array.from(a.pSim)).not.toEqual(Array.from(c.pSim));
  });
  it("conditional randomisation draws only the other places' values (exact for one neighbour)", () => {
    // a path 0-1-2-3-4-5: place 0 has one neighbour, so its permuted I_0 takes each other value w.p. 1/5
    const yy = [10, 1, 2, 3, 4, 5];
    const r = ok(localMoran(yy, lattice(1, 6), { seed: 5, permutations: 20_000 }));
    const zs = Array.from(r.z);
    const sims = zs.slice(1).map((zj) => (5 / zs.reduce((a, b) => a + b * b, 0)) * zs[0]! * zj);
    const atLeast = sims.filter((s) => s >= r.ii[0]! - 1e-12).length / 5;
    expect(Math.abs(r.pSim[0]! - Math.min(atLeast, 1 - atLeast))).toBeLessThan(0.015);
  });
  it("islands get no p-value and the label 'island'; permutations = 0 marks nothing significant", () => {
    const wi: Weights = {
      n: 4,
      neighbors: [[1], [0, 2], [1], []],
      weights: [[1], [1, 1], [1], []],
      transform: "B",
    };
    const r = ok(localMoran([1, 5, 2, 9], wi, { seed: 1, permutations: 99 }));
    expect(r.islands).toEqual([3]);
    expect(r.ii[3]).toBe(0);
    expect(r.pSim[3]).toBeNaN();
    expect(r.labels[3]).toBe("island");
    expect(r.quadrant[3]).toBe(4);
    const none = ok(localMoran(y, w, { permutations: 0 }));
    expect(none.labels.every((l) => l === "ns")).toBe(true);
  });
  it("degenerate and bad input", () => {
    expect(localMoran([4, 4, 4, 4], lattice(2, 2)).status).toBe("zero-variance");
    expect(localMoran([4], lattice(1, 1)).status).toBe("too-few");
    expect(() => localMoran([1, 2, 3, 4], lattice(2, 2), { alpha: 0 })).toThrow(/alpha/);
  });
});
