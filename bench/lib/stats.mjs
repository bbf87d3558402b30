/** Small statistics the benchmarks share. */

/** Median of the numbers (mean of the two middle ones for an even count); NaN for none. */
export function median(xs) {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The q-quantile (0..1) by the nearest-rank method. */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** Seconds with 3 significant figures at most 3 decimals: 0.0312, 1.23, 12.3, 319. */
export function fmtS(s) {
  if (s === null || s === undefined || Number.isNaN(s)) return "n/a";
  if (s >= 100) return s.toFixed(0);
  if (s >= 10) return s.toFixed(1);
  if (s >= 1) return s.toFixed(2);
  return s.toFixed(3);
}

/** A ratio: 2 significant decimals, more below 0.1 so that 0.004 stays readable. */
export function fmtRatio(r) {
  if (r === null || r === undefined || Number.isNaN(r)) return "n/a";
  if (r >= 10) return r.toFixed(1);
  if (r >= 0.1) return r.toFixed(2);
  return r.toPrecision(2);
}

/** `KEY=value` pairs of a `RESULT ...` line (values up to the next space, or quoted). */
export function resultFields(text, prefix = "RESULT") {
  const line = text
    .split("\n")
    .reverse()
    .find((l) => l.startsWith(prefix));
  if (!line) return null;
  const out = {};
  for (const m of line.matchAll(/([\w.[\],-]+)=("([^"]*)"|\S+)/g)) out[m[1]] = m[3] ?? m[2];
  return out;
}
