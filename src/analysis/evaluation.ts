/**
 * Did an intervention at a place work, and is its effect holding? A before/after, target/control design
 * (the seed: focus areas chosen for a partnership, compared with the rest of the city), read three ways
 * side by side because each answers a different doubt:
 *
 * - the raw changes and their difference (what a CompStat table shows);
 * - the ratio of rate ratios with an exact conditional Poisson test, which is scale-free (a 50% drop
 *   means the same in a quiet and a busy area);
 * - the WDD of Wheeler & Ratcliffe (2018) from ./displacement.ts, which is in counts of crimes and has a
 *   standard error.
 *
 * And the seed's warning, "when you move resources elsewhere too soon, the problem re-emerges", as a check
 * on a focus area's series after the intervention ends ({@link reemergenceCheck}).
 */
import { binomTestTwoSided, percentChange } from "../compstat/stats.js";
import { AppError } from "../domain/errors.js";
import {
  type BeforeAfter,
  normalQuantile,
  normalTails,
  type WddInput,
  type WddOptions,
  type WddResult,
  wdd,
} from "./displacement.js";

function assertWhole(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new AppError("invalid-argument", `${name} must be a non-negative whole number, got ${v}`);
  }
}

/**
 * Exact two-sided test of equal rates for x1 events in n1 periods against x2 in n2, as R's
 * `poisson.test(c(x1, x2), c(n1, n2))`: given the total, x1 ~ Bin(x1 + x2, n1 / (n1 + n2)) when the
 * rates are equal. With no events at all there is no evidence of a difference: p = 1.
 */
export function poissonRateTest(x1: number, n1: number, x2: number, n2: number): number {
  assertWhole("x1", x1);
  assertWhole("x2", x2);
  if (!(n1 > 0 && n2 > 0 && Number.isFinite(n1) && Number.isFinite(n2))) {
    throw new AppError("invalid-argument", `exposures must be positive, got ${n1} and ${n2}`);
  }
  if (x1 + x2 === 0) return 1;
  return binomTestTwoSided(x1, x1 + x2, n1 / (n1 + n2));
}

export interface RatioOfRateRatios {
  /** A_after / A_before (null when A_before is 0). */
  targetRatio: number | null;
  /** C_after / C_before (null when C_before is 0). */
  controlRatio: number | null;
  /** (A_after / A_before) / (C_after / C_before): below 1, the target fell relative to control. */
  ratio: number | null;
  /** Exact conditional test (see {@link ratioOfRateRatios}); null with `exactReason` when undefined. */
  exactPValue: number | null;
  exactReason: string | null;
  /** Wald test and interval on log(ratio), SE sqrt(1/A_b + 1/A_a + 1/C_b + 1/C_a); null if a count is 0. */
  wald: { logRatio: number; se: number; z: number; pValue: number; lowCi: number; highCi: number } | null;
}

/**
 * The ratio of rate ratios of target A and control C, before and after.
 *
 * Exact test, derived: take A_b ~ Pois(a t_b), A_a ~ Pois(a theta_A t_a), and likewise for C with
 * theta_C; H0 is equal change, theta_A = theta_C = theta. Given A's total n = A_b + A_a,
 * A_a | n ~ Bin(n, pi) with pi = theta t_a / (t_b + theta t_a). Estimating theta by the control's own
 * change, theta = (C_a / t_a) / (C_b / t_b), the period lengths cancel: pi = C_a / (C_b + C_a). So the
 * lengths of the before and after periods need not be given (they must be the same for target and
 * control, as in any before/after comparison). The test is then R's
 * `poisson.test(c(A_after, A_before), c(C_after, C_before))`, with the control's counts as the exposures,
 * and its estimate is this ratio. It treats the control's change as known, so it overstates significance
 * when the control's counts are small; the Wald interval beside it counts the variance of all four counts
 * (and the WDD's standard error does too). Defined only when C_b, C_a and n are all above 0.
 */
