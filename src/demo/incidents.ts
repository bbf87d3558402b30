/**
 * The incident stream of the demo city: day by day, the gun incidents of the gunfire process plus a
 * Poisson number of incidents of every other type (rate = yearly volume x trend x season x weekday), each
 * placed at a place drawn from its category's intensity, timed by its hour-of-week profile, then reported,
 * cleared and numbered. Incidents reported after the end of the data are not in it yet, as in a real
 * extract. Chronological by occurrence; memory holds one day at a time.
 */
import { FIREARM_WEAPON_CODES, getOffense } from "../domain/nibrs.js";
import { hashLabel, Rng } from "../domain/random.js";
import type { DemoContext } from "./context.js";
import { IdCounter } from "./events.js";
import { type GunEvent, gunfireDays } from "./gunfire.js";
import { addressPoint } from "./intensity.js";
import {
  type ClearanceSpec,
  FIREARMS,
  GUN_CLEARANCE,
  INCIDENT_TYPES,
  type IncidentType,
  type ReportKind,
} from "./offense-types.js";
import {
  DAY_MS,
  type Day,
  days,
  HOUR_MS,
  MINUTE_MS,
  season,
  skipDstGap,
  toMinute,
  trend,
} from "./temporal.js";
import type { DemoIncident, Mutable } from "./types.js";

/** Share of incidents without a usable location, and of located ones without an address. */
const NO_LOCATION = 0.01;
const NO_ADDRESS_LOCATED = 0.004;
const NO_ADDRESS_UNLOCATED = 0.6;

const freeze = (codes: string[]): readonly string[] => Object.freeze([...new Set(codes)].sort());

interface Prepared {
  readonly type: IncidentType;
  readonly base: readonly string[];
  readonly withExtra: readonly (readonly string[])[];
  readonly weapons: readonly (readonly string[])[];
  readonly weaponWeights: readonly number[];
  /** victimsShot/victimsKilled are 0 (crimes against persons, robbery) rather than null. */
  readonly personCrime: boolean;
}

function prepare(type: IncidentType): Prepared {
  return {
    type,
    base: freeze([type.code]),
    withExtra: type.extras.map(([code]) => freeze([type.code, code])),
    weapons: (type.weapons ?? []).map(([code]) => freeze([code])),
    weaponWeights: (type.weapons ?? []).map(([, w]) => w),
    personCrime: getOffense(type.code).against === "person" || type.code === "120",
  };
}

const GUN_OFFENSES = {
  fatal: freeze(["09A"]),
  fatalWounded: freeze(["09A", "13A"]),
  assault: freeze(["13A"]),
  assaultWeapon: freeze(["13A", "520"]),
};
const FIREARM_ARRAYS = FIREARMS.map(([code]) => freeze([code]));
const FIREARM_WEIGHTS = FIREARMS.map(([, w]) => w);
const NO_WEAPONS: readonly string[] = Object.freeze([]);
if (!FIREARMS.every(([c]) => FIREARM_WEAPON_CODES.includes(c)))
  throw new Error("FIREARMS must be firearm codes");

function reportDelayMs(kind: ReportKind, rng: Rng): number {
  const u = rng.uniform();
  switch (kind) {
    case "violent":
      return u < 0.93 ? rng.exponential(1 / 15) * MINUTE_MS : rng.lognormal(6, 1.2) * HOUR_MS;
    case "sexual":
      return u < 0.45 ? rng.exponential(1 / 40) * MINUTE_MS : rng.lognormal(48, 1.5) * HOUR_MS;
    case "property":
      if (u < 0.5) return rng.exponential(1 / 40) * MINUTE_MS;
      return u < 0.85 ? rng.lognormal(8, 0.8) * HOUR_MS : rng.lognormal(60, 1) * HOUR_MS;
    case "fraud":
      return rng.lognormal(7, 1.2) * DAY_MS;
    case "proactive":
      return 0;
    default: {
      const never: never = kind;
      throw new Error(`unknown report kind ${String(never)}`);
    }
  }
}

/** Builds an incident (id left empty) with the parts every type shares: report, clearance, location. */
function finish(
  ctx: DemoContext,
  rng: Rng,
  fields: Omit<
    Mutable<DemoIncident>,
    "incidentId" | "reportedMs" | "cleared" | "clearedMs" | "x" | "y" | "address" | "victimAgeBand"
  >,
  report: ReportKind,
  clearance: ClearanceSpec,
  place: number,
  point: number,
): Mutable<DemoIncident> {
  const delay = Math.min(reportDelayMs(report, rng), 180 * DAY_MS);
  const reportedMs = toMinute(skipDstGap(fields.occurredMs + delay));
  const u = rng.uniform();
  let cleared: DemoIncident["cleared"] = u < clearance.arrest ? "arrest" : null;
  if (!cleared && u < clearance.arrest + clearance.exceptional) cleared = "exceptional";
  let clearedMs: number | null = null;
  if (cleared) {
    const slow = cleared === "exceptional" ? 2 : 1;
    const lag = rng.chance(clearance.sameDay)
      ? rng.exponential(1 / 3) * HOUR_MS
      : rng.lognormal(clearance.medianDays * slow, 1.1) * DAY_MS;
    clearedMs = toMinute(skipDstGap(reportedMs + lag));
    if (clearedMs >= ctx.dataEndMs) {
      cleared = null;
      clearedMs = null;
    }
  }
  const located = !rng.chance(NO_LOCATION);
  const hasAddress = !rng.chance(located ? NO_ADDRESS_LOCATED : NO_ADDRESS_UNLOCATED);
  return {
    incidentId: "",
    ...fields,
    reportedMs,
    x: located ? ctx.places.pointX[point]! : null,
    y: located ? ctx.places.pointY[point]! : null,
    address: hasAddress ? ctx.places.address[place]! : null,
    cleared,
    clearedMs,
    victimAgeBand: null,
  };
}

