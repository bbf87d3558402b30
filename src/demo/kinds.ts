/**
 * The incident kinds of the demo city: what offenses, where (a spatial category), when (an hour-of-week
 * profile, a trend, a seasonal amplitude), with what weapons, and how often cleared. Annual counts are for
 * the "city" size (about 600,000 residents) and set so the Part I mix is near a real US city's: larceny
 * about 55%, aggravated assault 14%, burglary 12%, motor vehicle theft 10%, robbery 6%, rape 1.5%,
 * homicide 0.25%, arson 0.4%. Firearm homicides and non-fatal shootings are not here: they come from the
 * self-exciting shooting process (shootings.ts).
 */
import type { Category } from "./intensity.js";
import type { ProfileName, TrendName } from "./temporal.js";

export interface WeaponMix {
  readonly codes: readonly string[];
  readonly weights: readonly number[];
}

export interface IncidentKind {
  readonly name: string;
  /** Offense code(s) drawn with weights; one per incident. */
  readonly offenses: readonly string[];
  readonly offenseWeights?: readonly number[];
  /** A second offense added with this probability (NIBRS multi-offense incidents). */
  readonly extra?: { readonly p: number; readonly codes: readonly string[] };
  readonly perYear: number;
  readonly category: Category;
  readonly profile: ProfileName;
  readonly trend: TrendName;
  /** Seasonal amplitude: 0.1 gives about +20% in July against February. */
  readonly season: number;
  readonly weapons?: WeaponMix;
  /** People struck and killed: 0 for crimes against persons, null where it does not apply. */
  readonly personCrime: boolean;
  /** Clearance: probability by arrest, by exceptional means, and the median delay in days. */
  readonly clearance: { readonly arrest: number; readonly exceptional: number; readonly medianDays: number };
  /** Median minutes from occurrence to report. */
  readonly reportMedianMinutes: number;
}

const W = (codes: string[], weights: number[]): WeaponMix => ({ codes, weights });

