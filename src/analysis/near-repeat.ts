/**
 * The Knox space-time test as Ratcliffe's Near Repeat Calculator runs it (Ratcliffe 2009, Near Repeat
 * Calculator 1.3; Knox 1964; Johnson et al. 2007): every pair of events is counted in a space band x time
 * band table, and the counts are compared with those after Monte Carlo permutations of the event times
 * among the events, which keeps where events happen and when, and breaks only their link. Steenbeek's R
 * package `NearRepeat` does the same; its reference output on Chicago burglaries is reproduced cell for
 * cell (docs/near-repeat.md says how the calculator's band labels map to distances and day differences).
 *
 * Why it is fast: pairs farther apart than the largest finite space edge fall in the open band, and the
 * time-band counts over ALL pairs do not change under a permutation of times (the multiset of pairwise
 * time differences is the same), so the open row is a subtraction. Only pairs inside the finite bands are
 * kept (kdbush range queries, typed arrays) and re-banded in time per permutation.
 */
import KDBush from "kdbush";
import { AppError } from "../domain/errors.js";
import { Rng } from "../domain/random.js";

export interface SpaceTimeEvent {
  readonly x: number;
  readonly y: number;
  /** Day number (any origin; fractional days are allowed). */
  readonly t: number;
}

export type DistanceMetric = "manhattan" | "euclidean";

export interface KnoxOptions {
  /** Ascending band edges in metres: bands [e0, e1), [e1, e2), ..., and the open band [last, Inf). A leading 0
   * and a trailing Infinity are optional. */
  readonly spaceBands: readonly number[];
  /** Ascending band edges in days on |t_i - t_j|, same convention as spaceBands. */
  readonly timeBands: readonly number[];
  /** Add the calculator's "Same location" band (distance exactly 0) before the first space band. */
  readonly sameLocation?: boolean;
  /** Monte Carlo permutations (default 999). */
  readonly permutations?: number;
  /** Seed of the permutation stream (default 1). */
  readonly seed?: number;
  /** Default "manhattan": the metric that reproduces the calculator's table (and the R anchor's). */
  readonly distance?: DistanceMetric;
  /** "calculator" (default): "1 to 100", "More than 300"; "interval": "[0, 100)", "[300, Inf)". */
  readonly labels?: "calculator" | "interval";
}

/** One band: lo <= value < hi; `zeroOnly` is the same-location band (value exactly 0). */
export interface Band {
  readonly lo: number;
  readonly hi: number;
  readonly zeroOnly?: boolean;
}

export interface KnoxResult {
  /** "no-pairs" for fewer than two events: all counts 0, ratios null, p-values 1. */
  readonly status: "ok" | "no-pairs";
  readonly n: number;
  readonly pairs: number;
  readonly permutations: number;
  readonly seed: number;
  readonly distance: DistanceMetric;
  readonly spaceLabels: string[];
  readonly timeLabels: string[];
  readonly spaceBounds: Band[];
  readonly timeBounds: Band[];
  /** [space band][time band] pair counts. */
  readonly observed: number[][];
  /** Mean count over the permutations. */
  readonly expectedMean: number[][];
  /** observed / expectedMean; null where no permutation put a pair in the cell. */
  readonly knoxRatio: (number | null)[][];
  /** (m + 1) / (P + 1), m = permutations whose count is >= observed (one-sided, near repeats are excesses). */
  readonly pValue: number[][];
}

/** n(n-1)/2, and +0 (not -0) for no events. */
const pairCount = (n: number): number => (n < 2 ? 0 : (n * (n - 1)) / 2);

function checkEdges(name: string, edges: readonly number[]): number[] {
  const out = edges.filter((e, k) => !(e === Number.POSITIVE_INFINITY && k === edges.length - 1));
  if (out.length > 0 && out[0] === 0) out.shift();
  let prev = 0;
  for (const e of out) {
    if (!Number.isFinite(e) || e <= prev) {
      throw new AppError(
        "invalid-argument",
        `${name}: band edges must be finite, ascending and > 0 (a leading 0 and a trailing Infinity are allowed), got [${edges.join(", ")}]`,
      );
    }
    prev = e;
  }
  return out;
}

/** Bands from the inner edges: [0, e1), ..., [ek, Inf). */
function bands(edges: readonly number[]): Band[] {
  const lows = [0, ...edges];
  return lows.map((lo, k) => ({ lo, hi: edges[k] ?? Number.POSITIVE_INFINITY }));
}

function label(b: Band, style: "calculator" | "interval", afterZero: boolean): string {
  if (b.zeroOnly) return style === "calculator" ? "Same location" : "0";
  if (style === "interval") return `[${b.lo}, ${b.hi === Number.POSITIVE_INFINITY ? "Inf" : b.hi})`;
  // The calculator names [a-1, b) "a to b"; its first band starts at "0" unless same location precedes it.
  if (b.hi === Number.POSITIVE_INFINITY) return `More than ${b.lo}`;
  return `${b.lo === 0 && !afterZero ? 0 : b.lo + 1} to ${b.hi}`;
}

