/**
 * Moran's I, global and local (LISA), computed as PySAL esda's `Moran` and `Moran_Local` do, because esda is
 * the reference the partnership's analysts cross-check against (and its test data, St Louis homicide rates
 * with `stl.gal`, gives I = 0.24365582621771659). Formulas: Cliff & Ord (1981) for the moments, Anselin
 * (1995) for the local statistic and its conditional randomisation. Permutation draws come from the
 * project's seeded `Rng`, so pseudo p-values are reproducible from a seed but are not esda's exact draws.
 */
import { AppError } from "../domain/errors.js";
import { Rng } from "../domain/random.js";
import { normalTails } from "./normal.js";
import { rowStandardize, type Weights } from "./weights.js";

/** "R" row-standardises (esda's default transformation 'r'); "B" uses binary weights as given. */
export type MoranTransform = "R" | "B";

export interface MoranOptions {
  /** Default "R", as esda. */
  readonly transform?: MoranTransform;
  /** Random permutations for the pseudo p-value; default 999 (esda's PERMUTATIONS); 0 skips them. */
  readonly permutations?: number;
  /** Seed of the permutation stream; default 0. */
  readonly seed?: number;
  /** Two-sided analytical p-values (esda's default); false gives esda's one-sided ones. */
  readonly twoTailed?: boolean;
  /** Keep the permuted I values (for a reference-distribution plot). */
  readonly keepSimulations?: boolean;
}

/** One analytical test of I: its variance, z and p; null with a reason when undefined for the data. */
export interface MoranTest {
  readonly variance: number | null;
  readonly z: number | null;
  readonly p: number | null;
  readonly reason?: string;
}

/** The permutation test: p_sim = (m + 1) / (P + 1), m counted on the observed side as esda does. */
export interface MoranPermutationTest {
  readonly permutations: number;
  readonly seed: number;
  readonly pSim: number;
  readonly mean: number;
  /** Population standard deviation of the permuted I (numpy's std, as esda). */
  readonly sd: number;
  readonly z: number | null;
  /** One-sided normal p-value of z, as esda's p_z_sim. */
  readonly pZ: number | null;
  readonly simulations?: Float64Array;
}

export interface MoranResult {
  readonly status: "ok";
  readonly n: number;
  readonly transform: MoranTransform;
  /** Observations without neighbours: they stay in n and contribute zero lag, as in esda. */
  readonly islands: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
  readonly I: number;
  /** E[I] = -1 / (n - 1). */
  readonly expected: number;
  readonly twoTailed: boolean;
  /** Variance under the normality assumption. */
  readonly normal: MoranTest;
  /** Variance under randomisation (needs n >= 4: the formula divides by (n-1)(n-2)(n-3)). */
  readonly randomization: MoranTest;
  readonly permutation: MoranPermutationTest | null;
}

/** Valid input on which I is undefined: said explicitly rather than returned as NaN. */
export interface MoranUndefined {
  readonly status: "too-few" | "zero-variance" | "no-neighbours";
  readonly n: number;
  readonly reason: string;
}

/** Compressed rows of a weights matrix: the loops below run once per permutation, so they stay flat. */
export interface Csr {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly cols: Int32Array;
  readonly vals: Float64Array;
}

