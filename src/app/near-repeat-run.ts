/**
 * The near-repeat analysis as `peacestat near-repeat` and GET /api/analysis/near-repeat run it: the Knox
 * test on the selection's events (times as local day numbers), and near-repeat chains linked within the
 * closest significant bands. One function, so the CLI and the API give the same table for the same
 * selection and seed (docs/near-repeat.md explains the test and its band conventions).
 */
import { type DistanceMetric, type KnoxResult, knoxTest } from "../analysis/near-repeat.js";
import { type ChainsResult, nearRepeatChains, suggestLinks } from "../analysis/near-repeat-chains.js";
import { AppError } from "../domain/errors.js";
import type { AnalysisInput } from "./analysis-input.js";

export interface NearRepeatRunOptions {
  /** Ascending space band edges, metres (default 0,100,200,300,400). */
  readonly spaceBands?: readonly number[];
  /** Ascending time band edges, days (default 0,7,14,21,28). */
  readonly timeBands?: readonly number[];
  /** Default "manhattan", the calculator's. */
  readonly distance?: DistanceMetric;
  /** Monte Carlo permutations (default 999). */
  readonly permutations?: number;
  /** Permutation seed (default 1): same seed, same p-values. */
  readonly seed?: number;
  /** Also link the events into chains within the closest significant bands (default false). */
  readonly chains?: boolean;
}

export interface NearRepeatRun {
  readonly description: string;
  readonly events: number;
  readonly unlocated: number;
  readonly knox: KnoxResult;
  /** The link thresholds of the chains; null without `chains` or without a significant closest cell. */
  readonly links: { linkDistance: number; linkDays: number } | null;
  readonly chains: ChainsResult | null;
}

export const DEFAULT_SPACE_BANDS = [0, 100, 200, 300, 400] as const;
export const DEFAULT_TIME_BANDS = [0, 7, 14, 21, 28] as const;

/**
 * Band edges from a comma-separated list ("0,100,200,300"): finite, >= 0, strictly ascending. `name` is
 * the flag or parameter the value came from, so the message says which one to fix.
 */
export function parseBandEdges(name: string, raw: string): number[] {
  const list = raw.split(",").map((s) => Number(s.trim()));
  if (
    list.length === 0 ||
    list.some((x) => !Number.isFinite(x) || x < 0) ||
    list.some((x, i) => i > 0 && x <= list[i - 1]!)
  ) {
    throw new AppError("invalid-argument", `${name} '${raw}': ascending band edges, e.g. 0,100,200,300`);
  }
  return list;
}

/** Runs the Knox test (and, when asked, the chains) on the located events of `input`. */
export function runNearRepeat(input: AnalysisInput, opts: NearRepeatRunOptions = {}): NearRepeatRun {
  const distance = opts.distance ?? "manhattan";
  const events = input.points.map((p) => ({ x: p.x, y: p.y, t: p.day }));
  const knox = knoxTest(events, {
    spaceBands: opts.spaceBands ?? DEFAULT_SPACE_BANDS,
    timeBands: opts.timeBands ?? DEFAULT_TIME_BANDS,
    sameLocation: true,
    permutations: opts.permutations ?? 999,
    seed: opts.seed ?? 1,
    distance,
  });
  const links = opts.chains ? suggestLinks(knox) : null;
  const chains = links ? nearRepeatChains(events, { ...links, distance }) : null;
  return {
    description: input.description,
    events: events.length,
    unlocated: input.unlocated,
    knox,
    links,
    chains,
  };
}

/** A band as JSON carries it: the open band's upper edge is null (JSON has no Infinity). */
export interface JsonBand {
  readonly lo: number;
  readonly hi: number | null;
  readonly zeroOnly?: boolean;
}

/** The chains in numbers only: how many, how long; no event is identified (the API's view). */
export interface ChainsSummary {
  readonly chains: number;
  readonly chainedEvents: number;
  /** Pairs within both link thresholds. */
  readonly links: number;
  readonly longest: number;
  /** Chains per length, e.g. { "2": 9, "3": 2 }. */
  readonly byLength: Readonly<Record<string, number>>;
}

/** GET /api/analysis/near-repeat's answer: the run with JSON-safe bands and the chains summarised. */
export interface NearRepeatAnswer extends Omit<NearRepeatRun, "knox" | "chains"> {
  readonly knox: Omit<KnoxResult, "spaceBounds" | "timeBounds"> & {
    readonly spaceBounds: readonly JsonBand[];
    readonly timeBounds: readonly JsonBand[];
  };
  readonly chains: ChainsSummary | null;
}

const jsonBand = (b: { lo: number; hi: number; zeroOnly?: boolean }): JsonBand => ({
  ...b,
  hi: Number.isFinite(b.hi) ? b.hi : null,
});

export function nearRepeatAnswer(run: NearRepeatRun): NearRepeatAnswer {
  let chains: ChainsSummary | null = null;
  if (run.chains) {
    const byLength: Record<string, number> = {};
    for (const c of run.chains.chains) byLength[c.length] = (byLength[c.length] ?? 0) + 1;
    chains = {
      chains: run.chains.chains.length,
      chainedEvents: run.chains.chainedEvents,
      links: run.chains.links,
      longest: Math.max(0, ...run.chains.chains.map((c) => c.length)),
      byLength,
    };
  }
  return {
    ...run,
    knox: {
      ...run.knox,
      spaceBounds: run.knox.spaceBounds.map(jsonBand),
      timeBounds: run.knox.timeBounds.map(jsonBand),
    },
    chains,
  };
}