/** Band index of v among inner edges (v >= 0): the number of edges <= v. */
function bandOf(edges: Float64Array, v: number): number {
  let k = 0;
  while (k < edges.length && v >= edges[k]!) k++;
  return k;
}

interface Prepared {
  readonly n: number;
  readonly times: Float64Array;
  readonly sEdges: Float64Array;
  readonly tEdges: Float64Array;
  readonly sameLocation: boolean;
  /** Rows kept per pair (every row but the open one). */
  readonly finiteRows: number;
  readonly rows: number;
  readonly cols: number;
  readonly pairI: Int32Array;
  readonly pairJ: Int32Array;
  readonly pairRow: Uint8Array;
  /** Pairs per time band over all pairs: invariant under permutation of times. */
  readonly colTotals: Float64Array;
  /** diff -> time band when all times are integers (null otherwise). */
  readonly lut: Uint8Array | null;
}

function validateEvents(events: readonly SpaceTimeEvent[]): void {
  events.forEach((e, k) => {
    if (!Number.isFinite(e.x) || !Number.isFinite(e.y) || !Number.isFinite(e.t)) {
      throw new AppError("invalid-argument", `event ${k}: x, y and t must be finite numbers`);
    }
  });
}

function prepare(input: readonly SpaceTimeEvent[], opts: KnoxOptions): Prepared {
  validateEvents(input);
  const sEdgesArr = checkEdges("spaceBands", opts.spaceBands);
  const tEdgesArr = checkEdges("timeBands", opts.timeBands);
  if (sEdgesArr.length + (opts.sameLocation ? 1 : 0) > 254 || tEdgesArr.length > 254) {
    throw new AppError("invalid-argument", "at most 254 space and 254 time bands");
  }
  // Canonical order (t, x, y): the whole result, permutations included, depends only on the set of events.
  const events = [...input].sort((a, b) => a.t - b.t || a.x - b.x || a.y - b.y);
  const n = events.length;
  const sameLocation = opts.sameLocation ?? false;
  const manhattan = (opts.distance ?? "manhattan") === "manhattan";
  const sEdges = Float64Array.from(sEdgesArr);
  const tEdges = Float64Array.from(tEdgesArr);
  const offset = sameLocation ? 1 : 0;
  const rows = sEdges.length + 1 + offset;
  const cols = tEdges.length + 1;
  const times = Float64Array.from(events, (e) => e.t);
  const radius = sEdges.length > 0 ? sEdges[sEdges.length - 1]! : 0;
  const keepAny = sEdges.length > 0 || sameLocation;

  let cap = 1024;
  let pairI = new Int32Array(cap);
  let pairJ = new Int32Array(cap);
  let pairRow = new Uint8Array(cap);
  let m = 0;
  if (keepAny && n > 1) {
    const index = new KDBush(n);
    for (const e of events) index.add(e.x, e.y);
    index.finish();
    for (let i = 0; i < n; i++) {
      const p = events[i]!;
      for (const j of index.range(p.x - radius, p.y - radius, p.x + radius, p.y + radius)) {
        if (j <= i) continue;
        const q = events[j]!;
        const dx = Math.abs(p.x - q.x);
        const dy = Math.abs(p.y - q.y);
        const d = manhattan ? dx + dy : Math.sqrt(dx * dx + dy * dy);
        let row: number;
        if (sameLocation && d === 0) row = 0;
        else if (d < radius) row = offset + bandOf(sEdges, d);
        else continue;
        if (m === cap) {
          cap *= 2;
          const grownI = new Int32Array(cap);
          const grownJ = new Int32Array(cap);
          const grownRow = new Uint8Array(cap);
          grownI.set(pairI);
          grownJ.set(pairJ);
          grownRow.set(pairRow);
          pairI = grownI;
          pairJ = grownJ;
          pairRow = grownRow;
        }
        pairI[m] = i;
        pairJ[m] = j;
        pairRow[m] = row;
        m++;
      }
    }
  }

  // Pairs with |dt| < e over all pairs, by a two-pointer sweep of the sorted times (events are sorted by t).
  const below = Float64Array.from(tEdges, (e) => {
    let c = 0;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      if (hi < i + 1) hi = i + 1;
      while (hi < n && times[hi]! - times[i]! < e) hi++;
      c += hi - i - 1;
    }
    return c;
  });
  const total = pairCount(n);
  const colTotals = new Float64Array(cols);
  for (let k = 0; k < cols; k++)
    colTotals[k] = (k < below.length ? below[k]! : total) - (k > 0 ? below[k - 1]! : 0);

  const span = n > 0 ? times[n - 1]! - times[0]! : 0;
  let lut: Uint8Array | null = null;
  if (times.every(Number.isInteger) && span <= 4_000_000) {
    lut = new Uint8Array(span + 1);
    for (let d = 0; d <= span; d++) lut[d] = bandOf(tEdges, d);
  }
  return {
    n,
    times,
    sEdges,
    tEdges,
    sameLocation,
    finiteRows: rows - 1,
    rows,
    cols,
    pairI: pairI.subarray(0, m),
    pairJ: pairJ.subarray(0, m),
    pairRow: pairRow.subarray(0, m),
    colTotals,
    lut,
  };
}

