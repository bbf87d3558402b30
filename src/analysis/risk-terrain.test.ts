import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../domain/random.js";
import { type RiskCells, type RiskFactorLayer, riskTerrain } from "./risk-terrain.js";
import type { XY } from "./weights.js";

const SIZE = 3000;
const CELL = 50;

function grid(): { x: Float64Array; y: Float64Array } {
  const k = SIZE / CELL;
  const x = new Float64Array(k * k);
  const y = new Float64Array(k * k);
  for (let r = 0; r < k; r++)
    for (let c = 0; c < k; c++) {
      x[r * k + c] = (c + 0.5) * CELL;
      y[r * k + c] = (r + 0.5) * CELL;
    }
  return { x, y };
}

const scatter = (rng: Rng, m: number): XY[] =>
  Array.from({ length: m }, () => ({ x: rng.uniform() * SIZE, y: rng.uniform() * SIZE }));

function within(px: number, py: number, pts: readonly XY[], d: number): boolean {
  return pts.some((p) => (p.x - px) ** 2 + (p.y - py) ** 2 <= d * d);
}

/**
 * A synthetic city: 3,600 cells of 50 m; bars raise the rate 2.5x within 200 m, vacant lots 2x within
 * 100 m, churches (the decoy) do nothing. log mu = log(0.2) + ln(2.5) bar200 + ln(2) vacant100.
 */
function city(seed: number): { cells: RiskCells; factors: RiskFactorLayer[] } {
  const rng = new Rng(seed);
  const { x, y } = grid();
  const bars = scatter(rng, 40);
  const vacant = scatter(rng, 60);
  const churches = scatter(rng, 50);
  const count = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const lp =
      Math.log(0.2) +
      Math.log(2.5) * (within(x[i]!, y[i]!, bars, 200) ? 1 : 0) +
      Math.log(2) * (within(x[i]!, y[i]!, vacant, 100) ? 1 : 0);
    count[i] = rng.poisson(Math.exp(lp));
  }
  return {
    cells: { x, y, count },
    factors: [
      { name: "bars", points: bars },
      { name: "vacant", points: vacant },
      { name: "churches", points: churches },
    ],
  };
}

describe("riskTerrain on a synthetic city with a known model", () => {
  const { cells, factors } = city(2011);
  const r = riskTerrain(cells, factors);

  it("selects the two real factors, at their true operationalisation, and drops the decoy", () => {
    expect(r.status).toBe("ok");
    expect(r.selected.map((s) => [s.factor, s.operationalisation, s.distance]).sort()).toEqual([
      ["bars", "proximity", 200],
      ["vacant", "proximity", 100],
    ]);
    expect(r.dropped.map((d) => d.factor)).toEqual(["churches"]);
    expect(r.dropped[0]!.reason).toMatch(/did not lower BIC|protective/);
    expect(r.steps.filter((s) => s.action === "add")).toHaveLength(2);
  });

  it("recovers the true RRVs within 3 standard errors (about 0.05-0.07 on the log scale at ~1,400 events)", () => {
    const truth: Record<string, number> = { bars: 2.5, vacant: 2 };
    for (const s of r.selected) {
      expect(Math.abs(s.coefficient - Math.log(truth[s.factor]!))).toBeLessThan(3 * s.se);
      expect(s.se).toBeLessThan(0.1);
      expect(s.significant).toBe(true);
      expect(s.rrvLower95).toBeLessThan(truth[s.factor]!);
      expect(s.rrvUpper95).toBeGreaterThan(truth[s.factor]!);
    }
  });

  it("relative risk per cell: lowest cell 1, highest the product of the RRVs", () => {
    const rrv = r.selected.reduce((a, s) => a * s.rrv, 1);
    expect(Math.min(...r.relativeRisk)).toBe(1);
    expect(Math.max(...r.relativeRisk)).toBeCloseTo(rrv, 10);
    expect(r.model!.bic!).toBeLessThan(r.model!.interceptOnlyBic!);
    expect(r.model!.pseudoR2!).toBeGreaterThan(0);
  });

  it("reports every candidate it screened: 3 factors x 3 distances x 2 operationalisations", () => {
    expect(r.candidates).toHaveLength(18);
  });

  it("family auto keeps Poisson when the data are Poisson (NB's extra parameter does not pay)", () => {
    const a = riskTerrain(cells, factors, { family: "auto", distances: [100, 200] });
    expect(a.family).toBe("poisson");
    expect(a.notes.at(-1)).toMatch(/family: poisson/);
  });
});

