import fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../domain/errors.js";
import { normalQuantile, normalTails, wdd, weightedDisplacementQuotient } from "./displacement.js";

/** Written by scripts/r-reference/evaluation.R from R's pnorm / qnorm (committed; no R needed). */
interface RReference {
  pnorm: { z: number; lower: number; upper: number }[];
  qnorm: { p: number; q: number }[];
}
const reference = JSON.parse(
  fs.readFileSync(new URL("../../test/fixtures/r-evaluation-reference.json", import.meta.url), "utf8"),
) as RReference;

function expectRelClose(actual: number, expected: number, rel: number): void {
  if (expected === 0) expect(actual).toBe(0);
  else expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(rel);
}

describe("normal distribution", () => {
  it.each(reference.pnorm)("pnorm($z) is R's", ({ z, lower, upper }) => {
    const t = normalTails(z);
    expectRelClose(t.lower, lower, 1e-14);
    expectRelClose(t.upper, upper, 1e-14);
  });

  it.each(reference.qnorm)("qnorm($p) is R's", ({ p, q }) => {
    expectRelClose(normalQuantile(p), q, 1e-14);
  });

  it("has infinite quantiles at 0 and 1 and rejects probabilities outside [0, 1]", () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => normalQuantile(1.5)).toThrow(AppError);
  });

  it("is symmetric and its tails add to 1", () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (z) => {
        const a = normalTails(z);
        const b = normalTails(-z);
        expect(a.lower).toBe(b.upper);
        expect(Math.abs(a.lower + a.upper - 1)).toBeLessThan(1e-15);
      }),
    );
  });
});

describe("weightedDisplacementQuotient (Bowers & Johnson 2003)", () => {
  it("computes the measures, the quotient and the total net effect by hand", () => {
    // Target 100 -> 50, buffer 100 -> 150, control 100 -> 100: success -0.5, buffer +0.5, WDQ -1.
    const r = weightedDisplacementQuotient({
      target: { before: 100, after: 50 },
      buffer: { before: 100, after: 150 },
      control: { before: 100, after: 100 },
    });
    expect(r.successMeasure).toBe(-0.5);
    expect(r.bufferMeasure).toBe(0.5);
    expect(r.wdq).toBe(-1);
    expect(r.reading).toBe("displacement-less-than-direct-benefit");
    expect(r.grossEffect).toBe(50);
    expect(r.netEffect).toBe(0.5);
    // 50 prevented in the target, 50 displaced into the buffer: no net effect.
    expect(r.totalNetEffect).toBe(0);
    expect(r.reason).toBeNull();
  });

  it("scales by the control's trend", () => {
    // Control doubles: the target's expected after count is 80, it saw 60; the buffer's expected 60, it saw 50.
    const r = weightedDisplacementQuotient({
      target: { before: 40, after: 60 },
      buffer: { before: 30, after: 50 },
      control: { before: 100, after: 200 },
    });
    expect(r.successMeasure).toBeCloseTo(60 / 200 - 40 / 100, 15);
    expect(r.bufferMeasure).toBeCloseTo(50 / 200 - 30 / 100, 15);
    expect(r.wdq).toBeCloseTo(0.5, 14);
    expect(r.reading).toBe("diffusion");
    expect(r.totalNetEffect).toBeCloseTo(20 + 10, 12);
  });

  it.each([
    [30, 10, "diffusion-greater-than-direct-effect"],
    [10, 5, "diffusion"],
    [20, 10, "diffusion"], // WDQ exactly 1
    [10, 10, "no-displacement-or-diffusion"],
    [10, 15, "displacement-less-than-direct-benefit"],
    [10, 20, "displacement-less-than-direct-benefit"], // WDQ exactly -1
    [10, 25, "displacement-greater-than-direct-benefit"],
  ] as const)("a buffer %i -> %i around a target 20 -> 10 reads %s", (before, after, reading) => {
    const r = weightedDisplacementQuotient({
      target: { before: 20, after: 10 },
      buffer: { before, after },
      control: { before: 100, after: 100 },
    });
    expect(r.reading).toBe(reading);
  });

  it("reads below -1 as displacement outweighing the benefit", () => {
    const r = weightedDisplacementQuotient({
      target: { before: 20, after: 10 },
      buffer: { before: 10, after: 25 },
      control: { before: 100, after: 100 },
    });
    expect(r.wdq).toBeCloseTo(-1.5, 14);
    expect(r.reading).toBe("displacement-greater-than-direct-benefit");
    expect(r.totalNetEffect).toBe(-5);
  });

  it("leaves the quotient undefined, with a reason, when the success measure is 0", () => {
    const r = weightedDisplacementQuotient({
      target: { before: 10, after: 20 },
      buffer: { before: 5, after: 9 },
      control: { before: 50, after: 100 },
    });
    expect(r.successMeasure).toBe(0);
    expect(r.wdq).toBeNull();
    expect(r.reading).toBeNull();
    expect(r.reason).toMatch(/undefined/);
  });

  it("gives the quotient but no reading when the target did not improve", () => {
    const r = weightedDisplacementQuotient({
      target: { before: 10, after: 30 },
      buffer: { before: 5, after: 9 },
      control: { before: 50, after: 50 },
    });
    expect(r.successMeasure).toBeGreaterThan(0);
    expect(r.wdq).not.toBeNull();
    expect(r.reading).toBeNull();
    expect(r.reason).toMatch(/did not improve/);
  });

  it("has no measures without control events, and rejects negative counts", () => {
    const r = weightedDisplacementQuotient({
      target: { before: 10, after: 3 },
      buffer: { before: 5, after: 9 },
      control: { before: 4, after: 0 },
    });
    expect(r.successMeasure).toBeNull();
    expect(r.wdq).toBeNull();
    // The control fell to nothing, so nothing was expected anywhere: [10 * 0 - 3] + [5 * 0 - 9].
    expect(r.totalNetEffect).toBe(-12);
    expect(r.reason).toMatch(/control/);
    const none = { before: 0, after: 0 };
    const empty = weightedDisplacementQuotient({ target: none, buffer: none, control: none });
    expect(empty.totalNetEffect).toBeNull();
    expect(() =>
      weightedDisplacementQuotient({ target: { before: -1, after: 0 }, buffer: none, control: none }),
    ).toThrow(AppError);
  });

  it("is exactly 0 (never -0) when the buffer moved with the control", () => {
    const r = weightedDisplacementQuotient({
      target: { before: 20, after: 10 },
      buffer: { before: 7, after: 7 },
      control: { before: 100, after: 100 },
    });
    expect(Object.is(r.wdq, 0)).toBe(true);
  });
});