export function ratioOfRateRatios(
  target: BeforeAfter,
  control: BeforeAfter,
  opts: { alpha?: number } = {},
): RatioOfRateRatios {
  const { before: ab, after: aa } = target;
  const { before: cb, after: ca } = control;
  for (const [k, v] of Object.entries({ ab, aa, cb, ca })) assertWhole(k, v);
  const alpha = opts.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1))
    throw new AppError("invalid-argument", `alpha must be in (0, 1), got ${alpha}`);
  const targetRatio = ab > 0 ? aa / ab : null;
  const controlRatio = cb > 0 ? ca / cb : null;
  const ratio = ab > 0 && ca > 0 && cb > 0 ? aa / ca / (ab / cb) : null;
  let exactPValue: number | null = null;
  let exactReason: string | null = null;
  if (cb === 0 || ca === 0) exactReason = "the control has no events in one period, so its change is unknown";
  else if (aa + ab === 0) exactReason = "the target has no events in either period";
  else exactPValue = binomTestTwoSided(aa, aa + ab, ca / (ca + cb));
  let wald: RatioOfRateRatios["wald"] = null;
  if (aa > 0 && ab > 0 && ca > 0 && cb > 0) {
    const logRatio = Math.log(aa) - Math.log(ab) - (Math.log(ca) - Math.log(cb));
    const se = Math.sqrt(1 / aa + 1 / ab + 1 / ca + 1 / cb);
    const z = logRatio / se;
    const level = normalQuantile(1 - alpha / 2);
    wald = {
      logRatio,
      se,
      z,
      pValue: Math.min(1, 2 * normalTails(-Math.abs(z)).lower),
      lowCi: Math.exp(logRatio - level * se),
      highCi: Math.exp(logRatio + level * se),
    };
  }
  return { targetRatio, controlRatio, ratio, exactPValue, exactReason, wald };
}

export interface AreaChange {
  before: number;
  after: number;
  /** after - before. */
  change: number;
  /** Whole percent as the CompStat tables show it (domain.md, "Change"); null for a zero base. */
  percentChange: number | null;
}

export interface InterventionEvaluation {
  target: AreaChange;
  control: AreaChange;
  /** (A_after - A_before) - (C_after - C_before): the WDD's local estimate, in crimes. */
  differenceInDifferences: number;
  rateRatios: RatioOfRateRatios;
  /** With the displacement area and its control when given. */
  wdd: WddResult;
}

function areaChange(c: BeforeAfter): AreaChange {
  return { ...c, change: c.after - c.before, percentChange: percentChange(c.after, c.before) };
}

/**
 * Target against control, before and after: the changes, the ratio of rate ratios with its tests
 * (two-sided at `alpha`, default 0.05) and the WDD (ptools' default alpha 0.1 unless `opts.alpha` says).
 */
export function evaluateIntervention(input: WddInput, opts: WddOptions = {}): InterventionEvaluation {
  const result = wdd(input, opts);
  return {
    target: areaChange(input.treated),
    control: areaChange(input.control),
    differenceInDifferences:
      input.treated.after - input.treated.before - (input.control.after - input.control.before),
    rateRatios: ratioOfRateRatios(
      input.treated,
      input.control,
      opts.alpha === undefined ? {} : { alpha: opts.alpha },
    ),
    wdd: result,
  };
}

export type ReemergenceStatus =
  | "re-emerged"
  | "rebounding"
  | "sustained"
  | "no-reduction"
  | "insufficient-data";

export interface ReemergenceOptions {
  /** Index of the first period of the intervention; periods before it are the pre-intervention level. */
  interventionStart: number;
  /** How many periods after the end to look at (default 3, fewer if the series is shorter). */
  postPeriods?: number;
  /** Use only the last this many periods before the start as the pre level (default all). */
  prePeriods?: number;
  /** Significance level of the exact tests (default 0.05). */
  alpha?: number;
}

export interface WindowLevel {
  from: number;
  /** Exclusive. */
  to: number;
  total: number;
  /** Mean count per period. */
  mean: number;
}

export interface ReemergenceResult {
  status: ReemergenceStatus;
  /** True for "re-emerged" and "rebounding": the partnership should look again before moving on. */
  flag: boolean;
  pre: WindowLevel | null;
  during: WindowLevel | null;
  post: WindowLevel | null;
  /** Exact two-sided p-values (R's poisson.test on the window totals and lengths). */
  pDuringVsPre: number | null;
  pPostVsDuring: number | null;
  pPostVsPre: number | null;
  reason: string;
}

function windowLevel(series: readonly number[], from: number, to: number): WindowLevel {
  let total = 0;
  for (let i = from; i < to; i++) total += series[i]!;
  return { from, to, total, mean: total / (to - from) };
}

