/**
 * Local Moran's I (LISA, Anselin 1995) as PySAL esda `Moran_Local` computes it: I_i, the quadrant of each
 * observation and conditional permutation pseudo p-values. Split from moran.ts, which holds the global
 * statistic and the pieces both share.
 */
import { AppError } from "../domain/errors.js";
import { Rng } from "../domain/random.js";
import { allEqual, foldedPseudoP, type MoranTransform, type MoranUndefined, prepare } from "./moran.js";
import type { Weights } from "./weights.js";
export type Quadrant = 1 | 2 | 3 | 4;
/** A LISA map class: the quadrant when significant, "ns" otherwise, "island" without neighbours. */
export type LisaLabel = "HH" | "LH" | "LL" | "HL" | "ns" | "island";
const QUADRANT_LABEL = ["ns", "HH", "LH", "LL", "HL"] as const;

export interface LocalMoranOptions {
  readonly transform?: MoranTransform;
  /** Conditional permutations per observation; default 999; 0 skips inference (nothing is significant). */
  readonly permutations?: number;
  readonly seed?: number;
  /** Significance when p_sim < alpha (default 0.05), the rule of esda/splot's cluster maps. */
  readonly alpha?: number;
}

export interface LocalMoranResult {
  readonly status: "ok";
  readonly n: number;
  readonly transform: MoranTransform;
  readonly permutations: number;
  readonly seed: number;
  readonly alpha: number;
  /** Values standardised as esda does: (y - mean) / population sd. */
  readonly z: Float64Array;
  /** Spatial lag of z. */
  readonly lag: Float64Array;
  /** I_i = (n - 1) z_i lag_i / sum(z^2). */
  readonly ii: Float64Array;
  readonly quadrant: Uint8Array;
  /** Conditional-permutation pseudo p-values; NaN for islands and when permutations = 0. */
  readonly pSim: Float64Array;
  readonly labels: readonly LisaLabel[];
  /** Indices of observations without neighbours: no local test exists for them. */
  readonly islands: readonly number[];
}

/**
 * Local Moran's I (LISA) as esda `Moran_Local(y, w, transformation, permutations)`, with esda's conditional
 * randomisation (Anselin 1995): for each i, y_i stays put and k_i values drawn without replacement from the
 * other n - 1 fill i's neighbour slots. Islands get I_i = 0 and a quadrant as in esda, but no p-value: esda
 * would report p = 1/(P+1) for them (every permuted value ties the observed 0), which is not evidence.
 */
export function localMoran(
  y: ArrayLike<number>,
  w: Weights,
  options: LocalMoranOptions = {},
): LocalMoranResult | MoranUndefined {
  const transform = options.transform ?? "R";
  const permutations = options.permutations ?? 999;
  const seed = options.seed ?? 0;
  const alpha = options.alpha ?? 0.05;
  if (!Number.isInteger(permutations) || permutations < 0)
    throw new AppError("invalid-argument", `permutations must be a whole number >= 0, got ${permutations}`);
  if (!(alpha > 0 && alpha < 1))
    throw new AppError("invalid-argument", `alpha must be in (0, 1), got ${alpha}`);
  const m = prepare(y, w, transform);
  const n = m.n;
  if (n < 2) return { status: "too-few", n, reason: "local Moran needs at least 2 observations" };
  if (allEqual(y))
    return { status: "zero-variance", n, reason: "all values are equal, so every I_i is undefined" };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (y[i]! - mean) ** 2;
  const sd = Math.sqrt(ss / n);
  const z = new Float64Array(n);
  let den = 0;
  for (let i = 0; i < n; i++) {
    z[i] = (y[i]! - mean) / sd;
    den += z[i]! ** 2;
  }
  const scale = (n - 1) / den;
  const { offsets, cols, vals } = m;
  const lag = new Float64Array(n);
  const ii = new Float64Array(n);
  const quadrant = new Uint8Array(n);
  const islands: number[] = [];
  for (let i = 0; i < n; i++) {
    let l = 0;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) l += vals[k]! * z[cols[k]!]!;
    lag[i] = l;
    ii[i] = scale * z[i]! * l;
    const high = z[i]! > 0;
    quadrant[i] = l > 0 ? (high ? 1 : 2) : high ? 4 : 3;
    if (offsets[i] === offsets[i + 1]) islands.push(i);
  }
  const pSim = new Float64Array(n).fill(Number.NaN);
  if (permutations > 0) {
    const rng = new Rng(seed);
    // pool holds 0..n-2, a stand-in for "every index but i" (index >= i maps to index + 1); a partial
    // Fisher-Yates over it from any arrangement draws a uniform ordered sample, so it is never reset.
    const pool = new Int32Array(n - 1);
    for (let t = 0; t < n - 1; t++) pool[t] = t;
    for (let i = 0; i < n; i++) {
      const start = offsets[i]!;
      const k = offsets[i + 1]! - start;
      if (k === 0) continue;
      let atLeast = 0;
      for (let p = 0; p < permutations; p++) {
        let acc = 0;
        for (let t = 0; t < k; t++) {
          const r = t + rng.int(n - 1 - t);
          const v = pool[r]!;
          pool[r] = pool[t]!;
          pool[t] = v;
          acc += vals[start + t]! * z[v >= i ? v + 1 : v]!;
        }
        if (scale * z[i]! * acc >= ii[i]!) atLeast++;
      }
      pSim[i] = foldedPseudoP(atLeast, permutations);
    }
  }
  const labels: LisaLabel[] = [];
  for (let i = 0; i < n; i++) {
    if (offsets[i] === offsets[i + 1]) labels.push("island");
    else labels.push(pSim[i]! < alpha ? QUADRANT_LABEL[quadrant[i]!]! : "ns");
  }
  return {
    status: "ok",
    n,
    transform,
    permutations,
    seed,
    alpha,
    z,
    lag,
    ii,
    quadrant,
    pSim,
    labels,
    islands,
  };
}
