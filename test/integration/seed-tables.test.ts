/**
 * The seed's tables (Milwaukee PSP case study): Part I crime in the Center Street Corridor 2007-2016,
 * homicides and non-fatal shootings by district 2017-2019 (full year and Jan 1 - Sep 29), the same by PSP
 * focus area, and gun recoveries per 100,000.
 *
 * Two halves, on purpose independent of each other:
 * - the fixture check counts the imported database with plain SQL, so a wrong fixture can never be
 *   mistaken for a wrong engine (and the engine's tests cannot pass on a fixture that is wrong);
 * - the acceptance test runs the documented `peacestat compstat` commands as a user does and compares
 *   every cell with the seed's print, listing every cell that differs in one failure.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompStatReport, ReportChange, ReportRow } from "../../src/compstat/report.js";
import { Database } from "../../src/store/db.js";
import {
  buildSeedCity,
  CDE,
  CSC,
  PART1_CLASSES,
  SEED_GUN_RECOVERIES,
  SEED_HOMICIDES,
  SEED_NONFATAL,
  SEED_PSP_HOMICIDES,
  SEED_PSP_NONFATAL,
  SEED_TABLE1,
  type SeedCity,
  type SeedDistrictRow,
  type SeedPspRow,
  TABLE1_YEARS,
} from "../helpers/seed-city.js";

const CLI = path.resolve("dist/cli/main.js");
const DISTRICTS = ["1", "2", "3", "4", "5", "6", "7"];
const FOCUS_AREAS = [CSC, CDE];
const PSP_DISTRICTS = ["3", "5", "7"];

let dir: string;
let city: SeedCity;

beforeAll(async () => {
  fs.mkdirSync(".tmp", { recursive: true });
  dir = path.resolve(fs.mkdtempSync(path.join(".tmp", "seed-")));
  city = await buildSeedCity(dir);
});
afterAll(() => {
  // PEACESTAT_KEEP_SEED=1 keeps the files and database, to run the commands by hand when a cell differs.
  if (dir && !process.env.PEACESTAT_KEEP_SEED) fs.rmSync(dir, { recursive: true, force: true });
});

/** domain.md "Change": whole percent, half away from zero; blank when both are 0, "new" from 0. */
function changeLabel(current: number, base: number): string {
  if (base === 0) return current === 0 ? "" : "new";
  const p = ((current - base) / base) * 100;
  const whole = Math.sign(p) * Math.round(Math.abs(p));
  return `${whole === 0 ? 0 : whole}%`;
}

