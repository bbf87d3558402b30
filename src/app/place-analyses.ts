/**
 * The area-based place analyses as `peacestat displacement` / `peacestat concentration` and the API's
 * /api/analysis/displacement and /api/analysis/concentration run them: counts of one metric per area
 * (app/area-counts.ts, the same definitions and area assignment as CompStat), then the WDQ and WDD, or the
 * concentration measures. The CLI prints these results and the API answers them, so both give one number.
 */
import { type Concentration, concentration, type NoConcentration } from "../analysis/concentration.js";
import {
  type BeforeAfter,
  type WddResult,
  type WdqResult,
  wdd,
  weightedDisplacementQuotient,
} from "../analysis/displacement.js";
import { dayNumber } from "../compstat/periods.js";
import type { Database } from "../store/db.js";
import {
  type AreaRef,
  analysisMetric,
  areaCounter,
  areaSizes,
  assertAreas,
  countsByArea,
  periodWindow,
} from "./area-counts.js";

/** An inclusive range of local days. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

export interface DisplacementOptions {
  /** The area that got the intervention. */
  readonly target: AreaRef;
  /** The target's control area. */
  readonly control: AreaRef;
  /** The displacement (buffer) area around the target; without it only the local WDD is computed. */
  readonly buffer?: AreaRef | null;
  /** The buffer's control area (default: the target's control). */
  readonly bufferControl?: AreaRef | null;
  readonly before: DayRange;
  readonly after: DayRange;
  /** Metric id (default firearm-violent). */
  readonly metric?: string;
}

export interface DisplacementResult {
  readonly metric: string;
  readonly before: DayRange;
  readonly after: DayRange;
  readonly counts: {
    readonly target: BeforeAfter;
    readonly control: BeforeAfter;
    readonly buffer: BeforeAfter | null;
    /** Null without a buffer; the target's control when no buffer control was named. */
    readonly bufferControl: BeforeAfter | null;
  };
  /** Bowers & Johnson's WDQ; null without a buffer. */
  readonly wdq: WdqResult | null;
  /** Wheeler & Ratcliffe's WDD, the after counts scaled to the before period's length. */
  readonly wdd: WddResult;
}

/** Counts before and after in every area, then the WDQ (with a buffer) and the WDD. */
export async function runDisplacement(db: Database, opts: DisplacementOptions): Promise<DisplacementResult> {
  const buffer = opts.buffer ?? null;
  const bufferControlRef = opts.bufferControl ?? null;
  await assertAreas(db, [
    opts.target,
    opts.control,
    ...(buffer ? [buffer] : []),
    ...(bufferControlRef ? [bufferControlRef] : []),
  ]);
  const metric = await analysisMetric(db, opts.metric ?? "firearm-violent");
  const countInArea = areaCounter(db, metric);
  const { before, after } = opts;
  const ba = async (r: AreaRef): Promise<BeforeAfter> => ({
    before: await countInArea(r, before.from, before.to),
    after: await countInArea(r, after.from, after.to),
  });
  const target = await ba(opts.target);
  const control = await ba(opts.control);
  const bufferCounts = buffer ? await ba(buffer) : null;
  const bufferControl = bufferControlRef ? await ba(bufferControlRef) : control;
  const days = (r: DayRange) => dayNumber(r.to) - dayNumber(r.from) + 1;
  // Counts stay on the before period's scale: the after period is weighted by its relative length.
  const timeWeights = [1, days(after) / days(before)] as const;
  return {
    metric: metric.id,
    before,
    after,
    counts: {
      target,
      control,
      buffer: bufferCounts,
      bufferControl: bufferCounts ? bufferControl : null,
    },
    wdq: bufferCounts ? weightedDisplacementQuotient({ target, buffer: bufferCounts, control }) : null,
    wdd: wdd(
      bufferCounts
        ? { treated: target, control, displacement: bufferCounts, displacementControl: bufferControl }
        : { treated: target, control },
      { timeWeights },
    ),
  };
}

export interface ConcentrationRunOptions {
  /** The places: a layer with boundaries (every area counts, the empty ones included). */
  readonly layer: string;
  /** Metric id (default firearm-violent). */
  readonly metric?: string;
  /** A CompStat period; its current window is used (default year). */
  readonly period?: string | undefined;
  readonly asOf?: string | undefined;
  /** Shares of events to find the fewest places for (default 0.25 and 0.5, Weisburd 2015). */
  readonly shares?: readonly number[];
  /** Also list this many of the most eventful areas (default none, as the CLI prints). */
  readonly top?: number;
}

export interface ConcentrationRun {
  readonly metric: string;
  readonly layer: string;
  readonly window: { from: string; to: string; label: string };
  readonly places: number;
  readonly result: Concentration | NoConcentration;
  /** The most eventful areas, ties by name; present only when `top` was asked for. */
  readonly topAreas?: readonly { name: string; count: number }[];
}

/** How few areas of a layer hold the events of one metric in one window (Lorenz curve, Gini). */
export async function runConcentration(
  db: Database,
  opts: ConcentrationRunOptions,
): Promise<ConcentrationRun> {
  const metric = await analysisMetric(db, opts.metric ?? "firearm-violent");
  const w = await periodWindow(db, metric, opts.period, opts.asOf);
  const sizes = await areaSizes(db, opts.layer);
  const counts = await countsByArea(db, metric, opts.layer, w.from, w.to);
  const names = [...sizes.keys()];
  const top = opts.top ?? 0;
  const topAreas =
    top > 0
      ? names
          .map((name) => ({ name, count: counts.get(name) ?? 0 }))
          .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
          .slice(0, top)
      : undefined;
  return {
    metric: metric.id,
    layer: opts.layer,
    window: w,
    places: names.length,
    result: concentration(
      names.map((n) => counts.get(n) ?? 0),
      opts.shares ? { shares: opts.shares } : {},
    ),
    ...(topAreas ? { topAreas } : {}),
  };
}
