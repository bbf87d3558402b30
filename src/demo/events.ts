/**
 * Gunshot detections and calls for service of the demo city. Detections are the gunfire events of the
 * gunfire process that the sensors caught: most shootings inside the coverage and much unreported gunfire,
 * so there are several detections per shooting there. Calls come from the same gunfire ("SHOTS FIRED") and
 * from Poisson streams per call type at the places and hours of the problems they report.
 */

import { hashLabel, Rng } from "../domain/random.js";
import type { DemoContext } from "./context.js";
import { gunfireDays } from "./gunfire.js";
import { addressPoint, type Category } from "./intensity.js";
import { DAY_MS, type Day, days, type ProfileName, season, trend } from "./temporal.js";
import type { DemoCall, DemoDetection, Mutable } from "./types.js";

/** Generates the sensor detections in time order, ids "SD" + year + 7-digit sequence. */
export function* generateDetections(ctx: DemoContext): Generator<DemoDetection> {
  const guns = gunfireDays(ctx);
  const ids = new IdCounter("SD", 7);
  for (let d = 0; d <= (ctx.endMs - ctx.startMs) / DAY_MS; d++) {
    const batch: Mutable<DemoDetection>[] = [];
    for (const e of guns.next().value ?? []) {
      if (e.detectedMs === null) continue;
      batch.push({
        detectionId: "",
        detectedMs: e.detectedMs,
        rounds: e.rounds,
        detectionType: e.rounds === 1 ? "single" : "multiple",
        x: e.detectedX,
        y: e.detectedY,
      });
    }
    batch.sort((a, b) => a.detectedMs - b.detectedMs);
    for (const det of batch) {
      if (det.detectedMs >= ctx.dataEndMs) continue;
      det.detectionId = ids.next(det.detectedMs);
      yield det;
    }
  }
}

interface CallType {
  readonly type: string;
  readonly perYear: number;
  readonly category: Category;
  readonly profile: ProfileName;
  readonly season: number;
  /** Relative weights of priorities 1..5. */
  readonly priority: readonly number[];
}

type CallRow = [string, number, Category, ProfileName, number, number[]];

// Yearly volumes at "city" size, about 1.8 calls per incident. "SHOTS FIRED" here is the background of
// calls about fireworks and other noises; calls about real gunfire come from the gunfire process.
// biome-ignore format: one call type per row
const CALL_ROWS: readonly CallRow[] = [
  ["SHOTS FIRED", 1200, "gun", "gun", 0.3, [90, 10, 0, 0, 0]],
  ["FIGHT", 6000, "violent", "violent", 0.12, [40, 50, 10, 0, 0]],
  ["DISTURBANCE", 20000, "street", "evening", 0.1, [5, 30, 50, 15, 0]],
  ["LOUD MUSIC", 8000, "residential", "evening", 0.35, [0, 0, 10, 50, 40]],
  ["SUSPICIOUS PERSON", 10000, "residential", "evening", 0.08, [0, 20, 60, 20, 0]],
  ["TRAFFIC ACCIDENT", 9000, "traffic", "daytime", -0.05, [10, 40, 40, 10, 0]],
  ["THEFT REPORT", 12000, "retail", "daytime", 0.05, [0, 5, 35, 45, 15]],
  ["WELFARE CHECK", 7000, "residential", "daytime", 0, [5, 35, 45, 15, 0]],
  ["DRUG DEALING", 3000, "drugs", "evening", 0.1, [0, 10, 40, 40, 10]],
  ["PARKING", 6000, "traffic", "daytime", 0, [0, 0, 5, 35, 60]],
];
const CALL_TYPES: readonly CallType[] = CALL_ROWS.map(([type, perYear, category, profile, s, priority]) => ({
  type,
  perYear,
  category,
  profile,
  season: s,
  priority,
}));

/** Generates the calls for service in time order, ids "CFS" + year + 8-digit sequence. */
export function* generateCalls(ctx: DemoContext): Generator<DemoCall> {
  const rng = new Rng(ctx.seed, hashLabel("calls"));
  const { places, intensity, profiles } = ctx;
  const guns = gunfireDays(ctx);
  const ids = new IdCounter("CFS", 8);
  for (const day of days(ctx.startMs, ctx.endMs)) {
    const batch: Mutable<DemoCall>[] = [];
    const located = (point: number): { x: number | null; y: number | null } =>
      rng.chance(0.01) ? { x: null, y: null } : { x: places.pointX[point]!, y: places.pointY[point]! };
    for (const e of guns.next().value ?? []) {
      if (e.callMs === null) continue;
      batch.push({
        callId: "",
        receivedMs: e.callMs,
        callType: "SHOTS FIRED",
        priority: 1,
        ...located(e.point),
      });
    }
    for (const c of CALL_TYPES) {
      const holiday = c.type === "SHOTS FIRED" && isFireworks(day) ? 6 : 1;
      const rate =
        ((c.perYear * ctx.scale) / 365.25) *
        season(day, c.season) *
        trend("other", day.yearFraction) *
        profiles[c.profile].dayFactor[day.dayOfWeek]! *
        holiday;
      const n = rng.poisson(rate);
      for (let i = 0; i < n; i++) {
        const point = addressPoint(intensity.table[c.category].sample(rng), rng);
        const receivedMs = profiles[c.profile].sampleTime(day, rng);
        batch.push({
          callId: "",
          receivedMs,
          callType: c.type,
          priority: 1 + rng.weighted(c.priority),
          ...located(point),
        });
      }
    }
    batch.sort((a, b) => a.receivedMs - b.receivedMs);
    for (const call of batch) {
      if (call.receivedMs >= ctx.dataEndMs) continue;
      call.callId = ids.next(call.receivedMs);
      yield call;
    }
  }
}

const isFireworks = (day: Day): boolean =>
  (day.month === 7 && (day.dayOfMonth === 4 || day.dayOfMonth === 5)) ||
  (day.month === 12 && day.dayOfMonth === 31) ||
  (day.month === 1 && day.dayOfMonth === 1);

/** Record ids: prefix + year of the record's time + a sequence that restarts every calendar year. */
export class IdCounter {
  private year = 0;
  private seq = 0;
  constructor(
    private readonly prefix: string,
    private readonly width: number,
  ) {}

  next(ms: number): string {
    const year = new Date(ms).getUTCFullYear();
    if (year !== this.year) {
      this.year = year;
      this.seq = 0;
    }
    return `${this.prefix}${year}${String(++this.seq).padStart(this.width, "0")}`;
  }
}
