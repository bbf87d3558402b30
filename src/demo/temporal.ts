/**
 * When things happen in the demo city: the calendar walk, seasonality, multi-year trends and hour-of-week
 * profiles. Times are naive local milliseconds (see domain/time.ts); the skipped spring-forward hour of
 * America/Chicago is never produced.
 */
import type { Rng } from "../domain/random.js";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** One calendar day of the generated period. */
export interface Day {
  /** Naive ms of local midnight. */
  readonly startMs: number;
  readonly year: number;
  /** 1-12 and 1-31. */
  readonly month: number;
  readonly dayOfMonth: number;
  /** 0 = Sunday. */
  readonly dayOfWeek: number;
  /** 1-based day of the year. */
  readonly dayOfYear: number;
  /** Fractional calendar year at noon (e.g. 2021.5), for smooth trends. */
  readonly yearFraction: number;
}

/** Second Sunday of March (US rule since 2007) as a day of the month. */
function dstStartDay(year: number): number {
  const firstDow = new Date(Date.UTC(year, 2, 1)).getUTCDay();
  return 1 + ((7 - firstDow) % 7) + 7;
}

/** The days from `startMs` to `endMs` (both local midnights), inclusive. */
export function* days(startMs: number, endMs: number): Generator<Day> {
  for (let ms = startMs; ms <= endMs; ms += DAY_MS) {
    const d = new Date(ms);
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth() + 1;
    const dayOfMonth = d.getUTCDate();
    const dayOfYear = Math.round((ms - Date.UTC(year, 0, 1)) / DAY_MS) + 1;
    const yearDays = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 366 : 365;
    yield {
      startMs: ms,
      year,
      month,
      dayOfMonth,
      dayOfWeek: d.getUTCDay(),
      dayOfYear,
      yearFraction: year + (dayOfYear - 0.5) / yearDays,
    };
  }
}

/** Seasonal multiplier with mean 1, peaking in mid-July; `amplitude` 0.1 gives about +20% July vs February. */
export function season(day: Day, amplitude: number): number {
  return 1 + amplitude * Math.cos((2 * Math.PI * (day.dayOfYear - 196)) / 365.25);
}

export type TrendName = "violent" | "gun" | "property" | "vehicle" | "drugs" | "other";

const bump = (t: number, centre: number, width: number): number => Math.exp(-(((t - centre) / width) ** 2));

/**
 * Gentle multi-year trends: a slow decline everywhere, the 2020-2021 rise in gun violence, the 2020 dip in
 * property crime and the 2022-2023 motor vehicle theft wave; drug enforcement incidents fall steadily.
 */
export function trend(name: TrendName, t: number): number {
  switch (name) {
    case "violent":
      return Math.exp(-0.015 * (t - 2020)) * (1 + 0.15 * bump(t, 2021, 1));
    case "gun":
      return Math.exp(-0.02 * (t - 2020)) * (1 + 0.4 * bump(t, 2021, 0.9));
    case "property":
      return Math.exp(-0.025 * (t - 2020)) * (1 - 0.1 * bump(t, 2020.5, 0.45));
    case "vehicle":
      return Math.exp(-0.01 * (t - 2020)) * (1 + 0.45 * bump(t, 2023, 0.7));
    case "drugs":
      return Math.exp(-0.07 * (t - 2020));
    case "other":
      return Math.exp(-0.015 * (t - 2020));
    default: {
      const never: never = name;
      throw new Error(`unknown trend ${String(never)}`);
    }
  }
}

export type ProfileName =
  | "violent"
  | "gun"
  | "daytime"
  | "burglary"
  | "vehicle"
  | "overnight"
  | "evening"
  | "proactive"
  | "dui";

interface ProfileSpec {
  /** Relative weight of each hour 0-23. */
  readonly hours: readonly number[];
  /** Relative weight of each day of the week, Sunday first. */
  readonly week: readonly number[];
  /** Extra factor for Friday and Saturday nights (18:00-04:59). */
  readonly weekendNight: number;
}