function unprint(s: string): string {
  return s.replace(/,/g, "");
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe("the seed's tables are consistent with themselves and with domain.md", () => {
  it("Table 1: roll-ups are sums of the classes; averages and changes follow the rules", () => {
    const byMetric = new Map(SEED_TABLE1.map((r) => [r.metric, r]));
    const counts = (m: string) => byMetric.get(m)!.counts;
    TABLE1_YEARS.forEach((_, yi) => {
      const at = (m: string) => counts(m)[yi]!;
      const violent =
        at("part1.homicide") + at("part1.rape") + at("part1.robbery") + at("part1.aggravated-assault");
      const property = at("part1.burglary") + at("part1.motor-vehicle-theft") + at("part1.larceny");
      expect(at("part1-violent")).toBe(violent);
      expect(at("part1-property")).toBe(property);
      expect(at("part1-total")).toBe(violent + property);
    });
    for (const row of SEED_TABLE1) {
      const mean = sum(row.counts.slice(0, 9)) / 9;
      expect(mean.toFixed(1), row.crime).toBe(unprint(row.average));
      expect(changeLabel(row.counts[9]!, mean), row.crime).toBe(row.change);
    }
  });

  it("homicides and non-fatal shootings: totals add up, changes follow the rules", () => {
    for (const table of [SEED_HOMICIDES, SEED_NONFATAL]) {
      const body = table.filter((r) => r.district !== "Total");
      const total = table.find((r) => r.district === "Total")!;
      for (const k of ["full2017", "full2018", "ytd2017", "ytd2018", "ytd2019"] as const) {
        expect(sum(body.map((r) => r[k])), k).toBe(total[k]);
      }
      for (const r of table) {
        expect(r.ytd2017).toBeLessThanOrEqual(r.full2017);
        expect(r.ytd2018).toBeLessThanOrEqual(r.full2018);
        expect(changeLabel(r.ytd2019, r.ytd2017), `${r.district} 2017-19`).toBe(r.change2017to2019);
        expect(changeLabel(r.ytd2019, r.ytd2018), `${r.district} 2018-19`).toBe(r.change2018to2019);
      }
    }
  });

  it("PSP areas: totals add up, changes follow the rules, each cell fits in its district's YTD count", () => {
    for (const [psp, districts] of [
      [SEED_PSP_HOMICIDES, SEED_HOMICIDES],
      [SEED_PSP_NONFATAL, SEED_NONFATAL],
    ] as const) {
      for (const area of FOCUS_AREAS) {
        const body = psp.filter((r) => r.district !== "Total").map((r) => r.cells[area]!);
        const total = psp.find((r) => r.district === "Total")!.cells[area]!;
        expect(sum(body.map((x) => x.ytd2018))).toBe(total.ytd2018);
        expect(sum(body.map((x) => x.ytd2019))).toBe(total.ytd2019);
        for (const r of psp) {
          const cell = r.cells[area]!;
          expect(changeLabel(cell.ytd2019, cell.ytd2018), `${area} ${r.district}`).toBe(cell.change);
        }
      }
      for (const d of PSP_DISTRICTS) {
        const row = psp.find((r) => r.district === d)!;
        const whole = districts.find((r) => r.district === d)!;
        expect(sum(FOCUS_AREAS.map((a) => row.cells[a]!.ytd2018))).toBeLessThanOrEqual(whole.ytd2018);
        expect(sum(FOCUS_AREAS.map((a) => row.cells[a]!.ytd2019))).toBeLessThanOrEqual(whole.ytd2019);
      }
    }
  });

  it("gun recoveries: rate = count / population x 100,000, two decimals", () => {
    for (const r of SEED_GUN_RECOVERIES) {
      expect(((r.recoveries2016 / r.population2010) * 100_000).toFixed(2), r.city).toBe(r.rate);
    }
  });
});

/** SQL for the Part I class of an incident under the UCR hierarchy (one class, the most serious). */
const PART1_CLASS_SQL = `CASE
  WHEN list_contains(offenses, '09A') THEN 'homicide'
  WHEN list_has_any(offenses, ['11A', '11B', '11C']) THEN 'rape'
  WHEN list_contains(offenses, '120') THEN 'robbery'
  WHEN list_contains(offenses, '13A') THEN 'aggravated-assault'
  WHEN list_contains(offenses, '220') THEN 'burglary'
  WHEN list_has_any(offenses, ['23A', '23B', '23C', '23D', '23E', '23F', '23G', '23H']) THEN 'larceny'
  WHEN list_contains(offenses, '240') THEN 'motor-vehicle-theft'
END`;

/** SQL for the shooting metric of an incident: homicide (09A) or non-fatal shooting, else NULL. */
const SHOOTING_SQL = `CASE
  WHEN list_contains(i.offenses, '09A') THEN 'homicides'
  WHEN i.victims_shot >= 1 AND coalesce(i.victims_killed, 0) = 0 THEN 'nonfatal'
END`;

/** YTD = Jan 1 00:00 through Sep 29 23:59:59 local, the seed's window, in every year. */
const YTD_SQL = "(i.occurred_at < make_timestamp(year(i.occurred_at), 9, 30, 0, 0, 0))";

describe("seed fixture: the imported database holds the seed's counts (SQL, independent of the engine)", () => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open(city.db, { readOnly: true });
  });
  afterAll(() => db?.close());

  it("every row was imported; layers, areas and populations are there", async () => {
    const batches = await db.all<{ kind: string; read: number; rejected: number }>(
      "SELECT kind, rows_read::INTEGER AS read, rows_rejected::INTEGER AS rejected FROM import_batches ORDER BY batch_id",
    );
    for (const b of batches) expect(b.rejected, b.kind).toBe(0);
    const current = await db.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM incidents WHERE valid_to IS NULL",
    );
    expect(current?.n).toBe(city.incidents);
    const activity = await db.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM partner_activity");
    expect(activity?.n).toBe(city.activityRows);
    const areas = await db.all<{ layer: string; names: string[] }>(
      "SELECT layer, list(name ORDER BY name) AS names FROM areas GROUP BY layer ORDER BY layer",
    );
    expect(areas).toEqual([
      { layer: "district", names: DISTRICTS },
      { layer: "focus_area", names: [CDE, CSC] },
      {
        layer: "peer_city",
        names: SEED_GUN_RECOVERIES.map((r) => r.city).sort(),
      },
    ]);
    // Every incident is in exactly one district (a polygon, the reported one, or Unknown).
    const perIncident = await db.one<{ incidents: number; assigned: number; most: number }>(
      `SELECT count(*)::INTEGER AS incidents, sum(k)::INTEGER AS assigned, max(k)::INTEGER AS most FROM (
         SELECT i.uid, count(a.uid) AS k FROM incidents i
         LEFT JOIN event_areas a ON a.kind = 'incident' AND a.layer = 'district' AND a.uid = i.uid
         WHERE i.valid_to IS NULL GROUP BY i.uid)`,
    );
    expect(perIncident).toEqual({ incidents: city.incidents, assigned: city.incidents, most: 1 });
    // Focus areas do not overlap, and only districts 3, 5, 7 hold focus-area incidents.
    const focus = await db.all<{ focus: string; district: string }>(
      `SELECT DISTINCT f.area AS focus, d.area AS district FROM event_areas f
       JOIN event_areas d ON d.kind = 'incident' AND d.layer = 'district' AND d.uid = f.uid
       WHERE f.kind = 'incident' AND f.layer = 'focus_area' ORDER BY 1, 2`,
    );
    expect(focus).toEqual([
      { focus: CDE, district: "5" },
      { focus: CSC, district: "3" },
      { focus: CSC, district: "5" },
      { focus: CSC, district: "7" },
    ]);
  });

  it("Table 1: Part I incidents in the Center Street Corridor by year and class (UCR hierarchy)", async () => {
    const rows = await db.all<{ y: number; cls: string; n: number }>(
      `SELECT year(occurred_at)::INTEGER AS y, ${PART1_CLASS_SQL} AS cls, count(*)::INTEGER AS n
       FROM incidents i JOIN event_areas f ON f.kind = 'incident' AND f.layer = 'focus_area' AND f.uid = i.uid
       WHERE i.valid_to IS NULL AND f.area = $1 AND year(occurred_at) BETWEEN 2007 AND 2016
       GROUP BY ALL`,
      [CSC],
    );
    const got = new Map(rows.map((r) => [`${r.y}|${r.cls}`, r.n]));
    const at = (y: number, cls: string) => got.get(`${y}|${cls}`) ?? 0;
    const family: Record<string, readonly string[]> = {
      "part1-violent": ["homicide", "rape", "robbery", "aggravated-assault"],
      "part1-property": ["burglary", "motor-vehicle-theft", "larceny"],
      "part1-total": PART1_CLASSES,
    };
    const actual = SEED_TABLE1.map((row) => ({
      metric: row.metric,
      counts: TABLE1_YEARS.map((y) => {
        const classes = family[row.metric] ?? [row.metric.replace(/^part1\./, "")];
        return sum(classes.map((cls) => at(y, cls)));
      }),
    }));
    expect(actual).toEqual(SEED_TABLE1.map((r) => ({ metric: r.metric, counts: r.counts })));
    // The hierarchy had work to do: incidents holding two Part I classes exist in the corridor.
    const multi = await db.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM incidents i
       JOIN event_areas f ON f.kind = 'incident' AND f.layer = 'focus_area' AND f.uid = i.uid AND f.area = $1
       WHERE i.valid_to IS NULL AND list_contains(offenses, '120') AND list_contains(offenses, '13A')
         AND year(occurred_at) = 2016`,
      [CSC],
    );
    expect(multi?.n).toBe(1);
    // Non-Part I offenses are in the corridor too (and must not count).
    const other = await db.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM incidents i
       JOIN event_areas f ON f.kind = 'incident' AND f.layer = 'focus_area' AND f.uid = i.uid AND f.area = $1
       WHERE i.valid_to IS NULL AND (${PART1_CLASS_SQL}) IS NULL AND year(occurred_at) BETWEEN 2007 AND 2016`,
      [CSC],
    );
    expect(other?.n).toBeGreaterThan(50);
  });

  async function shootingCounts(extraJoin = "", extraCols = ""): Promise<Map<string, number>> {
    const rows = await db.all<{ k: string; n: number }>(
      `SELECT concat_ws('|', coalesce(${SHOOTING_SQL}, 'other'), ${extraCols} d.area, year(i.occurred_at), ${YTD_SQL}) AS k,
         count(*)::INTEGER AS n
       FROM incidents i
       JOIN event_areas d ON d.kind = 'incident' AND d.layer = 'district' AND d.uid = i.uid
       ${extraJoin}
       WHERE i.valid_to IS NULL AND year(i.occurred_at) BETWEEN 2016 AND 2020
       GROUP BY ALL`,
    );
    return new Map(rows.map((r) => [r.k, r.n]));
  }

  function districtCounts(
    got: Map<string, number>,
    metric: string,
    seed: readonly SeedDistrictRow[],
  ): SeedDistrictRow[] {
    const districts = seed.filter((r) => r.district !== "Total").map((r) => r.district);
    const at = (d: string, y: number, ytd: boolean) => got.get(`${metric}|${d}|${y}|${ytd}`) ?? 0;
    const row = (ds: readonly string[], label: string): SeedDistrictRow => {
      const s = (y: number, ytd: boolean) => sum(ds.map((d) => at(d, y, ytd)));
      const ytd2017 = s(2017, true);
      const ytd2018 = s(2018, true);
      const ytd2019 = s(2019, true);
      return {
        district: label,
        full2017: ytd2017 + s(2017, false),
        full2018: ytd2018 + s(2018, false),
        ytd2017,
        ytd2018,
        ytd2019,
        change2017to2019: changeLabel(ytd2019, ytd2017),
        change2018to2019: changeLabel(ytd2019, ytd2018),
      };
    };
    // The Total row is citywide: every district key present in the data, Unknown included.
    const all = [...new Set([...got.keys()].map((k) => k.split("|")[1]!))];
    return [...districts.map((d) => row([d], d)), row(all, "Total")];
  }

  it("Table 2: homicides and non-fatal shootings by district, full years and Jan 1 - Sep 29", async () => {
    const got = await shootingCounts();
    expect(districtCounts(got, "homicides", SEED_HOMICIDES)).toEqual(SEED_HOMICIDES);
    expect(districtCounts(got, "nonfatal", SEED_NONFATAL)).toEqual(SEED_NONFATAL);
    // The seed prints no Unknown homicide row: there are none.
    for (const y of [2017, 2018, 2019]) {
      expect(got.get(`homicides|Unknown|${y}|true`) ?? 0).toBe(0);
      expect(got.get(`homicides|Unknown|${y}|false`) ?? 0).toBe(0);
    }
    // Outside the windows: one homicide and one shooting on Sep 30, 2019 (after the as-of day), a shooting
    // on Dec 31, 2016 (2016 also holds Table 1's homicides), and one shooting in 2020 - none may count.
    const outside = (m: string, y: number, ytd: boolean) =>
      sum(
        [...got.entries()]
          .filter(([k]) => k.startsWith(`${m}|`) && k.endsWith(`|${y}|${ytd}`))
          .map(([, n]) => n),
      );
    expect(outside("homicides", 2019, false)).toBe(1);
    expect(outside("nonfatal", 2019, false)).toBe(1);
    expect(outside("nonfatal", 2016, false)).toBe(1);
    expect(outside("nonfatal", 2020, true)).toBe(1);
  });

  it("Table 2's edges: the YTD window's first and last minute, Sep 30 00:00 outside, offsets converted", async () => {
    const rows = await db.all<{ t: string; m: string | null }>(
      `SELECT strftime(i.occurred_at, '%Y-%m-%d %H:%M:%S') AS t, ${SHOOTING_SQL} AS m FROM incidents i
       WHERE i.valid_to IS NULL AND strftime(i.occurred_at, '%m-%d %H:%M') IN
         ('01-01 00:00', '09-29 23:59', '09-30 00:00', '12-31 23:59') AND year(i.occurred_at) >= 2017
       ORDER BY 1`,
    );
    const times = new Set(rows.filter((r) => r.m !== null).map((r) => r.t));
    for (const t of [
      "2017-01-01 00:00:00",
      "2017-09-29 23:59:00",
      "2017-09-30 00:00:00",
      "2017-12-31 23:59:59",
      "2018-01-01 00:00:00",
      "2018-09-29 23:59:00",
      "2018-09-30 00:00:00",
      "2018-12-31 23:59:00",
      "2019-01-01 00:00:00",
      "2019-09-29 23:59:00",
      "2019-09-30 00:00:00",
    ]) {
      expect(times, t).toContain(t);
    }
  });

  it("Table 3: homicides and non-fatal shootings by focus area and district, 2018 and 2019 YTD", async () => {
    const got = await shootingCounts(
      "JOIN event_areas f ON f.kind = 'incident' AND f.layer = 'focus_area' AND f.uid = i.uid",
      "f.area,",
    );
    for (const [metric, seed] of [
      ["homicides", SEED_PSP_HOMICIDES],
      ["nonfatal", SEED_PSP_NONFATAL],
    ] as const) {
      const at = (area: string, ds: readonly string[], y: number) =>
        sum(ds.map((d) => got.get(`${metric}|${area}|${d}|${y}|true`) ?? 0));
      const actual: SeedPspRow[] = [...PSP_DISTRICTS, "Total"].map((d) => {
        const ds = d === "Total" ? DISTRICTS : [d];
        const cells: Record<string, { ytd2018: number; ytd2019: number; change: string }> = {};
        for (const area of FOCUS_AREAS) {
          const ytd2018 = at(area, ds, 2018);
          const ytd2019 = at(area, ds, 2019);
          cells[area] = { ytd2018, ytd2019, change: changeLabel(ytd2019, ytd2018) };
        }
        return { district: d, cells };
      });
      expect(actual, metric).toEqual(seed);
      // Incidents of the other windows sit in the corridor too: the table must pick them out by date.
      const elsewhere = sum(
        [...got.entries()]
          .filter(
            ([k]) => k.startsWith(`${metric}|${CSC}|`) && (k.endsWith("|false") || k.includes("|2017|")),
          )
          .map(([, n]) => n),
      );
      expect(elsewhere, metric).toBeGreaterThan(metric === "homicides" ? 5 : 50);
    }
  });

  it("gun recoveries 2016 and 2010 populations of the peer cities", async () => {
    const rows = await db.all<{ city: string; n: number; pop: number }>(
      `SELECT a.area_name AS city, sum(a.count)::INTEGER AS n, any_value(p.population)::INTEGER AS pop
       FROM partner_activity a
       JOIN area_populations p ON p.layer = 'peer_city' AND p.name = a.area_name AND p.year = 2010
       WHERE a.activity_type = 'gun-recovery' AND a.area_layer = 'peer_city' AND year(a.activity_date) = 2016
       GROUP BY 1`,
    );
    const got = new Map(rows.map((r) => [r.city, r]));
    for (const r of SEED_GUN_RECOVERIES) {
      const g = got.get(r.city);
      expect(g, r.city).toEqual({ city: r.city, n: r.recoveries2016, pop: r.population2010 });
      expect(((g!.n / g!.pop) * 100_000).toFixed(2)).toBe(r.rate);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Acceptance: the documented commands reproduce every cell
// ---------------------------------------------------------------------------------------------------

function peacestat(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function compstat(args: readonly string[]): CompStatReport {
  const r = peacestat(["compstat", "--db", city.db, ...args, "--json"]);
  if (r.code !== 0) {
    throw new Error(
      `peacestat compstat ${args.join(" ")} exited ${r.code}: ${r.stderr.trim().slice(0, 500)}`,
    );
  }
  return JSON.parse(r.stdout) as CompStatReport;
}

/** Collects every differing cell, so one failure lists all of them (the engine's to-do list). */
class Cells {
  readonly diffs: string[] = [];
  check(where: string, got: unknown, want: unknown): void {
    if (got !== want) this.diffs.push(`${where}: got ${JSON.stringify(got)}, seed ${JSON.stringify(want)}`);
  }
}

function findRow(report: CompStatReport, metric: string, group: string): ReportRow | undefined {
  return report.rows.find((r) => r.metric === metric && r.group === group);
}

/** A count; a missing row or window is 0 (the engine may omit empty cells). */
function countOf(row: ReportRow | undefined, window: string): number {
  return row?.counts[window] ?? 0;
}

/** A change label; a missing row or comparison is a blank cell (both counts 0). */
function labelOf(row: ReportRow | undefined, comparison: string): string {
  const change: ReportChange | undefined = row?.changes[comparison];
  return change?.label ?? "";
}

const TABLE2_ARGS = [
  "--as-of",
  "2019-09-29",
  "--layer",
  "district",
  "--metric",
  "homicides",
  "--metric",
  "nonfatal-shootings",
  "--period",
  "year",
  "--period",
  "ytd",
  "--years",
  "2017-2019",
];

describe("peacestat compstat reproduces the seed's tables (acceptance)", () => {
  beforeAll(() => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first (npm test does)`);
  });

  it("Table 1: Part I in the Center Street Corridor, 2007-2016 against the 2007-2015 average", () => {
    const report = compstat([
      "--as-of",
      "2016-12-31",
      "--area",
      `focus_area:${CSC}`,
      "--metric",
      "part1",
      "--period",
      "year",
      "--years",
      "2007-2016",
      "--baseline",
      "2007-2015",
    ]);
    const cells = new Cells();
    const period = report.periods.find((p) => p.id === "year");
    cells.check(
      "period year: windows",
      period?.windows.map((w) => w.id).join(","),
      TABLE1_YEARS.map((y) => `year:${y}`).join(","),
    );
    cells.check("period year: baseline id", period?.baseline?.id, "year:baseline");
    cells.check(
      "period year: baseline years",
      period?.baseline?.years.join(","),
      "2007,2008,2009,2010,2011,2012,2013,2014,2015",
    );
    const comparison = period?.comparisons.find((c) => c.current === "year:2016" && c.baseIsBaseline);
    cells.check("period year: comparison id", comparison?.id, "year:baseline..2016");
    const baselineId = period?.baseline?.id ?? "year:baseline";
    const comparisonId = comparison?.id ?? "year:baseline..2016";
    const group = `focus_area:${CSC}`;
    for (const seed of SEED_TABLE1) {
      const row = findRow(report, seed.metric, group);
      if (!row) {
        cells.diffs.push(`${seed.crime}: no row for ${seed.metric} / ${group}`);
        continue;
      }
      for (const [yi, y] of TABLE1_YEARS.entries()) {
        cells.check(`${seed.crime} ${y}`, countOf(row, `year:${y}`), seed.counts[yi]);
      }
      cells.check(`${seed.crime} average`, row.baselines[baselineId]?.mean.toFixed(1), unprint(seed.average));
      cells.check(`${seed.crime} change`, labelOf(row, comparisonId), seed.change);
      // domain.md: a Part I report says which counting rule it used.
      const rule = report.definitions.metrics.find((m) => m.id === seed.metric)?.countingRule ?? "";
      cells.check(`${seed.crime} counting rule names the hierarchy`, /hierarchy/i.test(rule), true);
    }
    expect(cells.diffs).toEqual([]);
  });

  function checkDistrictTable(
    cells: Cells,
    report: CompStatReport,
    metric: string,
    seed: readonly SeedDistrictRow[],
  ) {
    for (const s of seed) {
      const group = s.district === "Total" ? "citywide" : `district:${s.district}`;
      const row = findRow(report, metric, group);
      const where = `${metric} ${s.district}`;
      cells.check(`${where} 2017 (Full Year)`, countOf(row, "year:2017"), s.full2017);
      cells.check(`${where} 2018 (Full Year)`, countOf(row, "year:2018"), s.full2018);
      cells.check(`${where} 2017 (YTD)`, countOf(row, "ytd:2017"), s.ytd2017);
      cells.check(`${where} 2018 (YTD)`, countOf(row, "ytd:2018"), s.ytd2018);
      cells.check(`${where} 2019 (YTD)`, countOf(row, "ytd:2019"), s.ytd2019);
      cells.check(`${where} 2017-19 (YTD % Change)`, labelOf(row, "ytd:2017..2019"), s.change2017to2019);
      cells.check(`${where} 2018-19 (YTD % Change)`, labelOf(row, "ytd:2018..2019"), s.change2018to2019);
    }
  }

  it("Table 2: homicides and non-fatal shootings by district, 2017-2019, full years and YTD", () => {
    const report = compstat(TABLE2_ARGS);
    const cells = new Cells();
    const windows = report.periods.flatMap((p) => p.windows.map((w) => w.id));
    for (const w of ["year:2017", "year:2018", "ytd:2017", "ytd:2018", "ytd:2019"]) {
      cells.check(`window ${w}`, windows.includes(w), true);
    }
    // 2019 is not complete on the as-of date: no full-year column for it.
    cells.check("window year:2019 (incomplete year)", windows.includes("year:2019"), false);
    const ytd = report.periods.find((p) => p.id === "ytd");
    cells.check(
      "ytd:2019 window",
      `${ytd?.windows.find((w) => w.id === "ytd:2019")?.start}..${ytd?.windows.find((w) => w.id === "ytd:2019")?.end}`,
      "2019-01-01..2019-09-29",
    );
    cells.check(
      "ytd:2017 window",
      `${ytd?.windows.find((w) => w.id === "ytd:2017")?.start}..${ytd?.windows.find((w) => w.id === "ytd:2017")?.end}`,
      "2017-01-01..2017-09-29",
    );
    const comparisons = report.periods.flatMap((p) => p.comparisons.map((c) => c.id));
    for (const c of ["ytd:2017..2019", "ytd:2018..2019"])
      cells.check(`comparison ${c}`, comparisons.includes(c), true);
    const groups = new Set(report.groups.map((g) => g.id));
    for (const g of [...DISTRICTS.map((d) => `district:${d}`), "district:Unknown", "citywide"]) {
      cells.check(`group ${g}`, groups.has(g), true);
    }
    checkDistrictTable(cells, report, "homicides", SEED_HOMICIDES);
    checkDistrictTable(cells, report, "nonfatal-shootings", SEED_NONFATAL);
    // No homicide without a location: the Unknown homicide cells are 0 (or absent).
    const unknown = findRow(report, "homicides", "district:Unknown");
    for (const w of ["year:2017", "year:2018", "ytd:2017", "ytd:2018", "ytd:2019"]) {
      cells.check(`homicides Unknown ${w}`, countOf(unknown, w), 0);
    }
    expect(cells.diffs).toEqual([]);
  });

  it("Table 3: the PSP areas by district, 2018 vs 2019 YTD", () => {
    const report = compstat([
      "--as-of",
      "2019-09-29",
      "--layer",
      "focus_area",
      "--cross",
      "district",
      "--metric",
      "homicides",
      "--metric",
      "nonfatal-shootings",
      "--period",
      "ytd",
      "--years",
      "2018-2019",
    ]);
    const cells = new Cells();
    for (const [metric, seed] of [
      ["homicides", SEED_PSP_HOMICIDES],
      ["nonfatal-shootings", SEED_PSP_NONFATAL],
    ] as const) {
      for (const s of seed) {
        for (const area of FOCUS_AREAS) {
          const want = s.cells[area]!;
          const group =
            s.district === "Total" ? `focus_area:${area}` : `focus_area:${area}|district:${s.district}`;
          const row = findRow(report, metric, group);
          const where = `${metric} ${area} ${s.district}`;
          cells.check(`${where} 2018 (YTD)`, countOf(row, "ytd:2018"), want.ytd2018);
          cells.check(`${where} 2019 (YTD)`, countOf(row, "ytd:2019"), want.ytd2019);
          cells.check(`${where} 2018-19 (YTD % Change)`, labelOf(row, "ytd:2018..2019"), want.change);
        }
      }
      const table = report.tables.find((t) => t.kind === "cross" && t.metric === metric);
      if (!table) {
        cells.diffs.push(`${metric}: no cross table in report.tables`);
        continue;
      }
      cells.check(`${metric} table rowLabels`, table.rowLabels.join(","), "3,5,7,Total");
      for (const area of FOCUS_AREAS) {
        const block = table.blocks.find((b) => b.title === area);
        if (!block) {
          cells.diffs.push(`${metric}: no block titled ${area}`);
          continue;
        }
        cells.check(`${metric} ${area} Total cell`, block.cells[3], `focus_area:${area}`);
        if (area === CSC) {
          for (const [i, d] of PSP_DISTRICTS.entries()) {
            cells.check(
              `${metric} ${area} row ${d} cell`,
              block.cells[i],
              `focus_area:${area}|district:${d}`,
            );
          }
        }
      }
    }
    expect(cells.diffs).toEqual([]);
  });

  it("gun recoveries per 100,000: 2016 recoveries over the 2010 population", () => {
    const report = compstat([
      "--as-of",
      "2016-12-31",
      "--layer",
      "peer_city",
      "--metric",
      "gun-recoveries",
      "--period",
      "year",
      "--years",
      "2016",
    ]);
    const cells = new Cells();
    for (const s of SEED_GUN_RECOVERIES) {
      const row = findRow(report, "gun-recoveries", `peer_city:${s.city}`);
      const rate = row?.rates["year:2016"];
      cells.check(`${s.city} recoveries`, countOf(row, "year:2016"), s.recoveries2016);
      cells.check(`${s.city} rate`, rate?.per100k?.toFixed(2), s.rate);
      cells.check(`${s.city} population`, rate?.population, s.population2010);
      cells.check(`${s.city} population year`, rate?.populationYear, 2010);
    }
    expect(cells.diffs).toEqual([]);
  });

  it("Table 2 as CSV (long format) and as XLSX", () => {
    const csv = peacestat(["compstat", "--db", city.db, ...TABLE2_ARGS, "--csv"]);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^metric,metric_label,group/);
    expect(lines.some((l) => l.startsWith("homicides,"))).toBe(true);
    expect(lines.some((l) => l.startsWith("nonfatal-shootings,"))).toBe(true);
    const xlsx = path.join(dir, "table2.xlsx");
    const x = peacestat(["compstat", "--db", city.db, ...TABLE2_ARGS, "--xlsx", xlsx]);
    expect(x.code, x.stderr).toBe(0);
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString("latin1")).toBe("PK");
  });
});
