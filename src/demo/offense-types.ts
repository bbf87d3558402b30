/**
 * The demo city's incident types: for each primary NIBRS offense, its yearly volume at "city" size (about
 * 600,000 residents), where and when it happens, its weapons, the offenses that sometimes come with it, how
 * it gets reported and how often it is cleared. Volumes follow a mid-size US city's Part I proportions
 * (larceny ~55%, aggravated assault ~14%, burglary ~12%, motor vehicle theft ~10%, robbery ~6%, rape ~1.5%,
 * homicide ~0.25%, arson ~0.4%) plus non-Part-I offenses at about 0.7 times the Part I volume. Firearm
 * aggravated assaults and firearm homicides are not here: they come from the gunfire process (gunfire.ts).
 */
import type { Category } from "./intensity.js";
import type { ProfileName, TrendName } from "./temporal.js";

/** Weapon codes with relative weights. */
export type WeaponMix = readonly (readonly [code: string, weight: number])[];

export type ReportKind = "violent" | "sexual" | "property" | "fraud" | "proactive";

export interface ClearanceSpec {
  /** Probability of clearance by arrest, and by exceptional means. */
  readonly arrest: number;
  readonly exceptional: number;
  /** Share of clearances within hours (arrest on scene); the rest take days to months. */
  readonly sameDay: number;
  /** Median delay of the slower clearances, days. */
  readonly medianDays: number;
}

export interface IncidentType {
  readonly code: string;
  /** Incidents per year at "city" size with trend factor 1. */
  readonly perYear: number;
  readonly category: Category;
  readonly profile: ProfileName;
  /** Seasonal amplitude (see temporal.season). */
  readonly season: number;
  readonly trend: TrendName;
  /** Null: no weapon codes (property and society offenses). */
  readonly weapons: WeaponMix | null;
  readonly clearance: ClearanceSpec;
  readonly report: ReportKind;
  /** Offenses that sometimes come with the primary one, each with its probability (at most one is added). */
  readonly extras: readonly (readonly [code: string, p: number])[];
}

export const FIREARMS: WeaponMix = [
  ["12", 70],
  ["11", 20],
  ["13", 6],
  ["14", 2],
  ["15", 2],
];
const AGGRAVATED: WeaponMix = [
  ["20", 30],
  ["30", 20],
  ["40", 20],
  ["35", 5],
  ["90", 10],
  ["95", 15],
];
const ROBBERY: WeaponMix = [
  ["12", 32],
  ["11", 6],
  ["13", 1],
  ["20", 8],
  ["40", 36],
  ["90", 6],
  ["95", 11],
];
const HOMICIDE_OTHER: WeaponMix = [
  ["20", 45],
  ["40", 20],
  ["30", 15],
  ["85", 8],
  ["90", 4],
  ["95", 8],
];
const SEXUAL: WeaponMix = [
  ["40", 60],
  ["99", 25],
  ["95", 10],
  ["12", 3],
  ["20", 2],
];
const SIMPLE: WeaponMix = [
  ["40", 80],
  ["99", 15],
  ["95", 5],
];
const WEAPON_LAW: WeaponMix = [
  ["12", 80],
  ["11", 10],
  ["13", 3],
  ["14", 2],
  ["20", 5],
];
const KIDNAP: WeaponMix = [
  ["40", 40],
  ["99", 30],
  ["12", 15],
  ["20", 5],
  ["95", 10],
];

const clr = (arrest: number, exceptional: number, sameDay: number, medianDays: number): ClearanceSpec => ({
  arrest,
  exceptional,
  sameDay,
  medianDays,
});

type Row = [
  code: string,
  perYear: number,
  category: Category,
  profile: ProfileName,
  season: number,
  trend: TrendName,
  weapons: WeaponMix | null,
  clearance: ClearanceSpec,
  report: ReportKind,
  extras?: IncidentType["extras"],
];

