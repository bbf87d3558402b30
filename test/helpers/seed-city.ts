/**
 * The seed city: incident-level fixtures that hold exactly the counts of the Milwaukee PSP case study's
 * tables (/work/shared/seeds/001: Table 1 Part I crime in the Center Street Corridor 2007-2016, homicides and
 * non-fatal shootings by district 2017-2019 with the Jan 1 - Sep 29 year-to-date split, the two PSP-area
 * tables, and gun recoveries per 100,000 for five cities).
 *
 * Why incident rows and not the published totals: the CompStat engine must reproduce every printed cell
 * from the same kind of data a city loads, through the same imports, so the fixture goes through the real
 * import path (generic incident CSV, GeoJSON areas, populations CSV, partner activity log) and every count
 * is decided by the engine's own rules: offense codes, the UCR hierarchy, victims shot and killed, the
 * district polygons, the focus-area polygons and the local calendar.
 *
 * The expected tables are exported as data, copied from the seed as printed (averages to one decimal with
 * thousands separators, change labels, rates), so tests compare engine output with the seed's print.
 *
 * Geometry (WGS84, around lon -87.95, lat 43.05; every district a rectangle, none overlapping):
 *
 *   lat 43.12 +------------+------------+------+------+
 *             |     3      |     7      |      |      |
 *   lat 43.08 +-------[CSC]+------------+  1   |  4   |
 *             |     5         [CDE]     |      |      |
 *   lat 43.04 +------------+------------+      |      |
 *             |     2      |     6      |      |      |
 *   lat 43.00 +------------+------------+------+------+
 *          -88.00       -87.96       -87.92 -87.90 -87.88
 *
 * The Center Street Corridor is a square around the corner where districts 3, 7 and 5 meet, so it overlaps
 * exactly those three; Capitol Drive East lies inside district 5. Points are drawn from boxes kept at least
 * 0.002 degrees (about 160 m) inside every edge, so projecting to UTM cannot move one across a boundary.
 */
import fs from "node:fs";
import path from "node:path";
import { importAreaFile } from "../../src/app/import-areas.js";
import { importFile } from "../../src/app/import-file.js";
import { importIncidentFile } from "../../src/app/import-incidents.js";
import { importPopulationFile } from "../../src/app/import-populations.js";
import { initCity } from "../../src/app/init-city.js";
import { Database } from "../../src/store/db.js";
import { rng } from "./synthetic-files.js";

// ---------------------------------------------------------------------------------------------------
// The seed's tables, as printed
// ---------------------------------------------------------------------------------------------------

export const CSC = "Center Street Corridor";
export const CDE = "Capitol Drive East";

export interface SeedPart1Row {
  /** Row heading as printed (the seed spells "Auto Theftt"). */
  readonly crime: string;
  /** The engine's metric id for the row. */
  readonly metric: string;
  /** Counts for 2007 .. 2016, in order. */
  readonly counts: readonly number[];
  /** "2007 - 2015 Average" as printed (one decimal, thousands separators). */
  readonly average: string;
  /** "Average - 2016 % Change" as printed. */
  readonly change: string;
}

export const TABLE1_YEARS: readonly number[] = [2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016];

/** Table 1. Impacts - Part I Crime in the Center Street Corridor (2007-2016). */
export const SEED_TABLE1: readonly SeedPart1Row[] = [
  {
    crime: "Homicide",
    metric: "part1.homicide",
    counts: [19, 13, 10, 14, 14, 12, 12, 10, 15, 14],
    average: "13.2",
    change: "6%",
  },
  {
    crime: "Rape",
    metric: "part1.rape",
    counts: [47, 45, 30, 25, 30, 29, 34, 30, 27, 29],
    average: "33.0",
    change: "-12%",
  },
  {
    crime: "Robbery",
    metric: "part1.robbery",
    counts: [305, 340, 341, 346, 307, 286, 340, 307, 304, 256],
    average: "319.6",
    change: "-20%",
  },
  {
    crime: "Aggravated Assault",
    metric: "part1.aggravated-assault",
    counts: [563, 552, 378, 380, 321, 474, 425, 423, 521, 447],
    average: "448.6",
    change: "0%",
  },
  {
    crime: "Burglary",
    metric: "part1.burglary",
    counts: [354, 405, 400, 467, 567, 523, 488, 422, 435, 329],
    average: "451.2",
    change: "-27%",
  },
  {
    crime: "Auto Theftt",
    metric: "part1.motor-vehicle-theft",
    counts: [541, 449, 309, 325, 296, 302, 283, 281, 362, 321],
    average: "349.8",
    change: "-8%",
  },
  {
    crime: "Theft",
    metric: "part1.larceny",
    counts: [1212, 1144, 1075, 1032, 1029, 811, 710, 622, 577, 552],
    average: "912.4",
    change: "-40%",
  },
  {
    crime: "Violent Crime",
    metric: "part1-violent",
    counts: [934, 950, 759, 765, 672, 801, 811, 770, 867, 746],
    average: "814.3",
    change: "-8%",
  },
  {
    crime: "Property Crime",
    metric: "part1-property",
    counts: [2107, 1998, 1784, 1824, 1892, 1636, 1481, 1325, 1374, 1202],
    average: "1,713.4",
    change: "-30%",
  },
  {
    crime: "Total Crime",
    metric: "part1-total",
    counts: [3041, 2948, 2543, 2589, 2564, 2437, 2292, 2095, 2241, 1948],
    average: "2,527.8",
    change: "-23%",
  },
];

