/**
 * The demo city's incidents, generated day by day (lazily: the large size never holds 5 million objects).
 * Each kind's daily count is Poisson with mean = annual rate x scale x season x trend x weekday factor;
 * each incident lands at a place drawn from its category's intensity and at an hour from its profile.
 * Shootings come from the self-exciting process and become 09A (fatal) or 13A (non-fatal) incidents.
 */
import type { DemoContext } from "./context.js";
import { addressPoint } from "./intensity.js";
import { type IncidentKind, KINDS, SHOOTING_FATAL_SHARE, type WeaponMix } from "./kinds.js";
import { hashLabel, Rng } from "./random.js";
import { generateShootings } from "./shootings.js";
import { DAY_MS, days, MINUTE_MS, season, toMinute, trend } from "./temporal.js";

export interface DemoIncident {
  readonly incidentId: string;
  /** Naive local ms, minute precision. */
  readonly occurredMs: number;
  readonly reportedMs: number;
  /** NIBRS codes, sorted, unique. */
  readonly offenses: readonly string[];
  readonly weapons: readonly string[];
  readonly victimsShot: number | null;
  readonly victimsKilled: number | null;
  /** Null for about 1% with no usable location. */
  readonly x: number | null;
  readonly y: number | null;
  readonly address: string | null;
  readonly cleared: "arrest" | "exceptional" | null;
  readonly clearedMs: number | null;
}

type Draft = Omit<DemoIncident, "incidentId">;

const pick = (rng: Rng, codes: readonly string[], weights?: readonly number[]): string =>
  codes[weights ? rng.weighted(weights) : rng.int(codes.length)]!;

const weapon = (rng: Rng, mix: WeaponMix | undefined): string[] =>
  mix ? [pick(rng, mix.codes, mix.weights)] : [];

function clearance(
  rng: Rng,
  c: IncidentKind["clearance"],
  occurredMs: number,
  endMs: number,
): Pick<Draft, "cleared" | "clearedMs"> {
  const u = rng.uniform();
  const cleared = u < c.arrest ? "arrest" : u < c.arrest + c.exceptional ? "exceptional" : null;
  if (!cleared) return { cleared: null, clearedMs: null };
  const at = toMinute(occurredMs + rng.lognormal(c.medianDays, 1) * DAY_MS);
  // cleared after the last day of data: not known yet
  return at > endMs + DAY_MS ? { cleared: null, clearedMs: null } : { cleared, clearedMs: at };
}

function located(ctx: DemoContext, rng: Rng, place: number): Pick<Draft, "x" | "y" | "address"> {
  const pt = addressPoint(place, rng);
  const noLocation = rng.chance(0.01);
  return {
    x: noLocation ? null : ctx.places.pointX[pt]!,
    y: noLocation ? null : ctx.places.pointY[pt]!,
    address: rng.chance(0.01) ? null : ctx.places.address[place]!,
  };
}

function fromKind(ctx: DemoContext, rng: Rng, kind: IncidentKind, day: Parameters<typeof season>[0]): Draft {
  const place = ctx.intensity.table[kind.category].sample(rng);
  const occurredMs = toMinute(ctx.profiles[kind.profile].sampleTime(day, rng));
  const offenses = new Set([pick(rng, kind.offenses, kind.offenseWeights)]);
  if (kind.extra && rng.chance(kind.extra.p)) offenses.add(pick(rng, kind.extra.codes));
  const killed = offenses.has("09A") ? 1 : 0;
  return {
    occurredMs,
    reportedMs: occurredMs + toMinute(rng.lognormal(kind.reportMedianMinutes, 0.8) * MINUTE_MS),
    offenses: [...offenses].sort(),
    weapons: weapon(rng, kind.weapons),
    victimsShot: kind.personCrime ? 0 : null,
    victimsKilled: kind.personCrime ? killed : null,
    ...located(ctx, rng, place),
    ...clearance(rng, kind.clearance, occurredMs, ctx.endMs),
  };
}

const SHOOTING_CLEARANCE = {
  fatal: { arrest: 0.6, exceptional: 0.04, medianDays: 21 },
  nonFatal: { arrest: 0.3, exceptional: 0.03, medianDays: 14 },
};

function fromShooting(ctx: DemoContext, rng: Rng, s: ReturnType<typeof generateShootings>[number]): Draft {
  const fatal = rng.chance(SHOOTING_FATAL_SHARE);
  const killed = fatal ? (rng.chance(0.06) ? 2 : 1) : 0;
  const extraHurt = rng.chance(fatal ? 0.1 : 0.13) ? 1 + (rng.chance(0.2) ? 1 : 0) : 0;
  const offenses = fatal ? (extraHurt > 0 ? ["09A", "13A"] : ["09A"]) : ["13A"];
  const noLocation = rng.chance(0.005);
  return {
    occurredMs: s.ms,
    reportedMs: s.ms + toMinute(rng.lognormal(6, 0.8) * MINUTE_MS),
    offenses,
    weapons: [pick(rng, ["12", "11", "13", "14"], [82, 10, 6, 2])],
    victimsShot: killed + (fatal ? extraHurt : 1 + extraHurt),
    victimsKilled: killed,
    x: noLocation ? null : s.x,
    y: noLocation ? null : s.y,
    address: ctx.places.address[s.place]!,
    ...clearance(rng, fatal ? SHOOTING_CLEARANCE.fatal : SHOOTING_CLEARANCE.nonFatal, s.ms, ctx.endMs),
  };
}

/** Every incident of the period in time order, with ids `LP<year><7-digit sequence>`. */
export function* generateIncidents(ctx: DemoContext): Generator<DemoIncident> {
  const rng = new Rng(ctx.seed, hashLabel("incidents"));
  const shootings = generateShootings(ctx);
  let si = 0;
  let year = 0;
  let seq = 0;
  for (const day of days(ctx.startMs, ctx.endMs)) {
    const batch: Draft[] = [];
    for (const kind of KINDS) {
      const lambda =
        (kind.perYear *
          ctx.scale *
          season(day, kind.season) *
          trend(kind.trend, day.yearFraction) *
          ctx.profiles[kind.profile].dayFactor[day.dayOfWeek]!) /
        365.25;
      const n = rng.poisson(lambda);
      for (let i = 0; i < n; i++) batch.push(fromKind(ctx, rng, kind, day));
    }
    const dayEnd = day.startMs + DAY_MS;
    while (si < shootings.length && shootings[si]!.ms < dayEnd)
      batch.push(fromShooting(ctx, rng, shootings[si++]!));
    batch.sort((a, b) => a.occurredMs - b.occurredMs);
    if (day.year !== year) {
      year = day.year;
      seq = 0;
    }
    for (const d of batch) {
      seq++;
      yield { incidentId: `LP${year}${String(seq).padStart(7, "0")}`, ...d };
    }
  }
}
