/**
 * Gunfire in the demo city as a self-exciting point process (Mohler et al. 2011, "Self-exciting point
 * process modeling of crime"): a seasonal, trending background of gun violence at gun-violence places, each
 * incident triggering on average BRANCHING more within days and a few hundred metres (retaliation), plus
 * gunfire nobody reports. Every random choice about an event (outcome, victims, rounds, whether a sensor
 * detects it, whether someone calls it in) is made here, once, so incidents, detections and calls agree.
 * Streams day by day with a small queue of pending offspring: memory stays bounded for any size.
 */

import { hashLabel, Rng } from "../domain/random.js";
import type { DemoContext } from "./context.js";
import { addressPoint } from "./intensity.js";
import { GUN_INCIDENTS_PER_YEAR } from "./offense-types.js";
import { DAY_MS, days, season, skipDstGap, trend } from "./temporal.js";

export type GunKind = "fatal" | "struck" | "nohit" | "unreported";

export interface GunEvent {
  /** Naive local ms, whole seconds. */
  readonly timeMs: number;
  readonly place: number;
  /** Index of the address point (into places.pointX / pointY). */
  readonly point: number;
  readonly kind: GunKind;
  readonly killed: number;
  /** People struck, killed included. */
  readonly shot: number;
  readonly shotsFired: boolean;
  /** Rounds fired (0 when no shot was fired). */
  readonly rounds: number;
  /** Detection by the sensors: time and position, or null. */
  readonly detectedMs: number | null;
  readonly detectedX: number;
  readonly detectedY: number;
  /** A "SHOTS FIRED" call for service: when it came in, or null. */
  readonly callMs: number | null;
}

/** Mean number of gun incidents each gun incident triggers. */
export const BRANCHING = 0.3;
const OFFSPRING_MEAN_DAYS = 4;
const OFFSPRING_SD_M = 130;
/** Unreported gunfire events per gun incident (citywide). */
const UNREPORTED_PER_INCIDENT = 0.6;
const P_FATAL = 0.034;
const P_STRUCK = 0.23;
/** Offspring of a shooting are more often shootings themselves. */
const RETALIATION = 1.4;
const WARMUP_DAYS = 120;

interface Pending {
  readonly timeMs: number;
  readonly place: number;
  readonly point: number;
  /** 0: background incident, 1: offspring of a shooting, 2: offspring of a non-shooting, 3: unreported. */
  readonly origin: 0 | 1 | 2 | 3;
}

/** Binary min-heap of pending events by time (ties keep no particular order but are deterministic). */
class Queue {
  private readonly items: Pending[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Pending | undefined {
    return this.items[0];
  }
  push(e: Pending): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]!.timeMs <= e.timeMs) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = e;
  }
  pop(): Pending {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r]!.timeMs < a[l]!.timeMs ? r : l;
        if (a[c]!.timeMs >= last.timeMs) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

function rounds(rng: Rng, pSingle: number): number {
  if (rng.chance(pSingle)) return 1;
  return Math.min(20, 2 + Math.floor(rng.lognormal(2.5, 0.8)));
}

const isHoliday = (month: number, day: number): boolean =>
  (month === 7 && (day === 4 || day === 5)) || (month === 1 && day === 1) || (month === 12 && day === 31);

