/**
 * NIBRS offense and weapon/force codes.
 *
 * The offense list follows the FBI NIBRS technical specification as mirrored in the SEARCH-NCJIS
 * `nibrs` project's `OffenseCode` enum (Group A and Group B, including the federal-only codes). Codes are
 * case-insensitive on input and stored upper-case. Invented codes ("121", "armed robbery") are rejected.
 */
import { getUkCrimeType } from "./uk-crime.js";

export type OffenseGroup = "A" | "B";
export type CrimeAgainst = "person" | "property" | "society";

export interface OffenseInfo {
  readonly code: string;
  readonly name: string;
  readonly group: OffenseGroup;
  readonly against: CrimeAgainst;
}

const A = (code: string, name: string, against: CrimeAgainst): OffenseInfo => ({
  code,
  name,
  group: "A",
  against,
});
const B = (code: string, name: string, against: CrimeAgainst): OffenseInfo => ({
  code,
  name,
  group: "B",
  against,
});

export const OFFENSES: readonly OffenseInfo[] = [
  A("09A", "Murder and non-negligent manslaughter", "person"),
  A("09B", "Negligent manslaughter", "person"),
  A("09C", "Justifiable homicide", "person"),
  A("100", "Kidnapping/abduction", "person"),
  A("101", "Treason", "society"),
  A("103", "Espionage", "society"),
  A("11A", "Rape", "person"),
  A("11B", "Sodomy", "person"),
  A("11C", "Sexual assault with an object", "person"),
  A("11D", "Fondling", "person"),
  A("120", "Robbery", "property"),
  A("13A", "Aggravated assault", "person"),
  A("13B", "Simple assault", "person"),
  A("13C", "Intimidation", "person"),
  A("200", "Arson", "property"),
  A("210", "Extortion/blackmail", "property"),
  A("220", "Burglary/breaking and entering", "property"),
  A("23A", "Pocket-picking", "property"),
  A("23B", "Purse-snatching", "property"),
  A("23C", "Shoplifting", "property"),
  A("23D", "Theft from building", "property"),
  A("23E", "Theft from coin-operated machine or device", "property"),
  A("23F", "Theft from motor vehicle", "property"),
  A("23G", "Theft of motor vehicle parts or accessories", "property"),
  A("23H", "All other larceny", "property"),
  A("240", "Motor vehicle theft", "property"),
  A("250", "Counterfeiting/forgery", "property"),
  A("26A", "False pretenses/swindle/confidence game", "property"),
  A("26B", "Credit card/ATM fraud", "property"),
  A("26C", "Impersonation", "property"),
  A("26D", "Welfare fraud", "property"),
  A("26E", "Wire fraud", "property"),
  A("26F", "Identity theft", "property"),
  A("26G", "Hacking/computer invasion", "property"),
  A("26H", "Money laundering", "property"),
  A("270", "Embezzlement", "property"),
  A("280", "Stolen property offenses", "property"),
  A("290", "Destruction/damage/vandalism of property", "property"),
  A("30A", "Illegal entry into the United States", "society"),
  A("30B", "False citizenship", "society"),
  A("30C", "Smuggling aliens", "society"),
  A("30D", "Re-entry after deportation", "society"),
  A("35A", "Drug/narcotic violations", "society"),
  A("35B", "Drug equipment violations", "society"),
  A("36A", "Incest", "person"),
  A("36B", "Statutory rape", "person"),
  A("370", "Pornography/obscene material", "society"),
  A("39A", "Betting/wagering", "society"),
  A("39B", "Operating/promoting/assisting gambling", "society"),
  A("39C", "Gambling equipment violations", "society"),
  A("39D", "Sports tampering", "society"),
  A("40A", "Prostitution", "society"),
  A("40B", "Assisting or promoting prostitution", "society"),
  A("40C", "Purchasing prostitution", "society"),
  A("49A", "Harboring escapee/concealing from arrest", "society"),
  A("49B", "Flight to avoid prosecution", "society"),
  A("49C", "Flight to avoid deportation", "society"),
  A("510", "Bribery", "property"),
  A("520", "Weapon law violations", "society"),
  A("521", "Violation of National Firearms Act of 1934", "society"),
  A("522", "Weapons of mass destruction", "society"),
  A("526", "Explosives", "society"),
  A("58A", "Import violations", "society"),
  A("58B", "Export violations", "society"),
  A("61A", "Federal liquor offenses", "society"),
  A("61B", "Federal tobacco offenses", "society"),
  A("620", "Wildlife trafficking", "society"),
  A("64A", "Human trafficking, commercial sex acts", "person"),
  A("64B", "Human trafficking, involuntary servitude", "person"),
  A("720", "Animal cruelty", "society"),
  B("90A", "Bad checks", "property"),
  B("90B", "Curfew/loitering/vagrancy violations", "society"),
  B("90C", "Disorderly conduct", "society"),
  B("90D", "Driving under the influence", "society"),
  B("90E", "Drunkenness", "society"),
  B("90F", "Family offenses, nonviolent", "society"),
  B("90G", "Liquor law violations", "society"),
  B("90H", "Peeping tom", "society"),
  B("90I", "Runaway", "society"),
  B("90J", "Trespass of real property", "society"),
  B("90K", "Failure to appear", "society"),
  B("90L", "Federal resource violations", "society"),
  B("90M", "Perjury", "society"),
  B("90Z", "All other offenses", "society"),
];

const OFFENSE_BY_CODE: ReadonlyMap<string, OffenseInfo> = new Map(OFFENSES.map((o) => [o.code, o]));

