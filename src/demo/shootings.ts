/**
 * Shootings (people struck by gunfire) as a self-exciting point process (Mohler et al. 2011, "Self-exciting
 * point process modeling of crime"): a seasonal, trending background at gun-violence places, and each
 * shooting triggering on average SHOOTING_BRANCHING more within days and a few hundred metres
 * (retaliation, contagion). A Knox test on the result finds the near-repeat excess analysts expect.
 */
import { type DemoContext, TREATMENT_START_MS } from "./context.js";
import { addressPoint } from "./intensity.js";
import { SHOOTING_BRANCHING, SHOOTINGS_BACKGROUND_PER_YEAR } from "./kinds.js";
import { hashLabel, Rng } from "./random.js";
import { DAY_MS, days, season, skipDstGap, toMinute, trend } from "./temporal.js";

export interface Shooting {
  readonly ms: number;
  readonly place: number;
  readonly x: number;
  readonly y: number;
  /** 0 for background events, else the generation of the offspring. */
  readonly generation: number;
}

/** Offspring delay: exponential with this mean, in days. */
const OFFSPRING_MEAN_DAYS = 4;
/** Offspring distance: normal offsets with this standard deviation, metres. */
const OFFSPRING_SD_M = 140;

/** Every shooting of the period, in time order. */
export function generateShootings(ctx: DemoContext): Shooting[] {
  const rng = new Rng(ctx.seed, hashLabel("shootings"));
  const { places, intensity, profiles } = ctx;
  const out: Shooting[] = [];
  const perDay = (SHOOTINGS_BACKGROUND_PER_YEAR * ctx.scale) / 365.25;
  for (const day of days(ctx.startMs, ctx.endMs)) {
    const treated = day.startMs >= TREATMENT_START_MS;
    const lambda =
      perDay *
      season(day, 0.18) *
      trend("gun", day.yearFraction) *
      profiles.gun.dayFactor[day.dayOfWeek]! *
      (treated ? intensity.gunTreatedMass : 1);
    const n = rng.poisson(lambda);
    for (let i = 0; i < n; i++) {
      const place = (treated ? intensity.gunTreated : intensity.table.gun).sample(rng);
      const pt = addressPoint(place, rng);
      out.push({
        ms: toMinute(profiles.gun.sampleTime(day, rng)),
        place,
        x: places.pointX[pt]!,
        y: places.pointY[pt]!,
        generation: 0,
      });
    }
  }
  const endExclusive = ctx.endMs + DAY_MS;
  for (let i = 0; i < out.length; i++) {
    const parent = out[i]!;
    const k = rng.poisson(SHOOTING_BRANCHING);
    for (let c = 0; c < k; c++) {
      const ms = skipDstGap(toMinute(parent.ms + rng.exponential(1 / OFFSPRING_MEAN_DAYS) * DAY_MS + 60_000));
      if (ms >= endExclusive) continue;
      const place = places.nearest(
        parent.x + rng.normal() * OFFSPRING_SD_M,
        parent.y + rng.normal() * OFFSPRING_SD_M,
      );
      if (place < 0) continue;
      const pt = addressPoint(place, rng);
      out.push({
        ms,
        place,
        x: places.pointX[pt]!,
        y: places.pointY[pt]!,
        generation: parent.generation + 1,
      });
    }
  }
  return out.sort((a, b) => a.ms - b.ms || a.place - b.place);
}
