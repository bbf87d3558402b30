/**
 * Getis-Ord local Gi and Gi* hot spots (Getis & Ord 1992; Ord & Getis 1995), in the two forms analysts
 * meet in practice, so PeaceStat's numbers can be checked against either tool:
 *
 * - `getisOrd` follows PySAL esda `G_Local` (esda/getisord.py, `calc`): z = (G - E[G]) / sqrt(V[G]) with
 *   E[G] = W_i / N and V[G] = W_i (N - W_i) / (N - 1) / N^2 * s^2 / xbar^2, where W_i is the row sum of the
 *   weights and N = n - 1 (Gi) or n (Gi*). That variance assumes binary weights; esda applies it to
 *   row-standardised weights too (W_i = 1), which is why its 'R' z-scores differ from ArcGIS's.
 * - `localG` follows R spdep `localG` (and ArcGIS's Hot Spot Analysis, which uses the same Ord & Getis 1995
 *   moments): V = s^2 (N S1_i - W_i^2) / (N - 1) with S1_i the sum of squared weights. These z-scores do not
 *   change when a row is rescaled, so binary and row-standardised weights give the same Gi*.
 *
 * For binary weights both forms are algebraically identical (S1_i = W_i). Gi* adds a self-weight: 1 for
 * binary weights; for row-standardised weights the row maximum, then the row is standardised again, which
 * is esda's rule and equals spdep's `include.self` + style "W" (every entry 1 / (k + 1)).
 *
 * Degenerate input is reported, not thrown: no observations (`status: "no-observations"`), all values equal
 * (`status: "no-variation"`, every z NaN), and per observation a `nullReason` where z is NaN: "island" (no
 * neighbours: esda and spdep's `include.self` score a Gi* island from its own value alone, which says nothing about its
 * neighbourhood), "no-variation" (the values the statistic compares against are all equal) or "whole-area"
 * (every other observation is a neighbour, so the statistic cannot vary).
 *
 * z is computed as (lag - W_i xbar) / sqrt(V) rather than through G = lag / sum: equal to esda's for the
 * non-negative values Gi is defined for, and still oriented (hot = positive) if a total is zero or negative.
 */
import { AppError } from "../domain/errors.js";
import { Rng } from "../domain/random.js";
import { normalTails } from "./normal.js";
import type { Weights } from "./weights.js";

/** Weights in compressed sparse rows: row i is indices/values[offsets[i] .. offsets[i + 1]). */
export interface CsrWeights {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  readonly transform: "B" | "R";
}

export interface GetisOrdOptions {
  /** Gi* (include the observation itself) rather than Gi. Default false, as esda. */
  readonly star?: boolean;
  /** Conditional permutations for `pSim` (esda's crand); 0 (default) skips them: the normal z is the answer. */
  readonly permutations?: number;
  /** Seed for the permutations (reproducible with the same seed). Default 1. */
  readonly seed?: number;
}

export type GiNullReason = "island" | "no-variation" | "whole-area";

export interface GetisOrdResult {
  readonly status: "ok" | "no-observations" | "no-variation";
  readonly variant: "esda" | "spdep";
  readonly star: boolean;
  readonly transform: "B" | "R";
  readonly n: number;
  /** G_i = sum_j w_ij y_j / sum_{j (!= i for Gi)} y_j, as esda's `Gs`. */
  readonly G: Float64Array;
  /** z-score; NaN where `nullReason[i]` says why. */
  readonly z: Float64Array;
  /** Two-sided normal p-value, 2 P(Z > |z|) (esda's `p_norm` is one-sided: half of this). */
  readonly p: Float64Array;
  /** Folded one-sided permutation p-value, (min(#sim >= obs, P - #sim >= obs) + 1) / (P + 1), as esda. */
  readonly pSim?: Float64Array;
  readonly nullReason: (GiNullReason | null)[];
}

/** Converts the shared `Weights` into CSR once, so the statistic runs over typed arrays. */
export function toCsr(w: Weights): CsrWeights {
  const offsets = new Int32Array(w.n + 1);
  for (let i = 0; i < w.n; i++) offsets[i + 1] = offsets[i]! + w.neighbors[i]!.length;
  const indices = new Int32Array(offsets[w.n]!);
  const values = new Float64Array(offsets[w.n]!);
  for (let i = 0; i < w.n; i++) {
    const js = w.neighbors[i]!;
    const ws = w.weights[i]!;
    const o = offsets[i]!;
    for (let k = 0; k < js.length; k++) {
      indices[o + k] = js[k]!;
      values[o + k] = ws[k]!;
    }
  }
  return { n: w.n, offsets, indices, values, transform: w.transform };
}

