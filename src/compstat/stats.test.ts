import fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  binomTestTwoSided,
  changeLabel,
  percentChange,
  poissonTestBaseline,
  poissonZ,
  rateFlags,
  ratePer100k,
  significance,
} from "./stats.js";

/** Written by scripts/r-reference/stats.R from R's own binom.test / poisson.test (committed; no R needed). */
interface RReference {
  binomTest: { x: number; n: number; p: number; pValue: number }[];
  poissonTest: {
    x: number;
    baselineSum: number;
    baselineYears: number;
    pValue: number;
    rateRatio: number | null;
  }[];
}
const reference = JSON.parse(
  fs.readFileSync(new URL("../../test/fixtures/r-stats-reference.json", import.meta.url), "utf8"),
) as RReference;

function expectRelClose(actual: number, expected: number, rel = 1e-12): void {
  if (expected === 0) expect(actual).toBe(0);
  else expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(rel);
}

describe("percentChange", () => {
  it.each([
    [14, 119, 9, 6],
    [447, 4037, 9, 0],
    [6, 1, 1, 500],
    [39, 40, 1, -3], // exactly -2.5: half away from zero
    [17, 8, 1, 113], // exactly 112.5
    [1, 2, 1, -50],
    [14, 17, 1, -18],
    [1, 7, 1, -86],
    [29, 297, 9, -12],
    [256, 2876, 9, -20],
    [329, 4061, 9, -27],
    [321, 3148, 9, -8],
    [552, 8212, 9, -40],
    [746, 7329, 9, -8],
    [1202, 15421, 9, -30],
    [1948, 22750, 9, -23],
    [71, 91, 1, -22],
    [315, 452, 1, -30],
    [315, 381, 1, -17],
  ])("%i against %i over %i year(s) is %i%%", (current, baseSum, years, expected) => {
    expect(percentChange(current, baseSum, years)).toBe(expected);
  });

  it("defaults to a one-year base and has no percent of a zero base", () => {
    expect(percentChange(6, 1)).toBe(500);
    expect(percentChange(5, 0)).toBeNull();
    expect(percentChange(0, 0, 9)).toBeNull();
  });

  it("never returns -0", () => {
    expect(Object.is(percentChange(447, 4037, 9), 0)).toBe(true);
    expect(percentChange(199, 200)).toBe(-1); // -0.5: half away from zero
    expect(Object.is(percentChange(1999, 2000), 0)).toBe(true);
  });

  it("rejects counts that are not whole and non-negative", () => {
    expect(() => percentChange(1.5, 3)).toThrow(RangeError);
    expect(() => percentChange(-1, 3)).toThrow(RangeError);
    expect(() => percentChange(1, 3, 0)).toThrow(RangeError);
  });

  it("has the sign of current - base and is monotone in current (property)", () => {
    fc.assert(
      fc.property(
        fc.nat(100_000),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 20 }),
        (current, baseSum, years) => {
          const pct = percentChange(current, baseSum, years)!;
          const diff = current * years - baseSum;
          expect(pct === 0 || Math.sign(pct) === Math.sign(diff)).toBe(true);
          expect(Object.is(pct, -0)).toBe(false);
          expect(percentChange(current + 1, baseSum, years)!).toBeGreaterThanOrEqual(pct);
          expect(Math.abs(pct - (100 * diff) / baseSum)).toBeLessThanOrEqual(0.5 + 1e-9);
        },
      ),
    );
  });
});

describe("changeLabel", () => {
  it("prints the seed's cells", () => {
    expect(changeLabel(14, 119, 9)).toBe("6%");
    expect(changeLabel(29, 297, 9)).toBe("-12%");
    expect(changeLabel(6, 1)).toBe("500%");
    expect(changeLabel(447, 4037, 9)).toBe("0%");
    expect(changeLabel(3, 0)).toBe("new");
    expect(changeLabel(0, 0)).toBe("");
    expect(changeLabel(0, 4)).toBe("-100%");
  });
});

describe("poissonZ and significance (Wheeler 2016)", () => {
  it("is 2(sqrt(current) - sqrt(base))", () => {
    expect(poissonZ(25, 9)).toBe(4);
    expect(poissonZ(9, 25)).toBe(-4);
    expect(poissonZ(14, 119 / 9)).toBeCloseTo(2 * (Math.sqrt(14) - Math.sqrt(119 / 9)), 15);
    expect(poissonZ(0, 0)).toBe(0);
  });

  it("reads |z| >= 3 as notable and |z| >= 2 as elevated", () => {
    expect(significance(3)).toBe("notable");
    expect(significance(-3.5)).toBe("notable");
    expect(significance(2)).toBe("elevated");
    expect(significance(-2.99)).toBe("elevated");
    expect(significance(1.99)).toBe("none");
    expect(significance(poissonZ(14, 119 / 9))).toBe("none");
    expect(significance(Number.NaN)).toBe("none");
  });
});

