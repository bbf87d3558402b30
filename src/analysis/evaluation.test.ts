import fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../domain/errors.js";
import { evaluateIntervention, poissonRateTest, ratioOfRateRatios, reemergenceCheck } from "./evaluation.js";

/** Written by scripts/r-reference/evaluation.R from R's poisson.test (committed; no R needed). */
interface RReference {
  /** target and control as [before, after]. */
  ratioOfRateRatios: {
    target: [number, number];
    control: [number, number];
    p: number;
    ratio: number | null;
  }[];
  windows: { x1: number; x2: number; n1: number; n2: number; pValue: number }[];
}
const reference = JSON.parse(
  fs.readFileSync(new URL("../../test/fixtures/r-evaluation-reference.json", import.meta.url), "utf8"),
) as RReference;

function expectRelClose(actual: number, expected: number, rel = 1e-12): void {
  if (expected === 0) expect(actual).toBe(0);
  else expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(rel);
}

describe("poissonRateTest", () => {
  it.each(reference.windows)(
    "$x1 in $n1 against $x2 in $n2 is R's poisson.test",
    ({ x1, x2, n1, n2, pValue }) => {
      expectRelClose(poissonRateTest(x1, n1, x2, n2), pValue);
    },
  );

  it("finds no difference in nothing and rejects bad exposures", () => {
    expect(poissonRateTest(0, 3, 0, 6)).toBe(1);
    expect(() => poissonRateTest(1, 0, 2, 3)).toThrow(AppError);
    expect(() => poissonRateTest(-1, 1, 2, 3)).toThrow(AppError);
  });
});

describe("ratioOfRateRatios", () => {
  it.each(reference.ratioOfRateRatios)(
    "target $target, control $control is R's poisson.test",
    ({ target, control, p, ratio }) => {
      const r = ratioOfRateRatios(
        { before: target[0], after: target[1] },
        { before: control[0], after: control[1] },
      );
      expectRelClose(r.exactPValue!, p);
      if (ratio === null) expect(r.ratio).toBeNull();
      else expectRelClose(r.ratio!, ratio, 1e-15);
    },
  );

  it("matches a hand-computed case", () => {
    // Target 2 -> 1, control 1 -> 2: pi = 2/3, A_after = 1 of 3. P(X = x) for x = 0..3 is 1/27, 6/27,
    // 12/27, 8/27; outcomes no likelier than 6/27 are 0 and 1: p = 7/27. RRR = (1/2) / (2/1) = 1/4.
    const r = ratioOfRateRatios({ before: 2, after: 1 }, { before: 1, after: 2 });
    expect(r.exactPValue).toBeCloseTo(7 / 27, 14);
    expect(r.ratio).toBe(0.25);
    expect(r.targetRatio).toBe(0.5);
    expect(r.controlRatio).toBe(2);
  });

  it("gives a Wald interval on the log scale that holds the ratio", () => {
    const r = ratioOfRateRatios({ before: 207, after: 110 }, { before: 308, after: 318 });
    const w = r.wald!;
    expect(w.logRatio).toBeCloseTo(Math.log(r.ratio!), 14);
    expect(w.se).toBeCloseTo(Math.sqrt(1 / 207 + 1 / 110 + 1 / 308 + 1 / 318), 15);
    expect(w.lowCi).toBeLessThan(r.ratio!);
    expect(w.highCi).toBeGreaterThan(r.ratio!);
    expect(w.highCi).toBeLessThan(1);
    expect(w.lowCi).toBeCloseTo(r.ratio! * Math.exp(-1.959963984540054 * w.se), 12);
  });

  it("explains what it cannot compute", () => {
    const noControl = ratioOfRateRatios({ before: 5, after: 2 }, { before: 4, after: 0 });
    expect(noControl.exactPValue).toBeNull();
    expect(noControl.exactReason).toMatch(/control/);
    expect(noControl.ratio).toBeNull();
    expect(noControl.wald).toBeNull();
    const noTarget = ratioOfRateRatios({ before: 0, after: 0 }, { before: 4, after: 3 });
    expect(noTarget.exactPValue).toBeNull();
    expect(noTarget.exactReason).toMatch(/target/);
    expect(noTarget.targetRatio).toBeNull();
  });

  it("does not depend on the scale of the control", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 300 }),
        fc.nat({ max: 300 }),
        fc.integer({ min: 1, max: 200 }),
        (ab, aa, c) => {
          // Control 10c -> 10c and c -> c both say "no change": the same pi = 1/2 and the same test.
          const small = ratioOfRateRatios({ before: ab, after: aa }, { before: c, after: c });
          const big = ratioOfRateRatios({ before: ab, after: aa }, { before: 10 * c, after: 10 * c });
          expect(big.exactPValue).toBe(small.exactPValue);
          if (small.ratio === null) expect(big.ratio).toBeNull();
          else expectRelClose(big.ratio!, small.ratio, 1e-15);
        },
      ),
    );
  });
});