/** Normalises an offense code from input (trim, upper-case); undefined when it is not a NIBRS code. */
export function findOffenseCode(raw: string): string | undefined {
  const code = raw.trim().toUpperCase();
  return OFFENSE_BY_CODE.has(code) ? code : undefined;
}

export function getOffense(code: string): OffenseInfo {
  const info = OFFENSE_BY_CODE.get(code);
  if (!info) throw new Error(`not a NIBRS offense code: ${code}`);
  return info;
}

/**
 * Offense groups, for local formats that name a family of offenses without saying which one (Milwaukee
 * WIBR's AssaultOffense flag does not say aggravated, simple or intimidation). NIBRS itself names these
 * families ("Assault Offenses" = 13A-13C, ...); we store the family's two-digit stem, so such a record is
 * never counted as a specific offense it may not be. Metrics say how they treat groups (domain.md).
 * Accepted from format mappings only: the generic CSV takes specific codes.
 */
export const OFFENSE_GROUPS: Readonly<Record<string, { name: string; members: readonly string[] }>> = {
  "09": { name: "Homicide offenses (09A-09C, not specified)", members: ["09A", "09B", "09C"] },
  "11": { name: "Sex offenses (11A-11D, not specified)", members: ["11A", "11B", "11C", "11D"] },
  "13": { name: "Assault offenses (13A-13C, not specified)", members: ["13A", "13B", "13C"] },
  "23": {
    name: "Larceny/theft offenses (23A-23H, not specified)",
    members: ["23A", "23B", "23C", "23D", "23E", "23F", "23G", "23H"],
  },
  "26": {
    name: "Fraud offenses (26A-26H, not specified)",
    members: ["26A", "26B", "26C", "26D", "26E", "26F", "26G", "26H"],
  },
  "35": { name: "Drug/narcotic offenses (35A-35B, not specified)", members: ["35A", "35B"] },
  "40": { name: "Prostitution offenses (40A-40C, not specified)", members: ["40A", "40B", "40C"] },
};

export function isOffenseGroup(code: string): boolean {
  return code in OFFENSE_GROUPS;
}

/** Name of a specific code, an offense group, or a code of another taxonomy (data.police.uk `uk:`). */
export function offenseName(code: string): string {
  return (
    OFFENSE_BY_CODE.get(code)?.name ??
    OFFENSE_GROUPS[code]?.name ??
    getUkCrimeType(code)?.name ??
    `unknown code ${code}`
  );
}

/**
 * NIBRS data element 13, Type Weapon/Force Involved. Firearm codes 11-15 may carry an "A" suffix
 * (automatic). Note: NIBRS uses 20 for knife/cutting instrument; the Summary (SRS) reporting system's
 * weapon codes differ and are not accepted here.
 */
export const WEAPONS: Readonly<Record<string, string>> = {
  "11": "Firearm (type not stated)",
  "12": "Handgun",
  "13": "Rifle",
  "14": "Shotgun",
  "15": "Other firearm",
  "20": "Knife/cutting instrument",
  "30": "Blunt object",
  "35": "Motor vehicle/vessel",
  "40": "Personal weapons",
  "50": "Poison",
  "60": "Explosives",
  "65": "Fire/incendiary device",
  "70": "Drugs/narcotics/sleeping pills",
  "85": "Asphyxiation",
  "90": "Other",
  "95": "Unknown",
  "99": "None",
};

export const FIREARM_WEAPON_CODES: readonly string[] = ["11", "12", "13", "14", "15"];

/** Normalises a weapon code ("12", "12a", " 11A ") or returns undefined when it is not one. */
export function findWeaponCode(raw: string): string | undefined {
  const code = raw.trim().toUpperCase();
  const m = /^(\d\d)(A?)$/.exec(code);
  if (!m) return undefined;
  const base = m[1]!;
  if (!(base in WEAPONS)) return undefined;
  if (m[2] === "A" && !FIREARM_WEAPON_CODES.includes(base)) return undefined;
  return code;
}

export function isFirearmWeapon(code: string): boolean {
  return FIREARM_WEAPON_CODES.includes(code.slice(0, 2));
}

/** UCR Part I roll-up of NIBRS codes (domain.md). Arson is property crime but optional in the roll-up. */
export const PART1 = {
  homicide: ["09A"],
  rape: ["11A", "11B", "11C"],
  robbery: ["120"],
  aggravatedAssault: ["13A"],
  burglary: ["220"],
  larceny: ["23A", "23B", "23C", "23D", "23E", "23F", "23G", "23H"],
  motorVehicleTheft: ["240"],
  arson: ["200"],
} as const;

export type Part1Class = keyof typeof PART1;

export const PART1_VIOLENT: readonly Part1Class[] = ["homicide", "rape", "robbery", "aggravatedAssault"];
export const PART1_PROPERTY: readonly Part1Class[] = ["burglary", "larceny", "motorVehicleTheft"];

/** UCR hierarchy order, most serious first (arson sits outside the hierarchy and is listed last). */
export const PART1_HIERARCHY: readonly Part1Class[] = [
  "homicide",
  "rape",
  "robbery",
  "aggravatedAssault",
  "burglary",
  "larceny",
  "motorVehicleTheft",
  "arson",
];

export function part1Class(code: string): Part1Class | undefined {
  // Groups 09 and 23 lie wholly inside one Part I class; 11 and 13 straddle classes and stay unclassified.
  if (code === "09") return undefined;
  if (code === "23") return "larceny";
  for (const cls of PART1_HIERARCHY) {
    if ((PART1[cls] as readonly string[]).includes(code)) return cls;
  }
  return undefined;
}