// biome-ignore format: one incident type per row
const ROWS: readonly Row[] = [
  // Part I violent (firearm homicide and firearm aggravated assault come from gunfire.ts)
  ["09A", 15, "violent", "violent", 0.1, "violent", HOMICIDE_OTHER, clr(0.62, 0.06, 0.3, 20), "violent"],
  ["11A", 330, "residential", "evening", 0.08, "other", SEXUAL, clr(0.28, 0.08, 0.2, 20), "sexual"],
  ["11B", 40, "residential", "evening", 0.08, "other", SEXUAL, clr(0.28, 0.08, 0.2, 20), "sexual"],
  ["11C", 35, "residential", "evening", 0.08, "other", SEXUAL, clr(0.28, 0.08, 0.2, 20), "sexual"],
  ["120", 1620, "street", "violent", 0.08, "violent", ROBBERY, clr(0.25, 0.02, 0.3, 14), "violent", [["13A", 0.1], ["240", 0.04]]],
  ["13A", 2268, "violent", "violent", 0.09, "violent", AGGRAVATED, clr(0.54, 0.04, 0.45, 6), "violent", [["290", 0.03]]],
  // Part I property
  ["220", 3240, "burglary", "burglary", 0.06, "property", null, clr(0.12, 0.01, 0.25, 14), "property", [["290", 0.08], ["23D", 0.05]]],
  ["23F", 4100, "vehicle", "overnight", 0.08, "property", null, clr(0.05, 0.01, 0.5, 10), "property", [["290", 0.06]]],
  ["23H", 4500, "street", "daytime", 0.07, "property", null, clr(0.1, 0.02, 0.5, 10), "property"],
  ["23C", 3000, "retail", "daytime", 0.03, "property", null, clr(0.38, 0.02, 0.85, 7), "property"],
  ["23D", 2300, "retail", "daytime", 0.05, "property", null, clr(0.1, 0.02, 0.5, 10), "property"],
  ["23A", 250, "retail", "daytime", 0.05, "property", null, clr(0.05, 0.01, 0.5, 10), "property"],
  ["23B", 120, "street", "daytime", 0.05, "property", null, clr(0.08, 0.01, 0.5, 10), "property"],
  ["23E", 60, "retail", "overnight", 0.03, "property", null, clr(0.08, 0.01, 0.5, 10), "property"],
  ["23G", 655, "vehicle", "overnight", 0.06, "property", null, clr(0.04, 0.01, 0.5, 10), "property"],
  ["240", 2700, "vehicle", "vehicle", 0.06, "vehicle", null, clr(0.1, 0.01, 0.5, 10), "property", [["290", 0.02]]],
  ["200", 108, "residential", "overnight", 0.05, "other", null, clr(0.18, 0.02, 0.2, 20), "property", [["290", 0.1]]],
  // Not Part I
  ["13B", 6000, "violent", "evening", 0.1, "violent", SIMPLE, clr(0.4, 0.06, 0.5, 5), "violent", [["290", 0.03], ["13C", 0.03]]],
  ["13C", 1100, "residential", "daytime", 0.05, "other", null, clr(0.25, 0.08, 0.3, 10), "violent"],
  ["290", 3800, "street", "evening", 0.08, "property", null, clr(0.06, 0.01, 0.4, 10), "property"],
  ["35A", 2000, "drugs", "proactive", 0.05, "drugs", null, clr(0.9, 0, 0.95, 1), "proactive", [["35B", 0.12], ["520", 0.08]]],
  ["35B", 250, "drugs", "proactive", 0.05, "drugs", null, clr(0.9, 0, 0.95, 1), "proactive"],
  ["520", 800, "gun", "proactive", 0.1, "gun", WEAPON_LAW, clr(0.8, 0.01, 0.9, 2), "proactive"],
  ["26A", 700, "residential", "daytime", 0, "other", null, clr(0.05, 0.02, 0.3, 30), "fraud", [["26F", 0.1]]],
  ["26B", 550, "retail", "daytime", 0, "other", null, clr(0.04, 0.01, 0.3, 30), "fraud"],
  ["26F", 300, "residential", "daytime", 0, "other", null, clr(0.03, 0.01, 0.3, 30), "fraud"],
  ["250", 150, "retail", "daytime", 0, "other", null, clr(0.2, 0.02, 0.4, 20), "fraud"],
  ["270", 60, "retail", "daytime", 0, "other", null, clr(0.4, 0.05, 0.1, 30), "fraud"],
  ["280", 300, "vehicle", "proactive", 0.03, "other", null, clr(0.7, 0, 0.9, 1), "proactive"],
  ["100", 120, "residential", "evening", 0.05, "violent", KIDNAP, clr(0.45, 0.05, 0.4, 5), "violent"],
  ["11D", 220, "residential", "daytime", 0.05, "other", SEXUAL, clr(0.25, 0.08, 0.2, 15), "sexual"],
  ["90Z", 2300, "street", "evening", 0.06, "other", null, clr(0.6, 0.02, 0.8, 2), "proactive"],
  ["90D", 500, "traffic", "dui", 0.03, "other", null, clr(0.95, 0, 1, 0.1), "proactive"],
  ["90J", 350, "retail", "daytime", 0.03, "other", null, clr(0.5, 0.02, 0.7, 3), "property"],
  ["90C", 350, "street", "evening", 0.08, "other", null, clr(0.6, 0.02, 0.8, 2), "proactive"],
  ["90F", 90, "residential", "evening", 0.03, "other", null, clr(0.3, 0.05, 0.3, 10), "property"],
  ["90G", 80, "street", "evening", 0.1, "other", null, clr(0.8, 0, 0.9, 1), "proactive"],
  ["40A", 60, "street", "evening", 0.05, "drugs", null, clr(0.95, 0, 1, 0.1), "proactive"],
  ["720", 40, "residential", "daytime", 0.05, "other", null, clr(0.2, 0.05, 0.3, 10), "property"],
];

export const INCIDENT_TYPES: readonly IncidentType[] = ROWS.map(
  ([code, perYear, category, profile, season, trend, weapons, clearance, report, extras]) => ({
    code,
    perYear,
    category,
    profile,
    season,
    trend,
    weapons,
    clearance,
    report,
    extras: extras ?? [],
  }),
);

/** Gunfire incidents (firearm aggravated assaults and firearm homicides) per year at "city" size. */
export const GUN_INCIDENTS_PER_YEAR = 1565;

/** Clearance of gunfire incidents by outcome. */
export const GUN_CLEARANCE: Readonly<Record<"fatal" | "struck" | "nohit", ClearanceSpec>> = {
  fatal: clr(0.6, 0.05, 0.25, 25),
  struck: clr(0.22, 0.03, 0.3, 10),
  nohit: clr(0.34, 0.03, 0.4, 7),
};
