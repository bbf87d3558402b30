/**
 * Mann-Kendall trend test (Mann 1945; Kendall 1975), the trend test of ArcGIS's Emerging Hot Spot Analysis
 * and of R's `Kendall::MannKendall` (used by sfdep's `emerging_hotspot_analysis`). Implemented as Kendall's
 * tau between time and the series: S = sum_{i<j} sign(x_j - x_i); Var(S) = [n(n-1)(2n+5) -
 * sum_t t(t-1)(2t+5)] / 18 over groups of t tied values; z = (S - sign(S)) / sqrt(Var(S)) (continuity
 * correction); two-sided p = 2 P(Z > |z|); tau-b = S / sqrt(n0 (n0 - n1)), n0 = n(n-1)/2, n1 = sum t(t-1)/2.
 * These equal R's `cor.test(seq_along(x), x, method = "kendall", exact = FALSE, continuity = TRUE)`, the
 * reference the tests use (the Kendall package is not packaged for Debian).
 */
import { normalTails } from "./normal.js";

export interface MannKendallResult {
  /** "too-few-values": fewer than 3 finite values; "no-variation": all values tied (Var(S) = 0). */
  readonly status: "ok" | "too-few-values" | "no-variation";
  /** Number of finite values used (NaN entries, e.g. undefined Gi* steps, are skipped). */
  readonly n: number;
  readonly S: number;
  readonly varS: number;
  readonly z: number;
  readonly p: number;
  readonly tau: number;
}

export function mannKendall(series: ArrayLike<number>): MannKendallResult {
  const x: number[] = [];
  for (let i = 0; i < series.length; i++) if (Number.isFinite(series[i]!)) x.push(series[i]!);
  const n = x.length;
  const none = { n, S: 0, varS: 0, z: Number.NaN, p: Number.NaN, tau: Number.NaN };
  if (n < 3) return { status: "too-few-values", ...none };
  let S = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i]!;
    for (let j = i + 1; j < n; j++) S += Math.sign(x[j]! - xi);
  }
  const sorted = [...x].sort((a, b) => a - b);
  let tieTerm = 0;
  let tiePairs = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    const t = j - i;
    tieTerm += t * (t - 1) * (2 * t + 5);
    tiePairs += (t * (t - 1)) / 2;
    i = j;
  }
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const n0 = (n * (n - 1)) / 2;
  if (!(varS > 0)) return { status: "no-variation", ...none, S, varS };
  const z = (S - Math.sign(S)) / Math.sqrt(varS);
  const p = Math.min(1, 2 * normalTails(Math.abs(z)).upper);
  const tau = S / Math.sqrt(n0 * (n0 - tiePairs));
  return { status: "ok", n, S, varS, z, p, tau };
}