/** The seven Part I classes of Table 1 (the roll-up rows are sums of these). */
export const PART1_CLASSES = [
  "homicide",
  "rape",
  "robbery",
  "aggravated-assault",
  "burglary",
  "motor-vehicle-theft",
  "larceny",
] as const;
export type Part1Class = (typeof PART1_CLASSES)[number];

export interface SeedDistrictRow {
  /** "1" .. "7", "Unknown", or "Total". */
  readonly district: string;
  readonly full2017: number;
  readonly full2018: number;
  readonly ytd2017: number;
  readonly ytd2018: number;
  readonly ytd2019: number;
  /** "2017-19 (YTD % Change)" and "2018-19 (YTD % Change)" as printed. */
  readonly change2017to2019: string;
  readonly change2018to2019: string;
}

function d(
  district: string,
  full2017: number,
  full2018: number,
  ytd2017: number,
  ytd2018: number,
  ytd2019: number,
  change2017to2019: string,
  change2018to2019: string,
): SeedDistrictRow {
  return { district, full2017, full2018, ytd2017, ytd2018, ytd2019, change2017to2019, change2018to2019 };
}

/** Homicide Citywide (January 01 - September 29, 2017 - 2019). The seed prints no Unknown row. */
export const SEED_HOMICIDES: readonly SeedDistrictRow[] = [
  d("1", 2, 1, 2, 1, 1, "-50%", "0%"),
  d("2", 15, 13, 10, 12, 15, "50%", "25%"),
  d("3", 21, 16, 17, 15, 14, "-18%", "-7%"),
  d("4", 24, 11, 20, 7, 7, "-65%", "0%"),
  d("5", 25, 39, 17, 30, 18, "6%", "-40%"),
  d("6", 1, 2, 1, 2, 2, "100%", "0%"),
  d("7", 31, 17, 24, 14, 14, "-42%", "0%"),
  d("Total", 119, 99, 91, 81, 71, "-22%", "-12%"),
];

/** Non-Fatal Shootings Citywide (January 01 - September 29, 2017 - 2019). */
export const SEED_NONFATAL: readonly SeedDistrictRow[] = [
  d("1", 5, 4, 3, 1, 6, "100%", "500%"),
  d("2", 94, 75, 80, 63, 25, "-69%", "-60%"),
  d("3", 106, 101, 83, 84, 67, "-19%", "-20%"),
  d("4", 55, 50, 40, 36, 39, "-3%", "8%"),
  d("5", 146, 111, 130, 87, 91, "-30%", "5%"),
  d("6", 11, 5, 7, 4, 5, "-29%", "25%"),
  d("7", 135, 121, 106, 99, 79, "-25%", "-20%"),
  d("Unknown", 6, 9, 3, 7, 3, "0%", "-57%"),
  d("Total", 558, 476, 452, 381, 315, "-30%", "-17%"),
];

export interface SeedPspCell {
  readonly ytd2018: number;
  readonly ytd2019: number;
  /** "2018-19 (YTD % Change)" as printed; "" where both years are 0. */
  readonly change: string;
}

export interface SeedPspRow {
  /** "3", "5", "7" or "Total". */
  readonly district: string;
  readonly cells: Readonly<Record<string, SeedPspCell>>;
}

function psp(district: string, csc: SeedPspCell, cde: SeedPspCell): SeedPspRow {
  return { district, cells: { [CSC]: csc, [CDE]: cde } };
}
function c(ytd2018: number, ytd2019: number, change: string): SeedPspCell {
  return { ytd2018, ytd2019, change };
}

/** Homicides PSP Areas: each focus area by district, 2018 vs 2019 YTD. */
export const SEED_PSP_HOMICIDES: readonly SeedPspRow[] = [
  psp("3", c(4, 5, "25%"), c(0, 0, "")),
  psp("5", c(5, 2, "-60%"), c(7, 1, "-86%")),
  psp("7", c(2, 2, "0%"), c(0, 0, "")),
  psp("Total", c(11, 9, "-18%"), c(7, 1, "-86%")),
];