export function prepare(y: ArrayLike<number>, w: Weights, transform: MoranTransform): Csr {
  const n = w.n;
  if (y.length !== n)
    throw new AppError(
      "invalid-argument",
      `Moran's I: ${y.length} values but the weights have ${n} observations`,
    );
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(y[i]))
      throw new AppError("invalid-argument", `Moran's I: value ${i} is ${y[i]}, expected a finite number`);
  if (transform === "B" && w.transform !== "B")
    throw new AppError(
      "invalid-argument",
      "Moran's I: binary weights requested but these are row-standardised",
    );
  const ww = transform === "R" ? rowStandardize(w) : w;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + (ww.neighbors[i]?.length ?? 0);
  const cols = new Int32Array(offsets[n]!);
  const vals = new Float64Array(offsets[n]!);
  for (let i = 0; i < n; i++) {
    const js = ww.neighbors[i] ?? [];
    const vs = ww.weights[i] ?? [];
    if (vs.length !== js.length)
      throw new AppError(
        "invalid-argument",
        `Moran's I: row ${i} has ${js.length} neighbours, ${vs.length} weights`,
      );
    for (let k = 0; k < js.length; k++) {
      const j = js[k]!;
      if (!Number.isInteger(j) || j < 0 || j >= n || j === i)
        throw new AppError(
          "invalid-argument",
          `Moran's I: row ${i} names neighbour ${j}, not in 0..${n - 1} or itself`,
        );
      cols[offsets[i]! + k] = j;
      vals[offsets[i]! + k] = vs[k]!;
    }
  }
  return { n, offsets, cols, vals };
}

/** sum_i z_i * (Wz)_i: the cross-product both the global and the local statistic are built on. */
function crossProduct(m: Csr, z: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < m.n; i++) {
    let lag = 0;
    for (let k = m.offsets[i]!; k < m.offsets[i + 1]!; k++) lag += m.vals[k]! * z[m.cols[k]!]!;
    s += z[i]! * lag;
  }
  return s;
}

/** Exactly constant data: tested before centring, since the mean of equal values need not equal them. */
export function allEqual(y: ArrayLike<number>): boolean {
  for (let i = 1; i < y.length; i++) if (y[i] !== y[0]) return false;
  return true;
}

/** S0, S1, S2 of Cliff & Ord, for weights that need not be symmetric. */
function moments(m: Csr): { s0: number; s1: number; s2: number; islands: number } {
  const { n, offsets, cols, vals } = m;
  const key = new Map<number, number>();
  const rowSum = new Float64Array(n);
  const colSum = new Float64Array(n);
  let s0 = 0;
  let islands = 0;
  for (let i = 0; i < n; i++) {
    if (offsets[i] === offsets[i + 1]) islands++;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      key.set(i * n + cols[k]!, vals[k]!);
      rowSum[i] = rowSum[i]! + vals[k]!;
      colSum[cols[k]!] = colSum[cols[k]!]! + vals[k]!;
      s0 += vals[k]!;
    }
  }
  // S1 = 1/2 sum over ordered pairs of (w_ij + w_ji)^2; a pair stored one way only counts for both orders.
  let twiceS1 = 0;
  for (let i = 0; i < n; i++)
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      const back = key.get(cols[k]! * n + i);
      twiceS1 += back === undefined ? 2 * vals[k]! ** 2 : (vals[k]! + back) ** 2;
    }
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += (rowSum[i]! + colSum[i]!) ** 2;
  return { s0, s1: twiceS1 / 2, s2, islands };
}

/** Upper tail Q(x) = P(Z > x) of the standard normal, as R's pnorm(x, lower.tail = FALSE) (normal.ts). */
export function normalUpperTail(x: number): number {
  return normalTails(x).upper;
}

/** esda's analytical p: the tail beyond |z|, doubled when two-tailed. */
function analyticP(z: number, twoTailed: boolean): number {
  const p = normalUpperTail(Math.abs(z));
  return twoTailed ? Math.min(1, 2 * p) : p;
}

function test(I: number, expected: number, variance: number, twoTailed: boolean): MoranTest {
  if (!(variance > 0)) return { variance, z: null, p: null, reason: "the variance of I is not positive" };
  const z = (I - expected) / Math.sqrt(variance);
  return { variance, z, p: analyticP(z, twoTailed) };
}

/**
 * esda's fold: m = #(sim >= observed), replaced by #(sim < observed) when that is smaller, so the pseudo
 * p-value counts the side of the reference distribution the observed value lies on.
 */
export function foldedPseudoP(atLeast: number, permutations: number): number {
  const m = Math.min(atLeast, permutations - atLeast);
  return (m + 1) / (permutations + 1);
}

