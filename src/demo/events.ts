/**
 * Gunshot detections and calls for service of the demo city. Detections come from the sensor-covered
 * area only: most shootings there are detected, and unreported gunfire (several times as many events as
 * shootings) is detected too. Calls follow the same places and hours as the crime they report.
 */
import type { DemoContext } from "./context.js";
import { addressPoint, type Category } from "./intensity.js";
import { AliasTable, hashLabel, Rng } from "./random.js";
import { generateShootings } from "./shootings.js";
import { DAY_MS, days, type ProfileName, season, trend } from "./temporal.js";

export interface DemoDetection {
  readonly detectionId: string;
  readonly detectedMs: number;
  readonly rounds: number;
  readonly detectionType: "single" | "multiple";
  readonly x: number;
  readonly y: number;
}

export interface DemoCall {
  readonly callId: string;
  readonly receivedMs: number;
  readonly callType: string;
  readonly priority: number;
  readonly x: number | null;
  readonly y: number | null;
}

/** Detections of gunfire that hit nobody, per shooting inside the coverage. */
const UNREPORTED_PER_SHOOTING = 3.5;
const DETECTED_SHARE = 0.9;

export function* generateDetections(ctx: DemoContext): Generator<DemoDetection> {
  const rng = new Rng(ctx.seed, hashLabel("detections"));
  const { places, intensity, profiles } = ctx;
  const covered = intensity.weight.gun.map((w, p) => (places.covered[p] ? w : 0));
  const coveredTable = new AliasTable(covered);
  const shootings = generateShootings(ctx).filter((s) => places.covered[s.place] === 1);
  const days0 = (ctx.endMs - ctx.startMs) / DAY_MS + 1;
  const unreportedPerDay = (shootings.length * UNREPORTED_PER_SHOOTING) / days0;
  let si = 0;
  let year = 0;
  let seq = 0;
  for (const day of days(ctx.startMs, ctx.endMs)) {
    const batch: Omit<DemoDetection, "detectionId">[] = [];
    const dayEnd = day.startMs + DAY_MS;
    while (si < shootings.length && shootings[si]!.ms < dayEnd) {
      const s = shootings[si++]!;
      if (!rng.chance(DETECTED_SHARE)) continue;
      const rounds = 1 + rng.poisson(4);
      batch.push({
        detectedMs: s.ms + rng.int(90) * 1000,
        rounds,
        detectionType: rounds === 1 ? "single" : "multiple",
        x: Math.round((s.x + rng.normal() * 20) * 10) / 10,
        y: Math.round((s.y + rng.normal() * 20) * 10) / 10,
      });
    }
    const n = rng.poisson(unreportedPerDay * season(day, 0.2) * profiles.gun.dayFactor[day.dayOfWeek]!);
    for (let i = 0; i < n; i++) {
      const pt = addressPoint(coveredTable.sample(rng), rng);
      const rounds = 1 + rng.poisson(2.5);
      batch.push({
        detectedMs: profiles.gun.sampleTime(day, rng),
        rounds,
        detectionType: rounds === 1 ? "single" : "multiple",
        x: Math.round((places.pointX[pt]! + rng.normal() * 20) * 10) / 10,
        y: Math.round((places.pointY[pt]! + rng.normal() * 20) * 10) / 10,
      });
    }
    batch.sort((a, b) => a.detectedMs - b.detectedMs);
    if (day.year !== year) {
      year = day.year;
      seq = 0;
    }
    for (const d of batch) yield { detectionId: `SS${year}${String(++seq).padStart(6, "0")}`, ...d };
  }
}

interface CallType {
  readonly type: string;
  readonly perYear: number;
  readonly category: Category;
  readonly profile: ProfileName;
  readonly season: number;
  /** Weights of priorities 1..5. */
  readonly priority: readonly number[];
}

// Annual volumes at the "city" size: about 1.8 calls per incident, as CAD systems typically show.
const CALL_TYPES: readonly CallType[] = [
  {
    type: "SHOTS FIRED",
    perYear: 3000,
    category: "gun",
    profile: "gun",
    season: 0.2,
    priority: [90, 10, 0, 0, 0],
  },
  {
    type: "FIGHT",
    perYear: 6000,
    category: "violent",
    profile: "violent",
    season: 0.12,
    priority: [40, 50, 10, 0, 0],
  },
  {
    type: "DISTURBANCE",
    perYear: 20000,
    category: "street",
    profile: "evening",
    season: 0.1,
    priority: [5, 30, 50, 15, 0],
  },
  {
    type: "LOUD MUSIC",
    perYear: 8000,
    category: "residential",
    profile: "evening",
    season: 0.35,
    priority: [0, 0, 10, 50, 40],
  },
  {
    type: "SUSPICIOUS PERSON",
    perYear: 10000,
    category: "residential",
    profile: "evening",
    season: 0.08,
    priority: [0, 20, 60, 20, 0],
  },
  {
    type: "TRAFFIC ACCIDENT",
    perYear: 9000,
    category: "traffic",
    profile: "daytime",
    season: -0.05,
    priority: [10, 40, 40, 10, 0],
  },
  {
    type: "THEFT REPORT",
    perYear: 12000,
    category: "retail",
    profile: "daytime",
    season: 0.05,
    priority: [0, 5, 35, 45, 15],
  },
  {
    type: "WELFARE CHECK",
    perYear: 7000,
    category: "residential",
    profile: "daytime",
    season: 0,
    priority: [5, 35, 45, 15, 0],
  },
  {
    type: "DRUG DEALING",
    perYear: 3000,
    category: "drugs",
    profile: "evening",
    season: 0.1,
    priority: [0, 10, 40, 40, 10],
  },
  {
    type: "PARKING",
    perYear: 6000,
    category: "traffic",
    profile: "daytime",
    season: 0,
    priority: [0, 0, 5, 35, 60],
  },
];

export function* generateCalls(ctx: DemoContext): Generator<DemoCall> {
  const rng = new Rng(ctx.seed, hashLabel("calls"));
  const { places, intensity, profiles } = ctx;
  let year = 0;
  let seq = 0;
  for (const day of days(ctx.startMs, ctx.endMs)) {
    const batch: Omit<DemoCall, "callId">[] = [];
    for (const c of CALL_TYPES) {
      const lambda =
        (c.perYear *
          ctx.scale *
          season(day, c.season) *
          trend("other", day.yearFraction) *
          profiles[c.profile].dayFactor[day.dayOfWeek]!) /
        365.25;
      const n = rng.poisson(lambda);
      for (let i = 0; i < n; i++) {
        const pt = addressPoint(intensity.table[c.category].sample(rng), rng);
        const noLocation = rng.chance(0.01);
        batch.push({
          receivedMs: profiles[c.profile].sampleTime(day, rng),
          callType: c.type,
          priority: 1 + rng.weighted(c.priority),
          x: noLocation ? null : places.pointX[pt]!,
          y: noLocation ? null : places.pointY[pt]!,
        });
      }
    }
    batch.sort((a, b) => a.receivedMs - b.receivedMs);
    if (day.year !== year) {
      year = day.year;
      seq = 0;
    }
    for (const d of batch) yield { callId: `C${year}${String(++seq).padStart(7, "0")}`, ...d };
  }
}