/**
 * Binary distance-band weights of a regular grid of `cols` x `rows` square cells (cell i = row * cols +
 * col, centres one cell width apart), straight into CSR: the same neighbours as `distanceBand` on the
 * cell centres with `threshold` in cell widths (0 < d <= threshold), without a spatial index, which is most
 * of the time of a city-wide Gi* map.
 */
export function gridDistanceBand(cols: number, rows: number, threshold: number): CsrWeights {
  if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 0 || rows < 0)
    throw new AppError("invalid-argument", `grid size must be whole numbers >= 0, got ${cols} x ${rows}`);
  if (!(threshold > 0) || !Number.isFinite(threshold))
    throw new AppError(
      "invalid-argument",
      `distance band threshold must be a positive number, got ${threshold}`,
    );
  const r = Math.floor(threshold);
  const t2 = threshold * threshold;
  const dx: number[] = [];
  const dy: number[] = [];
  for (let j = -r; j <= r; j++)
    for (let i = -r; i <= r; i++) {
      const d2 = i * i + j * j;
      if (d2 > 0 && d2 <= t2) {
        dx.push(i);
        dy.push(j);
      }
    }
  const n = cols * rows;
  const offsets = new Int32Array(n + 1);
  const indices = new Int32Array(n * dx.length);
  let e = 0;
  for (let y = 0; y < rows; y++)
    for (let x = 0; x < cols; x++) {
      for (let k = 0; k < dx.length; k++) {
        const xx = x + dx[k]!;
        const yy = y + dy[k]!;
        if (xx >= 0 && xx < cols && yy >= 0 && yy < rows) indices[e++] = yy * cols + xx;
      }
      offsets[y * cols + x + 1] = e;
    }
  const used = indices.slice(0, e);
  return { n, offsets, indices: used, values: new Float64Array(e).fill(1), transform: "B" };
}

/** Local G / G* as PySAL esda `G_Local(y, w, transform, star)`; see the module comment for the variance. */
export function getisOrd(
  values: ArrayLike<number>,
  w: Weights | CsrWeights,
  opts: GetisOrdOptions = {},
): GetisOrdResult {
  return localStatistic(values, w, opts, "esda");
}

/**
 * Local G / G* as R spdep `localG(x, listw)` (Gi* when `star`, i.e. `include.self(nb)`), the Ord & Getis
 * (1995) moments ArcGIS's Hot Spot Analysis also uses. Prefer this for non-binary weights.
 */
export function localG(
  values: ArrayLike<number>,
  w: Weights | CsrWeights,
  opts: GetisOrdOptions = {},
): GetisOrdResult {
  return localStatistic(values, w, opts, "spdep");
}

