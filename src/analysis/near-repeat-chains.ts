/**
 * Near-repeat chains: events linked when they are close in space AND time, grouped into connected
 * components. The Near Repeat Calculator's companion idea (Ratcliffe, "Near Repeat Calculator" manual,
 * originator-and-near-repeat chains; Townsley, Homel & Chaseling 2003 on infectious burglaries): once the
 * Knox test shows which space and time bands are over-represented, the events tied within those bands are
 * the series a patrol or a shooting review would look at together. Components rather than pairs, because
 * a retaliation sequence A -> B -> C is one story even when A and C are too far apart to be linked directly.
 */
import KDBush from "kdbush";
import { AppError } from "../domain/errors.js";
import type { DistanceMetric, KnoxResult, SpaceTimeEvent } from "./near-repeat.js";

export interface ChainOptions {
  /** Linked when distance < linkDistance (the Knox bands' [lo, hi) rule), or exactly 0 (so 0 = same place). */
  readonly linkDistance: number;
  /** Linked when |t_i - t_j| < linkDays, or exactly 0 (so 0 = same day). */
  readonly linkDays: number;
  /** Default "manhattan", as the Knox test. */
  readonly distance?: DistanceMetric;
  /** Smallest component reported as a chain (default 2: a lone event is no chain). */
  readonly minLength?: number;
}

export interface NearRepeatChain {
  /** Indices into the input, ordered by time (ties by index). */
  readonly events: number[];
  readonly length: number;
  /** Time of the first and last event, and the days between them. */
  readonly start: number;
  readonly end: number;
  readonly spanDays: number;
  /** Links (pairs within both thresholds) inside the chain. */
  readonly links: number;
}

export interface ChainsResult {
  /** Ordered by start time, then by first event index. */
  readonly chains: NearRepeatChain[];
  /** Pairs within both thresholds. */
  readonly links: number;
  /** Events in some reported chain. */
  readonly chainedEvents: number;
}

function find(parent: Int32Array, i: number): number {
  while (parent[i]! !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

/** Connected components of the "near in space and time" graph, each ordered by time. */
export function nearRepeatChains(events: readonly SpaceTimeEvent[], opts: ChainOptions): ChainsResult {
  const { linkDistance, linkDays } = opts;
  const minLength = opts.minLength ?? 2;
  if (
    !(linkDistance >= 0) ||
    !Number.isFinite(linkDistance) ||
    !(linkDays >= 0) ||
    !Number.isFinite(linkDays)
  ) {
    throw new AppError("invalid-argument", `linkDistance and linkDays must be finite numbers >= 0`);
  }
  if (!Number.isInteger(minLength) || minLength < 1) {
    throw new AppError("invalid-argument", `minLength must be a whole number >= 1, got ${minLength}`);
  }
  events.forEach((e, k) => {
    if (!Number.isFinite(e.x) || !Number.isFinite(e.y) || !Number.isFinite(e.t)) {
      throw new AppError("invalid-argument", `event ${k}: x, y and t must be finite numbers`);
    }
  });
  const n = events.length;
  if (n === 0) return { chains: [], links: 0, chainedEvents: 0 };
  const manhattan = (opts.distance ?? "manhattan") === "manhattan";
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const degree = new Int32Array(n);
  const index = new KDBush(n);
  for (const e of events) index.add(e.x, e.y);
  index.finish();
  const r = linkDistance;
  let links = 0;
  for (let i = 0; i < n; i++) {
    const p = events[i]!;
    for (const j of index.range(p.x - r, p.y - r, p.x + r, p.y + r)) {
      if (j <= i) continue;
      const q = events[j]!;
      const dt = Math.abs(p.t - q.t);
      if (!(dt < linkDays || dt === 0)) continue;
      const dx = Math.abs(p.x - q.x);
      const dy = Math.abs(p.y - q.y);
      const d = manhattan ? dx + dy : Math.sqrt(dx * dx + dy * dy);
      if (!(d < linkDistance || d === 0)) continue;
      links++;
      degree[i]!++;
      const a = find(parent, i);
      const b = find(parent, j);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = find(parent, i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  }
  const chains: NearRepeatChain[] = [];
  for (const members of groups.values()) {
    if (members.length < minLength) continue;
    members.sort((a, b) => events[a]!.t - events[b]!.t || a - b);
    const start = events[members[0]!]!.t;
    const end = events[members[members.length - 1]!]!.t;
    let inner = 0;
    for (const m of members) inner += degree[m]!;
    chains.push({ events: members, length: members.length, start, end, spanDays: end - start, links: inner });
  }
  chains.sort((a, b) => a.start - b.start || a.events[0]! - b.events[0]!);
  return { chains, links, chainedEvents: chains.reduce((s, c) => s + c.length, 0) };
}

/**
 * Link thresholds from a Knox result: the near-repeat cells are those with ratio > 1 and p <= alpha. Going
 * out from the closest cell (the same-location row, or the first distance band when that row is not
 * significant), linkDistance is the upper edge of the last consecutive significant space band
 * in the first time band, and linkDays that of the last consecutive significant time band in that first
 * space band (open bands excluded). Null when the closest cell itself is not significant: no near-repeat pattern.
 */
export function suggestLinks(
  result: KnoxResult,
  alpha = 0.05,
): { linkDistance: number; linkDays: number } | null {
  const sig = (r: number, c: number) =>
    (result.knoxRatio[r]?.[c] ?? 0) > 1 && (result.pValue[r]?.[c] ?? 1) <= alpha;
  if (result.status !== "ok") return null;
  // An empty or unremarkable same-location row does not stop the search: start at the first distance band.
  let r = result.spaceBounds[0]?.zeroOnly && !sig(0, 0) ? 1 : 0;
  const r0 = r;
  if (!sig(r0, 0)) return null;
  while (r + 1 < result.spaceBounds.length && Number.isFinite(result.spaceBounds[r + 1]!.hi) && sig(r + 1, 0))
    r++;
  let c = 0;
  while (c + 1 < result.timeBounds.length && Number.isFinite(result.timeBounds[c + 1]!.hi) && sig(r0, c + 1))
    c++;
  const linkDistance = result.spaceBounds[r]!.hi;
  const linkDays = result.timeBounds[c]!.hi;
  if (!Number.isFinite(linkDistance) || !Number.isFinite(linkDays)) return null;
  return { linkDistance, linkDays };
}
