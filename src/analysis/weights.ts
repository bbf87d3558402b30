/**
 * Spatial weights, the shared input of Getis-Ord Gi/Gi* and Moran's I: for each observation i, its
 * neighbours j and the weight w_ij. Built from distances (distance band: j is a neighbour of i iff
 * 0 < d_ij <= threshold, as PySAL's `DistanceBand` and esda document it) or read from a GAL contiguity file
 * (the format PySAL's test data sets ship in). Row standardisation divides each row by its sum (PySAL's
 * transform 'R'); an observation without neighbours keeps an empty row (an "island"), which every method
 * must report rather than divide by zero.
 */
import KDBush from "kdbush";
import { AppError } from "../domain/errors.js";

export interface Weights {
  readonly n: number;
  /** neighbors[i]: indices j != i, ascending. */
  readonly neighbors: readonly (readonly number[])[];
  /** weights[i][k]: the weight of neighbors[i][k]. */
  readonly weights: readonly (readonly number[])[];
  /** "B" binary, "R" row-standardised (PySAL's transform names). */
  readonly transform: "B" | "R";
}

export interface XY {
  readonly x: number;
  readonly y: number;
}

/**
 * Binary distance-band weights: j is a neighbour of i iff 0 < d(i, j) <= threshold (Euclidean, in the
 * points' units, metres in the analysis CRS). Coincident points (d = 0) are not neighbours, as in esda.
 */
export function distanceBand(points: readonly XY[], threshold: number): Weights {
  if (!(threshold > 0) || !Number.isFinite(threshold)) {
    throw new AppError(
      "invalid-argument",
      `distance band threshold must be a positive number, got ${threshold}`,
    );
  }
  const n = points.length;
  const neighbors: number[][] = [];
  const weights: number[][] = [];
  if (n === 0) return { n, neighbors, weights, transform: "B" };
  const index = new KDBush(n);
  for (const p of points) index.add(p.x, p.y);
  index.finish();
  const t2 = threshold * threshold;
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    const cand = index.range(p.x - threshold, p.y - threshold, p.x + threshold, p.y + threshold);
    const js: number[] = [];
    for (const j of cand) {
      if (j === i) continue;
      const q = points[j]!;
      const d2 = (p.x - q.x) ** 2 + (p.y - q.y) ** 2;
      if (d2 > 0 && d2 <= t2) js.push(j);
    }
    js.sort((a, b) => a - b);
    neighbors.push(js);
    weights.push(js.map(() => 1));
  }
  return { n, neighbors, weights, transform: "B" };
}

/** Row-standardised copy: each row sums to 1; islands stay empty. */
export function rowStandardize(w: Weights): Weights {
  return {
    n: w.n,
    neighbors: w.neighbors,
    weights: w.weights.map((row) => {
      const s = row.reduce((a, b) => a + b, 0);
      return s === 0 ? [] : row.map((v) => v / s);
    }),
    transform: "R",
  };
}

/**
 * Reads a GAL file (PySAL/GeoDa contiguity): a header line `n` (or `0 n shapefile key`), then for each
 * observation a line `id k` followed by a line of its k neighbour ids. Ids are mapped to 0-based indices
 * in order of first appearance as `id` lines, or by `ids` when given (the data file's order).
 */
export function readGal(text: string, fileName: string, ids?: readonly string[]): Weights {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  const head = (lines[0] ?? "").split(/\s+/);
  const n = Number(head.length >= 2 && head[0] === "0" ? head[1] : head[0]);
  if (!Number.isInteger(n) || n < 0)
    throw new AppError("bad-file", `${fileName}: line 1 should give the number of observations`);
  const order = new Map<string, number>();
  for (const [i, id] of (ids ?? []).entries()) order.set(id, i);
  const rows: { id: string; nb: string[] }[] = [];
  for (let li = 1; li < lines.length; li += 2) {
    const [id, kRaw] = (lines[li] ?? "").split(/\s+/);
    const k = Number(kRaw);
    if (!id || !Number.isInteger(k) || k < 0)
      throw new AppError("bad-file", `${fileName}: line ${li + 1}: expected 'id count'`);
    const nb = k === 0 ? [] : (lines[li + 1] ?? "").split(/\s+/).filter(Boolean);
    if (nb.length !== k)
      throw new AppError(
        "bad-file",
        `${fileName}: line ${li + 2}: expected ${k} neighbour ids, found ${nb.length}`,
      );
    rows.push({ id, nb });
    if (!ids && !order.has(id)) order.set(id, order.size);
  }
  if (rows.length !== n)
    throw new AppError("bad-file", `${fileName}: header says ${n} observations, found ${rows.length}`);
  const neighbors: number[][] = Array.from({ length: n }, () => []);
  for (const r of rows) {
    const i = order.get(r.id);
    if (i === undefined) throw new AppError("bad-file", `${fileName}: id '${r.id}' is not in the data`);
    const js = r.nb.map((id) => {
      const j = order.get(id);
      if (j === undefined)
        throw new AppError("bad-file", `${fileName}: neighbour id '${id}' of '${r.id}' is not in the data`);
      return j;
    });
    neighbors[i] = [...new Set(js)].sort((a, b) => a - b);
  }
  return { n, neighbors, weights: neighbors.map((js) => js.map(() => 1)), transform: "B" };
}

/** S0 = sum of all weights (the normaliser in Moran's I and Gi). */
export function weightSum(w: Weights): number {
  let s = 0;
  for (const row of w.weights) for (const v of row) s += v;
  return s;
}
