import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Concentration, concentration } from "./concentration.js";

const ok = (counts: readonly number[], shares?: readonly number[]): Concentration => {
  const r = concentration(counts, shares ? { shares } : {});
  if (r.status !== "ok") throw new Error(r.status);
  return r;
};
const zeros = (k: number) => Array.from({ length: k }, () => 0);
const fromTable = (table: Record<number, number>) =>
  Object.entries(table).flatMap(([v, k]) => Array.from({ length: k }, () => Number(v)));

describe("Gini as lorenzgini::gini", () => {
  it("reproduces the vignette's 0.5255617 (generalized, unbiased: the package default)", () => {
    // set.seed(8722); crimes <- ifelse(rbinom(1000, 1, .1) > 0, 0, rpois(1000, 1)); table(crimes) in R 4.2:
    // 433 zeros, 325 ones, 169 twos, 58 threes, 11 fours, 4 fives (the Gini depends on the table only).
    // Base-R values of all four versions (DescTools' formula, lorenzgini's rescaling), 10 digits:
    const r = ok(fromTable({ 0: 433, 1: 325, 2: 169, 3: 58, 4: 11, 5: 4 }));
    expect(r.places).toBe(1000);
    expect(r.events).toBe(901);
    expect(r.generalizedGiniUnbiased!).toBeCloseTo(0.5255617215, 9);
    expect(r.generalizedGini).toBeCloseTo(0.5249784122, 9);
    expect(r.gini).toBeCloseTo(0.5720055494, 9);
    expect(r.giniUnbiased!).toBeCloseTo(0.5725781275, 9);
  });
  it("the package's documented examples", () => {
    const a = ok([10, 8, 2, ...zeros(7)]); // 20 crimes, 10 units: G = G' = 0.78
    expect(a.gini).toBeCloseTo(0.78, 12);
    expect(a.generalizedGini).toBeCloseTo(0.78, 12);
    const b = ok([5, 2, 1, ...zeros(7)]); // 8 crimes, 10 units: G = 0.8, G' = 0.75
    expect(b.gini).toBeCloseTo(0.8, 12);
    expect(b.generalizedGini).toBeCloseTo(0.75, 12);
    const c = ok([10, ...zeros(9)]);
    expect(c.gini).toBeCloseTo(0.9, 12);
    expect(c.giniUnbiased!).toBeCloseTo(1, 12);
    const d = ok([10, ...zeros(99)]);
    expect(d.gini).toBeCloseTo(0.99, 12);
    expect(d.giniUnbiased!).toBeCloseTo(1, 12);
    expect(ok([3, 1, 1, ...zeros(7)]).gini).toBeCloseTo(0.78, 12); // the vignette's Figure 2
  });
  it("hand-computable extremes", () => {
    // all events in one place, fewer events than places: G' (unbiased) = 1 exactly
    for (const [events, places] of [
      [2, 5],
      [7, 100],
      [40, 41],
    ] as const) {
      const r = ok([events, ...zeros(places - 1)]);
      expect(r.generalizedGiniUnbiased!).toBeCloseTo(1, 12);
      expect(r.generalizedGini).toBeCloseTo(1 - 1 / events, 12);
    }
    // one event per place for N < n places: the most equal spread attainable, G' = 0 while G = 1 - N/n
    const spread = ok([1, 1, 1, ...zeros(7)]);
    expect(spread.generalizedGini).toBeCloseTo(0, 12);
    expect(spread.generalizedGiniUnbiased!).toBeCloseTo(0, 12);
    expect(spread.gini).toBeCloseTo(0.7, 12);
    expect(spread.maxEqualityShare).toBeCloseTo(0.3, 12);
    // evenly spread with N >= n: every version is 0
    const even = ok([4, 4, 4, 4, 4]);
    expect([even.gini, even.giniUnbiased, even.generalizedGini, even.generalizedGiniUnbiased]).toEqual([
      0, 0, 0, 0,
    ]);
  });
});