/** Non-Fatal Shootings PSP Areas. */
export const SEED_PSP_NONFATAL: readonly SeedPspRow[] = [
  psp("3", c(29, 18, "-38%"), c(0, 0, "")),
  psp("5", c(17, 11, "-35%"), c(17, 10, "-41%")),
  psp("7", c(8, 17, "113%"), c(0, 0, "")),
  psp("Total", c(54, 46, "-15%"), c(17, 10, "-41%")),
];

export interface SeedGunRecoveryRow {
  readonly city: string;
  readonly population2010: number;
  readonly recoveries2016: number;
  /** "Rate per 100,000" as printed (two decimals). */
  readonly rate: string;
}

/** Gun recoveries per 100,000 (2016 recoveries over 2010 population). */
export const SEED_GUN_RECOVERIES: readonly SeedGunRecoveryRow[] = [
  { city: "Milwaukee", population2010: 594_833, recoveries2016: 2_419, rate: "406.67" },
  { city: "Philadelphia", population2010: 1_526_006, recoveries2016: 3_865, rate: "253.28" },
  { city: "Chicago", population2010: 2_695_598, recoveries2016: 6_644, rate: "246.48" },
  { city: "Los Angeles", population2010: 3_792_621, recoveries2016: 5_908, rate: "155.78" },
  { city: "New York City", population2010: 8_175_133, recoveries2016: 3_583, rate: "43.83" },
];

// ---------------------------------------------------------------------------------------------------
// Geometry
// ---------------------------------------------------------------------------------------------------

/** [west, south, east, north] in degrees. */
type Box = readonly [number, number, number, number];

export const DISTRICT_BOXES: Readonly<Record<string, Box>> = {
  "1": [-87.92, 43.0, -87.9, 43.12],
  "2": [-88.0, 43.0, -87.96, 43.04],
  "3": [-88.0, 43.08, -87.96, 43.12],
  "4": [-87.9, 43.0, -87.88, 43.12],
  "5": [-88.0, 43.04, -87.92, 43.08],
  "6": [-87.96, 43.0, -87.92, 43.04],
  "7": [-87.96, 43.08, -87.92, 43.12],
};

export const FOCUS_BOXES: Readonly<Record<string, Box>> = {
  [CSC]: [-87.975, 43.07, -87.945, 43.095],
  [CDE]: [-87.94, 43.045, -87.925, 43.065],
};

/** Peer cities: distinct small squares well north-west of the districts (still in UTM zone 16). */
const PEER_BOXES: Readonly<Record<string, Box>> = {
  Milwaukee: [-89.5, 44.0, -89.45, 44.05],
  Philadelphia: [-89.4, 44.0, -89.35, 44.05],
  Chicago: [-89.3, 44.0, -89.25, 44.05],
  "Los Angeles": [-89.2, 44.0, -89.15, 44.05],
  "New York City": [-89.1, 44.0, -89.05, 44.05],
};

/** Where inside a district an incident is drawn: in a focus area, or clear of both. */
type Spot = "csc" | "cde" | "out";

/** Sampling boxes, each 0.002 degrees or more inside every polygon edge around it. */
const SAMPLE_BOXES: Readonly<Record<string, Partial<Record<Spot, Box>>>> = {
  "1": { out: [-87.918, 43.002, -87.902, 43.118] },
  "2": { out: [-87.998, 43.002, -87.962, 43.038] },
  "3": { out: [-87.998, 43.082, -87.978, 43.118], csc: [-87.973, 43.082, -87.962, 43.093] },
  "4": { out: [-87.898, 43.002, -87.882, 43.118] },
  "5": {
    out: [-87.998, 43.042, -87.978, 43.078],
    csc: [-87.973, 43.072, -87.947, 43.078],
    cde: [-87.938, 43.047, -87.927, 43.063],
  },
  "6": { out: [-87.958, 43.002, -87.922, 43.038] },
  "7": { out: [-87.942, 43.082, -87.922, 43.118], csc: [-87.958, 43.082, -87.947, 43.093] },
};

function ring(b: Box): number[][][] {
  const [w, s, e, n] = b;
  return [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ];
}

function featureCollection(field: string, boxes: Readonly<Record<string, Box>>): string {
  return JSON.stringify(
    {
      type: "FeatureCollection",
      features: Object.entries(boxes).map(([name, b]) => ({
        type: "Feature",
        properties: { [field]: name },
        geometry: { type: "Polygon", coordinates: ring(b) },
      })),
    },
    null,
    1,
  );
}

// ---------------------------------------------------------------------------------------------------
// Incidents
// ---------------------------------------------------------------------------------------------------

const HEADER = [
  "incident_id",
  "occurred_at",
  "offense",
  "weapon",
  "victims_shot",
  "victims_killed",
  "lat",
  "lon",
  "district",
  "address",
  "note",
] as const;