describe("evaluateIntervention", () => {
  it("puts the changes, the rate ratios and the WDD side by side", () => {
    const e = evaluateIntervention({
      treated: { before: 207, after: 110 },
      control: { before: 308, after: 318 },
    });
    expect(e.target).toEqual({ before: 207, after: 110, change: -97, percentChange: -47 });
    expect(e.control).toEqual({ before: 308, after: 318, change: 10, percentChange: 3 });
    expect(e.differenceInDifferences).toBe(-107);
    expect(e.wdd.estLocal).toBe(e.differenceInDifferences);
    expectRelClose(e.rateRatios.exactPValue!, 1.0547173379680742e-8);
    expect(e.wdd.z).toBeCloseTo(-3.4844, 4);
  });
});

describe("reemergenceCheck", () => {
  const pre = Array<number>(12).fill(10);
  const during = Array<number>(6).fill(3);

  it("flags counts that return to the pre-intervention level", () => {
    const r = reemergenceCheck([...pre, ...during, 9, 11, 10], 18, { interventionStart: 12 });
    expect(r.status).toBe("re-emerged");
    expect(r.flag).toBe(true);
    expect(r.pre).toEqual({ from: 0, to: 12, total: 120, mean: 10 });
    expect(r.during).toEqual({ from: 12, to: 18, total: 18, mean: 3 });
    expect(r.post).toEqual({ from: 18, to: 21, total: 30, mean: 10 });
    // R: poisson.test(c(30, 18), c(3, 6))
    expectRelClose(r.pPostVsDuring!, 4.213471412305036e-5);
    expect(r.pPostVsPre).toBe(1);
  });

  it("keeps quiet while the gain holds", () => {
    const r = reemergenceCheck([...pre, ...during, 3, 2, 4, 12, 12], 18, { interventionStart: 12 });
    expect(r.status).toBe("sustained");
    expect(r.flag).toBe(false);
    expect(r.post!.total).toBe(9); // only the first 3 periods after the end
    // R: poisson.test(c(9, 120), c(3, 12))
    expectRelClose(r.pPostVsPre!, 6.0078348335719186e-5);
  });

  it("flags a significant rise that is still below the old level as rebounding", () => {
    const r = reemergenceCheck([...Array<number>(12).fill(20), ...Array<number>(6).fill(3), 10, 10, 10], 18, {
      interventionStart: 12,
    });
    expect(r.status).toBe("rebounding");
    expect(r.flag).toBe(true);
    expect(r.pPostVsPre!).toBeLessThan(0.05);
    expect(r.pPostVsDuring!).toBeLessThan(0.05);
  });

  it("says when there was no reduction to lose", () => {
    const r = reemergenceCheck([...pre, 10, 9, 11, 10, 9, 9, 10, 10, 10], 18, { interventionStart: 12 });
    expect(r.status).toBe("no-reduction");
    expect(r.flag).toBe(false);
  });

  it("uses fewer post periods when the series ends, the pre window when asked, and none when missing", () => {
    const short = reemergenceCheck([...pre, ...during, 10], 18, { interventionStart: 12 });
    expect(short.post).toEqual({ from: 18, to: 19, total: 10, mean: 10 });
    const recent = reemergenceCheck([50, 50, ...pre, ...during, 3], 20, {
      interventionStart: 14,
      prePeriods: 12,
    });
    expect(recent.pre!.mean).toBe(10);
    const ongoing = reemergenceCheck([...pre, ...during], 18, { interventionStart: 12 });
    expect(ongoing.status).toBe("insufficient-data");
    expect(ongoing.reason).toMatch(/after/);
    const noPre = reemergenceCheck([...during, 9], 6, { interventionStart: 0 });
    expect(noPre.status).toBe("insufficient-data");
    expect(noPre.reason).toMatch(/before/);
    const empty = reemergenceCheck(Array<number>(24).fill(0), 18, { interventionStart: 12 });
    expect(empty.status).toBe("no-reduction");
  });

  it("rejects windows outside the series and counts that are not counts", () => {
    expect(() => reemergenceCheck([1, 2, 3], 5, { interventionStart: 1 })).toThrow(AppError);
    expect(() => reemergenceCheck([1, 2, 3], 1, { interventionStart: 2 })).toThrow(AppError);
    expect(() => reemergenceCheck([1, 2.5, 3], 2, { interventionStart: 1 })).toThrow(AppError);
    expect(() => reemergenceCheck([1, 2, 3], 2, { interventionStart: 1, postPeriods: 0 })).toThrow(AppError);
    expect(() => reemergenceCheck([1, 2, 3], 2, { interventionStart: 1, prePeriods: 0.5 })).toThrow(AppError);
  });

  it("never flags a series that stays at its intervention level", () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 40 }), fc.integer({ min: 0, max: 3 }), (level, low) => {
        const r = reemergenceCheck(
          [...Array<number>(12).fill(level), ...Array<number>(6).fill(low), ...Array<number>(3).fill(low)],
          18,
          { interventionStart: 12 },
        );
        expect(r.flag).toBe(false);
      }),
    );
  });
});