function localStatistic(
  values: ArrayLike<number>,
  wIn: Weights | CsrWeights,
  opts: GetisOrdOptions,
  variant: "esda" | "spdep",
): GetisOrdResult {
  const w = "offsets" in wIn ? wIn : toCsr(wIn);
  const n = values.length;
  if (w.n !== n)
    throw new AppError("invalid-argument", `weights are for ${w.n} observations but ${n} values were given`);
  const star = opts.star ?? false;
  const permutations = opts.permutations ?? 0;
  if (!Number.isInteger(permutations) || permutations < 0)
    throw new AppError("invalid-argument", `permutations must be a whole number >= 0, got ${permutations}`);
  const y = Float64Array.from(values);
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v))
      throw new AppError("invalid-argument", `value ${i} is not a finite number: ${v}`);
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const G = new Float64Array(n).fill(Number.NaN);
  const z = new Float64Array(n).fill(Number.NaN);
  const p = new Float64Array(n).fill(Number.NaN);
  const nullReason: (GiNullReason | null)[] = new Array(n).fill(null);
  const base = { variant, star, transform: w.transform, n, G, z, p, nullReason } as const;
  if (n === 0) return { status: "no-observations", ...base };

  const mean = sum / n;
  let q = 0; // centred sum of squares: stable where sum(y^2) - n mean^2 would cancel
  let nMin = 0;
  let nMax = 0;
  for (let i = 0; i < n; i++) {
    q += (y[i]! - mean) ** 2;
    if (y[i] === min) nMin++;
    if (y[i] === max) nMax++;
  }
  const rs = star ? 0 : 1;
  const N = n - rs;
  const selfW = new Float64Array(n);
  const scale = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    const o0 = w.offsets[i]!;
    const o1 = w.offsets[i + 1]!;
    if (o1 === o0) {
      nullReason[i] = "island";
      continue;
    }
    let lag = 0;
    let wi = 0;
    let s1 = 0;
    let wmax = Number.NEGATIVE_INFINITY;
    for (let k = o0; k < o1; k++) {
      const wk = w.values[k]!;
      lag += wk * y[w.indices[k]!]!;
      wi += wk;
      s1 += wk * wk;
      if (wk > wmax) wmax = wk;
    }
    if (star) {
      // self-weight 1 (binary) or the row maximum, then re-standardise (row-standardised)
      const sw = w.transform === "B" ? 1 : wmax;
      const f = w.transform === "B" ? 1 : 1 / (wi + sw);
      selfW[i] = sw * f;
      scale[i] = f;
      lag = (lag + sw * y[i]!) * f;
      wi = (wi + sw) * f;
      s1 = (s1 + sw * sw) * f * f;
    }
    const yi = y[i]!;
    const denom = sum - rs * yi;
    G[i] = lag / denom;
    // Mean and variance of the values compared against (all n for Gi*, all but i for Gi), population form.
    const d = yi - mean;
    const m = star ? mean : (sum - yi) / N;
    const othersEqual =
      min === max ||
      (!star && nMin + nMax === n && ((nMin === 1 && yi === min) || (nMax === 1 && yi === max)));
    if (othersEqual) {
      nullReason[i] = "no-variation";
      continue;
    }
    const v = star ? q / n : (q - (d * d * n) / N) / N;
    const spread = variant === "esda" ? wi * N - wi * wi : N * s1 - wi * wi;
    if (!(spread > 1e-12 * wi * wi) || N < 2) {
      nullReason[i] = "whole-area";
      continue;
    }
    z[i] = (lag - wi * m) / Math.sqrt((v * spread) / (N - 1));
    p[i] = 2 * normalTails(Math.abs(z[i]!)).upper;
  }
  const status = min === max ? "no-variation" : "ok";
  if (permutations === 0 || status !== "ok") return { status, ...base };
  const pSim = conditionalPermutation(y, w, selfW, scale, star, permutations, opts.seed ?? 1, nullReason);
  return { status, ...base, pSim };
}

/**
 * esda's conditional randomisation (Anselin 1995): for each i, y_i stays and its k_i neighbour values are
 * drawn without replacement from the other n - 1 observations, P times. Only the weighted lag changes
 * between draws (the denominator of G_i is fixed for i), so it is compared directly. One shared index array
 * with i parked at the end gives a partial Fisher-Yates draw in O(k_i) without rebuilding it per i.
 */
function conditionalPermutation(
  y: Float64Array,
  w: CsrWeights,
  selfW: Float64Array,
  scale: Float64Array,
  star: boolean,
  permutations: number,
  seed: number,
  nullReason: readonly (GiNullReason | null)[],
): Float64Array {
  const n = y.length;
  const out = new Float64Array(n).fill(Number.NaN);
  const rng = new Rng(seed, 0x6e7);
  const idx = new Int32Array(n);
  const pos = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = pos[i] = i;
  const swap = (a: number, b: number): void => {
    const ia = idx[a]!;
    const ib = idx[b]!;
    idx[a] = ib;
    idx[b] = ia;
    pos[ib] = a;
    pos[ia] = b;
  };
  for (let i = 0; i < n; i++) {
    if (nullReason[i] !== null) continue;
    const o0 = w.offsets[i]!;
    const k = w.offsets[i + 1]! - o0;
    if (k > n - 1) continue;
    const f = scale[i]!;
    const self = star ? selfW[i]! * y[i]! : 0;
    let observed = self;
    for (let t = 0; t < k; t++) observed += w.values[o0 + t]! * f * y[w.indices[o0 + t]!]!;
    swap(pos[i]!, n - 1);
    let larger = 0;
    for (let r = 0; r < permutations; r++) {
      let lag = self;
      for (let t = 0; t < k; t++) {
        swap(t, t + rng.int(n - 1 - t));
        lag += w.values[o0 + t]! * f * y[idx[t]!]!;
      }
      if (lag >= observed) larger++;
    }
    if (permutations - larger < larger) larger = permutations - larger;
    out[i] = (larger + 1) / (permutations + 1);
  }
  return out;
}
