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

// --- The normal distribution as R computes it, for the WDD's p-value and confidence interval.

const A = [2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356];
const A4 = 0.06568233791820745;
const B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978,
];
const C8 = 1.0765576773720192e-8;
const D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
const P = [0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934];
const P4 = 0.000029112874951168793;
const P5 = 0.023073441764940174;
const Q = [1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824];
const Q4 = 0.00007297515550839662;

/**
 * Lower and upper tail of the standard normal, as R's `pnorm` (Cody 1969, R's nmath pnorm.c). Both tails
 * are computed directly, so the upper tail of z = 8 is 6.2e-16 rather than 1 - 0.9999999999999993.
 */
export function normalTails(z: number): { lower: number; upper: number } {
  if (Number.isNaN(z)) return { lower: Number.NaN, upper: Number.NaN };
  const y = Math.abs(z);
  if (y <= 0.67448975) {
    let num = 0;
    let den = 0;
    if (y > Number.EPSILON * 0.5) {
      const s = z * z;
      num = A4 * s;
      den = s;
      for (let i = 0; i < 3; i++) {
        num = (num + A[i]!) * s;
        den = (den + B[i]!) * s;
      }
    }
    const t = (z * (num + A[3]!)) / (den + B[3]!);
    return { lower: 0.5 + t, upper: 0.5 - t };
  }
  let small: number; // the tail on the far side of 0 from the mode, i.e. P(Z > |z|)
  if (y <= Math.sqrt(32)) {
    let num = C8 * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]!) * y;
      den = (den + D[i]!) * y;
    }
    small = tailExp(y) * ((num + C[7]!) / (den + D[7]!));
  } else if (y < 37.5193) {
    const s = 1 / (z * z);
    let num = P5 * s;
    let den = s;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]!) * s;
      den = (den + Q[i]!) * s;
    }
    const t = (s * (num + P4)) / (den + Q4);
    small = tailExp(y) * ((1 / Math.sqrt(2 * Math.PI) - t) / y);
  } else {
    small = 0;
  }
  return z > 0 ? { lower: 1 - small, upper: small } : { lower: small, upper: 1 - small };
}

/** exp(-y^2/2) split as R's do_del, so the rounding of y^2 does not cost digits in the far tail. */
function tailExp(y: number): number {
  const ys = Math.trunc(y * 16) / 16;
  const del = (y - ys) * (y + ys);
  return Math.exp(-ys * ys * 0.5) * Math.exp(-del * 0.5);
}

/** Horner's rule from the highest coefficient down: the same operations, in the same order, as AS 241. */
function poly(c: readonly number[], r: number): number {
  let v = c[0]!;
  for (let i = 1; i < c.length; i++) v = v * r + c[i]!;
  return v;
}

// AS 241 coefficients, highest power first: central region, then intermediate and far tails.
const QA = [
  2509.0809287301227, 33430.57558358813, 67265.7709270087, 45921.95393154987, 13731.69376550946,
  1971.5909503065513, 133.14166789178438, 3.3871328727963665,
];
const QB = [
  5226.495278852546, 28729.085735721943, 39307.89580009271, 21213.794301586597, 5394.196021424751,
  687.1870074920579, 42.31333070160091, 1,
];
const QC = [
  0.0007745450142783414, 0.022723844989269184, 0.2417807251774506, 1.2704582524523684, 3.6478483247632045,
  5.769497221460691, 4.630337846156546, 1.4234371107496835,
];
const QD = [
  1.0507500716444169e-9, 0.0005475938084995345, 0.015198666563616457, 0.14810397642748008, 0.6897673349851,
  1.6763848301838038, 2.053191626637759, 1,
];
const QE = [
  2.0103343992922881e-7, 0.000027115555687434876, 0.0012426609473880784, 0.026532189526576124,
  0.29656057182850487, 1.7848265399172913, 5.463784911164114, 6.657904643501103,
];
const QF = [
  2.0442631033899397e-15, 1.421511758316446e-7, 0.000018463183175100548, 0.0007868691311456133,
  0.014875361290850615, 0.1369298809227358, 0.599832206555888, 1,
];

/** Standard normal quantile, as R's `qnorm` (Wichura 1988, AS 241, PPND16), for confidence limits. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new AppError("invalid-argument", `p must be in [0, 1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(QA, r)) / poly(QB, r);
  }
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const val = r <= 5 ? poly(QC, r - 1.6) / poly(QD, r - 1.6) : poly(QE, r - 5) / poly(QF, r - 5);
  return q < 0 ? -val : val;
}

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