/** Counts per cell (row-major rows x cols) for the given times; the open row by subtraction. */
function countInto(p: Prepared, times: Float64Array, out: Float64Array): void {
  out.fill(0);
  const { pairI, pairJ, pairRow, cols, lut, tEdges } = p;
  const m = pairI.length;
  if (lut !== null) {
    for (let k = 0; k < m; k++) {
      const dt = Math.abs(times[pairI[k]!]! - times[pairJ[k]!]!);
      out[pairRow[k]! * cols + lut[dt]!]!++;
    }
  } else {
    for (let k = 0; k < m; k++) {
      const dt = Math.abs(times[pairI[k]!]! - times[pairJ[k]!]!);
      out[pairRow[k]! * cols + bandOf(tEdges, dt)]!++;
    }
  }
  const open = p.finiteRows * cols;
  for (let c = 0; c < cols; c++) {
    let s = 0;
    for (let r = 0; r < p.finiteRows; r++) s += out[r * cols + c]!;
    out[open + c] = p.colTotals[c]! - s;
  }
}

function toMatrix<T>(rows: number, cols: number, f: (k: number) => T): T[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => f(r * cols + c)));
}

function describe(p: Prepared, opts: KnoxOptions) {
  const style = opts.labels ?? "calculator";
  const spaceBounds: Band[] = [
    ...(p.sameLocation ? [{ lo: 0, hi: 0, zeroOnly: true }] : []),
    ...bands([...p.sEdges]),
  ];
  const timeBounds = bands([...p.tEdges]);
  return {
    spaceBounds,
    timeBounds,
    spaceLabels: spaceBounds.map((b) => label(b, style, p.sameLocation)),
    timeLabels: timeBounds.map((b) => label(b, style, false)),
  };
}

/** The observed table alone (no permutations): what the calculator and the R anchor print first. */
export function knoxObserved(
  events: readonly SpaceTimeEvent[],
  opts: KnoxOptions,
): { observed: number[][]; spaceLabels: string[]; timeLabels: string[]; n: number; pairs: number } {
  const p = prepare(events, opts);
  const obs = new Float64Array(p.rows * p.cols);
  countInto(p, p.times, obs);
  const { spaceLabels, timeLabels } = describe(p, opts);
  return {
    observed: toMatrix(p.rows, p.cols, (k) => obs[k]!),
    spaceLabels,
    timeLabels,
    n: p.n,
    pairs: pairCount(p.n),
  };
}

/**
 * Knox test with Monte Carlo permutation of event times (Near Repeat Calculator; R `NearRepeat::NearRepeat`).
 * The p-value is one-sided, (m + 1) / (P + 1) with m the permutations at or above the observed count, the
 * calculator's rule (with 19 permutations its smallest p is 0.05). Seeded: same events and seed, same result.
 */
export function knoxTest(events: readonly SpaceTimeEvent[], opts: KnoxOptions): KnoxResult {
  const permutations = opts.permutations ?? 999;
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(permutations) || permutations < 1) {
    throw new AppError("invalid-argument", `permutations must be a whole number >= 1, got ${permutations}`);
  }
  const p = prepare(events, opts);
  const cells = p.rows * p.cols;
  const obs = new Float64Array(cells);
  countInto(p, p.times, obs);
  const sum = new Float64Array(cells);
  const ge = new Int32Array(cells);
  if (p.n > 1) {
    const rng = new Rng(seed, 0x6b6e6f78);
    const shuffled = Float64Array.from(p.times);
    const perm = new Float64Array(cells);
    for (let it = 0; it < permutations; it++) {
      // Fisher-Yates on the previous shuffle: still a uniform permutation of the times.
      for (let i = p.n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const tmp = shuffled[i]!;
        shuffled[i] = shuffled[j]!;
        shuffled[j] = tmp;
      }
      countInto(p, shuffled, perm);
      for (let k = 0; k < cells; k++) {
        sum[k]! += perm[k]!;
        if (perm[k]! >= obs[k]!) ge[k]!++;
      }
    }
  } else {
    ge.fill(permutations); // no pairs: every permutation's 0 equals the observed 0
  }
  const mean = (k: number) => sum[k]! / permutations;
  return {
    status: p.n > 1 ? "ok" : "no-pairs",
    n: p.n,
    pairs: pairCount(p.n),
    permutations,
    seed,
    distance: opts.distance ?? "manhattan",
    ...describe(p, opts),
    observed: toMatrix(p.rows, p.cols, (k) => obs[k]!),
    expectedMean: toMatrix(p.rows, p.cols, mean),
    knoxRatio: toMatrix(p.rows, p.cols, (k) => (mean(k) > 0 ? obs[k]! / mean(k) : null)),
    pValue: toMatrix(p.rows, p.cols, (k) => (ge[k]! + 1) / (permutations + 1)),
  };
}
