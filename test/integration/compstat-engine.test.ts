/**
 * The CompStat engine's rules on small cities built from generated files through the app's own imports
 * (init, areas import, populations import, generic incident import): window edges in local time, month
 * precision, clearance (cohort and period), a city's own metric, snapshots of versioned incidents, rates,
 * the roll-up invariants on a random city of a few thousand incidents, groups, goals and the CLI.
 *
 * Every expected number below is worked out by hand from the fixture rows, never read back from the engine.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importAreaFile } from "../../src/app/import-areas.js";
import { importIncidentFile } from "../../src/app/import-incidents.js";
import { importPopulationFile } from "../../src/app/import-populations.js";
import { initCity } from "../../src/app/init-city.js";
import { type Goal, loadCityMetrics, saveCityMetrics, saveGoal } from "../../src/compstat/config.js";
import { buildCompStat, type CompStatOptions } from "../../src/compstat/engine.js";
import { evaluateGoal, seasonalWeight } from "../../src/compstat/goals.js";
import { LONG_COLUMNS } from "../../src/compstat/render-csv.js";
import type { CompStatReport, ReportClearance, ReportRow } from "../../src/compstat/report.js";
import { ratePer100k } from "../../src/compstat/stats.js";
import { AppError } from "../../src/domain/errors.js";
import { Database } from "../../src/store/db.js";
import { districtGeoJson, HEIGHT, ORIGIN, rng, STRIP } from "../helpers/synthetic-files.js";

const CLI = path.resolve("dist/cli/main.js");
const TZ = "America/Chicago";

// ---------------------------------------------------------------------------------------------------
// Fixture helpers
// ---------------------------------------------------------------------------------------------------

/** A point inside strip district `d` (1..7) at fractions of its width and height. */
function inDistrict(d: number, fx = 0.5, fy = 0.5): { lat: string; lon: string } {
  return {
    lon: (ORIGIN.lon + (d - 1) * STRIP + STRIP * fx).toFixed(6),
    lat: (ORIGIN.lat + HEIGHT * fy).toFixed(6),
  };
}

type Box = readonly [number, number, number, number];

/** Two focus areas, not overlapping: one inside district 2, one across the 5/6 boundary. */
const FOCUS: Readonly<Record<string, Box>> = {
  "North Focus": [
    ORIGIN.lon + 1.25 * STRIP,
    ORIGIN.lat + 0.6 * HEIGHT,
    ORIGIN.lon + 1.75 * STRIP,
    ORIGIN.lat + 0.9 * HEIGHT,
  ],
  "River Focus": [
    ORIGIN.lon + 4.5 * STRIP,
    ORIGIN.lat + 0.1 * HEIGHT,
    ORIGIN.lon + 5.5 * STRIP,
    ORIGIN.lat + 0.4 * HEIGHT,
  ],
};

function focusGeoJson(): string {
  return JSON.stringify({
    type: "FeatureCollection",
    features: Object.entries(FOCUS).map(([name, [w, s, e, n]]) => ({
      type: "Feature",
      properties: { NAME: name },
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [w, s],
            [e, s],
            [e, n],
            [w, n],
            [w, s],
          ],
        ],
      },
    })),
  });
}

interface Inc {
  readonly id: string;
  readonly at: string;
  readonly offense: string;
  readonly weapon?: string;
  readonly shot?: number;
  readonly killed?: number;
  readonly where?: { lat: string; lon: string } | null;
  readonly cleared?: "arrest" | "exceptional";
  readonly clearedAt?: string;
  readonly carjacking?: string;
  /** Extra offense rows of the same incident. */
  readonly more?: readonly string[];
}

const HEADER =
  "incident_id,occurred_at,offense,weapon,victims_shot,victims_killed,lat,lon,cleared,cleared_at,carjacking";

function incidentCsv(list: readonly Inc[]): string {
  const lines = [HEADER];
  for (const i of list) {
    const loc = i.where ?? { lat: "", lon: "" };
    const tail = [i.cleared ?? "", i.clearedAt ?? "", i.carjacking ?? ""];
    lines.push(
      [
        i.id,
        i.at,
        i.offense,
        i.weapon ?? "",
        i.shot === undefined ? "" : String(i.shot),
        i.killed === undefined ? "" : String(i.killed),
        loc.lat,
        loc.lon,
        ...tail,
      ].join(","),
    );
    for (const o of i.more ?? [])
      lines.push([i.id, i.at, o, "", "", "", loc.lat, loc.lon, ...tail].join(","));
  }
  return `${lines.join("\n")}\n`;
}

function rowsOf(list: readonly Inc[]): number {
  return list.reduce((a, i) => a + 1 + (i.more?.length ?? 0), 0);
}

async function importIncidents(
  db: Database,
  dir: string,
  name: string,
  list: readonly Inc[],
  now?: Date,
): Promise<void> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, incidentCsv(list));
  const r = await importIncidentFile(db, file, {
    format: "generic",
    rejectsPath: path.join(dir, `${name}.issues.csv`),
    now: now ? () => now : undefined,
  });
  if (r.rows.rejected !== 0 || r.rows.read !== rowsOf(list))
    throw new Error(
      `fixture ${name}: read ${r.rows.read}, rejected ${r.rows.rejected}: ${JSON.stringify(r.reasons)}`,
    );
}

/** init + district strips (+ focus areas) + incidents; returns the database path (closed). */
async function buildCity(
  dir: string,
  opts: { incidents: readonly Inc[]; focus?: boolean; now?: Date },
): Promise<string> {
  const dbPath = path.join(dir, "city.duckdb");
  await initCity(dbPath, { name: "Stripton", timeZone: TZ, crs: "EPSG:32616" });
  const db = await Database.open(dbPath);
  try {
    const d = path.join(dir, "districts.geojson");
    fs.writeFileSync(d, districtGeoJson());
    await importAreaFile(db, d, { layer: "district", nameField: "DIST" });
    if (opts.focus) {
      const f = path.join(dir, "focus.geojson");
      fs.writeFileSync(f, focusGeoJson());
      await importAreaFile(db, f, { layer: "focus_area", nameField: "NAME" });
    }
    await importIncidents(db, dir, "incidents.csv", opts.incidents, opts.now);
  } finally {
    db.close();
  }
  return dbPath;
}