export const KINDS: readonly IncidentKind[] = [
  {
    name: "aggravated assault",
    offenses: ["13A"],
    extra: { p: 0.04, codes: ["520", "290"] },
    perYear: 4080,
    category: "violent",
    profile: "violent",
    trend: "violent",
    season: 0.12,
    // Firearm share set so that, with the non-fatal shootings, about 40% of 13A involve a firearm.
    weapons: W(["12", "11", "13", "20", "30", "40", "90", "95"], [28, 5, 1, 25, 15, 18, 4, 4]),
    personCrime: true,
    clearance: { arrest: 0.42, exceptional: 0.04, medianDays: 9 },
    reportMedianMinutes: 15,
  },
  {
    name: "homicide, not by firearm",
    offenses: ["09A"],
    perYear: 17,
    category: "violent",
    profile: "violent",
    trend: "violent",
    season: 0.1,
    weapons: W(["20", "30", "40", "85", "95"], [45, 20, 20, 5, 10]),
    personCrime: true,
    clearance: { arrest: 0.68, exceptional: 0.04, medianDays: 14 },
    reportMedianMinutes: 10,
  },
  {
    name: "robbery",
    offenses: ["120"],
    extra: { p: 0.1, codes: ["240", "13A", "240"] },
    perYear: 1920,
    category: "street",
    profile: "evening",
    trend: "violent",
    season: 0.08,
    weapons: W(["12", "11", "20", "40", "95"], [35, 5, 10, 35, 15]),
    personCrime: true,
    clearance: { arrest: 0.24, exceptional: 0.02, medianDays: 12 },
    reportMedianMinutes: 12,
  },
  {
    name: "rape",
    offenses: ["11A", "11B", "11C"],
    offenseWeights: [82, 10, 8],
    extra: { p: 0.05, codes: ["11D", "13B"] },
    perYear: 480,
    category: "residential",
    profile: "overnight",
    trend: "other",
    season: 0.08,
    weapons: W(["40", "99", "95", "12"], [60, 25, 12, 3]),
    personCrime: true,
    clearance: { arrest: 0.25, exceptional: 0.1, medianDays: 30 },
    reportMedianMinutes: 600,
  },
  {
    name: "burglary",
    offenses: ["220"],
    extra: { p: 0.05, codes: ["290"] },
    perYear: 3840,
    category: "burglary",
    profile: "burglary",
    trend: "property",
    season: 0.06,
    personCrime: false,
    clearance: { arrest: 0.11, exceptional: 0.01, medianDays: 20 },
    reportMedianMinutes: 240,
  },
  {
    name: "theft from vehicle",
    offenses: ["23F", "23G"],
    offenseWeights: [85, 15],
    perYear: 6160,
    category: "vehicle",
    profile: "overnight",
    trend: "property",
    season: 0.08,
    personCrime: false,
    clearance: { arrest: 0.05, exceptional: 0.01, medianDays: 15 },
    reportMedianMinutes: 420,
  },
  {
    name: "shoplifting",
    offenses: ["23C"],
    perYear: 3520,
    category: "retail",
    profile: "daytime",
    trend: "property",
    season: 0.04,
    personCrime: false,
    clearance: { arrest: 0.45, exceptional: 0.03, medianDays: 0.2 },
    reportMedianMinutes: 30,
  },
  {
    name: "other larceny",
    offenses: ["23H", "23D", "23A", "23B", "23E"],
    offenseWeights: [65, 28, 3, 2, 2],
    perYear: 7920,
    category: "street",
    profile: "daytime",
    trend: "property",
    season: 0.07,
    personCrime: false,
    clearance: { arrest: 0.1, exceptional: 0.02, medianDays: 10 },
    reportMedianMinutes: 180,
  },
  {
    name: "motor vehicle theft",
    offenses: ["240"],
    perYear: 3200,
    category: "vehicle",
    profile: "vehicle",
    trend: "vehicle",
    season: 0.06,
    personCrime: false,
    clearance: { arrest: 0.09, exceptional: 0.01, medianDays: 12 },
    reportMedianMinutes: 360,
  },
  {
    name: "arson",
    offenses: ["200"],
    perYear: 128,
    category: "burglary",
    profile: "overnight",
    trend: "other",
    season: 0.1,
    personCrime: false,
    clearance: { arrest: 0.14, exceptional: 0.02, medianDays: 25 },
    reportMedianMinutes: 10,
  },
  {
    name: "simple assault",
    offenses: ["13B"],
    extra: { p: 0.03, codes: ["13C", "290"] },
    perYear: 6000,
    category: "violent",
    profile: "violent",
    trend: "violent",
    season: 0.1,
    weapons: W(["40", "99", "95"], [80, 12, 8]),
    personCrime: true,
    clearance: { arrest: 0.45, exceptional: 0.05, medianDays: 3 },
    reportMedianMinutes: 20,
  },
  {
    name: "intimidation",
    offenses: ["13C"],
    perYear: 700,
    category: "residential",
    profile: "daytime",
    trend: "other",
    season: 0.04,
    weapons: W(["99", "95"], [85, 15]),
    personCrime: true,
    clearance: { arrest: 0.3, exceptional: 0.05, medianDays: 7 },
    reportMedianMinutes: 120,
  },
  {
    name: "vandalism",
    offenses: ["290"],
    perYear: 5000,
    category: "residential",
    profile: "evening",
    trend: "property",
    season: 0.1,
    personCrime: false,
    clearance: { arrest: 0.08, exceptional: 0.01, medianDays: 10 },
    reportMedianMinutes: 300,
  },
  {
    name: "drugs",
    offenses: ["35A"],
    extra: { p: 0.25, codes: ["35B", "35B", "520"] },
    perYear: 2000,
    category: "drugs",
    profile: "proactive",
    trend: "drugs",
    season: 0.05,
    personCrime: false,
    clearance: { arrest: 0.95, exceptional: 0, medianDays: 0.05 },
    reportMedianMinutes: 1,
  },
  {
    name: "weapon law violation",
    offenses: ["520"],
    extra: { p: 0.2, codes: ["35A"] },
    perYear: 900,
    category: "gun",
    profile: "proactive",
    trend: "gun",
    season: 0.08,
    weapons: W(["12", "11", "13", "14"], [80, 8, 7, 5]),
    personCrime: false,
    clearance: { arrest: 0.92, exceptional: 0, medianDays: 0.05 },
    reportMedianMinutes: 1,
  },
  {
    name: "fraud",
    offenses: ["26A", "26B", "26F", "250"],
    offenseWeights: [40, 30, 20, 10],
    perYear: 1500,
    category: "residential",
    profile: "daytime",
    trend: "other",
    season: 0,
    personCrime: false,
    clearance: { arrest: 0.07, exceptional: 0.02, medianDays: 40 },
    reportMedianMinutes: 4320,
  },
  {
    name: "all other offenses",
    offenses: ["90Z", "90C", "90J", "90D"],
    offenseWeights: [50, 25, 15, 10],
    perYear: 1200,
    category: "street",
    profile: "evening",
    trend: "other",
    season: 0.08,
    personCrime: false,
    clearance: { arrest: 0.55, exceptional: 0.02, medianDays: 0.1 },
    reportMedianMinutes: 30,
  },
];

/** Shootings (people struck by gunfire) per year at the "city" size, before contagion: see shootings.ts. */
export const SHOOTINGS_BACKGROUND_PER_YEAR = 350;
/** Mean offspring per shooting (branching ratio): the share of shootings that are retaliation or contagion. */
export const SHOOTING_BRANCHING = 0.22;
/** Share of shootings that kill (about 1 in 7, as in Milwaukee's 2017-2019 figures). */
export const SHOOTING_FATAL_SHARE = 0.14;