describe("binomTestTwoSided (R's binom.test)", () => {
  it.each(reference.binomTest)("binom.test($x, $n, $p) = $pValue", ({ x, n, p, pValue }) => {
    expectRelClose(binomTestTwoSided(x, n, p), pValue);
  });

  it("handles p = 0 and p = 1 as R does", () => {
    expect(binomTestTwoSided(0, 5, 0)).toBe(1);
    expect(binomTestTwoSided(1, 5, 0)).toBe(0);
    expect(binomTestTwoSided(5, 5, 1)).toBe(1);
    expect(binomTestTwoSided(4, 5, 1)).toBe(0);
  });

  it("matches a hand count on a symmetric case", () => {
    // Bin(10, 1/2): outcomes no likelier than 3 are 0..3 and 7..10 = 2 * 176 / 1024.
    expect(binomTestTwoSided(3, 10, 0.5)).toBeCloseTo(352 / 1024, 14);
  });

  it("rejects impossible arguments", () => {
    expect(() => binomTestTwoSided(0, 0, 0.5)).toThrow(RangeError);
    expect(() => binomTestTwoSided(6, 5, 0.5)).toThrow(RangeError);
    expect(() => binomTestTwoSided(1, 5, 1.5)).toThrow(RangeError);
  });

  it("is a probability (property)", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 400 })
          .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([x, n], p) => {
          const v = binomTestTwoSided(x, n, p);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe("poissonTestBaseline (R's poisson.test)", () => {
  it("reproduces domain.md: 14 vs 119 over 9 years", () => {
    const r = poissonTestBaseline(14, 119, 9);
    expectRelClose(r.pValue, 0.773218000632039);
    expect(r.rateRatio).toBeCloseTo(14 / (119 / 9), 15);
  });

  it.each(reference.poissonTest)(
    "poisson.test(c($x, $baselineSum), c(1, $baselineYears)) = $pValue",
    ({ x, baselineSum, baselineYears, pValue, rateRatio }) => {
      const r = poissonTestBaseline(x, baselineSum, baselineYears);
      expectRelClose(r.pValue, pValue);
      if (rateRatio === null) expect(r.rateRatio).toBeNull();
      else expectRelClose(r.rateRatio!, rateRatio, 1e-15);
    },
  );

  it("has p = 1 and no rate ratio when nothing happened at all", () => {
    expect(poissonTestBaseline(0, 0, 9)).toEqual({ pValue: 1, rateRatio: null });
  });
});

describe("ratePer100k", () => {
  it.each([
    [2419, 594_833, 406.67], // Milwaukee 2016 gun recoveries (domain.md)
    [3865, 1_526_006, 253.28],
    [6644, 2_695_598, 246.48],
    [5908, 3_792_621, 155.78],
    [3583, 8_175_133, 43.83],
  ])("%i / %i is %d", (count, population, expected) => {
    expect(ratePer100k(count, population)).toBe(expected);
  });

  it("rounds exact halves away from zero and has no rate without a population", () => {
    expect(ratePer100k(1, 20_000_000)).toBe(0.01); // exactly 0.005
    expect(ratePer100k(1, 40_000_000)).toBe(0); // 0.0025
    expect(ratePer100k(1, 800_000)).toBe(0.13); // exactly 0.125
    expect(ratePer100k(0, 1000)).toBe(0);
    expect(ratePer100k(5, 0)).toBeNull();
    expect(ratePer100k(5, -10)).toBeNull();
  });

  it("is within 0.005 of count * 1e5 / population (property)", () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 50_000_000 }), (count, population) => {
        const rate = ratePer100k(count, population)!;
        expect(Math.abs(rate - (count * 1e5) / population)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
    );
  });
});

describe("rateFlags", () => {
  it("flags populations under 1,000 and counts under 5 by default", () => {
    expect(rateFlags(4, 999)).toEqual({ smallPopulation: true, smallCount: true });
    expect(rateFlags(5, 1000)).toEqual({ smallPopulation: false, smallCount: false });
    expect(rateFlags(2, 5000, { minPopulation: 10_000, minCount: 1 })).toEqual({
      smallPopulation: true,
      smallCount: false,
    });
  });
});
