/**
 * Emerging hot spots: how each cell's hot/cold status changes over time, after ArcGIS Pro's Emerging Hot
 * Spot Analysis ("How Emerging Hot Spot Analysis works") and R sfdep's `emerging_hotspot_analysis`. Per
 * time step, Gi* (spdep/ArcGIS moments, `localG` with `star`) over the cells; per cell, the Mann-Kendall
 * trend of its Gi* z-scores; then one of ArcGIS's 17 categories.
 *
 * Deliberate differences from ArcGIS, which a reviewer comparing maps should know:
 * - Gi* is computed within each time slice (sfdep with k = 0); ArcGIS's default neighbourhood also takes
 *   the neighbours' values from the previous time step. Slices keep each step's map equal to the plain Gi*
 *   map a partnership already looks at.
 * - Significance: a bin is a hot (cold) spot when z > 0 (z < 0) and its p-value, BH-adjusted within the
 *   step when `fdr` (default true, as ArcGIS's FDR option), is <= `alpha` (default 0.05); the trend is
 *   significant when the Mann-Kendall p <= `alpha`. Steps where Gi* is undefined (no variation that step)
 *   count as not significant and are left out of the trend test.
 *
 * Rules, with T steps, H / C the numbers of hot / cold bins, "final" the last step; the first rule that
 * holds wins, in ArcGIS's documented order (cold rules mirror the hot ones, with the trend reversed for
 * intensifying / diminishing):
 * 1. new: final is hot and it is the only hot bin (H = 1).
 * 2. consecutive: final is hot, the final uninterrupted run of hot bins has length L >= 2, there is no hot
 *    bin before it (H = L), and H < 90% of T.
 * 3. intensifying: H >= 90% of T, final hot, significant upward trend in z.
 * 4. persistent: H >= 90% of T, final hot, no significant trend.
 * 5. diminishing: H >= 90% of T, final hot, significant downward trend.
 * 6. sporadic: final hot, H < 90% of T, no cold bin ever (an on-and-off hot spot).
 * 7. oscillating: final hot, H < 90% of T, at least one cold bin.
 * 8. historical: final not hot, H >= 90% of T.
 * 9. otherwise "no-pattern".
 * ArcGIS does not say whether persistent requires the final step; requiring it keeps persistent and
 * historical disjoint (as xarray-spatial also reads it).
 */
import { AppError } from "../domain/errors.js";
import { bhAdjust } from "./fdr.js";
import { type CsrWeights, localG, toCsr } from "./getis-ord.js";
import { type MannKendallResult, mannKendall } from "./mann-kendall.js";
import type { Weights } from "./weights.js";

export type EmergingKind =
  | "new"
  | "consecutive"
  | "intensifying"
  | "persistent"
  | "diminishing"
  | "sporadic"
  | "oscillating"
  | "historical";
export type EmergingCategory = `${EmergingKind}-hot` | `${EmergingKind}-cold` | "no-pattern";

export interface EmergingHotSpotOptions {
  /** Significance level for the Gi* bins and for the trend. Default 0.05. */
  readonly alpha?: number;
  /** BH-adjust the Gi* p-values within each time step (ArcGIS's FDR correction). Default true. */
  readonly fdr?: boolean;
}

export interface EmergingHotSpotResult {
  readonly status: "ok" | "no-observations";
  readonly cells: number;
  readonly steps: number;
  /** Gi* z of cell i at step t: z[t * cells + i] (NaN where undefined). */
  readonly z: Float64Array;
  /** The p-value used for significance (BH-adjusted within the step when `fdr`), same layout as z. */
  readonly p: Float64Array;
  /** Mann-Kendall test of each cell's z series. */
  readonly trend: readonly MannKendallResult[];
  readonly category: EmergingCategory[];
  /** Why a cell could not be analysed ("island": no neighbours), else null. */
  readonly nullReason: ("island" | null)[];
}

/**
 * Emerging hot spots of a space-time series: `slices[t][i]` is the count (or value) of cell i in time step
 * t, oldest first; `w` the spatial weights of the cells (e.g. `distanceBand` on the cell centres).
 */