function fromGun(ctx: DemoContext, rng: Rng, e: GunEvent): Mutable<DemoIncident> {
  const fatal = e.kind === "fatal";
  const offenses = fatal
    ? e.shot > e.killed
      ? GUN_OFFENSES.fatalWounded
      : GUN_OFFENSES.fatal
    : rng.chance(0.1)
      ? GUN_OFFENSES.assaultWeapon
      : GUN_OFFENSES.assault;
  const fields = {
    occurredMs: toMinute(e.timeMs),
    offenses,
    weapons: FIREARM_ARRAYS[rng.weighted(FIREARM_WEIGHTS)]!,
    victimsShot: e.shot,
    victimsKilled: e.killed,
  };
  const clearance = GUN_CLEARANCE[e.kind === "unreported" ? "nohit" : e.kind];
  return finish(ctx, rng, fields, "violent", clearance, e.place, e.point);
}

function fromType(ctx: DemoContext, rng: Rng, t: Prepared, day: Day): Mutable<DemoIncident> {
  const { type } = t;
  const place = ctx.intensity.table[type.category].sample(rng);
  let occurredMs = toMinute(ctx.profiles[type.profile].sampleTime(day, rng));
  // Property crime found after the fact is often recorded at the hour.
  if (type.report === "property" && rng.chance(0.25)) occurredMs = Math.floor(occurredMs / HOUR_MS) * HOUR_MS;
  let offenses = t.base;
  for (let i = 0; i < type.extras.length; i++) {
    if (rng.chance(type.extras[i]![1])) {
      offenses = t.withExtra[i]!;
      break;
    }
  }
  const killed = type.code === "09A" ? (rng.chance(0.05) ? 2 : 1) : 0;
  const fields = {
    occurredMs,
    offenses,
    weapons: t.weapons.length > 0 ? t.weapons[rng.weighted(t.weaponWeights)]! : NO_WEAPONS,
    victimsShot: t.personCrime ? 0 : null,
    victimsKilled: t.personCrime ? killed : null,
  };
  return finish(ctx, rng, fields, type.report, type.clearance, place, addressPoint(place, rng));
}

/** Generates every incident of the period in occurrence order, ids "LP" + year + 7-digit sequence. */
export function* generateIncidents(ctx: DemoContext): Generator<DemoIncident> {
  const rng = new Rng(ctx.seed, hashLabel("incidents"));
  const prepared = INCIDENT_TYPES.map(prepare);
  const guns = gunfireDays(ctx);
  const ids = new IdCounter("LP", 7);
  for (const day of days(ctx.startMs, ctx.endMs)) {
    const batch: Mutable<DemoIncident>[] = [];
    for (const e of guns.next().value ?? []) if (e.kind !== "unreported") batch.push(fromGun(ctx, rng, e));
    for (const t of prepared) {
      const { type } = t;
      const rate =
        ((type.perYear * ctx.scale) / 365.25) *
        trend(type.trend, day.yearFraction) *
        season(day, type.season) *
        ctx.profiles[type.profile].dayFactor[day.dayOfWeek]!;
      const n = rng.poisson(rate);
      for (let i = 0; i < n; i++) batch.push(fromType(ctx, rng, t, day));
    }
    batch.sort((a, b) => a.occurredMs - b.occurredMs);
    for (const incident of batch) {
      if (incident.reportedMs >= ctx.dataEndMs) continue;
      incident.incidentId = ids.next(incident.occurredMs);
      incident.victimAgeBand = victimAgeBands(ctx.seed, incident);
      yield incident;
    }
  }
}

/**
 * Victim age bands of shooting victims, an illustrative mix for US shooting victims (about one in eight a
 * child, most 18-34). Drawn per incident from a stream of its own, keyed by seed and incident id, so adding
 * the attribute changed no other draw: every count and every other field of the demo city is as before.
 */
const AGE_BANDS = ["under 18", "18-24", "25-34", "35+"] as const;
const AGE_WEIGHTS = [0.12, 0.36, 0.32, 0.2];

export function victimAgeBands(
  seed: number,
  incident: Pick<DemoIncident, "incidentId" | "victimsShot">,
): string | null {
  const shot = incident.victimsShot ?? 0;
  if (shot < 1) return null;
  const rng = new Rng(seed, hashLabel(`victim-age:${incident.incidentId}`));
  return Array.from({ length: shot }, () => AGE_BANDS[rng.weighted(AGE_WEIGHTS)]!).join(";");
}

/**
 * The attributes JSON the demo stores with an incident: the carjacking flag (decided by the caller) and the
 * victims' age bands (key `victim_age_band`, read by src/review/victims.ts). Null when there are none.
 */
export function demoIncidentAttributes(d: DemoIncident, carjacking: boolean): Record<string, string> | null {
  const attrs: Record<string, string> = {};
  if (carjacking) attrs.carjacking = "1";
  if (d.victimAgeBand !== null) attrs.victim_age_band = d.victimAgeBand;
  return Object.keys(attrs).length > 0 ? attrs : null;
}