describe("places holding a share of events (Weisburd 2015)", () => {
  it("finds the fewest places, counted against all places and against places with events", () => {
    const r = ok([0, 3, 1, 4, 0, 2, 3, 1, 0, 0]); // N = 14, 6 places with events
    expect(r.placesWithEvents).toBe(6);
    expect(r.shares).toEqual([
      { eventShare: 0.25, places: 1, events: 4, shareOfPlaces: 0.1, shareOfPlacesWithEvents: 1 / 6 },
      { eventShare: 0.5, places: 2, events: 7, shareOfPlaces: 0.2, shareOfPlacesWithEvents: 2 / 6 },
    ]);
    const all = ok([0, 3, 1, 4, 0, 2, 3, 1, 0, 0], [0.1, 1]).shares;
    expect(all.map((s) => s.places)).toEqual([1, 6]);
    expect(ok(zeros(29).concat([30]), [0.1]).shares[0]!.places).toBe(1);
    expect(
      ok(
        Array.from({ length: 30 }, () => 1),
        [0.1],
      ).shares[0]!.places,
    ).toBe(3); // 0.1 * 30 is not > 3
  });
  it("is the minimal number: one place fewer holds less than the share", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(12), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (counts, share) => {
          const r = concentration(counts, { shares: [share] });
          if (r.status !== "ok") return;
          const desc = [...counts].sort((a, b) => b - a);
          const s = r.shares[0]!;
          const cum = (k: number) => desc.slice(0, k).reduce((a, b) => a + b, 0);
          expect(cum(s.places)).toBe(s.events);
          expect(s.events).toBeGreaterThanOrEqual(share * r.events - 1e-9);
          expect(cum(s.places - 1)).toBeLessThan(share * r.events - 1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("Lorenz curve and invariants", () => {
  it("keeps one vertex per run of equal counts, from (0,0) to (1,1)", () => {
    expect(ok([3, 1, 1, ...zeros(7)]).lorenz).toEqual([
      { places: 0, events: 0 },
      { places: 0.1, events: 0.6 },
      { places: 0.3, events: 1 },
      { places: 1, events: 1 },
    ]);
  });
  it("is increasing and concave; every Gini is permutation invariant and in [0, 1]", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { minLength: 1, maxLength: 80 }), fc.nat(), (counts, rot) => {
        const r = concentration(counts);
        if (r.status !== "ok") return;
        const k = rot % counts.length;
        const moved = concentration([...counts.slice(k), ...counts.slice(0, k)].reverse());
        expect(moved).toEqual(r);
        const pts = r.lorenz;
        expect(pts.at(-1)!.places).toBeCloseTo(1, 12);
        expect(pts.at(-1)!.events).toBeCloseTo(1, 12);
        for (let i = 1; i < pts.length; i++) {
          expect(pts[i]!.places).toBeGreaterThan(pts[i - 1]!.places);
          expect(pts[i]!.events).toBeGreaterThanOrEqual(pts[i - 1]!.events);
          if (i >= 2) {
            const s1 = (pts[i - 1]!.events - pts[i - 2]!.events) / (pts[i - 1]!.places - pts[i - 2]!.places);
            const s2 = (pts[i]!.events - pts[i - 1]!.events) / (pts[i]!.places - pts[i - 1]!.places);
            expect(s2).toBeLessThan(s1 + 1e-9);
          }
        }
        for (const g of [r.gini, r.giniUnbiased, r.generalizedGini, r.generalizedGiniUnbiased])
          if (g !== null) {
            expect(g).toBeGreaterThanOrEqual(-1e-12);
            expect(g).toBeLessThanOrEqual(1 + 1e-12);
          }
        expect(r.generalizedGini).toBeLessThanOrEqual(r.gini + 1e-12);
      }),
      { numRuns: 200 },
    );
  });
  it("doubling every count (N >= n) leaves the Gini unchanged; the generalized one needs N < n to differ", () => {
    const r = ok([5, 2, 1, 0, 3, 3]);
    const twice = ok([10, 4, 2, 0, 6, 6]);
    expect(twice.gini).toBeCloseTo(r.gini, 12);
    expect(r.generalizedGini).toBe(r.gini);
  });
});

describe("degenerate and bad input", () => {
  it("no places, no events, one place, one event", () => {
    expect(concentration([]).status).toBe("no-places");
    expect(concentration([0, 0, 0])).toMatchObject({ status: "no-events", places: 3, events: 0 });
    const one = ok([7]);
    expect(one).toMatchObject({
      gini: 0,
      giniUnbiased: null,
      generalizedGini: 0,
      generalizedGiniUnbiased: null,
    });
    expect(one.shares.map((s) => s.places)).toEqual([1, 1]);
    const single = ok([0, 0, 1, 0]);
    expect(single.generalizedGini).toBeCloseTo(0, 12);
    expect(single.generalizedGiniUnbiased).toBeNull();
    expect(single.gini).toBeCloseTo(0.75, 12);
  });
  it("rejects negative, fractional and non-finite counts, and shares outside (0, 1]", () => {
    expect(() => concentration([1, -1])).toThrow(/count 1/);
    expect(() => concentration([1.5])).toThrow(/whole number/);
    expect(() => concentration([Number.NaN])).toThrow(/whole number/);
    expect(() => concentration([1], { shares: [0] })).toThrow(/shares/);
    expect(() => concentration([1], { shares: [1.2] })).toThrow(/shares/);
  });
});