export function emergingHotSpots(
  slices: readonly ArrayLike<number>[],
  w: Weights | CsrWeights,
  opts: EmergingHotSpotOptions = {},
): EmergingHotSpotResult {
  const alpha = opts.alpha ?? 0.05;
  const fdr = opts.fdr ?? true;
  if (!(alpha > 0 && alpha < 1))
    throw new AppError("invalid-argument", `alpha must be in (0, 1), got ${alpha}`);
  const csr = "offsets" in w ? w : toCsr(w);
  const cells = csr.n;
  const steps = slices.length;
  slices.forEach((s, t) => {
    if (s.length !== cells)
      throw new AppError(
        "invalid-argument",
        `time step ${t} has ${s.length} values, the weights ${cells} cells`,
      );
  });
  const z = new Float64Array(cells * steps);
  const p = new Float64Array(cells * steps);
  const nullReason: ("island" | null)[] = new Array(cells).fill(null);
  for (let i = 0; i < cells; i++) if (csr.offsets[i + 1] === csr.offsets[i]) nullReason[i] = "island";
  if (cells === 0 || steps === 0)
    return { status: "no-observations", cells, steps, z, p, trend: [], category: [], nullReason };
  for (let t = 0; t < steps; t++) {
    const g = localG(slices[t]!, csr, { star: true });
    z.set(g.z, t * cells);
    p.set(fdr ? bhAdjust(g.p) : g.p, t * cells);
  }
  const trend: MannKendallResult[] = [];
  const category: EmergingCategory[] = [];
  const zs = new Float64Array(steps);
  const ps = new Float64Array(steps);
  for (let i = 0; i < cells; i++) {
    for (let t = 0; t < steps; t++) {
      zs[t] = z[t * cells + i]!;
      ps[t] = p[t * cells + i]!;
    }
    const mk = mannKendall(zs);
    trend.push(mk);
    category.push(nullReason[i] ? "no-pattern" : classifyEmerging(zs, ps, mk, alpha));
  }
  return { status: "ok", cells, steps, z, p, trend, category, nullReason };
}

/** The ArcGIS category of one cell from its Gi* z / p series and their Mann-Kendall test (rules above). */
export function classifyEmerging(
  z: ArrayLike<number>,
  p: ArrayLike<number>,
  trend: MannKendallResult,
  alpha = 0.05,
): EmergingCategory {
  const T = z.length;
  if (T === 0) return "no-pattern";
  const trendSig = trend.status === "ok" && trend.p <= alpha;
  const hot = sideOf(z, p, alpha, 1);
  const hotKind = classifySide(
    hot,
    sideOf(z, p, alpha, -1),
    trendSig && trend.S > 0,
    trendSig && trend.S < 0,
  );
  if (hotKind) return `${hotKind}-hot`;
  const coldKind = classifySide(
    sideOf(z, p, alpha, -1),
    hot,
    trendSig && trend.S < 0,
    trendSig && trend.S > 0,
  );
  return coldKind ? `${coldKind}-cold` : "no-pattern";
}

function sideOf(z: ArrayLike<number>, p: ArrayLike<number>, alpha: number, sign: 1 | -1): boolean[] {
  return Array.from({ length: z.length }, (_, t) => p[t]! <= alpha && Math.sign(z[t]!) === sign);
}

/** One side's rules: `on` are this side's significant bins, `other` the opposite side's. */
function classifySide(
  on: readonly boolean[],
  other: readonly boolean[],
  intensifying: boolean,
  diminishing: boolean,
): EmergingKind | undefined {
  const T = on.length;
  const count = on.filter(Boolean).length;
  const mostly = count >= 0.9 * T;
  const final = on[T - 1]!;
  if (!final) return mostly ? "historical" : undefined;
  if (count === 1) return "new";
  let run = 0;
  while (run < T && on[T - 1 - run]) run++;
  if (run >= 2 && count === run && !mostly) return "consecutive";
  if (mostly) return intensifying ? "intensifying" : diminishing ? "diminishing" : "persistent";
  return other.some(Boolean) ? "oscillating" : "sporadic";
}
