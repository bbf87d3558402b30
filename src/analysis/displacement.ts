/**
 * Spatial displacement and diffusion of benefit around a place-based intervention (domain.md, "Reference
 * methods": weighted displacement).
 *
 * - The Weighted Displacement Quotient (WDQ) of Bowers & Johnson (2003), "Measuring the geographical
 *   displacement and diffusion of benefit effects of crime prevention activity", J Quant Criminol 19(3):
 *   275-301, with the gross, net and total net effects as Guerette (2009, POP Center Tool Guide 10,
 *   "Analyzing Crime Displacement and Diffusion", appendices B and C) writes them down. Partnerships know
 *   the WDQ from that guide, so the figures and the reading bands follow it.
 * - The Weighted Displacement Difference (WDD) of Wheeler & Ratcliffe (2018), "A simple weighted
 *   displacement difference test to evaluate place based crime interventions", Crime Science 7:11, as R
 *   `ptools::wdd` computes it. The WDQ has no standard error, so it cannot tell a real shift from the
 *   noise of small counts; the WDD can, and it is the figure to test.
 */
import { AppError } from "../domain/errors.js";
import { normalQuantile, normalTails } from "./normal.js";

/** A count in the period before the intervention and in the period after it. */
export interface BeforeAfter {
  before: number;
  after: number;
}

function assertCounts(name: string, c: BeforeAfter, whole: boolean): void {
  for (const [k, v] of [
    ["before", c.before],
    ["after", c.after],
  ] as const) {
    if (!(Number.isFinite(v) && v >= 0) || (whole && !Number.isSafeInteger(v))) {
      const what = whole ? "a non-negative whole number" : "a non-negative number";
      throw new AppError("invalid-argument", `${name}.${k} must be ${what}, got ${v}`);
    }
  }
}

/** Re-exported for callers that reached them here first. */
export { normalQuantile, normalTails };

// --- Weighted Displacement Quotient (Bowers & Johnson 2003).

/**
 * Bowers & Johnson's reading of the WDQ (Guerette 2009, appendix C), meaningful only after a success:
 * above 1 the buffer gained more than the target; 0 to 1 a diffusion of benefit; 0 neither; -1 to 0
 * displacement smaller than the direct benefit; below -1 displacement that outweighs it.
 */
export type WdqReading =
  | "diffusion-greater-than-direct-effect"
  | "diffusion"
  | "no-displacement-or-diffusion"
  | "displacement-less-than-direct-benefit"
  | "displacement-greater-than-direct-benefit";

export interface WdqInput {
  /** A: the area that received the intervention (Guerette's response area R). */
  target: BeforeAfter;
  /** B: the buffer around it, where displaced crime would show (Guerette's D). */
  buffer: BeforeAfter;
  /** C: the control area, which says what would have happened anyway. */
  control: BeforeAfter;
}

export interface WdqResult {
  /** Gross effect A_before - A_after: positive is a fall in the target. */
  grossEffect: number;
  /** Net effect A_before/C_before - A_after/C_after; null without control counts in both periods. */
  netEffect: number | null;
  /** Success measure A_after/C_after - A_before/C_before (the WDQ's denominator): negative is success. */
  successMeasure: number | null;
  /** Buffer displacement measure B_after/C_after - B_before/C_before: positive is displacement. */
  bufferMeasure: number | null;
  /** bufferMeasure / successMeasure; null when the success measure is 0 or undefined. */
  wdq: number | null;
  /** The band of `wdq`; null unless the target improved relative to control (success measure < 0). */
  reading: WdqReading | null;
  /**
   * Total net effect [A_b (C_a/C_b) - A_a] + [B_b (C_a/C_b) - B_a] (Guerette 2009, formula 4): crimes
   * prevented in the target plus those prevented (or, if negative, displaced) in the buffer, against the
   * control's trend. Null when C_before is 0.
   */
  totalNetEffect: number | null;
  /** Why `wdq` or `reading` is null; null when both are given. */
  reason: string | null;
}

function wdqReading(wdq: number): WdqReading {
  if (wdq > 1) return "diffusion-greater-than-direct-effect";
  if (wdq > 0) return "diffusion";
  if (wdq === 0) return "no-displacement-or-diffusion";
  if (wdq >= -1) return "displacement-less-than-direct-benefit";
  return "displacement-greater-than-direct-benefit";
}

/**
 * Bowers & Johnson's (2003) WDQ. Every area is measured against the control in the same period, so a
 * citywide trend cancels; the buffer's change is then scaled by the target's. Bowers & Johnson read it
 * only when the target improved (success measure < 0): otherwise there is no benefit to displace, and the
 * result carries the quotient without a reading. Counts may be weighted (non-whole); the WDQ has no
 * sampling error, so pair it with {@link wdd}.
 */
export function weightedDisplacementQuotient(input: WdqInput): WdqResult {
  const { target: a, buffer: b, control: c } = input;
  assertCounts("target", a, false);
  assertCounts("buffer", b, false);
  assertCounts("control", c, false);
  const grossEffect = a.before - a.after;
  const totalNetEffect =
    c.before > 0
      ? a.before * (c.after / c.before) - a.after + (b.before * (c.after / c.before) - b.after)
      : null;
  if (c.before === 0 || c.after === 0) {
    const reason = "the control area has no events in one period, so nothing can be measured against it";
    return {
      grossEffect,
      netEffect: null,
      successMeasure: null,
      bufferMeasure: null,
      wdq: null,
      reading: null,
      totalNetEffect,
      reason,
    };
  }
  const successMeasure = a.after / c.after - a.before / c.before;
  const bufferMeasure = b.after / c.after - b.before / c.before;
  const netEffect = a.before / c.before - a.after / c.after;
  const base = { grossEffect, netEffect, successMeasure, bufferMeasure, totalNetEffect };
  if (successMeasure === 0) {
    const reason =
      "the target changed exactly as the control did (success measure 0): the quotient is undefined";
    return { ...base, wdq: null, reading: null, reason };
  }
  const wdq = bufferMeasure / successMeasure + 0; // + 0 turns -0 into 0
  if (successMeasure > 0) {
    const reason =
      "the target did not improve relative to the control (success measure > 0): there is no benefit to displace";
    return { ...base, wdq, reading: null, reason };
  }
  return { ...base, wdq, reading: wdqReading(wdq), reason: null };
}