/** One incident of the fixture; `tag` says which table cell (or which trap) it was made for. */
interface Incident {
  readonly id: string;
  when: string;
  /** One entry per CSV row: offense code and weapon. */
  offenses: { offense: string; weapon: string }[];
  shot: number | null;
  killed: number | null;
  lat: string;
  lon: string;
  district: string;
  note: string;
  readonly tag: string;
}

const DAY_MS = 86_400_000;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** `YYYY-MM-DD HH:MM` for a day offset into the year and a minute of the day (naive local time). */
function localTime(year: number, dayOfYear: number, minute: number): string {
  const t = new Date(Date.UTC(year, 0, 1) + dayOfYear * DAY_MS + minute * 60_000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

function dayIndex(year: number, month: number, day: number): number {
  return (Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / DAY_MS;
}

/** YTD days of a year (Jan 1 .. Sep 29) are [0, SEP30); the rest of the year is [SEP30, days). */
function yearSpans(year: number): { ytd: [number, number]; rest: [number, number]; all: [number, number] } {
  const sep30 = dayIndex(year, 9, 30);
  const days = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS;
  return { ytd: [0, sep30], rest: [sep30, days], all: [0, days] };
}

/** Part I class -> offense codes the fixture draws from, with weapons. */
const CLASS_CODES: Readonly<Record<Part1Class, readonly string[]>> = {
  homicide: ["09A"],
  rape: ["11A", "11B", "11C"],
  robbery: ["120"],
  "aggravated-assault": ["13A"],
  burglary: ["220"],
  "motor-vehicle-theft": ["240"],
  larceny: ["23A", "23B", "23C", "23D", "23E", "23F", "23G", "23H"],
};

export interface SeedCity {
  readonly db: string;
  readonly files: {
    readonly districts: string;
    readonly focusAreas: string;
    readonly peerCities: string;
    readonly populations: string;
    readonly incidents: string;
    readonly partnerActivity: string;
  };
  /** Incidents in incidents.csv and its data rows (an incident with several offenses has several rows). */
  readonly incidents: number;
  readonly rows: number;
  /** Rows of partner-activity.csv. */
  readonly activityRows: number;
}

/** The data as-of instant of every import: the seed's "Homicide data: 9/30/2019 8:57:31 AM" (CDT). */
export const SEED_DATA_AS_OF = new Date("2019-09-30T13:57:31Z");

class IncidentBuilder {
  readonly list: Incident[] = [];
  private readonly r = rng(2016);
  private serial = 0;

  /** A random minute of the day, never 02:xx (the spring-forward hour does not exist locally). */
  private minute(): number {
    const m = Math.floor(this.r() * 1440);
    return m >= 120 && m < 180 ? m + 720 : m;
  }

  time(year: number, span: readonly [number, number]): string {
    const day = span[0] + Math.floor(this.r() * (span[1] - span[0]));
    return localTime(year, day, this.minute());
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }

  chance(p: number): boolean {
    return this.r() < p;
  }

  /** Coordinates in district `district` at `spot`, as CSV text. */
  point(district: string, spot: Spot): { lat: string; lon: string } {
    const b = SAMPLE_BOXES[district]?.[spot];
    if (!b) throw new Error(`no sampling box for district ${district} ${spot}`);
    const lon = b[0] + (b[2] - b[0]) * this.r();
    const lat = b[1] + (b[3] - b[1]) * this.r();
    return { lat: lat.toFixed(6), lon: lon.toFixed(6) };
  }

  /** A point inside the Center Street Corridor, in district 3, 5 or 7 by their share of its area. */
  cscPoint(): { lat: string; lon: string } {
    const x = this.r();
    return this.point(x < 0.3 ? "3" : x < 0.6 ? "7" : "5", "csc");
  }

  add(
    prefix: string,
    fields: Omit<Incident, "id" | "note" | "district"> & { note?: string; district?: string },
  ): Incident {
    this.serial++;
    const inc: Incident = {
      id: `${prefix}-${pad(this.serial, 6)}`,
      note: "",
      district: "",
      ...fields,
    };
    this.list.push(inc);
    return inc;
  }

  /** The first incident with this tag (for pinning edge times); throws when there is none. */
  first(tag: string, where: (i: Incident) => boolean = () => true): Incident {
    const hit = this.list.find((i) => i.tag === tag && where(i));
    if (!hit) throw new Error(`seed-city: no incident tagged ${tag}`);
    return hit;
  }
}

/** Table 1: every Part I incident inside the corridor, 2007-2016, plus traps that must not count. */
function table1(b: IncidentBuilder): void {
  TABLE1_YEARS.forEach((year, yi) => {
    const span = yearSpans(year).all;
    for (const [ci, cls] of PART1_CLASSES.entries()) {
      const n = SEED_TABLE1[ci]!.counts[yi]!;
      for (let k = 0; k < n; k++) {
        const code = b.pick(CLASS_CODES[cls]);
        const gun = cls === "homicide" ? b.chance(0.8) : cls === "robbery" && b.chance(0.4);
        const weapon =
          cls === "homicide" || cls === "robbery" || cls === "aggravated-assault"
            ? gun
              ? "12"
              : b.pick(["20", "30", "40"])
            : "";
        b.add("P1", {
          tag: `t1:${year}:${cls}`,
          when: b.time(year, span),
          offenses: [{ offense: code, weapon }],
          shot: cls === "homicide" && gun ? 1 : null,
          killed: cls === "homicide" ? 1 : null,
          ...b.cscPoint(),
        });
      }
    }
    // Not Part I (or not in the default definition): simple assault, intimidation, vandalism, weapon law.
    for (const code of ["13B", "13B", "13C", "290", "520"]) {
      b.add("X1", {
        tag: "t1:not-part1",
        when: b.time(year, span),
        offenses: [{ offense: code, weapon: code === "520" ? "12" : "" }],
        shot: null,
        killed: null,
        ...b.cscPoint(),
      });
    }
    // Part I outside the corridor: counts citywide, never in the corridor's table.
    for (let k = 0; k < 15; k++) {
      const cls = b.pick(PART1_CLASSES);
      const district = b.pick(["1", "2", "3", "4", "5", "6", "7"]);
      b.add("P1", {
        tag: "t1:outside",
        when: b.time(year, span),
        offenses: [{ offense: b.pick(CLASS_CODES[cls]), weapon: "" }],
        shot: null,
        killed: cls === "homicide" ? 1 : null,
        ...b.point(district, "out"),
      });
    }
  });

  // Justifiable homicide, negligent manslaughter and fondling: outside Part I by the domain's definitions.
  b.add("X1", {
    tag: "t1:not-part1",
    when: "2014-07-04 22:10",
    offenses: [{ offense: "09C", weapon: "12" }],
    shot: 1,
    killed: 1,
    ...b.cscPoint(),
  });
  b.add("X1", {
    tag: "t1:not-part1",
    when: "2013-03-20 16:45",
    offenses: [{ offense: "09B", weapon: "35" }],
    shot: 0,
    killed: 1,
    ...b.cscPoint(),
  });
  b.add("X1", {
    tag: "t1:not-part1",
    when: "2015-05-02 11:00",
    offenses: [{ offense: "11D", weapon: "" }],
    shot: null,
    killed: null,
    ...b.cscPoint(),
  });
  // Part I in the corridor just outside the report's years.
  b.add("X1", {
    tag: "t1:out-of-years",
    when: "2006-12-31 23:59",
    offenses: [{ offense: "120", weapon: "12" }],
    shot: null,
    killed: null,
    ...b.cscPoint(),
  });
  b.add("X1", {
    tag: "t1:out-of-years",
    when: "2017-01-01 00:00",
    offenses: [{ offense: "220", weapon: "" }],
    shot: null,
    killed: null,
    ...b.cscPoint(),
  });

  // The UCR hierarchy: one class per incident, the most serious.
  // A robbery in which the victim was also beaten: robbery only (the brief's case).
  b.first("t1:2016:robbery").offenses.push({ offense: "13A", weapon: "40" });
  // A burglary with a theft: burglary only.
  b.first("t1:2012:burglary").offenses.push({ offense: "23F", weapon: "" });
  // A robbery-homicide: homicide only.
  b.first("t1:2009:homicide").offenses.push({ offense: "120", weapon: "12" });
  // Two larceny codes in one incident: one larceny.
  const twoThefts = b.first("t1:2014:larceny");
  twoThefts.offenses = [
    { offense: "23F", weapon: "" },
    { offense: "23H", weapon: "" },
  ];
  // Lower-case codes are read as the same codes.
  const lower = b.first("t1:2011:larceny");
  lower.offenses = [{ offense: "23H", weapon: "" }];
  lower.note = "lower-case code";

  // Calendar edges: first and last minute of a year, leap day, one second before midnight.
  b.first("t1:2007:homicide").when = "2007-01-01 00:00";
  b.first("t1:2012:rape").when = "2012-02-29 13:00";
  b.first("t1:2016:larceny").when = "2016-12-31 23:59";
  b.first("t1:2016:burglary").when = "2016-01-01 00:00";
  b.first("t1:2015:robbery").when = "2015-12-31 23:59:59";
}

type ShootingMetric = "homicides" | "nonfatal";

/** Tables 2 and 3: homicides and non-fatal shootings 2017-2019 by district, YTD split, focus areas. */
function table2(b: IncidentBuilder): void {
  const psp = (metric: ShootingMetric) => (metric === "homicides" ? SEED_PSP_HOMICIDES : SEED_PSP_NONFATAL);
  for (const metric of ["homicides", "nonfatal"] as const) {
    const rows = metric === "homicides" ? SEED_HOMICIDES : SEED_NONFATAL;
    for (const row of rows) {
      if (row.district === "Total") continue;
      const windows: { year: number; window: "ytd" | "rest"; n: number }[] = [
        { year: 2017, window: "ytd", n: row.ytd2017 },
        { year: 2017, window: "rest", n: row.full2017 - row.ytd2017 },
        { year: 2018, window: "ytd", n: row.ytd2018 },
        { year: 2018, window: "rest", n: row.full2018 - row.ytd2018 },
        { year: 2019, window: "ytd", n: row.ytd2019 },
      ];
      for (const w of windows) {
        if (w.n < 0) throw new Error(`seed-city: ${metric} district ${row.district} ${w.year}: YTD > full`);
        // Table 3 fixes how many of a YTD window's incidents lie in each focus area; the rest go outside.
        const pspRow = psp(metric).find((p) => p.district === row.district);
        const inFocus = (area: string) => {
          if (w.window !== "ytd" || w.year === 2017 || !pspRow) return 0;
          const cell = pspRow.cells[area]!;
          return w.year === 2018 ? cell.ytd2018 : cell.ytd2019;
        };
        const spots: Spot[] = [];
        for (let k = 0; k < inFocus(CSC); k++) spots.push("csc");
        for (let k = 0; k < inFocus(CDE); k++) spots.push("cde");
        while (spots.length < w.n) {
          // Outside the YTD windows Table 3 reads, some incidents sit in the corridor anyway: they must
          // fall out of the table by their date, not by their place.
          const canFocus = SAMPLE_BOXES[row.district]?.csc !== undefined;
          const counted = w.window === "ytd" && w.year >= 2018;
          spots.push(canFocus && !counted && b.chance(0.3) ? "csc" : "out");
        }
        if (spots.length !== w.n) throw new Error(`seed-city: Table 3 exceeds Table 2 in ${row.district}`);
        const span = yearSpans(w.year)[w.window];
        for (const spot of spots) {
          const where = row.district === "Unknown" ? { lat: "", lon: "" } : b.point(row.district, spot);
          const homicide = metric === "homicides";
          b.add("S", {
            tag: `t2:${metric}:${row.district}:${w.year}:${w.window}:${spot}`,
            when: b.time(w.year, span),
            offenses: [{ offense: homicide ? "09A" : "13A", weapon: "12" }],
            shot: homicide ? 1 : b.chance(0.05) ? 2 : 1,
            killed: homicide ? 1 : 0,
            ...where,
          });
        }
      }
    }
  }

  // Edges of the year-to-date window (Jan 1 00:00 .. Sep 29 23:59 counts; Sep 30 00:00 does not).
  b.first("t2:homicides:1:2017:ytd:out").when = "2017-01-01 00:00";
  b.first("t2:homicides:4:2017:ytd:out").when = "2017-09-29 23:59";
  b.first("t2:nonfatal:4:2017:rest:out").when = "2017-09-30 00:00";
  b.first("t2:homicides:7:2017:rest:out").when = "2017-12-31 23:59:59";
  b.first("t2:nonfatal:3:2018:ytd:csc").when = "2018-09-29 23:59";
  b.first("t2:nonfatal:3:2018:rest:csc").when = "2018-09-30 00:00";
  b.first("t2:nonfatal:5:2018:rest:out").when = "2018-12-31 23:59";
  b.first("t2:nonfatal:7:2019:ytd:csc").when = "2019-01-01 00:00";
  b.first("t2:homicides:5:2019:ytd:csc").when = "2019-09-29 23:59";
  b.first("t2:nonfatal:2:2018:ytd:out").when = "2018-01-01 00:00";
  // Instants with an offset are converted to local time: 04:59Z on Sep 30 is 23:59 CDT on Sep 29.
  b.first("t2:nonfatal:5:2019:ytd:cde").when = "2019-09-30T04:59:00Z";
  b.first("t2:nonfatal:6:2018:rest:out").when = "2018-09-30T00:00:00-05:00";
  // Day precision: known only to the day, Sep 29, inside the window.
  b.first("t2:nonfatal:2:2019:ytd:out").when = "2019-09-29";

  // A homicide in which a second victim survived: 09A + 13A, two shot, one killed. A homicide only.
  const double = b.first("t2:homicides:3:2018:ytd:csc");
  double.offenses.push({ offense: "13A", weapon: "12" });
  double.shot = 2;

  // Locations: the source's district without coordinates counts in that district; unusable coordinates
  // (0,0) are dropped with a warning and the incident is Unknown.
  for (const [tag, district] of [
    ["t2:nonfatal:2:2017:ytd:out", "2"],
    ["t2:nonfatal:4:2018:rest:out", "4"],
    ["t2:homicides:2:2019:ytd:out", "2"],
  ] as const) {
    const i = b.first(tag, (x) => x.district === "" && x.lat !== "" && !/[TZ]/.test(x.when));
    i.lat = "";
    i.lon = "";
    i.district = district;
  }
  const zero = b.first("t2:nonfatal:Unknown:2018:ytd:out");
  zero.lat = "0";
  zero.lon = "0";

  // Traps: none of these is a homicide or a non-fatal shooting.
  const trap = (
    when: string,
    offenses: { offense: string; weapon: string }[],
    shot: number | null,
    killed: number | null,
    district: string,
    spot: Spot,
    note: string,
  ) => b.add("X2", { tag: "t2:trap", when, offenses, shot, killed, note, ...b.point(district, spot) });
  trap("2018-03-14 21:30", [{ offense: "13A", weapon: "12" }], 0, 0, "3", "csc", "shots fired, nobody hit");
  trap("2019-05-05 23:10", [{ offense: "13A", weapon: "11" }], 0, 0, "5", "cde", "shots fired, nobody hit");
  trap("2017-08-01 01:15", [{ offense: "13A", weapon: "12" }], null, null, "7", "out", "victims unknown");
  trap("2018-07-04 00:30", [{ offense: "09C", weapon: "12" }], 1, 1, "5", "csc", "justifiable homicide");
  trap("2019-02-11 19:00", [{ offense: "13B", weapon: "40" }], null, null, "3", "csc", "simple assault");
  trap("2019-06-20 18:00", [{ offense: "13B", weapon: "40" }], 0, 0, "7", "csc", "simple assault");
  trap("2017-04-02 14:00", [{ offense: "120", weapon: "12" }], 0, 0, "2", "out", "armed robbery, no shot");
  trap("2019-09-30 00:00", [{ offense: "13A", weapon: "12" }], 1, 0, "5", "csc", "after the as-of day");
  trap("2019-09-30 00:00", [{ offense: "09A", weapon: "12" }], 1, 1, "3", "csc", "after the as-of day");
  trap("2020-01-15 20:40", [{ offense: "13A", weapon: "12" }], 1, 0, "5", "csc", "after the as-of date");
  trap("2016-12-31 23:59", [{ offense: "13A", weapon: "12" }], 1, 0, "1", "out", "before 2017");
  trap("2016-12-31 22:00", [{ offense: "09A", weapon: "12" }], 1, 1, "6", "out", "before 2017");
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function incidentsCsv(list: readonly Incident[]): { csv: string; rows: number } {
  const lines: string[] = [HEADER.join(",")];
  for (const [n, i] of list.entries()) {
    for (const [k, o] of i.offenses.entries()) {
      const offense = i.note === "lower-case code" ? o.offense.toLowerCase() : o.offense;
      // Incident-level fields repeat on every row of the incident; the second row leaves victims empty
      // (an empty value never contradicts the first row).
      const fields = [
        i.id,
        i.when,
        offense,
        o.weapon,
        k === 0 && i.shot !== null ? String(i.shot) : "",
        k === 0 && i.killed !== null ? String(i.killed) : "",
        i.lat,
        i.lon,
        i.district,
        `${100 * (1 + (n % 40))} W CENTER ST`,
        i.note,
      ];
      lines.push(fields.map(csvField).join(","));
    }
  }
  return { csv: `${lines.join("\n")}\n`, rows: lines.length - 1 };
}

/** Gun recoveries: Milwaukee as daily rows (366 days of 2016), the others as monthly totals, plus traps. */
function partnerActivityCsv(): { csv: string; rows: number } {
  const agencies: Record<string, string> = {
    Milwaukee: "MPD",
    Philadelphia: "PPD",
    Chicago: "CPD",
    "Los Angeles": "LAPD",
    "New York City": "NYPD",
  };
  const spellings = ["gun-recovery", "gun recoveries", "Guns Recovered", "firearm recovery"];
  const lines = ["agency,activity_type,date,count,area,layer,reference"];
  for (const [ci, row] of SEED_GUN_RECOVERIES.entries()) {
    const agency = agencies[row.city]!;
    const type = spellings[ci % spellings.length]!;
    const area = csvField(row.city);
    if (row.city === "Milwaukee") {
      const days = 366;
      const base = Math.floor(row.recoveries2016 / days);
      const extra = row.recoveries2016 - base * days;
      for (let day = 0; day < days; day++) {
        const date = localTime(2016, day, 0).slice(0, 10);
        lines.push(`${agency},${type},${date},${base + (day < extra ? 1 : 0)},${area},peer_city,`);
      }
    } else {
      const base = Math.floor(row.recoveries2016 / 12);
      const extra = row.recoveries2016 - base * 12;
      for (let m = 1; m <= 12; m++) {
        lines.push(`${agency},${type},2016-${pad(m)},${base + (m <= extra ? 1 : 0)},${area},peer_city,`);
      }
    }
  }
  // Not 2016 gun recoveries: other years, another activity type.
  lines.push("MPD,gun-recovery,2015-12-31,50,Milwaukee,peer_city,before");
  lines.push("MPD,gun-recovery,2017-01-01,40,Milwaukee,peer_city,after");
  lines.push("MPD,arrest,2016-06,500,Milwaukee,peer_city,");
  lines.push("CPD,search-warrant,2016-03-15,12,Chicago,peer_city,");
  return { csv: `${lines.join("\n")}\n`, rows: lines.length - 1 };
}

function populationsCsv(): string {
  const lines = ["city,population"];
  for (const r of SEED_GUN_RECOVERIES)
    lines.push(`${csvField(r.city)},"${r.population2010.toLocaleString("en-US")}"`);
  return `${lines.join("\n")}\n`;
}

/** The incident list, without writing anything (tests of the fixture's own bookkeeping). */
export function seedIncidents(): { csv: string; rows: number; incidents: number } {
  const b = new IncidentBuilder();
  table1(b);
  table2(b);
  const { csv, rows } = incidentsCsv(b.list);
  return { csv, rows, incidents: b.list.length };
}

/**
 * Writes the seed city's files into `dir` and builds `dir/seed.duckdb` through the import functions the CLI
 * calls (init, areas import x3, populations import, import generic, import partner-activity). Throws when
 * any import rejects a row: a fixture that loses rows would make every expected count meaningless.
 */
export async function buildSeedCity(dir: string): Promise<SeedCity> {
  fs.mkdirSync(dir, { recursive: true });
  const files = {
    districts: path.join(dir, "districts.geojson"),
    focusAreas: path.join(dir, "focus-areas.geojson"),
    peerCities: path.join(dir, "peer-cities.geojson"),
    populations: path.join(dir, "populations.csv"),
    incidents: path.join(dir, "incidents.csv"),
    partnerActivity: path.join(dir, "partner-activity.csv"),
  };
  fs.writeFileSync(files.districts, featureCollection("DISTRICT", DISTRICT_BOXES));
  fs.writeFileSync(files.focusAreas, featureCollection("NAME", FOCUS_BOXES));
  fs.writeFileSync(files.peerCities, featureCollection("CITY", PEER_BOXES));
  fs.writeFileSync(files.populations, populationsCsv());
  const incidents = seedIncidents();
  fs.writeFileSync(files.incidents, incidents.csv);
  const activity = partnerActivityCsv();
  fs.writeFileSync(files.partnerActivity, activity.csv);

  const dbPath = path.join(dir, "seed.duckdb");
  const now = () => SEED_DATA_AS_OF;
  await initCity(dbPath, { name: "Milwaukee (seed)", timeZone: "America/Chicago", crs: "EPSG:32616" });
  const db = await Database.open(dbPath);
  try {
    await importAreaFile(db, files.districts, { layer: "district", nameField: "DISTRICT", now });
    await importAreaFile(db, files.focusAreas, { layer: "focus_area", nameField: "NAME", now });
    await importAreaFile(db, files.peerCities, { layer: "peer_city", nameField: "CITY", now });
    const pop = await importPopulationFile(db, files.populations, {
      layer: "peer_city",
      nameField: "city",
      populationField: "population",
      year: 2010,
      now,
    });
    if (pop.rows.rejected !== 0) throw new Error(`seed-city: populations rejected ${pop.rows.rejected} rows`);
    const inc = await importIncidentFile(db, files.incidents, {
      format: "generic",
      rejectsPath: path.join(dir, "incidents.issues.csv"),
      now,
    });
    if (inc.rows.rejected !== 0 || inc.rows.read !== incidents.rows) {
      throw new Error(
        `seed-city: incidents read ${inc.rows.read} of ${incidents.rows} rows, rejected ${inc.rows.rejected}: ${JSON.stringify(inc.reasons)}`,
      );
    }
    const act = await importFile(db, files.partnerActivity, {
      format: "partner-activity",
      rejectsPath: path.join(dir, "activity.issues.csv"),
      now,
    });
    if (act.rows.rejected !== 0 || act.rows.read !== activity.rows) {
      throw new Error(
        `seed-city: partner activity read ${act.rows.read} of ${activity.rows} rows, rejected ${act.rows.rejected}: ${JSON.stringify(act.reasons)}`,
      );
    }
  } finally {
    db.close();
  }
  return {
    db: dbPath,
    files,
    incidents: incidents.incidents,
    rows: incidents.rows,
    activityRows: activity.rows,
  };
}
