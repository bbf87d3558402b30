/**
 * CompStat arithmetic (domain.md, "Change" and "Rates and shares"): percent change, rates per 100,000,
 * the Poisson z-score of Wheeler (2016) and the exact tests of R's `binom.test` / `poisson.test`.
 *
 * The acceptance test reproduces the seed's published tables to the digit, so rounding is done on exact
 * integer ratios (BigInt) rather than on floating-point quotients: 40 -> 39 is exactly -2.5%, which a
 * float may hold as -2.4999... and round the wrong way. The p-values follow R's own algorithms so that a
 * figure printed here is the figure an analyst gets from R.
 */

/** Counts are whole, non-negative numbers; anything else is a caller bug, not data. */
function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative whole number, got ${value}`);
  }
}

/** Round num/den (den > 0) to the nearest integer, halves away from zero, exactly. */
function roundRatioHalfAway(num: bigint, den: bigint): bigint {
  const negative = num < 0n;
  const abs = negative ? -num : num;
  let q = abs / den;
  if (2n * (abs % den) >= den) q += 1n;
  return negative ? -q : q;
}

/**
 * Percent change of `current` against the base `baseSum / baseYears` (a count when baseYears = 1, an
 * N-year mean otherwise), as a whole number rounded half away from zero: 100 (current*Y - S) / S, exactly.
 * Null when the base is 0 (there is no percent of nothing; see {@link changeLabel}). Never -0.
 */
export function percentChange(current: number, baseSum: number, baseYears = 1): number | null {
  assertCount("current", current);
  assertCount("baseSum", baseSum);
  if (!Number.isSafeInteger(baseYears) || baseYears < 1) {
    throw new RangeError(`baseYears must be a whole number >= 1, got ${baseYears}`);
  }
  if (baseSum === 0) return null;
  const s = BigInt(baseSum);
  return Number(roundRatioHalfAway(100n * (BigInt(current) * BigInt(baseYears) - s), s));
}

/**
 * The change cell as the seed's tables print it: "6%", "-12%", "0%" (no plus sign), "new" when the base
 * is 0 and something happened, and blank when both are 0.
 */
export function changeLabel(current: number, baseSum: number, baseYears = 1): string {
  const pct = percentChange(current, baseSum, baseYears);
  if (pct === null) return current === 0 ? "" : "new";
  return `${pct}%`;
}

/**
 * Poisson z-score 2(sqrt(current) - sqrt(base)) of Wheeler (2016), "Tables and graphs for monitoring
 * temporal crime trends": the square root stabilises a Poisson count's variance (to about 1/4), so the
 * difference reads as a z-score even for small counts where a percent change misleads. `base` may be a
 * multi-year mean.
 */
export function poissonZ(current: number, base: number): number {
  return 2 * (Math.sqrt(current) - Math.sqrt(base));
}

export type Significance = "notable" | "elevated" | "none";

/** Wheeler's (2016) reading of the Poisson z-score: |z| >= 3 notable, |z| >= 2 elevated. */
export function significance(z: number): Significance {
  const a = Math.abs(z);
  if (a >= 3) return "notable";
  if (a >= 2) return "elevated";
  return "none";
}

// --- dbinom as R computes it: Catherine Loader (2000), "Fast and accurate computation of binomial
// probabilities" (R's nmath dbinom.c, stirlerr.c, bd0.c). The saddle-point form keeps full relative
// accuracy in the tails, where n! / (x! (n-x)!) p^x q^(n-x) would overflow or cancel.

const LN_2PI = 1.8378770664093456;

/** stirlerr(n) = log(n!) - log(sqrt(2 pi n) (n/e)^n), exact for n = 0..15 (R's sferr_halves at integers). */
const STIRLERR_INT: readonly number[] = [
  0.0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093,
  0.016644691189821193, 0.013876128823070748, 0.01189670994589177, 0.010411265261972096, 0.009255462182712733,
  0.00833056343336287, 0.007573675487951841, 0.00694284010720953, 0.006408994188004207, 0.0059513701127588475,
  0.005554733551962801,
];
const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

/** Stirling-series error term for a whole n, with R's cut-offs for the number of series terms. */
function stirlerr(n: number): number {
  const table = STIRLERR_INT[n];
  if (table !== undefined) return table;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** Deviance term bd0(x, np) = x log(x/np) + np - x, by a Taylor series when x is close to np. */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < Number.MIN_VALUE) return s;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  return x * Math.log(x / np) + np - x;
}

/** Binomial probability P(X = x), X ~ Bin(n, p), as R's dbinom_raw (x, n whole, 0 <= x <= n). */
function dbinom(x: number, n: number, p: number): number {
  const q = 1 - p;
  if (p === 0) return x === 0 ? 1 : 0;
  if (q === 0) return x === n ? 1 : 0;
  if (x === 0) {
    if (n === 0) return 1;
    return Math.exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q));
  }
  if (x === n) return Math.exp(q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p));
  if (x < 0 || x > n) return 0;
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(lc - 0.5 * lf);
}

/**
 * Sum of dbinom(i, n, p) over a tail that runs away from the mode, from `start` (the term nearest the mode)
 * one step at a time in direction `dir` up to `end` inclusive. Terms shrink at least geometrically there,
 * so the sum stops once a term can no longer change it: a citywide count of 100,000 needs a few thousand
 * terms instead of 100,000, with the same result as the full sum.
 */
function tailSum(start: number, end: number, dir: 1 | -1, n: number, p: number): number {
  let s = 0;
  for (let i = start; dir === 1 ? i <= end : i >= end; i += dir) {
    const t = dbinom(i, n, p);
    s += t;
    if (t === 0 || t < s * 1e-20) break;
  }
  return s;
}

/** Smallest i in [lo, hi] with pred(i) true, for a predicate false...false true...true; hi + 1 when none. */
function firstTrue(lo: number, hi: number, pred: (i: number) => boolean): number {
  let a = lo;
  let b = hi + 1;
  while (a < b) {
    const mid = Math.floor((a + b) / 2);
    if (pred(mid)) b = mid;
    else a = mid + 1;
  }
  return a;
}

/**
 * Two-sided exact binomial test p-value, exactly as R's `binom.test(x, n, p)$p.value`: the probability of
 * every outcome no more likely than the one observed (with R's relative tolerance 1 + 1e-7 for ties),
 * capped at 1. R counts the opposite tail's qualifying outcomes one by one; dbinom is unimodal and that
 * tail lies on one side of the mode (mode <= ceil(np), floor(np) <= mode), so a binary search finds the
 * same count. R uses pbeta for the tails; summing Loader's dbinom terms agrees to ~1e-13 relative.
 */
export function binomTestTwoSided(x: number, n: number, p: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`n must be a whole number >= 1, got ${n}`);
  if (!Number.isSafeInteger(x) || x < 0 || x > n) {
    throw new RangeError(`x must be a whole number in 0..${n}, got ${x}`);
  }
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  if (p === 0) return x === 0 ? 1 : 0;
  if (p === 1) return x === n ? 1 : 0;
  const relErr = 1 + 1e-7;
  const d = dbinom(x, n, p) * relErr;
  const m = n * p;
  if (x === m) return 1;
  let pValue: number;
  if (x < m) {
    // Upper side: dbinom is non-increasing on ceil(m)..n; qualifying outcomes are a suffix k..n.
    const k = firstTrue(Math.ceil(m), n, (i) => dbinom(i, n, p) <= d);
    pValue = tailSum(x, 0, -1, n, p) + (k <= n ? tailSum(k, n, 1, n, p) : 0);
  } else {
    // Lower side: dbinom is non-decreasing on 0..floor(m); qualifying outcomes are a prefix 0..y-1.
    const y = firstTrue(0, Math.floor(m), (i) => dbinom(i, n, p) > d);
    pValue = (y > 0 ? tailSum(y - 1, 0, -1, n, p) : 0) + tailSum(x, n, 1, n, p);
  }
  return Math.min(1, pValue);
}

export interface PoissonTestResult {
  /** Two-sided exact p-value. */
  pValue: number;
  /** This period's count over the baseline mean; null when the baseline is 0 (R reports Inf or NaN). */
  rateRatio: number | null;
}

/**
 * A count against an N-year baseline, as R's `poisson.test(c(x, baselineSum), c(1, baselineYears))`:
 * conditional on the total, x ~ Bin(x + baselineSum, 1 / (1 + baselineYears)) under equal rates, so the
 * test is `binom.test` on that. 14 this year vs 119 over 9 years: p = 0.773218000632039. With nothing in
 * either (R refuses), there is no evidence of change: p = 1.
 */
export function poissonTestBaseline(
  x: number,
  baselineSum: number,
  baselineYears: number,
): PoissonTestResult {
  assertCount("x", x);
  assertCount("baselineSum", baselineSum);
  if (!(Number.isFinite(baselineYears) && baselineYears > 0)) {
    throw new RangeError(`baselineYears must be positive, got ${baselineYears}`);
  }
  const rateRatio = baselineSum === 0 ? null : x / (baselineSum / baselineYears);
  const total = x + baselineSum;
  if (total === 0) return { pValue: 1, rateRatio };
  return { pValue: binomTestTwoSided(x, total, 1 / (1 + baselineYears)), rateRatio };
}

/**
 * Rate per 100,000 to two decimals, halves away from zero, computed on the exact ratio
 * count * 10^7 / population (so 2,419 / 594,833 is 406.67 however the float would fall). Null when there
 * is no population to divide by.
 */
export function ratePer100k(count: number, population: number): number | null {
  assertCount("count", count);
  if (population <= 0) return null;
  if (!Number.isSafeInteger(population)) {
    throw new RangeError(`population must be a whole number, got ${population}`);
  }
  return Number(roundRatioHalfAway(BigInt(count) * 10_000_000n, BigInt(population))) / 100;
}

export interface RateFlags {
  /** Population under the threshold (default 1,000): the rate swings on a handful of events. */
  smallPopulation: boolean;
  /** Count under the threshold (default 5): the rate is unreliable and may identify people. */
  smallCount: boolean;
}

/** Flags for rates to suppress or mark unreliable (domain.md: population under 1,000 or count under 5). */
export function rateFlags(
  count: number,
  population: number,
  thresholds: { minPopulation: number; minCount: number } = { minPopulation: 1000, minCount: 5 },
): RateFlags {
  return { smallPopulation: population < thresholds.minPopulation, smallCount: count < thresholds.minCount };
}