/** Fisher-Yates in place with the seeded generator (the permutation under the null of no pattern). */
function shuffle(a: Float64Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/**
 * Global Moran's I as esda `Moran(y, w, transformation, permutations, two_tailed)`: I = n/S0 * z'Wz / z'z,
 * with the normality and randomisation variances of Cliff & Ord (1981) and a permutation pseudo p-value.
 */
export function globalMoran(
  y: ArrayLike<number>,
  w: Weights,
  options: MoranOptions = {},
): MoranResult | MoranUndefined {
  const transform = options.transform ?? "R";
  const permutations = options.permutations ?? 999;
  const seed = options.seed ?? 0;
  const twoTailed = options.twoTailed ?? true;
  if (!Number.isInteger(permutations) || permutations < 0)
    throw new AppError("invalid-argument", `permutations must be a whole number >= 0, got ${permutations}`);
  const m = prepare(y, w, transform);
  const n = m.n;
  if (n < 2) return { status: "too-few", n, reason: "Moran's I needs at least 2 observations" };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  const z = new Float64Array(n);
  let z2ss = 0;
  let z4ss = 0;
  for (let i = 0; i < n; i++) {
    z[i] = y[i]! - mean;
    z2ss += z[i]! ** 2;
    z4ss += z[i]! ** 4;
  }
  if (allEqual(y)) return { status: "zero-variance", n, reason: "all values are equal, so I is undefined" };
  const { s0, s1, s2, islands } = moments(m);
  if (!(s0 > 0)) return { status: "no-neighbours", n, reason: "no observation has a neighbour (S0 = 0)" };
  const I = ((n / s0) * crossProduct(m, z)) / z2ss;
  const expected = -1 / (n - 1);
  const n2 = n * n;
  const s02 = s0 * s0;
  const vNorm = (n2 * s1 - n * s2 + 3 * s02) / ((n - 1) * (n + 1) * s02) - expected * expected;
  let randomization: MoranTest;
  if (n < 4) {
    randomization = { variance: null, z: null, p: null, reason: "the randomisation variance needs n >= 4" };
  } else {
    const k = z4ss / n / (z2ss / n) ** 2;
    const a = n * ((n2 - 3 * n + 3) * s1 - n * s2 + 3 * s02);
    const b = k * ((n2 - n) * s1 - 2 * n * s2 + 6 * s02);
    const vRand = (a - b) / ((n - 1) * (n - 2) * (n - 3) * s02) - expected * expected;
    randomization = test(I, expected, vRand, twoTailed);
  }
  let permutation: MoranPermutationTest | null = null;
  if (permutations > 0) {
    const rng = new Rng(seed);
    const zp = Float64Array.from(z);
    const sims = new Float64Array(permutations);
    let atLeast = 0;
    let sum = 0;
    for (let p = 0; p < permutations; p++) {
      shuffle(zp, rng);
      const s = ((n / s0) * crossProduct(m, zp)) / z2ss;
      sims[p] = s;
      sum += s;
      if (s >= I) atLeast++;
    }
    const simMean = sum / permutations;
    let ss = 0;
    for (const s of sims) ss += (s - simMean) ** 2;
    const sd = Math.sqrt(ss / permutations);
    const zSim = sd > 0 ? (I - simMean) / sd : null;
    permutation = {
      permutations,
      seed,
      pSim: foldedPseudoP(atLeast, permutations),
      mean: simMean,
      sd,
      z: zSim,
      pZ: zSim === null ? null : normalUpperTail(Math.abs(zSim)),
      ...(options.keepSimulations ? { simulations: sims } : {}),
    };
  }
  return {
    status: "ok",
    n,
    transform,
    islands,
    s0,
    s1,
    s2,
    I,
    expected,
    twoTailed,
    normal: test(I, expected, vNorm, twoTailed),
    randomization,
    permutation,
  };
}

/** esda's quadrants of the Moran scatterplot: 1 HH, 2 LH, 3 LL, 4 HL (zero counts as low). */

export {
  type LisaLabel,
  type LocalMoranOptions,
  type LocalMoranResult,
  localMoran,
  type Quadrant,
} from "./moran-local.js";