describe("degenerate inputs", () => {
  const { cells, factors } = city(5);

  it("no factors: intercept-only, a flat terrain, said so", () => {
    const r = riskTerrain(cells, []);
    expect(r.status).toBe("intercept-only");
    expect(r.selected).toEqual([]);
    expect(r.relativeRisk.every((v) => v === 1)).toBe(true);
    expect(r.notes.join(" ")).toMatch(/no factor lowered BIC/);
    expect(r.model!.bic).toBe(r.model!.interceptOnlyBic);
  });

  it("a factor with no points is dropped with a reason", () => {
    const r = riskTerrain(cells, [...factors, { name: "pawn shops", points: [] }]);
    expect(r.dropped).toContainEqual({ factor: "pawn shops", reason: "no points in the layer" });
  });

  it("a factor far from every cell is dropped: present in no cell", () => {
    const r = riskTerrain(cells, [{ name: "far", points: [{ x: -5000, y: -5000 }] }]);
    expect(r.dropped[0]!.reason).toMatch(/present in no cell/);
    expect(r.status).toBe("intercept-only");
  });

  it("a factor whose cells have no events is dropped (separation), not given RRV 0", () => {
    const count = Float64Array.from(cells.count);
    for (let i = 0; i < count.length; i++) if (cells.x[i]! < 300 && cells.y[i]! < 300) count[i] = 0;
    const r = riskTerrain({ ...cells, count }, [{ name: "corner", points: [{ x: 100, y: 100 }] }]);
    expect(r.dropped[0]!.reason).toMatch(/no events in the cells where it is present/);
  });

  it("no events: explicit status, no model", () => {
    const r = riskTerrain({ ...cells, count: new Float64Array(cells.count.length) }, factors);
    expect(r.status).toBe("no-events");
    expect(r.model).toBeNull();
  });

  it("rejects bad input", () => {
    expect(() => riskTerrain({ x: [0], y: [0, 1], count: [1] }, [])).toThrow(/cells/);
    expect(() => riskTerrain(cells, factors, { distances: [0] })).toThrow(/distances/);
    expect(() => riskTerrain(cells, [factors[0]!, factors[0]!])).toThrow(/twice/);
  });
});

describe("properties", () => {
  it("cell order does not change the selection or the RRVs; results are reproducible", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const { cells, factors } = city(seed);
        const rng = new Rng(seed, 1);
        const n = cells.count.length;
        const perm = Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        }
        const pick = (a: ArrayLike<number>) => Float64Array.from(perm, (i) => a[i]!);
        const opts = { distances: [200], operationalisations: ["proximity"] as const };
        const a = riskTerrain(cells, factors, opts);
        const b = riskTerrain(
          { x: pick(cells.x), y: pick(cells.y), count: pick(cells.count) },
          factors,
          opts,
        );
        expect(b.selected.map((s) => s.factor)).toEqual(a.selected.map((s) => s.factor));
        b.selected.forEach((s, k) => {
          expect(s.rrv).toBeCloseTo(a.selected[k]!.rrv, 8);
        });
        const again = riskTerrain(cells, factors, opts);
        expect(Array.from(again.relativeRisk)).toEqual(Array.from(a.relativeRisk));
      }),
      { numRuns: 4 },
    );
  });
});