async function withDb<T>(dbPath: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.open(dbPath);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

function report(dbPath: string, opts: CompStatOptions): Promise<CompStatReport> {
  return withDb(dbPath, (db) => buildCompStat(db, { now: new Date("2025-01-01T12:00:00Z"), ...opts }));
}

function rowOf(r: CompStatReport, metric: string, group = "citywide"): ReportRow {
  const row = r.rows.find((x) => x.metric === metric && x.group === group);
  if (!row)
    throw new Error(
      `no row ${metric} x ${group}; groups: ${[...new Set(r.rows.map((x) => x.group))].join(", ")}`,
    );
  return row;
}

function countOf(r: CompStatReport, metric: string, window: string, group = "citywide"): number {
  const v = rowOf(r, metric, group).counts[window];
  if (v === undefined) throw new Error(`no window ${window} in ${metric} x ${group}`);
  return v;
}

function clearanceOf(r: CompStatReport, metric: string, window: string, group = "citywide"): ReportClearance {
  const c = rowOf(r, metric, group).clearance[window];
  if (!c) throw new Error(`no clearance for ${window} in ${metric} x ${group}`);
  return c;
}

async function appError(p: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw new Error(
      `expected an AppError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
    );
  }
  throw new Error("expected an AppError, nothing was thrown");
}

function tempDir(name: string): string {
  fs.mkdirSync(".tmp", { recursive: true });
  return path.resolve(fs.mkdtempSync(path.join(".tmp", `compstat-${name}-`)));
}

function cli(args: readonly string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// ---------------------------------------------------------------------------------------------------
// The rules city: a handful of hand-placed incidents per rule, each rule on its own offense so the
// counts of one never leak into another.
// ---------------------------------------------------------------------------------------------------

const AGG = "part1.aggravated-assault";
const ROB = "part1.robbery";
const BURG = "part1.burglary";
const LARC = "part1.larceny";

const RULES_CITY: readonly Inc[] = [
  // Window edges (13A), as of 2024-06-30: 28d current 06-03..06-30, prior 05-06..06-02; week 06-24..06-30.
  { id: "E1", at: "2024-06-30 23:59", offense: "13A", where: inDistrict(1) },
  { id: "E2", at: "2024-07-01 00:00", offense: "13A", where: inDistrict(1) },
  { id: "E3", at: "2024-06-03 00:00", offense: "13A", where: inDistrict(2) },
  { id: "E4", at: "2024-06-02 23:59", offense: "13A", where: inDistrict(2) },
  // 04:30Z on Jul 1 is 23:30 CDT on Jun 30: counted; 05:30Z is 00:30 CDT on Jul 1: not.
  { id: "E5", at: "2024-07-01T04:30:00Z", offense: "13A", where: inDistrict(3) },
  { id: "E6", at: "2024-07-01T05:30:00Z", offense: "13A", where: inDistrict(3) },
  { id: "E7", at: "2023-06-30 12:00", offense: "13A", where: inDistrict(4) },
  { id: "E8", at: "2023-06-02 12:00", offense: "13A", where: inDistrict(4) },
  { id: "E9", at: "2023-07-01 00:00", offense: "13A", where: inDistrict(4) },
  { id: "E10", at: "2024-06-24 00:00", offense: "13A", where: inDistrict(5) },
  { id: "E11", at: "2024-06-23 23:59", offense: "13A", where: inDistrict(5) },
  // Month precision (220): known only to May 2023, and one known to the day.
  { id: "M1", at: "2023-05", offense: "220", where: inDistrict(6) },
  { id: "M2", at: "2023-05-15 10:00", offense: "220", where: inDistrict(6) },
  // Clearance (120), as of 2024-06-30.
  {
    id: "R1",
    at: "2024-06-05 10:00",
    offense: "120",
    where: inDistrict(7),
    cleared: "arrest",
    clearedAt: "2024-06-10",
  },
  {
    id: "R2",
    at: "2024-06-10 10:00",
    offense: "120",
    where: inDistrict(7),
    cleared: "exceptional",
    clearedAt: "2024-07-01",
  },
  { id: "R3", at: "2024-06-12 10:00", offense: "120", where: inDistrict(7) },
  { id: "R4", at: "2024-06-20 10:00", offense: "120", where: inDistrict(7), cleared: "arrest" },
  {
    id: "R5",
    at: "2024-03-01 10:00",
    offense: "120",
    where: inDistrict(7),
    cleared: "arrest",
    clearedAt: "2024-06-15",
  },
  {
    id: "R6",
    at: "2024-05-01 10:00",
    offense: "120",
    where: inDistrict(7),
    cleared: "exceptional",
    clearedAt: "2024-06-20 14:00",
  },
  {
    id: "R7",
    at: "2024-01-15 10:00",
    offense: "120",
    where: inDistrict(7),
    cleared: "arrest",
    clearedAt: "2024-06-30 23:00",
  },
  {
    id: "R8",
    at: "2023-12-01 10:00",
    offense: "120",
    where: inDistrict(7),
    cleared: "arrest",
    clearedAt: "2024-06-28",
  },
  {
    id: "R9",
    at: "2024-06-25 10:00",
    offense: "120",
    where: inDistrict(7),
    cleared: "arrest",
    clearedAt: "2024-06-26",
  },
  // People shot in 2022 (a city's own metric).
  {
    id: "S1",
    at: "2022-03-10 21:00",
    offense: "13A",
    weapon: "12",
    shot: 3,
    killed: 0,
    where: inDistrict(1),
    cleared: "arrest",
    clearedAt: "2022-03-20",
  },
  {
    id: "S2",
    at: "2022-04-11 22:00",
    offense: "13A",
    weapon: "12",
    shot: 1,
    killed: 0,
    where: inDistrict(2),
  },
  {
    id: "S3",
    at: "2022-05-12 23:00",
    offense: "09A",
    weapon: "12",
    shot: 1,
    killed: 1,
    where: inDistrict(3),
  },
  {
    id: "S4",
    at: "2022-06-13 20:00",
    offense: "120",
    weapon: "12",
    shot: 0,
    killed: 0,
    where: inDistrict(3),
  },
  { id: "S5", at: "2022-07-01 20:00", offense: "13A", where: inDistrict(3) },
  // Larceny (23H) for goals: 10 in the 2021 baseline, 7 in 2022 (5 of them by Sep 30).
  ...Array.from(
    { length: 10 },
    (_, k): Inc => ({
      id: `L21-${k}`,
      at: `2021-${String(k + 1).padStart(2, "0")}-14 15:00`,
      offense: "23H",
      where: inDistrict(4, 0.3),
    }),
  ),
  ...["01", "02", "03", "04", "05", "11", "12"].map(
    (m): Inc => ({ id: `L22-${m}`, at: `2022-${m}-20 15:00`, offense: "23H", where: inDistrict(4, 0.7) }),
  ),
];

describe("CompStat engine on a hand-built city", () => {
  let dir: string;
  let dbPath: string;

  beforeAll(async () => {
    dir = tempDir("rules");
    dbPath = await buildCity(dir, { incidents: RULES_CITY });
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("window edges in local time", () => {
    let r: CompStatReport;
    beforeAll(async () => {
      r = await report(dbPath, { asOf: "2024-06-30", metrics: [AGG], layers: ["district"] });
    });

    it("the as-of day counts to 23:59, the next day's 00:00 does not; the window's first 00:00 counts", () => {
      // 28d current 06-03..06-30: E1 (23:59), E3 (first day 00:00), E5 (23:30 CDT), E10, E11
      expect(countOf(r, AGG, "28d:current")).toBe(5);
      // prior 05-06..06-02: E4 at 23:59 of the day before the window
      expect(countOf(r, AGG, "28d:prior")).toBe(1);
      // the same 28 days of 2023: E7 (06-30 12:00), not E8 (06-02) nor E9 (07-01)
      expect(countOf(r, AGG, "28d:last-year")).toBe(1);
      expect(countOf(r, AGG, "28d:current", "district:1")).toBe(1);
      expect(countOf(r, AGG, "28d:current", "district:2")).toBe(1);
      expect(countOf(r, AGG, "28d:prior", "district:2")).toBe(1);
      expect(countOf(r, AGG, "28d:current", "district:3")).toBe(1);
    });

    it("week: 06-24 00:00 is in, 06-23 23:59 is the prior week", () => {
      expect(countOf(r, AGG, "week:current")).toBe(3); // E1, E5, E10
      expect(countOf(r, AGG, "week:prior")).toBe(1); // E11
      expect(countOf(r, AGG, "week:last-year")).toBe(1); // E7
      expect(countOf(r, AGG, "week:current", "district:5")).toBe(1);
      expect(countOf(r, AGG, "week:prior", "district:5")).toBe(1);
    });

    it("year to date: Jan 1 .. Jun 30 in both years", () => {
      expect(countOf(r, AGG, "ytd:2024")).toBe(6); // E1, E3, E4, E5, E10, E11
      expect(countOf(r, AGG, "ytd:2023")).toBe(2); // E7, E8 (E9 is Jul 1)
      expect(rowOf(r, AGG).changes["ytd:2023..2024"]).toMatchObject({ percent: 200, label: "200%" });
      expect(rowOf(r, AGG).changes["28d:prior..current"]).toMatchObject({
        current: 5,
        base: 1,
        percent: 400,
      });
    });

    it("an instant with an offset is counted on its local day (America/Chicago)", async () => {
      const a = await report(dbPath, {
        asOf: "2024-07-01",
        periods: [{ kind: "range", from: "2024-07-01", to: "2024-07-01" }],
        metrics: [AGG],
      });
      // E2 (00:00) and E6 (05:30Z = 00:30 CDT) are on Jul 1; E5 (04:30Z = 23:30 CDT Jun 30) is not
      expect(countOf(a, AGG, "range:2024-07-01..2024-07-01:current")).toBe(2);
      expect(countOf(a, AGG, "range:2024-07-01..2024-07-01:prior")).toBe(2); // E1, E5
      expect(countOf(a, AGG, "range:2024-07-01..2024-07-01:last-year")).toBe(1); // E9
    });
  });

  describe("month precision", () => {
    it("a May 2023 record counts in year:2023 and in a YTD window holding all of May", async () => {
      const r = await report(dbPath, {
        asOf: "2024-05-31",
        periods: [{ kind: "ytd" }, { kind: "year" }],
        years: [2023, 2024],
        metrics: [BURG],
      });
      expect(countOf(r, BURG, "ytd:2023")).toBe(2); // M1 + M2
      expect(countOf(r, BURG, "year:2023")).toBe(2);
      expect(countOf(r, BURG, "ytd:2023", "district:6")).toBe(2);
      expect(r.notes.some((n) => n.includes("known only to the month"))).toBe(false);
    });

    it("a range that is exactly May holds it", async () => {
      const r = await report(dbPath, {
        asOf: "2023-06-30",
        periods: [{ kind: "range", from: "2023-05-01", to: "2023-05-31" }],
        metrics: [BURG],
      });
      expect(countOf(r, BURG, "range:2023-05-01..2023-05-31:current")).toBe(2);
    });

    it("not in a YTD window ending inside May, and the notes say so", async () => {
      const r = await report(dbPath, { asOf: "2024-05-30", periods: [{ kind: "ytd" }], metrics: [BURG] });
      expect(countOf(r, BURG, "ytd:2023")).toBe(1); // M2 only
      const note = r.notes.find((n) => n.includes("known only to the month"));
      expect(note).toBeDefined();
      expect(note).toContain("2023 (YTD)");
      expect(note).toMatch(/\b1 events?\b/);
    });

    it("not in a 28-day window that overlaps May partly, and the notes say so", async () => {
      const r = await report(dbPath, { asOf: "2023-05-20", periods: [{ kind: "28d" }], metrics: [BURG] });
      expect(countOf(r, BURG, "28d:current")).toBe(1); // M2 (May 15) only
      const note = r.notes.find((n) => n.includes("known only to the month"));
      expect(note).toBeDefined();
      expect(note).toContain("Last 28 days");
      expect(note).toMatch(/\b1 events?\b/);
    });

    it("the note counts events, not metric units (one burglary under the whole Part I family is still 1 event)", async () => {
      const r = await report(dbPath, { asOf: "2023-05-20", periods: [{ kind: "28d" }], metrics: ["part1"] });
      expect(countOf(r, "part1-total", "28d:current")).toBe(1);
      const note = r.notes.find((n) => n.includes("known only to the month") && n.includes("Last 28 days"));
      expect(note).toBeDefined();
      expect(note).toMatch(/: 1 events? known only to the month/);
    });
  });

  describe("clearance", () => {
    let r: CompStatReport;
    beforeAll(async () => {
      r = await report(dbPath, { asOf: "2024-06-30", metrics: [ROB, AGG], layers: ["district"] });
    });

    it("cohort: incidents of the window cleared by the as-of date (a clearance dated after it does not count)", () => {
      // 28d 06-03..06-30: R1 (cleared 06-10), R2 (cleared 07-01, after the as-of date), R3 (no), R4 (no date), R9 (06-26)
      const c = clearanceOf(r, ROB, "28d:current");
      expect(c.offenses).toBe(5);
      expect(c.clearedCohort).toBe(3);
      expect(c.cohortRate).toBeCloseTo(0.6, 12);
      const y = clearanceOf(r, ROB, "ytd:2024");
      expect(y.offenses).toBe(8); // R1-R7, R9
      expect(y.clearedCohort).toBe(6); // R1, R4, R5, R6, R7, R9
      expect(y.cohortRate).toBeCloseTo(0.75, 12);
    });

    it("period: clearances dated in the window over incidents in the window, older incidents included (> 1)", () => {
      // cleared 06-03..06-30: R1 06-10, R5 06-15, R6 06-20 14:00, R9 06-26, R8 06-28 (a 2023 robbery), R7 06-30 23:00
      const c = clearanceOf(r, ROB, "28d:current");
      expect(c.clearedInPeriod).toBe(6);
      expect(c.periodRate).toBeCloseTo(1.2, 12);
      const w = clearanceOf(r, ROB, "week:current"); // 06-24..06-30: R9 incident; R9, R8, R7 cleared
      expect([w.offenses, w.clearedCohort, w.clearedInPeriod]).toEqual([1, 1, 3]);
      expect(w.periodRate).toBe(3);
      const y = clearanceOf(r, ROB, "ytd:2024"); // R1, R5, R6, R7, R8, R9 (R2 is Jul 1, R4 undated)
      expect(y.clearedInPeriod).toBe(6);
      expect(y.periodRate).toBeCloseTo(0.75, 12);
      const p = clearanceOf(r, ROB, "28d:prior");
      expect(p).toEqual({
        offenses: 0,
        clearedCohort: 0,
        cohortRate: null,
        clearedInPeriod: 0,
        periodRate: null,
      });
    });

    it("by district, and zero for a metric with nothing cleared", () => {
      expect(clearanceOf(r, ROB, "28d:current", "district:7")).toMatchObject({
        offenses: 5,
        clearedCohort: 3,
        clearedInPeriod: 6,
      });
      expect(clearanceOf(r, AGG, "28d:current")).toMatchObject({
        offenses: 5,
        clearedCohort: 0,
        cohortRate: 0,
        clearedInPeriod: 0,
        periodRate: 0,
      });
    });

    it("a later as-of date takes in the clearance dated Jul 1", async () => {
      const later = await report(dbPath, { asOf: "2024-07-01", periods: [{ kind: "28d" }], metrics: [ROB] });
      // 06-04..07-01: R1, R2, R3, R4, R9; cleared by Jul 1: R1, R2, R4, R9
      expect(clearanceOf(later, ROB, "28d:current")).toMatchObject({ offenses: 5, clearedCohort: 4 });
    });
  });

  describe("a city's own metric", () => {
    const shootingVictims = {
      id: "shooting-victims",
      label: "Shooting victims",
      source: "incidents",
      injury: "shot",
      unit: "victims",
    };

    it("counts people shot: an incident with 3 victims counts 3", async () => {
      const stored = await withDb(dbPath, (db) =>
        saveCityMetrics(
          db,
          [
            shootingVictims,
            { id: "shooting-incidents", label: "Shooting incidents", source: "incidents", injury: "shot" },
          ],
          "m.json",
        ),
      );
      expect(stored.map((m) => m.id)).toEqual(["shooting-victims", "shooting-incidents"]);
      const r = await report(dbPath, {
        asOf: "2022-12-31",
        periods: [{ kind: "year" }],
        years: [2022],
        metrics: ["shooting-victims", "shooting-incidents", "nonfatal-shootings"],
        layers: ["district"],
      });
      // S1 (3 shot), S2 (1), S3 (1, killed); S4 has 0 shot, S5 none
      expect(countOf(r, "shooting-victims", "year:2022")).toBe(5);
      expect(countOf(r, "shooting-victims", "year:2022", "district:1")).toBe(3);
      expect(countOf(r, "shooting-victims", "year:2022", "district:3")).toBe(1);
      expect(countOf(r, "shooting-incidents", "year:2022")).toBe(3);
      expect(countOf(r, "nonfatal-shootings", "year:2022")).toBe(2);
      const def = r.definitions.metrics.find((m) => m.id === "shooting-victims");
      expect(def).toMatchObject({ label: "Shooting victims", unit: "victims" });
      // the default book includes the city's metric
      const book = await report(dbPath, { asOf: "2022-12-31", periods: [{ kind: "year" }], years: [2022] });
      expect(countOf(book, "shooting-victims", "year:2022")).toBe(5);
    });

    it("clearance of a victims metric is counted in incidents (3 shooting incidents, 1 cleared), not victims", async () => {
      const r = await report(dbPath, {
        asOf: "2022-12-31",
        periods: [{ kind: "year" }],
        years: [2022],
        metrics: ["shooting-victims", "shooting-incidents"],
      });
      const incidents = clearanceOf(r, "shooting-incidents", "year:2022");
      expect(incidents).toMatchObject({ offenses: 3, clearedCohort: 1, clearedInPeriod: 1 });
      // ReportClearance.offenses: "Incidents of the metric in the window"
      const victims = clearanceOf(r, "shooting-victims", "year:2022");
      expect(victims).toMatchObject({ offenses: 3, clearedCohort: 1, clearedInPeriod: 1 });
      expect(victims.cohortRate).toBeCloseTo(1 / 3, 12);
    });

    it("rejects invalid definitions naming the file and the field, and stores none of a bad batch", async () => {
      await withDb(dbPath, async (db) => {
        const bad = async (json: unknown, ...fragments: string[]) => {
          const e = await appError(saveCityMetrics(db, json, "m.json"));
          expect(e.code).toBe("bad-file");
          expect(e.message).toContain("m.json");
          for (const f of fragments) expect(e.message).toContain(f);
        };
        await bad({ ...shootingVictims, id: "Shooting Victims" }, "id");
        await bad({ ...shootingVictims, injury: "grazed" }, "injury");
        await bad({ ...shootingVictims, unit: "people" }, "unit");
        await bad({ id: "x", source: "incidents" }, "label");
        await bad({ id: "x", label: "X", source: "cameras" }, "source");
        await bad({ id: "calls-x", label: "X", source: "calls", callTypes: [] }, "callTypes");
        await bad(
          [
            { ...shootingVictims, id: "ok-one" },
            { ...shootingVictims, id: "bad one" },
          ],
          "metric 2",
          "id",
        );
        const ids = (await loadCityMetrics(db)).map((m) => m.id);
        expect(ids).not.toContain("ok-one");
      });
    });

    it("refuses the Part I family's ids", async () => {
      await withDb(dbPath, async (db) => {
        for (const id of ["part1-total", "part1", "part1.homicide"]) {
          const e = await appError(saveCityMetrics(db, { ...shootingVictims, id }, "m.json"));
          expect(e.code).toBe("invalid-argument");
          expect(e.message).toContain(id);
          expect(e.message).toContain("m.json");
        }
        expect((await loadCityMetrics(db)).map((m) => m.id)).not.toContain("part1-total");
      });
    });
  });

  describe("goals end to end", () => {
    const goal = (over: Partial<Goal>): Goal => ({
      id: "larceny-down",
      label: "Larceny -20% in 2022",
      metric: LARC,
      layer: null,
      area: null,
      baselineStart: "2021-01-01",
      baselineEnd: "2021-12-31",
      start: "2022-01-01",
      deadline: "2022-12-31",
      targetPercent: -20,
      ...over,
    });

    beforeAll(async () => {
      await withDb(dbPath, async (db) => {
        const own = await loadCityMetrics(db);
        await saveGoal(db, goal({}), own);
        await saveGoal(db, goal({ id: "larceny-d4", layer: "district", area: "4" }), own);
      });
    });

    it("an unknown goal metric is refused", async () => {
      const e = await withDb(dbPath, async (db) => appError(saveGoal(db, goal({ metric: "nope" }), [])));
      expect(e.code).toBe("invalid-argument");
      expect(e.message).toContain("nope");
    });

    it("met at the deadline: baseline 10, target 8, observed 7 (flat profile: too few events)", async () => {
      const r = await report(dbPath, {
        asOf: "2022-12-31",
        periods: [{ kind: "year" }],
        years: [2022],
        metrics: [LARC],
      });
      const g = r.goals.find((x) => x.id === "larceny-down");
      expect(g).toMatchObject({
        metric: LARC,
        group: "citywide",
        baseline: { start: "2021-01-01", end: "2021-12-31", count: 10 },
        observed: 7,
        expected: 10,
        targetCount: 8,
        projected: 7,
        changeToDate: -30,
        status: "met",
      });
      expect(g?.seasonality).toMatch(/^flat/);
      const d4 = r.goals.find((x) => x.id === "larceny-d4");
      expect(d4).toMatchObject({ group: "district:4", observed: 7, expected: 10, status: "met" });
    });

    it("on track at Sep 30: 5 observed against 10 x 273/365 expected", async () => {
      const r = await report(dbPath, { asOf: "2022-09-30", periods: [{ kind: "ytd" }], metrics: [LARC] });
      const g = r.goals.find((x) => x.id === "larceny-down");
      const expected = (10 * 273) / 365;
      const rest = (10 * 92) / 365;
      const projected = 5 + (5 / expected) * rest;
      expect(g).toMatchObject({
        observed: 5,
        expected: Math.round(expected * 10) / 10,
        projected: Math.round(projected * 10) / 10,
        changeToDate: Math.round((5 / expected - 1) * 1000) / 10,
        status: "on-track",
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// Goal arithmetic (pure)
// ---------------------------------------------------------------------------------------------------

describe("evaluateGoal with a flat profile", () => {
  const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const flat = DAYS.map((d) => d / 365);
  const goal: Goal = {
    id: "g",
    label: "Shootings -20% in 2017",
    metric: "nonfatal-shootings",
    layer: null,
    area: null,
    baselineStart: "2015-01-01",
    baselineEnd: "2015-12-31",
    start: "2017-01-01",
    deadline: "2017-12-31",
    targetPercent: -20,
  };
  const evaluate = (asOf: string, observed: number, g: Goal = goal) =>
    evaluateGoal(g, asOf, { baselineCount: 100, observed, share: flat }, "flat", "citywide");

  it("the flat profile weighs a whole year 1 and each day 1/365", () => {
    expect(seasonalWeight(flat, "2015-01-01", "2015-12-31")).toBeCloseTo(1, 12);
    expect(seasonalWeight(flat, "2017-01-01", "2017-06-30")).toBeCloseTo(181 / 365, 12);
  });

  it("a full-year baseline of 100 expects 100 over 2017 and a -20% target allows 80", () => {
    const s = evaluate("2017-12-31", 79);
    expect(s.expected).toBe(100);
    expect(s.targetCount).toBe(80);
    expect(s.baseline).toEqual({ start: "2015-01-01", end: "2015-12-31", count: 100 });
  });

  it("at the deadline: 79 is met, 80 is met, 81 is missed", () => {
    expect(evaluate("2017-12-31", 79)).toMatchObject({ status: "met", observed: 79, projected: 79 });
    expect(evaluate("2017-12-31", 80).status).toBe("met");
    expect(evaluate("2017-12-31", 81)).toMatchObject({ status: "missed", observed: 81 });
    // after the deadline the deadline is the end
    expect(evaluate("2018-03-01", 81)).toMatchObject({ status: "missed", expected: 100 });
  });

  it("mid-year at 70% of expected: on track, projected 70 (the ratio carried through the rest of the year)", () => {
    const expected = 100 * seasonalWeight(flat, "2017-01-01", "2017-06-30");
    const observed = 0.7 * expected;
    const s = evaluate("2017-06-30", observed);
    expect(s.status).toBe("on-track");
    expect(s.expected).toBe(Math.round(expected * 10) / 10);
    expect(s.changeToDate).toBe(-30);
    // observed + 0.7 x the rest of the year's expectation = 0.7 x 100
    const rest = 100 * seasonalWeight(flat, "2017-07-01", "2017-12-31");
    expect(Math.abs(observed + 0.7 * rest - 70)).toBeLessThan(1e-9);
    expect(Math.abs(s.projected - 70)).toBeLessThan(1e-9);
    // at 90% the projection (90) is above the 80 allowed
    expect(evaluate("2017-06-30", 0.9 * expected)).toMatchObject({ status: "off-track", projected: 90 });
  });

  it("before the start (or with fewer than 5 expected) it is too early", () => {
    const s = evaluate("2016-12-31", 3);
    expect(s).toMatchObject({
      status: "too-early",
      observed: 0,
      expected: 0,
      projected: 100,
      changeToDate: null,
    });
    expect(evaluate("2017-01-10", 1).status).toBe("too-early"); // expects 100 x 10/365 = 2.7
  });

  it("a goal to increase (partner activity +20%): at least the target is met", () => {
    const up: Goal = { ...goal, metric: "gun-recoveries", targetPercent: 20 };
    expect(evaluate("2017-12-31", 120, up)).toMatchObject({ status: "met", targetCount: 120 });
    expect(evaluate("2017-12-31", 119, up).status).toBe("missed");
  });
});

// ---------------------------------------------------------------------------------------------------
// Snapshots of versioned incidents
// ---------------------------------------------------------------------------------------------------

describe("clearances without dates (Chicago's Arrest flag)", () => {
  let dir: string;
  let dbPath: string;
  beforeAll(async () => {
    dir = tempDir("undated");
    dbPath = await buildCity(dir, {
      incidents: [
        { id: "U1", at: "2024-06-10 12:00", offense: "120", where: inDistrict(1), cleared: "arrest" },
        { id: "U2", at: "2024-06-11 12:00", offense: "120", where: inDistrict(2) },
      ],
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("gives the cohort rate, and no period rate rather than a false 0%", async () => {
    const r = await report(dbPath, {
      asOf: "2024-06-30",
      periods: [{ kind: "28d" }],
      metrics: ["part1.robbery"],
    });
    expect(clearanceOf(r, "part1.robbery", "28d:current")).toEqual({
      offenses: 2,
      clearedCohort: 1,
      cohortRate: 0.5,
      clearedInPeriod: null,
      periodRate: null,
    });
    expect(r.notes.some((n) => n.includes("carry no date"))).toBe(true);
  });
});

describe("snapshot: a report from the data as it stood at an instant", () => {
  let dir: string;
  let dbPath: string;
  let between: string;
  const v1: Inc[] = [
    { id: "X1", at: "2024-06-10 12:00", offense: "13A", where: inDistrict(1) },
    { id: "X2", at: "2024-06-11 12:00", offense: "120", where: inDistrict(2) },
  ];
  const v2: Inc[] = [{ ...v1[0]!, offense: "120" }, v1[1]!];
  const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

  beforeAll(async () => {
    dir = tempDir("snapshot");
    dbPath = await buildCity(dir, { incidents: v1 });
    await sleep(550);
    between = new Date().toISOString();
    await sleep(600);
    await withDb(dbPath, (db) => importIncidents(db, dir, "incidents-v2.csv", v2));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const opts: CompStatOptions = { asOf: "2024-06-30", periods: [{ kind: "28d" }], metrics: [ROB, AGG] };

  it("the current report counts the changed incident as a robbery", async () => {
    const r = await report(dbPath, opts);
    expect(r.snapshot).toBeNull();
    expect(countOf(r, ROB, "28d:current")).toBe(2);
    expect(countOf(r, AGG, "28d:current")).toBe(0);
    expect(countOf(r, ROB, "28d:current", "district:1")).toBe(1);
  });

  it("a snapshot between the imports counts it as an aggravated assault", async () => {
    const r = await report(dbPath, { ...opts, snapshot: between });
    expect(r.snapshot).toBe(between);
    expect(countOf(r, ROB, "28d:current")).toBe(1);
    expect(countOf(r, AGG, "28d:current")).toBe(1);
    expect(countOf(r, AGG, "28d:current", "district:1")).toBe(1);
    expect(r.notes.some((n) => n.includes("Rebuilt") && n.includes(between))).toBe(true);
  });

  it("a snapshot before the first import has nothing", async () => {
    const r = await report(dbPath, { ...opts, snapshot: "2000-01-01T00:00:00Z" });
    expect(countOf(r, ROB, "28d:current")).toBe(0);
    expect(countOf(r, AGG, "28d:current")).toBe(0);
  });

  it("a snapshot that is not a time is an invalid-argument AppError", async () => {
    const e = await appError(report(dbPath, { ...opts, snapshot: "last tuesday" }));
    expect(e.code).toBe("invalid-argument");
    expect(e.message).toContain("last tuesday");
  });
});

// ---------------------------------------------------------------------------------------------------
// A random city: a few thousand incidents, two focus areas, populations
// ---------------------------------------------------------------------------------------------------

const POP_2019: Readonly<Record<string, number>> = {
  "1": 52_000,
  "2": 41_000,
  "3": 30_500,
  "4": 25_000,
  "5": 18_000,
  "6": 9_000,
  "7": 800,
};

function randomCity(n: number, seed: number): Inc[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const offenses = [
    "09A",
    "13A",
    "13A",
    "120",
    "120",
    "220",
    "23H",
    "23F",
    "240",
    "11A",
    "13B",
    "35A",
    "200",
  ];
  const out: Inc[] = [];
  const day0 = Date.UTC(2019, 0, 1);
  const days = (Date.UTC(2022, 0, 1) - day0) / 86_400_000;
  const pad = (x: number) => String(x).padStart(2, "0");
  for (let i = 0; i < n; i++) {
    const t = new Date(day0 + Math.floor(r() * days) * 86_400_000);
    const date = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
    const u = r();
    // 1% known to the month, 1% to the day, the rest to the minute (never 02:xx)
    const hour = [0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
    const at =
      u < 0.01
        ? date.slice(0, 7)
        : u < 0.02
          ? date
          : `${date} ${pad(pick(hour))}:${pad(Math.floor(r() * 60))}`;
    const offense = pick(offenses);
    const gun = (offense === "09A" || offense === "13A" || offense === "120") && r() < 0.5;
    const shot =
      offense === "09A"
        ? 1 + Math.floor(r() * 2)
        : gun && offense === "13A"
          ? Math.floor(r() * 4)
          : undefined;
    const killed = offense === "09A" ? 1 : shot !== undefined ? 0 : undefined;
    let where: Inc["where"];
    const v = r();
    if (v < 0.04) where = null;
    else if (v < 0.2) {
      const [w, s, e, nn] = FOCUS[pick(Object.keys(FOCUS))]!;
      where = {
        lon: (w + (e - w) * (0.05 + 0.9 * r())).toFixed(6),
        lat: (s + (nn - s) * (0.05 + 0.9 * r())).toFixed(6),
      };
    } else where = inDistrict(1 + Math.floor(r() * 7), 0.05 + 0.9 * r(), 0.05 + 0.9 * r());
    const c = r();
    const cleared = c < 0.2 ? (r() < 0.8 ? "arrest" : "exceptional") : undefined;
    const clearedAt =
      cleared && r() < 0.9
        ? new Date(t.getTime() + Math.floor(r() * 60) * 86_400_000).toISOString().slice(0, 10)
        : undefined;
    out.push({
      id: `Q${i}`,
      at,
      offense,
      weapon: gun ? "12" : undefined,
      shot,
      killed,
      where,
      cleared,
      clearedAt,
      carjacking: offense === "120" && r() < 0.3 ? "Y" : undefined,
      more: r() < 0.05 ? [pick(["290", "13B", "35A", "220"])] : undefined,
    });
  }
  return out;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe("a random city of 3,000 incidents", () => {
  let dir: string;
  let dbPath: string;

  beforeAll(async () => {
    dir = tempDir("random");
    dbPath = await buildCity(dir, { incidents: randomCity(3000, 20240601), focus: true });
    const f = path.join(dir, "pop2019.csv");
    fs.writeFileSync(
      f,
      `name,population\n${Object.entries(POP_2019)
        .map(([k, v]) => `${k},${v}`)
        .join("\n")}\n`,
    );
    await withDb(dbPath, async (db) => {
      const p = await importPopulationFile(db, f, {
        layer: "district",
        nameField: "name",
        populationField: "population",
        year: 2019,
      });
      if (p.rows.rejected !== 0) throw new Error("population fixture rejected rows");
    });
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("invariants", () => {
    const cases: { asOf: string; years: number[] }[] = [
      { asOf: "2020-02-29", years: [2019, 2020] },
      { asOf: "2021-09-29", years: [2019, 2020, 2021] },
      { asOf: "2021-12-31", years: [2019, 2020, 2021] },
    ];

    for (const c of cases) {
      it(`as of ${c.asOf}: districts and focus areas + rest add up to citywide; shares; change signs`, async () => {
        const r = await report(dbPath, {
          asOf: c.asOf,
          periods: [
            { kind: "week" },
            { kind: "28d" },
            { kind: "ytd" },
            { kind: "year" },
            { kind: "range", from: "2020-03-01", to: "2020-05-31" },
          ],
          years: c.years,
          baseline: { count: 2 },
        });
        const groups = r.groups.map((g) => g.id);
        expect(groups).toContain("district:Unknown");
        expect(groups).toContain("rest:focus_area");
        expect(groups).toContain("focus_area:North Focus");
        expect(groups).toContain("focus_area:River Focus");
        const metrics = [...new Set(r.rows.map((x) => x.metric))];
        expect(metrics).toEqual(
          expect.arrayContaining(["homicides", "nonfatal-shootings", "part1-total", "carjackings"]),
        );
        const windows = r.periods.flatMap((p) => p.windows.map((w) => w.id));
        const districts = r.groups.filter((g) => g.layer === "district" && g.kind === "area");
        const focus = r.groups.filter((g) => g.layer === "focus_area" && g.kind === "area");
        let nonZero = 0;
        const problems: string[] = [];
        const check = (what: string, got: unknown, want: unknown) => {
          if (JSON.stringify(got) !== JSON.stringify(want))
            problems.push(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
        };
        for (const m of metrics) {
          const city = rowOf(r, m);
          for (const w of windows) {
            const total = city.counts[w]!;
            if (total > 0) nonZero++;
            check(`${m} ${w} districts`, sum(districts.map((g) => rowOf(r, m, g.id).counts[w]!)), total);
            check(
              `${m} ${w} focus + rest`,
              sum(focus.map((g) => rowOf(r, m, g.id).counts[w]!)) + rowOf(r, m, "rest:focus_area").counts[w]!,
              total,
            );
            const cc = city.clearance[w];
            if (cc) {
              const parts = districts.map((g) => rowOf(r, m, g.id).clearance[w]!);
              check(`${m} ${w} cohort`, sum(parts.map((p) => p.clearedCohort)), cc.clearedCohort);
              check(
                `${m} ${w} in period`,
                sum(parts.map((p) => p.clearedInPeriod ?? 0)),
                cc.clearedInPeriod ?? 0,
              );
              if (cc.clearedCohort > cc.offenses)
                problems.push(`${m} ${w}: cohort ${cc.clearedCohort} > ${cc.offenses}`);
            }
          }
          for (const row of r.rows.filter((x) => x.metric === m)) {
            for (const w of windows) {
              const total = city.counts[w]!;
              const share = row.share[w];
              if (total === 0) check(`${m} ${row.group} ${w} share`, share, null);
              else if (Math.abs((share ?? Number.NaN) - row.counts[w]! / total) > 1e-12)
                problems.push(`${m} ${row.group} ${w} share ${share} != ${row.counts[w]}/${total}`);
            }
            for (const [id, ch] of Object.entries(row.changes)) {
              // A window before the data's first day is missing data, never "new" or -100%.
              const first = r.coverage.incidents?.first ?? "";
              const period = r.periods.find((p) => p.comparisons.some((c) => c.id === id))!;
              const cmp = period.comparisons.find((c) => c.id === id)!;
              const sides = cmp.baseIsBaseline
                ? [period.windows.find((w) => w.id === cmp.current)!, ...(period.baseline?.windows ?? [])]
                : period.windows.filter((w) => w.id === cmp.current || w.id === cmp.base);
              const starts = sides.map((w) => w.start);
              const early = starts.some((d) => d < first);
              if (early !== (ch.label === "no data"))
                problems.push(`${m} ${row.group} ${id}: label ${ch.label}, window before ${first}: ${early}`);
              if (ch.label === "no data") continue;
              const diff = ch.current - ch.base;
              if (ch.base === 0) check(`${m} ${row.group} ${id} percent at base 0`, ch.percent, null);
              else if (ch.percent === null)
                problems.push(`${m} ${row.group} ${id}: no percent for base ${ch.base}`);
              else if (ch.percent !== 0 && Math.sign(ch.percent) !== Math.sign(diff))
                problems.push(
                  `${m} ${row.group} ${id}: percent ${ch.percent} for ${ch.base} -> ${ch.current}`,
                );
              else if (ch.percent === 0 && Math.abs(diff / ch.base) >= 0.005)
                problems.push(`${m} ${row.group} ${id}: percent 0 for ${ch.base} -> ${ch.current}`);
            }
          }
        }
        expect(problems.slice(0, 20)).toEqual([]);
        expect(nonZero).toBeGreaterThan(20);
      });
    }

    it("the month-precision records are accounted for: year counts include them", async () => {
      const r = await report(dbPath, {
        asOf: "2021-12-31",
        periods: [{ kind: "year" }],
        years: [2019, 2020, 2021],
        metrics: ["part1-total"],
      });
      // each full year holds every event of that year, month-precision ones included
      const want = await withDb(dbPath, (db) =>
        db.all<{ y: number; n: number }>(
          `SELECT year(occurred_at)::INTEGER AS y, count(*)::INTEGER AS n FROM incidents
           WHERE valid_to IS NULL AND list_has_any(offenses, ['09A','11A','120','13A','220','23H','23F','240']::VARCHAR[])
           GROUP BY 1 ORDER BY 1`,
        ),
      );
      for (const { y, n } of want) expect(countOf(r, "part1-total", `year:${y}`)).toBe(n);
    });
  });

  describe("groups", () => {
    const base: CompStatOptions = {
      asOf: "2021-09-29",
      periods: [{ kind: "ytd" }],
      metrics: ["part1-total"],
    };

    it("areas: ['focus_area:NAME'] reports only that area, with the same counts as the full report", async () => {
      const full = await report(dbPath, base);
      const one = await report(dbPath, { ...base, areas: ["focus_area:North Focus"] });
      expect(one.groups.map((g) => g.id)).toEqual(["focus_area:North Focus"]);
      expect(new Set(one.rows.map((x) => x.group))).toEqual(new Set(["focus_area:North Focus"]));
      expect(rowOf(one, "part1-total", "focus_area:North Focus").counts).toEqual(
        rowOf(full, "part1-total", "focus_area:North Focus").counts,
      );
      expect(countOf(one, "part1-total", "ytd:2021", "focus_area:North Focus")).toBeGreaterThan(0);
    });

    it("a name found in one layer works without the prefix", async () => {
      const one = await report(dbPath, { ...base, areas: ["River Focus"] });
      expect(one.groups.map((g) => g.id)).toEqual(["focus_area:River Focus"]);
    });

    it("an unknown layer is not-found and names the layers there are", async () => {
      const e = await appError(report(dbPath, { ...base, layers: ["beat"] }));
      expect(e.code).toBe("not-found");
      expect(e.message).toContain("beat");
      expect(e.message).toContain("district");
      expect(e.message).toContain("focus_area");
      const a = await appError(report(dbPath, { ...base, areas: ["beat:7"] }));
      expect(a.code).toBe("not-found");
      expect(a.message).toContain("district");
      expect(a.message).toContain("focus_area");
    });

    it("an unknown area of a known layer is not-found and names its areas", async () => {
      const e = await appError(report(dbPath, { ...base, areas: ["focus_area:Nowhere"] }));
      expect(e.code).toBe("not-found");
      expect(e.message).toContain("Nowhere");
      expect(e.message).toContain("North Focus");
    });

    it("an unknown metric is invalid-argument and lists the known ids", async () => {
      const e = await appError(report(dbPath, { ...base, metrics: ["nope"] }));
      expect(e.code).toBe("invalid-argument");
      expect(e.message).toContain("'nope'");
      for (const id of ["homicides", "nonfatal-shootings", "part1-total", "part1.robbery", "gun-recoveries"])
        expect(e.message).toContain(id);
    });
  });

  describe("rates", () => {
    const opts: CompStatOptions = {
      asOf: "2020-12-31",
      periods: [{ kind: "year" }, { kind: "week" }],
      years: [2020],
      metrics: ["homicides", "part1-total"],
      layers: ["district"],
    };

    it("a 2020 window with only 2019 populations uses 2019; per100k = ratePer100k(count, population); flags", async () => {
      const r = await report(dbPath, opts);
      const flags = new Set<string>();
      for (const m of ["homicides", "part1-total"]) {
        for (const [d, pop] of Object.entries(POP_2019)) {
          const row = rowOf(r, m, `district:${d}`);
          for (const w of ["year:2020", "week:current", "week:prior"]) {
            const n = row.counts[w]!;
            const rate = row.rates[w];
            expect(rate, `${m} district ${d} ${w}`).toBeDefined();
            expect(rate).toMatchObject({
              population: pop,
              populationYear: 2019,
              per100k: ratePer100k(n, pop),
            });
            const want = [...(pop < 1000 ? ["small-population"] : []), ...(n < 5 ? ["small-count"] : [])];
            expect(rate?.flags, `${m} district ${d} ${w}`).toEqual(want);
            for (const f of rate?.flags ?? []) flags.add(f);
          }
        }
        // no population for Unknown: no rate rather than a made-up one
        expect(rowOf(r, m, "district:Unknown").rates).toEqual({});
      }
      expect(flags).toEqual(new Set(["small-population", "small-count"]));
      // district 7 (800 people) is flagged even with a large count
      expect(rowOf(r, "part1-total", "district:7").rates["year:2020"]?.flags).toContain("small-population");
      expect(rowOf(r, "part1-total", "district:7").counts["year:2020"]).toBeGreaterThanOrEqual(5);
    });

    it("citywide uses the districts' sum when every district has one", async () => {
      const r = await report(dbPath, opts);
      const total = sum(Object.values(POP_2019));
      for (const m of ["homicides", "part1-total"]) {
        const n = countOf(r, m, "year:2020");
        expect(rowOf(r, m).rates["year:2020"]).toMatchObject({
          population: total,
          populationYear: 2019,
          per100k: ratePer100k(n, total),
        });
      }
      // 2,419 / 594,833 = 406.67 (domain.md): the helper itself agrees with the worked example
      expect(ratePer100k(2419, 594_833)).toBe(406.67);
    });

    it("with 2019 and 2021 loaded, 2020 still uses 2019 and 2021 uses 2021", async () => {
      const f = path.join(dir, "pop2021.csv");
      const pop21 = Object.fromEntries(Object.entries(POP_2019).map(([k, v]) => [k, v + 1000]));
      fs.writeFileSync(
        f,
        `name,population\n${Object.entries(pop21)
          .map(([k, v]) => `${k},${v}`)
          .join("\n")}\n`,
      );
      await withDb(dbPath, (db) =>
        importPopulationFile(db, f, {
          layer: "district",
          nameField: "name",
          populationField: "population",
          year: 2021,
        }),
      );
      const r = await report(dbPath, {
        asOf: "2021-06-30",
        periods: [{ kind: "ytd" }, { kind: "year" }],
        years: [2020, 2021],
        metrics: ["part1-total"],
        layers: ["district"],
      });
      const row = rowOf(r, "part1-total", "district:3");
      expect(row.rates["ytd:2020"]).toMatchObject({ populationYear: 2019, population: POP_2019["3"] });
      expect(row.rates["year:2020"]).toMatchObject({ populationYear: 2019, population: POP_2019["3"] });
      expect(row.rates["ytd:2021"]).toMatchObject({
        populationYear: 2021,
        population: pop21["3"],
        per100k: ratePer100k(row.counts["ytd:2021"]!, pop21["3"]!),
      });
      expect(rowOf(r, "part1-total").rates["ytd:2021"]).toMatchObject({
        populationYear: 2021,
        population: sum(Object.values(pop21)),
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// The CLI
// ---------------------------------------------------------------------------------------------------

describe("peacestat compstat (CLI)", () => {
  let dir: string;
  let dbPath: string;
  const v1: Inc[] = [
    {
      id: "C1",
      at: "2024-06-10 12:00",
      offense: "13A",
      weapon: "12",
      shot: 1,
      killed: 0,
      where: inDistrict(1),
    },
    {
      id: "C2",
      at: "2024-06-11 12:00",
      offense: "120",
      where: inDistrict(2),
      cleared: "arrest",
      clearedAt: "2024-06-12",
    },
    {
      id: "C3",
      at: "2023-06-11 12:00",
      offense: "09A",
      weapon: "12",
      shot: 1,
      killed: 1,
      where: inDistrict(3),
    },
  ];

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first (npm test does)`);
    dir = tempDir("cli");
    // Loaded on Jul 1 (C1 an aggravated assault), then on Jul 2 (C1 changed to a robbery).
    dbPath = await buildCity(dir, { incidents: v1, now: new Date("2024-07-01T12:00:00Z") });
    await withDb(dbPath, (db) =>
      importIncidents(
        db,
        dir,
        "v2.csv",
        [{ ...v1[0]!, offense: "120" }, v1[1]!, v1[2]!],
        new Date("2024-07-02T12:00:00Z"),
      ),
    );
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const base = () => ["compstat", "--db", dbPath, "--as-of", "2024-06-30"];

  it("--json parses and has the schema peacestat.compstat/1", () => {
    const r = cli([...base(), "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as CompStatReport;
    expect(j.schema).toBe("peacestat.compstat/1");
    expect(j.asOf).toBe("2024-06-30");
    expect(j.timeZone).toBe(TZ);
    expect(j.snapshot).toBeNull();
    expect(countOf(j, ROB, "28d:current")).toBe(2);
  });

  it("--data-as-of rebuilds the report from the data loaded then", () => {
    const r = cli([...base(), "--json", "--metric", `${ROB},${AGG}`, "--data-as-of", "2024-07-01T18:00:00Z"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as CompStatReport;
    expect(j.snapshot).toBe("2024-07-01T18:00:00.000Z");
    expect(countOf(j, ROB, "28d:current")).toBe(1);
    expect(countOf(j, AGG, "28d:current")).toBe(1);
  });

  it("--data-as-of that is not a time exits 2 with a one-line message", () => {
    const r = cli([...base(), "--json", "--data-as-of", "yesterday"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("yesterday");
    expect(r.stdout).toBe("");
  });

  it("--metric nope exits 2 with the message on stderr", () => {
    const r = cli([...base(), "--metric", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown metric 'nope'");
    expect(r.stderr).toContain("homicides");
    expect(r.stdout).toBe("");
  });

  it("--csv prints the long CSV, header first", () => {
    const r = cli([...base(), "--csv", "--metric", ROB]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split(/\r?\n/).filter((l) => l !== "");
    expect(lines[0]).toBe(LONG_COLUMNS.join(","));
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.slice(1).every((l) => l.startsWith(`${ROB},`))).toBe(true);
  });

  it("--html F writes a file with a table", () => {
    const f = path.join(dir, "out", "packet.html");
    const r = cli([...base(), "--html", f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(f);
    expect(fs.readFileSync(f, "utf8")).toContain("<table");
  });
});