// biome-ignore format: hour tables read best one row each
const SPECS: Record<ProfileName, ProfileSpec> = {
  violent:   { hours: [16, 15, 14, 10, 6, 4, 3.5, 4, 5, 6, 7, 8, 9, 9, 10, 11, 11.5, 12, 12.5, 13, 14, 15, 16, 16.5], week: [1.05, 0.95, 0.93, 0.93, 0.95, 1.02, 1.1], weekendNight: 1.35 },
  gun:       { hours: [22, 20, 18, 12, 6, 3, 2, 2, 2.5, 3, 3.5, 4, 5, 5.5, 6, 7, 8, 9, 10, 11, 13, 15, 18, 21], week: [1.1, 0.9, 0.88, 0.9, 0.95, 1.05, 1.15], weekendNight: 1.5 },
  daytime:   { hours: [3, 2, 1.5, 1, 1, 1, 2, 4, 7, 9, 11, 12, 13, 13, 13, 13.5, 13.5, 13, 11, 9, 7, 6, 5, 4], week: [0.85, 1.05, 1.03, 1.03, 1.03, 1.05, 0.96], weekendNight: 1 },
  burglary:  { hours: [6, 5, 4, 3.5, 3, 3, 4, 6, 9, 10, 10.5, 10, 10, 10, 10.5, 10, 9.5, 9, 8.5, 8, 7.5, 7, 7, 6.5], week: [0.88, 1.05, 1.03, 1.02, 1.02, 1.04, 0.96], weekendNight: 1 },
  vehicle:   { hours: [9, 8, 7, 6, 5, 4, 4, 5, 6, 6, 6, 6, 6.5, 6.5, 7, 7, 7.5, 8, 9, 10, 11, 11.5, 11, 10], week: [0.97, 1, 1, 1, 1, 1.03, 1], weekendNight: 1.1 },
  overnight: { hours: [12, 11, 10, 9, 8, 7, 6, 6, 5, 4, 3.5, 3.5, 3.5, 3.5, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 11], week: [1, 1, 1, 1, 1, 1, 1.02], weekendNight: 1.1 },
  evening:   { hours: [9, 8, 7, 5, 3.5, 2.5, 2.5, 3.5, 5, 6, 7, 7.5, 8, 8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5, 11.5, 11, 10], week: [1, 0.97, 0.97, 0.97, 0.98, 1.04, 1.07], weekendNight: 1.15 },
  proactive: { hours: [7, 6, 5, 3, 1.5, 1, 1, 1.5, 3, 5, 7, 8, 9, 10, 11, 12, 13, 13.5, 13.5, 13, 12, 11, 10, 8.5], week: [0.85, 1, 1.05, 1.05, 1.05, 1.02, 0.98], weekendNight: 1.1 },
  dui:       { hours: [20, 20, 19, 13, 6, 3, 2, 2, 2, 2, 2, 2, 2.5, 2.5, 3, 3.5, 4, 5, 6, 7, 9, 11, 14, 17], week: [1.25, 0.8, 0.8, 0.85, 0.95, 1.1, 1.3], weekendNight: 1.5 },
};

const isWeekendNight = (dow: number, hour: number): boolean =>
  (dow === 5 && hour >= 18) || (dow === 6 && (hour < 5 || hour >= 18)) || (dow === 0 && hour < 5);

/** An hour-of-week profile ready to sample: day weights (mean 1) and a cumulative hour table per weekday. */
export class HourOfWeek {
  /** Multiplier for each weekday (mean 1 over the week). */
  readonly dayFactor: Float64Array;
  private readonly cumulative: Float64Array;

  constructor(name: ProfileName) {
    const spec = SPECS[name];
    this.dayFactor = new Float64Array(7);
    this.cumulative = new Float64Array(168);
    let weekTotal = 0;
    for (let dow = 0; dow < 7; dow++) {
      let acc = 0;
      for (let h = 0; h < 24; h++) {
        acc += spec.hours[h]! * spec.week[dow]! * (isWeekendNight(dow, h) ? spec.weekendNight : 1);
        this.cumulative[dow * 24 + h] = acc;
      }
      this.dayFactor[dow] = acc;
      weekTotal += acc;
    }
    for (let dow = 0; dow < 7; dow++) {
      const dayTotal = this.dayFactor[dow]!;
      for (let h = 0; h < 24; h++) this.cumulative[dow * 24 + h] = this.cumulative[dow * 24 + h]! / dayTotal;
      this.dayFactor[dow] = (dayTotal * 7) / weekTotal;
    }
  }

  /** A naive time within `day` (whole seconds), hour by this profile, never in the skipped DST hour. */
  sampleTime(day: Day, rng: Rng): number {
    return this.sampleTimeOn(day.startMs, rng);
  }

  /** Same as sampleTime for the day starting at naive midnight `dayStartMs`. */
  sampleTimeOn(dayStartMs: number, rng: Rng): number {
    const u = rng.uniform();
    const dow = (Math.floor(dayStartMs / DAY_MS) + 4) % 7;
    const base = dow * 24;
    let h = 0;
    while (h < 23 && u >= this.cumulative[base + h]!) h++;
    return skipDstGap(dayStartMs + h * HOUR_MS + rng.int(3600) * 1000);
  }
}

/** Every profile, built once. */
export function buildProfiles(): Record<ProfileName, HourOfWeek> {
  const out = {} as Record<ProfileName, HourOfWeek>;
  for (const name of Object.keys(SPECS) as ProfileName[]) out[name] = new HourOfWeek(name);
  return out;
}

/** Moves a naive time that falls in the skipped spring-forward hour (02:00-02:59) one hour later. */
export function skipDstGap(ms: number): number {
  const dayStart = Math.floor(ms / DAY_MS) * DAY_MS;
  const hour = Math.floor((ms - dayStart) / HOUR_MS);
  if (hour !== 2) return ms;
  const d = new Date(dayStart);
  return d.getUTCMonth() === 2 && d.getUTCDate() === dstStartDay(d.getUTCFullYear()) ? ms + HOUR_MS : ms;
}

/** Truncates naive ms to the minute. */
export const toMinute = (ms: number): number => Math.floor(ms / MINUTE_MS) * MINUTE_MS;