/**
 * The seed's warning, as a rule on a focus area's counts per period (e.g. months). The intervention ran
 * over periods [interventionStart, interventionEnd); "post" is the first `postPeriods` from
 * interventionEnd. Windows are compared by their mean count per period with the exact conditional
 * Poisson test (R's `poisson.test(c(x1, x2), c(n1, n2))`, two-sided, level alpha):
 *
 * 1. "no-reduction": the during mean is not significantly below the pre mean, so there is no gain that
 *    could be lost (or too little data to see one).
 * 2. "re-emerged": the post mean is back at the pre level: at or above the pre mean, or above the during
 *    mean and no longer significantly below the pre mean. This is the exact-test form of "the post mean
 *    exceeds the lower bound of the pre-intervention level".
 * 3. "rebounding": still significantly below the pre level, but significantly above the during level.
 * 4. "sustained": otherwise.
 *
 * Small counts give wide tests: with few events a rise reads "re-emerged" as soon as it cannot be told
 * from the old level, which is the cautious answer for deciding whether to pull resources.
 */
export function reemergenceCheck(
  series: readonly number[],
  interventionEnd: number,
  opts: ReemergenceOptions,
): ReemergenceResult {
  for (const [i, v] of series.entries()) assertWhole(`series[${i}]`, v);
  const start = opts.interventionStart;
  const alpha = opts.alpha ?? 0.05;
  const k = opts.postPeriods ?? 3;
  if (
    !Number.isSafeInteger(start) ||
    !Number.isSafeInteger(interventionEnd) ||
    start < 0 ||
    interventionEnd < start
  ) {
    throw new AppError(
      "invalid-argument",
      `need 0 <= interventionStart <= interventionEnd, got ${start}, ${interventionEnd}`,
    );
  }
  if (interventionEnd > series.length) {
    throw new AppError(
      "invalid-argument",
      `interventionEnd ${interventionEnd} is past the series (${series.length})`,
    );
  }
  if (!Number.isSafeInteger(k) || k < 1)
    throw new AppError("invalid-argument", `postPeriods must be >= 1, got ${k}`);
  if (!(alpha > 0 && alpha < 1))
    throw new AppError("invalid-argument", `alpha must be in (0, 1), got ${alpha}`);
  if (opts.prePeriods !== undefined && !(Number.isSafeInteger(opts.prePeriods) && opts.prePeriods >= 1)) {
    throw new AppError("invalid-argument", `prePeriods must be >= 1, got ${opts.prePeriods}`);
  }
  const preFrom = opts.prePeriods === undefined ? 0 : Math.max(0, start - opts.prePeriods);
  const pre = start > preFrom ? windowLevel(series, preFrom, start) : null;
  const during = interventionEnd > start ? windowLevel(series, start, interventionEnd) : null;
  const postTo = Math.min(series.length, interventionEnd + k);
  const post = postTo > interventionEnd ? windowLevel(series, interventionEnd, postTo) : null;
  const none = { pDuringVsPre: null, pPostVsDuring: null, pPostVsPre: null };
  if (pre === null || during === null || post === null) {
    const missing =
      pre === null ? "before the intervention" : during === null ? "during it" : "after it ended";
    return {
      status: "insufficient-data",
      flag: false,
      pre,
      during,
      post,
      ...none,
      reason: `no periods ${missing}`,
    };
  }
  const test = (a: WindowLevel, b: WindowLevel) =>
    poissonRateTest(a.total, a.to - a.from, b.total, b.to - b.from);
  const pDuringVsPre = test(during, pre);
  const pPostVsDuring = test(post, during);
  const pPostVsPre = test(post, pre);
  const ps = { pDuringVsPre, pPostVsDuring, pPostVsPre };
  const out = (status: ReemergenceStatus, reason: string): ReemergenceResult => ({
    status,
    flag: status === "re-emerged" || status === "rebounding",
    pre,
    during,
    post,
    ...ps,
    reason,
  });
  if (!(during.mean < pre.mean && pDuringVsPre < alpha)) {
    return out(
      "no-reduction",
      "the intervention period was not significantly below the pre-intervention level",
    );
  }
  if (post.mean >= pre.mean || (post.mean > during.mean && pPostVsPre >= alpha)) {
    return out("re-emerged", "counts after the end are back at the pre-intervention level");
  }
  if (post.mean > during.mean && pPostVsDuring < alpha) {
    return out("rebounding", "counts after the end are significantly above the intervention level");
  }
  return out("sustained", "counts after the end stay below the pre level and have not risen significantly");
}
