/**
 * Multiple-testing control and hot/cold classes for local statistics. A city grid has thousands of cells,
 * so some 5% "hot spots" appear by chance alone; ArcGIS's Hot Spot Analysis offers a False Discovery Rate
 * correction for this, and R's `p.adjust(method = "BH")` is the reference implementation of the
 * Benjamini-Hochberg (1995) step-up adjustment used here.
 */

/**
 * Benjamini-Hochberg adjusted p-values, as R's `p.adjust(p, method = "BH")`: p_(i) n / i, made monotone
 * from the largest p down and capped at 1. NaN entries (untested observations, e.g. islands) stay NaN and
 * do not count in n, as R's default for NA.
 */
export function bhAdjust(p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length).fill(Number.NaN);
  const idx: number[] = [];
  for (let i = 0; i < p.length; i++) if (!Number.isNaN(p[i]!)) idx.push(i);
  idx.sort((a, b) => p[b]! - p[a]!); // descending
  const n = idx.length;
  let running = 1;
  for (let r = 0; r < n; r++) {
    const i = idx[r]!;
    const rank = n - r; // 1-based rank in ascending order
    running = Math.min(running, (n / rank) * p[i]!); // R: cummin(n / i * p[o])
    out[i] = running;
  }
  return out;
}

export type HotColdClass =
  | "hot-99"
  | "hot-95"
  | "hot-90"
  | "cold-99"
  | "cold-95"
  | "cold-90"
  | "not-significant"
  | "not-tested";

/**
 * ArcGIS's Gi_Bin: +-3 / +-2 / +-1 for p <= 0.01 / 0.05 / 0.10 with the sign of z, 0 otherwise. Passing
 * BH-adjusted p-values gives ArcGIS's FDR-corrected bins: a p-value passes BH at level q exactly when its
 * adjusted value is <= q. NaN z or p gives NaN (not tested), never 0, so a map can tell the two apart.
 */
export function giBin(z: number, p: number): number {
  if (Number.isNaN(z) || Number.isNaN(p)) return Number.NaN;
  const level = p <= 0.01 ? 3 : p <= 0.05 ? 2 : p <= 0.1 ? 1 : 0;
  if (level === 0 || z === 0) return 0;
  return z > 0 ? level : -level;
}

const HOT: readonly HotColdClass[] = ["not-significant", "hot-90", "hot-95", "hot-99"];
const COLD: readonly HotColdClass[] = ["not-significant", "cold-90", "cold-95", "cold-99"];

/** Named classes of `giBin` for each observation: "hot-99" ... "cold-90", "not-significant", "not-tested". */
export function hotColdClass(z: ArrayLike<number>, pAdj: ArrayLike<number>): HotColdClass[] {
  const out: HotColdClass[] = new Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const b = giBin(z[i]!, pAdj[i]!);
    out[i] = Number.isNaN(b) ? "not-tested" : b >= 0 ? HOT[b]! : COLD[-b]!;
  }
  return out;
}