describe("wdd (Wheeler & Ratcliffe 2018, ptools::wdd)", () => {
  const published = {
    treated: { before: 207, after: 110 },
    control: { before: 308, after: 318 },
    displacement: { before: 178, after: 157 },
    displacementControl: { before: 150, after: 140 },
  };

  it("reproduces the published example", () => {
    const r = wdd(published);
    expect(r.estLocal).toBe(-107);
    expect(r.estDisplacement).toBe(-11);
    expect(r.estTotal).toBe(-118);
    expect(r.seTotal).toBe(Math.sqrt(1568));
    expect(r.seLocal).toBe(Math.sqrt(207 + 110 + 308 + 318));
    expect(r.seDisplacement).toBe(Math.sqrt(178 + 157 + 150 + 140));
    expect(r.z).toBeCloseTo(-2.98, 2);
    expect(r.z).toBe(-118 / Math.sqrt(1568));
    // R: 2 * pnorm(-118 / sqrt(1568)) = 0.0028829543049806376
    expectRelClose(r.pValue!, 0.0028829543049806376, 1e-13);
    // ptools' default alpha = 0.1: a 90% interval, -118 -/+ qnorm(0.95) sqrt(1568).
    expect(r.lowCi).toBeCloseTo(-118 - 1.6448536269514715 * Math.sqrt(1568), 10);
    expect(r.highCi).toBeCloseTo(-118 + 1.6448536269514715 * Math.sqrt(1568), 10);
  });

  it("without a displacement area is the local estimate alone", () => {
    const r = wdd({ treated: published.treated, control: published.control }, { alpha: 0.05 });
    expect(r.estLocal).toBe(-107);
    expect(r.estDisplacement).toBe(0);
    expect(r.seDisplacement).toBe(0);
    expect(r.estTotal).toBe(-107);
    expect(r.seTotal).toBe(Math.sqrt(943));
    expect(r.z).toBeCloseTo(-3.4844, 4);
    expect(r.lowCi).toBeCloseTo(-107 - 1.959963984540054 * Math.sqrt(943), 10);
  });

  it("divides by time and area weights as ptools does", () => {
    // A two-year before period against a one-year after period: counts become yearly rates.
    const r = wdd(
      { treated: { before: 40, after: 10 }, control: { before: 60, after: 30 } },
      { timeWeights: [2, 1], areaWeights: { treated: 1, control: 2 } },
    );
    expect(r.estLocal).toBeCloseTo(10 - 20 - (30 / 2 - 60 / 4), 12);
    expect(r.seLocal).toBeCloseTo(Math.sqrt(10 + 40 / 4 + 30 / 4 + 60 / 16), 12);
  });

  it("has no z-score without events, and rejects half a displacement design", () => {
    const none = { before: 0, after: 0 };
    const r = wdd({ treated: none, control: none });
    expect(r.z).toBeNull();
    expect(r.pValue).toBeNull();
    expect(r.reason).toMatch(/no events/);
    expect(() => wdd({ treated: none, control: none, displacement: none })).toThrow(AppError);
    expect(() => wdd({ treated: { before: 1.5, after: 0 }, control: none })).toThrow(AppError);
    expect(() => wdd({ treated: none, control: none }, { alpha: 0 })).toThrow(AppError);
    expect(() => wdd({ treated: none, control: none }, { timeWeights: [0, 1] })).toThrow(AppError);
  });

  it("is antisymmetric in before and after and conserves the local + displacement split", () => {
    const count = fc.nat({ max: 5000 });
    const pair = fc.record({ before: count, after: count });
    fc.assert(
      fc.property(pair, pair, pair, pair, (t, c, d, dc) => {
        const flip = (x: { before: number; after: number }) => ({ before: x.after, after: x.before });
        const r = wdd({ treated: t, control: c, displacement: d, displacementControl: dc });
        const s = wdd({
          treated: flip(t),
          control: flip(c),
          displacement: flip(d),
          displacementControl: flip(dc),
        });
        expect(r.estTotal).toBe(-s.estTotal);
        expect(r.seTotal).toBe(s.seTotal);
        expect(r.estTotal).toBe(r.estLocal + r.estDisplacement);
        expect(r.seTotal ** 2).toBeCloseTo(r.seLocal ** 2 + r.seDisplacement ** 2, 6);
        if (r.pValue !== null) expect(r.pValue).toBeGreaterThanOrEqual(0);
        if (r.pValue !== null) expect(r.pValue).toBeLessThanOrEqual(1);
      }),
    );
  });
});