/** One array of gun events per day of the period, in time order (empty arrays included). */
export function* gunfireDays(ctx: DemoContext): Generator<GunEvent[]> {
  const rng = new Rng(ctx.seed, hashLabel("gunfire"));
  const { places, intensity, profiles } = ctx;
  const queue = new Queue();
  const perDay = (GUN_INCIDENTS_PER_YEAR * ctx.scale) / 365.25;
  for (const day of days(ctx.startMs - WARMUP_DAYS * DAY_MS, ctx.endMs)) {
    const treated = day.year >= ctx.treatmentYear;
    const table = treated ? intensity.gunTreated : intensity.table.gun;
    const rate =
      perDay *
      trend("gun", day.yearFraction) *
      season(day, 0.2) *
      profiles.gun.dayFactor[day.dayOfWeek]! *
      (treated ? intensity.gunTreatedMass : 1);
    const background = rng.poisson(rate * (1 - BRANCHING));
    for (let i = 0; i < background; i++) {
      const place = table.sample(rng);
      const timeMs = profiles.gun.sampleTime(day, rng);
      queue.push({ timeMs, place, point: addressPoint(place, rng), origin: 0 });
    }
    const holiday = isHoliday(day.month, day.dayOfMonth) ? 5 : 1;
    const unreported = rng.poisson(rate * UNREPORTED_PER_INCIDENT * holiday);
    for (let i = 0; i < unreported; i++) {
      const place = table.sample(rng);
      const timeMs = profiles.gun.sampleTime(day, rng);
      queue.push({ timeMs, place, point: addressPoint(place, rng), origin: 3 });
    }
    const out: GunEvent[] = [];
    const dayEnd = day.startMs + DAY_MS;
    while (queue.size > 0 && queue.peek()!.timeMs < dayEnd) {
      const e = realise(queue.pop(), rng, ctx);
      if (e.kind !== "unreported") {
        const children = rng.poisson(BRANCHING);
        const origin = e.shot > 0 ? 1 : 2;
        for (let c = 0; c < children; c++) {
          const timeMs = offspringTime(e.timeMs, rng, ctx);
          const qx = places.pointX[e.point]! + rng.normal() * OFFSPRING_SD_M;
          const qy = places.pointY[e.point]! + rng.normal() * OFFSPRING_SD_M;
          const near = places.nearest(qx, qy);
          const place = near >= 0 ? near : e.place;
          queue.push({ timeMs, place, point: addressPoint(place, rng), origin });
        }
      }
      if (day.startMs >= ctx.startMs) out.push(e);
    }
    if (day.startMs >= ctx.startMs) yield out;
  }
}

/**
 * When an offspring happens: a whole number of days later (exponential delay), at an hour drawn from the
 * gun-violence profile, so retaliation keeps the late-night pattern; never before its parent.
 */
function offspringTime(parentMs: number, rng: Rng, ctx: DemoContext): number {
  const parentDay = Math.floor(parentMs / DAY_MS) * DAY_MS;
  const later = Math.floor(rng.exponential(1 / OFFSPRING_MEAN_DAYS));
  const t = ctx.profiles.gun.sampleTimeOn(parentDay + later * DAY_MS, rng);
  return t > parentMs ? t : skipDstGap(parentMs + 1000 * Math.round(rng.exponential(1 / 7200)) + 1000);
}

/** Decides what a pending event turns out to be. */
function realise(p: Pending, rng: Rng, ctx: DemoContext): GunEvent {
  const { places } = ctx;
  let kind: GunKind = "unreported";
  let killed = 0;
  let shot = 0;
  let shotsFired = true;
  if (p.origin !== 3) {
    const boost = p.origin === 1 ? RETALIATION : 1;
    const u = rng.uniform();
    if (u < P_FATAL * boost) {
      kind = "fatal";
      killed = 1 + (rng.chance(0.07) ? 1 : 0) + (rng.chance(0.01) ? 1 : 0);
      shot = killed + (rng.chance(0.18) ? 1 + rng.poisson(0.3) : 0);
    } else if (u < (P_FATAL + P_STRUCK) * boost) {
      kind = "struck";
      shot = 1 + (rng.chance(0.14) ? 1 + rng.poisson(0.35) : 0);
    } else {
      kind = "nohit";
      shotsFired = rng.chance(0.55);
    }
  }
  const n = shotsFired ? rounds(rng, kind === "unreported" ? 0.3 : 0.15) : 0;
  let detectedMs: number | null = null;
  let detectedX = 0;
  let detectedY = 0;
  const pDetect = kind === "fatal" || kind === "struck" ? 0.88 : 0.8;
  if (shotsFired && places.covered[p.place] === 1 && rng.chance(pDetect)) {
    detectedMs = p.timeMs + (2 + rng.int(14)) * 1000;
    detectedX = Math.round((places.pointX[p.point]! + rng.normal() * 12) * 10) / 10;
    detectedY = Math.round((places.pointY[p.point]! + rng.normal() * 12) * 10) / 10;
  }
  const pCall = shot > 0 ? 0.75 : kind === "unreported" ? 0.3 : shotsFired ? 0.5 : 0;
  const callMs = rng.chance(pCall) ? p.timeMs + 30_000 + Math.round(rng.exponential(1 / 120_000)) : null;
  return {
    timeMs: p.timeMs,
    place: p.place,
    point: p.point,
    kind,
    killed,
    shot,
    shotsFired,
    rounds: n,
    detectedMs,
    detectedX,
    detectedY,
    callMs,
  };
}