// --- Weighted Displacement Difference (Wheeler & Ratcliffe 2018; R ptools::wdd).

export interface WddInput {
  treated: BeforeAfter;
  /** Control for the treated area. */
  control: BeforeAfter;
  /** The displacement (buffer) area; give it with `displacementControl`, or neither. */
  displacement?: BeforeAfter;
  displacementControl?: BeforeAfter;
}

export interface WddOptions {
  /** ptools `time_weights`: the lengths of the before and after periods (counts are divided by them). */
  timeWeights?: readonly [before: number, after: number];
  /** ptools `area_weights`, e.g. the areas' sizes (counts are divided by them). Default all 1. */
  areaWeights?: { control?: number; treated?: number; displacementControl?: number; displacement?: number };
  /** Two-sided level of the confidence interval; ptools' default 0.1 gives a 90% interval. */
  alpha?: number;
}

export interface WddResult {
  /** (T_after - T_before) - (C_after - C_before): negative is a fall in the treated area. */
  estLocal: number;
  seLocal: number;
  /** The same difference for the displacement area against its control (0 without one). */
  estDisplacement: number;
  seDisplacement: number;
  /** estLocal + estDisplacement: the WDD. */
  estTotal: number;
  seTotal: number;
  /** estTotal / seTotal; null when every count is 0 (no variance). */
  z: number | null;
  /** Two-sided p-value 2 P(Z > |z|) (not printed by ptools; added so the result reads as a test). */
  pValue: number | null;
  /** estTotal -/+ qnorm(1 - alpha/2) seTotal; null with z. */
  lowCi: number | null;
  highCi: number | null;
  reason: string | null;
}

/**
 * Wheeler & Ratcliffe's (2018) WDD, exactly as R `ptools::wdd`. Each count is taken as Poisson, so its
 * variance is the count itself (divided by its weight squared), and the differences of differences have a
 * standard error: their published example, treated 207 -> 110, control 308 -> 318, displacement 178 -> 157,
 * its control 150 -> 140, gives WDD = -118 (local -107, displacement -11), SE = sqrt(1568), Z = -2.98.
 */
export function wdd(input: WddInput, opts: WddOptions = {}): WddResult {
  const { treated, control } = input;
  if ((input.displacement === undefined) !== (input.displacementControl === undefined)) {
    throw new AppError("invalid-argument", "give both the displacement area and its control, or neither");
  }
  const disp = input.displacement ?? { before: 0, after: 0 };
  const dispControl = input.displacementControl ?? { before: 0, after: 0 };
  assertCounts("treated", treated, true);
  assertCounts("control", control, true);
  assertCounts("displacement", disp, true);
  assertCounts("displacementControl", dispControl, true);
  const [tPre, tPost] = opts.timeWeights ?? [1, 1];
  const aw = opts.areaWeights ?? {};
  const alpha = opts.alpha ?? 0.1;
  if (!(alpha > 0 && alpha < 1))
    throw new AppError("invalid-argument", `alpha must be in (0, 1), got ${alpha}`);
  const weights = [
    tPre,
    tPost,
    aw.control ?? 1,
    aw.treated ?? 1,
    aw.displacementControl ?? 1,
    aw.displacement ?? 1,
  ];
  if (!weights.every((w) => Number.isFinite(w) && w > 0)) {
    throw new AppError("invalid-argument", "time and area weights must be positive numbers");
  }
  // One area's change, after - before, with each count divided by its weight, and that change's variance.
  const change = (c: BeforeAfter, area: number) => ({
    est: c.after / (tPost * area) - c.before / (tPre * area),
    v: c.after * (1 / (tPost * area)) ** 2 + c.before * (1 / (tPre * area)) ** 2,
  });
  const t = change(treated, aw.treated ?? 1);
  const c = change(control, aw.control ?? 1);
  const d = change(disp, aw.displacement ?? 1);
  const dc = change(dispControl, aw.displacementControl ?? 1);
  const estLocal = t.est - c.est;
  const estDisplacement = d.est - dc.est;
  const estTotal = estLocal + estDisplacement;
  const varTotal = t.v + c.v + d.v + dc.v;
  const seTotal = Math.sqrt(varTotal);
  const base = {
    estLocal,
    seLocal: Math.sqrt(t.v + c.v),
    estDisplacement,
    seDisplacement: Math.sqrt(d.v + dc.v),
    estTotal,
    seTotal,
  };
  if (varTotal === 0) {
    return { ...base, z: null, pValue: null, lowCi: null, highCi: null, reason: "no events in any area" };
  }
  const z = estTotal / seTotal;
  const level = normalQuantile(1 - alpha / 2);
  return {
    ...base,
    z,
    pValue: Math.min(1, 2 * normalTails(-Math.abs(z)).lower),
    lowCi: estTotal - level * seTotal,
    highCi: estTotal + level * seTotal,
    reason: null,
  };
}
