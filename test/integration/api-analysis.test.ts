/**
 * The place analysis API on the small demo city: who may run it, that each answer equals the library's
 * (or CompStat's) on the same database, that out-of-range parameters are refused with a message naming
 * the parameter, and Wheeler & Ratcliffe's published WDD reproduced through HTTP from incidents.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { concentration } from "../../src/analysis/concentration.js";
import { knoxTest } from "../../src/analysis/near-repeat.js";
import { pointsFromDb } from "../../src/app/analysis-input.js";
import { analysisMetric, areaSizes, countsByArea, periodWindow } from "../../src/app/area-counts.js";
import { hotspots } from "../../src/app/hotspots.js";
import { importAreaFile } from "../../src/app/import-areas.js";
import { importIncidentFile } from "../../src/app/import-incidents.js";
import { initCity } from "../../src/app/init-city.js";
import { addUser } from "../../src/auth/users.js";
import { createApp } from "../../src/server/app.js";
import { Database } from "../../src/store/db.js";
import { apiHarness, PASSWORD, roleMatrix } from "../helpers/api-harness.js";
import { districtGeoJson, HEIGHT, ORIGIN, STRIP, tmpDir } from "../helpers/synthetic-files.js";

const h = apiHarness("api-analysis");

const SEL = "metric=nonfatal-shootings&period=year&asOf=2025-09-30";
const DISP =
  "target=focus_area:Meridian%20Avenue%20Corridor&control=focus_area:Harbor%20Drive%20East&before=2019-01-01..2020-12-31&after=2021-01-01..2022-12-31";

async function get<T>(url: string, user = "analyst1"): Promise<{ status: number; body: T }> {
  const r = await h.app.request(url, { headers: await h.login(user) });
  return { status: r.status, body: (await r.json()) as T };
}

describe("who may run place analyses", () => {
  roleMatrix(h, [
    { method: "GET", path: `/api/analysis/hotspots?${SEL}`, permission: "analysis:run" },
    { method: "GET", path: `/api/analysis/near-repeat?${SEL}&permutations=19`, permission: "analysis:run" },
    { method: "GET", path: "/api/analysis/concentration?layer=district", permission: "analysis:run" },
    { method: "GET", path: `/api/analysis/displacement?${DISP}`, permission: "analysis:run" },
    { method: "GET", path: "/api/analysis/areas", permission: "analysis:run" },
  ]);
});

describe("GET /api/analysis/hotspots", () => {
  it("gives the library's Gi* classes and cells, with WGS84 centres inside the city", async () => {
    const { status, body } = await get<{
      summary: { status: string; events: number; classes: Record<string, number>; cellSize: number };
      cellsTested: number;
      hot: { p90: number; p95: number; p99: number };
      cells: {
        cell: number;
        count: number;
        z: number;
        pAdjusted: number;
        class: string;
        lon: number;
        lat: number;
      }[];
      significantCells: number;
    }>(`/api/analysis/hotspots?${SEL}&cell=200&limit=500`);
    expect(status).toBe(200);
    const input = await pointsFromDb(h.db, {
      metric: "nonfatal-shootings",
      period: "year",
      asOf: "2025-09-30",
    });
    const lib = hotspots(input, { cellSize: 200 }).result;
    expect(body.summary.status).toBe("ok");
    expect(body.summary.events).toBe(input.points.length);
    expect(body.summary.classes).toEqual(lib.classes);
    expect(body.significantCells).toBe(lib.significant.length);
    expect(body.cells.map((c) => [c.cell, c.count, c.z])).toEqual(
      lib.significant.map((c) => [c.cell, c.count, c.z]),
    );
    // Cumulative levels from the adjusted p-values themselves.
    const hot = (p: number) => body.cells.filter((c) => c.z > 0 && c.pAdjusted <= p).length;
    expect([body.hot.p90, body.hot.p95, body.hot.p99]).toEqual([hot(0.1), hot(0.05), hot(0.01)]);
    expect(body.hot.p95).toBeGreaterThan(0);
    const total = Object.values(lib.classes).reduce((s, v) => s + v, 0);
    expect(body.cellsTested).toBe(total - (lib.classes["not-tested"] ?? 0));
    const box = await h.db.one<{ w: number; e: number; s: number; n: number }>(
      "SELECT min(lon) AS w, max(lon) AS e, min(lat) AS s, max(lat) AS n FROM incidents WHERE lon IS NOT NULL",
    );
    for (const c of body.cells) {
      expect(c.lon).toBeGreaterThan(box!.w - 0.02);
      expect(c.lon).toBeLessThan(box!.e + 0.02);
      expect(c.lat).toBeGreaterThan(box!.s - 0.02);
      expect(c.lat).toBeLessThan(box!.n + 0.02);
    }
  });

  it("refuses cells too small and a radius below one cell, naming the parameter", async () => {
    const small = await get<{ error: { message: string } }>(`/api/analysis/hotspots?${SEL}&cell=10`);
    expect(small.status).toBe(400);
    expect(small.body.error.message).toMatch(/^cell: at least 50/);
    const radius = await get<{ error: { message: string } }>(
      `/api/analysis/hotspots?${SEL}&cell=200&threshold=100`,
    );
    expect(radius.status).toBe(400);
    expect(radius.body.error.message).toContain("threshold");
    const metric = await get<{ error: { code: string } }>("/api/analysis/hotspots?metric=no-such-metric");
    expect(metric.status).toBeGreaterThanOrEqual(400);
    expect(metric.status).toBeLessThan(500);
  });
});

describe("GET /api/analysis/near-repeat", () => {
  type Knox = {
    knox: {
      observed: number[][];
      expectedMean: number[][];
      pValue: number[][];
      spaceBounds: { hi: number | null }[];
    };
    chains: { chains: number; chainedEvents: number } | null;
  };
  it("equals knoxTest on the same events and seed, and the seed reproduces the p-values", async () => {
    const url = `/api/analysis/near-repeat?${SEL}&permutations=99&seed=7`;
    const { status, body } = await get<Knox>(url);
    expect(status).toBe(200);
    const input = await pointsFromDb(h.db, {
      metric: "nonfatal-shootings",
      period: "year",
      asOf: "2025-09-30",
    });
    const lib = knoxTest(
      input.points.map((p) => ({ x: p.x, y: p.y, t: p.day })),
      {
        spaceBands: [0, 100, 200, 300, 400],
        timeBands: [0, 7, 14, 21, 28],
        sameLocation: true,
        permutations: 99,
        seed: 7,
      },
    );
    expect(body.knox.observed).toEqual(lib.observed);
    expect(body.knox.pValue).toEqual(lib.pValue);
    expect(body.knox.expectedMean).toEqual(lib.expectedMean);
    // The open band's edge is null in JSON, the others are the edges asked for.
    expect(body.knox.spaceBounds.map((b) => b.hi)).toEqual([0, 100, 200, 300, 400, null]);
    expect((await get<Knox>(url)).body.knox.pValue).toEqual(body.knox.pValue);
    // p = (m + 1) / (P + 1): multiples of 1/100 with 99 permutations.
    for (const p of body.knox.pValue.flat())
      expect(Math.abs(p * 100 - Math.round(p * 100))).toBeLessThan(1e-9);
  });

  it("refuses more than 999 permutations and bands out of order", async () => {
    const many = await get<{ error: { message: string } }>(
      `/api/analysis/near-repeat?${SEL}&permutations=5000`,
    );
    expect(many.status).toBe(400);
    expect(many.body.error.message).toMatch(/^permutations: at most 999/);
    const bands = await get<{ error: { message: string } }>(
      `/api/analysis/near-repeat?${SEL}&spaceBands=100,50`,
    );
    expect(bands.status).toBe(400);
    expect(bands.body.error.message).toContain("spaceBands '100,50'");
  });
});

describe("GET /api/analysis/concentration", () => {
  it("equals the concentration of the layer's counts, and the top areas add up", async () => {
    const { status, body } = await get<{
      places: number;
      window: { from: string; to: string };
      result: {
        events: number;
        gini: number;
        generalizedGiniUnbiased: number;
        lorenz: unknown[];
        shares: unknown[];
      };
      topAreas: { name: string; count: number }[];
    }>("/api/analysis/concentration?layer=district&metric=part1-violent&period=year&asOf=2025-09-30&top=100");
    expect(status).toBe(200);
    const metric = await analysisMetric(h.db, "part1-violent");
    const w = await periodWindow(h.db, metric, "year", "2025-09-30");
    const names = [...(await areaSizes(h.db, "district")).keys()];
    const counts = await countsByArea(h.db, metric, "district", w.from, w.to);
    expect(body.result).toEqual(concentration(names.map((n) => counts.get(n) ?? 0)));
    expect(body.places).toBe(names.length);
    expect(body.topAreas.reduce((s, a) => s + a.count, 0)).toBe(body.result.events);
    const sql = await h.db.one<{ n: number }>(
      "SELECT count(*)::INT AS n FROM areas WHERE layer = 'district'",
    );
    expect(body.topAreas.length).toBe(sql!.n);
  });

  it("a layer without boundaries is a 404 that says how to import them", async () => {
    const r = await get<{ error: { message: string } }>("/api/analysis/concentration?layer=beats");
    expect(r.status).toBe(404);
    expect(r.body.error.message).toContain("areas import");
    const shares = await get<{ error: { message: string } }>(
      "/api/analysis/concentration?layer=district&shares=2",
    );
    expect(shares.status).toBe(400);
  });
});

describe("GET /api/analysis/displacement", () => {
  it("counts each area as CompStat does for the same period", async () => {
    const { status, body } = await get<{
      counts: { target: { before: number; after: number }; control: { before: number; after: number } };
      wdd: { estLocal: number; seTotal: number; z: number };
    }>(`/api/analysis/displacement?${DISP}`);
    expect(status).toBe(200);
    const compstat = async (range: string) => {
      const r = await get<{ rows: { group: string; counts: Record<string, number> }[] }>(
        `/api/compstat?metric=firearm-violent&layer=focus_area&period=${range}`,
      );
      const row = r.body.rows.find((x) => x.group === "focus_area:Meridian Avenue Corridor");
      return row?.counts[`range:${range}:current`];
    };
    expect(await compstat("2019-01-01..2020-12-31")).toBe(body.counts.target.before);
    expect(await compstat("2021-01-01..2022-12-31")).toBe(body.counts.target.after);
    expect(body.counts.target.before).toBeGreaterThan(0);
    const t = body.counts.target;
    const c = body.counts.control;
    // Equal-length periods (731 and 730 days differ by one): the local WDD to within the time weight.
    expect(body.wdd.estLocal).toBeCloseTo(
      (t.after * 731) / 730 - t.before - ((c.after * 731) / 730 - c.before),
      9,
    );
  });

  it("names the parameter that is wrong", async () => {
    const bad = await get<{ error: { message: string } }>(
      "/api/analysis/displacement?target=nolayer&control=district:1&before=2019-01-01..2019-12-31&after=2020-01-01..2020-12-31",
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("target 'nolayer': expected LAYER:NAME");
    const order = await get<{ error: { message: string } }>(
      `/api/analysis/displacement?${DISP.replace("before=2019-01-01..2020-12-31", "before=2020-12-31..2019-01-01")}`,
    );
    expect(order.status).toBe(400);
    expect(order.body.error.message).toContain("before");
    const missing = await get<{ error: { message: string } }>(
      `/api/analysis/displacement?${DISP.replace("Harbor%20Drive%20East", "Nowhere")}`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("no area 'Nowhere'");
  });
});

describe("GET /api/analysis/areas", () => {
  it("lists every area of every layer", async () => {
    const { body } = await get<{ layers: { layer: string; areas: string[] }[] }>("/api/analysis/areas");
    const rows = await h.db.all<{ layer: string; n: number }>(
      "SELECT layer, count(*)::INT AS n FROM areas GROUP BY layer ORDER BY layer",
    );
    expect(body.layers.map((l) => [l.layer, l.areas.length])).toEqual(rows.map((r) => [r.layer, r.n]));
  });
});

describe("WDD known answer through HTTP", () => {
  // Wheeler & Ratcliffe's example laid out as incidents in strip districts (as place-commands.test.ts).
  const COUNTS: Record<number, [number, number]> = {
    1: [207, 110],
    2: [308, 318],
    3: [178, 157],
    4: [150, 140],
  };
  const dir = tmpDir("api-analysis-wdd");
  let db: Database;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    const lines = ["incident_id,occurred_at,offense,weapon,lat,lon"];
    let id = 0;
    for (const [d, [before, after]] of Object.entries(COUNTS)) {
      for (const [year, n] of [
        [2019, before],
        [2021, after],
      ] as const) {
        for (let k = 0; k < n; k++) {
          const lon = ORIGIN.lon + (Number(d) - 1) * STRIP + STRIP * (0.1 + (0.8 * ((k * 37) % 100)) / 100);
          const lat = ORIGIN.lat + HEIGHT * (0.1 + (0.8 * ((k * 61) % 100)) / 100);
          const date = `${year}-${String(1 + (k % 12)).padStart(2, "0")}-${String(1 + (k % 28)).padStart(2, "0")}`;
          lines.push(`I${++id},${date} 12:00,13A,12,${lat.toFixed(6)},${lon.toFixed(6)}`);
        }
      }
    }
    const file = path.join(dir, "city.duckdb");
    await initCity(file, { name: "Stripton", timeZone: "America/Chicago", crs: "EPSG:32616" });
    db = await Database.open(file);
    fs.writeFileSync(path.join(dir, "d.geojson"), districtGeoJson());
    await importAreaFile(db, path.join(dir, "d.geojson"), { layer: "district", nameField: "DIST" });
    fs.writeFileSync(path.join(dir, "i.csv"), `${lines.join("\n")}\n`);
    await importIncidentFile(db, path.join(dir, "i.csv"), {
      format: "generic",
      rejectsPath: path.join(dir, "r.csv"),
    });
    await addUser(db, { username: "analyst9", password: PASSWORD, role: "analyst" });
    app = createApp({ db });
  }, 60_000);
  afterAll(() => {
    db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("gives WDD -118 (local -107, displacement -11), SE sqrt(1568), z -2.98", async () => {
    const login = await app.request("/api/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "analyst9", password: PASSWORD }),
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const r = await app.request(
      "/api/analysis/displacement?target=district:1&control=district:2&buffer=district:3&bufferControl=district:4&before=2019-01-01..2019-12-31&after=2021-01-01..2021-12-31",
      { headers: { cookie } },
    );
    expect(r.status).toBe(200);
    const out = (await r.json()) as {
      counts: { target: unknown; bufferControl: unknown };
      wdd: { estTotal: number; estLocal: number; estDisplacement: number; seTotal: number; z: number };
      wdq: { wdq: number } | null;
    };
    expect(out.counts.target).toEqual({ before: 207, after: 110 });
    expect(out.counts.bufferControl).toEqual({ before: 150, after: 140 });
    expect(out.wdd.estTotal).toBeCloseTo(-118, 9);
    expect(out.wdd.estLocal).toBeCloseTo(-107, 9);
    expect(out.wdd.estDisplacement).toBeCloseTo(-11, 9);
    expect(out.wdd.seTotal).toBeCloseTo(Math.sqrt(1568), 9);
    expect(out.wdd.z).toBeCloseTo(-2.98, 2);
    expect(out.wdq).not.toBeNull();
  });
});
