/**
 * The map API on the small demo city: every layer equals the app function the CLI uses (grid-counts, kde,
 * hotspots) on the same selection, and plain SQL on the database; incident points are purpose-bound and
 * audited once per request; oversized grids are refused with a usable message.
 */
import { describe, expect, it } from "vitest";
import { pointsFromDb } from "../../src/app/analysis-input.js";
import { gridCounts, kdeContours } from "../../src/app/density.js";
import { hotspots } from "../../src/app/hotspots.js";
import { listAudit } from "../../src/audit/audit-log.js";
import { createApp } from "../../src/server/app.js";
import { MAX_MAP_INCIDENTS } from "../../src/server/map-routes.js";
import { basemapFrom } from "../../src/server/serve.js";
import { apiHarness, roleMatrix } from "../helpers/api-harness.js";

const h = apiHarness("api-map");
const SEL = "metric=nonfatal-shootings&period=ytd&asOf=2025-09-30";
const PURPOSE = "purpose=weekly shoot review";

async function get<T>(path: string, user = "analyst1"): Promise<{ status: number; body: T }> {
  const r = await h.app.request(path, { headers: await h.login(user) });
  return { status: r.status, body: (await r.json()) as T };
}

interface Fc {
  type: string;
  features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[];
}

describe("map API", () => {
  it("config: no basemap by default, every layer with its area names, bounds around the boundaries", async () => {
    const { status, body } = await get<{
      basemapUrl: string | null;
      bounds: [number, number, number, number];
      layers: { layer: string; areas: string[] }[];
    }>("/api/map/config", "community1");
    expect(status).toBe(200);
    expect(body.basemapUrl).toBeNull();
    const rows = await h.db.all<{ layer: string; names: string }>(
      "SELECT layer, string_agg(name, '|' ORDER BY name) AS names FROM areas GROUP BY layer ORDER BY layer",
    );
    expect(body.layers).toEqual(rows.map((r) => ({ layer: r.layer, areas: r.names.split("|") })));
    const ext = await h.db.one<{ w: number; s: number; e: number; n: number }>(
      "SELECT min(lon) AS w, min(lat) AS s, max(lon) AS e, max(lat) AS n FROM incidents WHERE lon IS NOT NULL",
    );
    const [w, s, e, n] = body.bounds;
    // Every located incident of the demo city lies inside its city limit, so inside the boundaries' box.
    expect(w).toBeLessThanOrEqual(ext!.w);
    expect(s).toBeLessThanOrEqual(ext!.s);
    expect(e).toBeGreaterThanOrEqual(ext!.e);
    expect(n).toBeGreaterThanOrEqual(ext!.n);
    expect(e - w).toBeLessThan(1);
  });

  it("config names a configured basemap, and the CSP allows that origin only", async () => {
    const app = createApp({ db: h.db, basemapUrl: "https://tiles.example.org/styles/city.json" });
    const r = await app.request("/api/map/config");
    expect(((await r.json()) as { basemapUrl: string }).basemapUrl).toBe(
      "https://tiles.example.org/styles/city.json",
    );
    expect(r.headers.get("content-security-policy")).toContain(
      "connect-src 'self' https://tiles.example.org",
    );
  });

  it("serve --basemap: the flag wins over PEACESTAT_BASEMAP_URL; only http(s) URLs pass", () => {
    const env = { PEACESTAT_BASEMAP_URL: "https://env.example.org/style.json" };
    expect(basemapFrom(undefined, {})).toBeNull();
    expect(basemapFrom(undefined, env)).toBe("https://env.example.org/style.json");
    expect(basemapFrom("http://127.0.0.1:8081/style.json", env)).toBe("http://127.0.0.1:8081/style.json");
    expect(() => basemapFrom("file:///etc/passwd", {})).toThrow(
      /--basemap 'file:\/\/\/etc\/passwd': expected an http/,
    );
    expect(() => basemapFrom(undefined, { PEACESTAT_BASEMAP_URL: "tiles" })).toThrow(
      /PEACESTAT_BASEMAP_URL 'tiles'/,
    );
  });

  it("areas: the layer's polygons with names and square miles; an unknown layer is 404 naming the layers", async () => {
    const { status, body } = await get<Fc>("/api/map/areas?layer=district");
    expect(status).toBe(200);
    const rows = await h.db.all<{ name: string; m2: number }>(
      "SELECT name, area_m2 AS m2 FROM areas WHERE layer = 'district' ORDER BY name",
    );
    expect(body.features.map((f) => f.properties.name)).toEqual(rows.map((r) => r.name));
    body.features.forEach((f, i) => {
      expect(f.properties.sqMi as number).toBeCloseTo(rows[i]!.m2 / 2_589_988.110336, 9);
      expect(["Polygon", "MultiPolygon"]).toContain(f.geometry.type);
    });
    const bad = await get<{ error: { code: string; message: string } }>("/api/map/areas?layer=beats");
    expect(bad.status).toBe(404);
    expect(bad.body.error.message).toContain("district");
  });

  it("grid: the grid-counts cells, which add up to the SQL count of the selection", async () => {
    const { status, body } = await get<
      Fc & { geojson: Fc; total: number; outside: number; events: number; unlocated: number }
    >(`/api/map/grid?${SEL}&cell=200`);
    expect(status).toBe(200);
    const input = await pointsFromDb(h.db, {
      metric: "nonfatal-shootings",
      period: "ytd",
      asOf: "2025-09-30",
    });
    const lib = gridCounts(input, { cellSize: 200 });
    expect(body.geojson).toEqual(JSON.parse(JSON.stringify(lib.geojson)));
    expect(body.geojson.features.every((f) => (f.properties.count as number) > 0)).toBe(true);
    const sum = body.geojson.features.reduce((s, f) => s + (f.properties.count as number), 0);
    const sql = await h.db.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM incidents WHERE valid_to IS NULL AND occurred_at >= '2025-01-01' AND occurred_at < '2025-10-01'
         AND coalesce(victims_shot, 0) > 0 AND coalesce(victims_killed, 0) = 0 AND NOT list_contains(offenses, '09A') AND NOT list_contains(offenses, '09')`,
    );
    expect(sum + body.outside + body.unlocated).toBe(sql!.n);
    expect(body.events + body.unlocated).toBe(sql!.n);
  });

  it("grid: refuses a cell size that would need more than 250,000 cells, naming one that fits", async () => {
    const { status, body } = await get<{ error: { code: string; message: string } }>(
      "/api/map/grid?metric=part1-total&period=year&asOf=2025-09-30&cell=5",
    );
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/at most 250,000\); choose a cell of at least \d+ m/);
    const neg = await get<{ error: { message: string } }>("/api/map/grid?cell=-3");
    expect(neg.status).toBe(400);
    expect(neg.body.error.message).toContain("cell");
  });

  it("density: the kde contours at 50/75/90% of the mass", async () => {
    const { status, body } = await get<{ geojson: Fc; contours: unknown; bandwidth: number }>(
      `/api/map/density?${SEL}&bandwidth=600`,
    );
    expect(status).toBe(200);
    const input = await pointsFromDb(h.db, {
      metric: "nonfatal-shootings",
      period: "ytd",
      asOf: "2025-09-30",
    });
    const lib = kdeContours(input, { bandwidth: 600 });
    expect(body.contours).toEqual(lib.summary.contours);
    expect(body.bandwidth).toBe(600);
    expect(body.geojson.features.map((f) => f.properties.share)).toEqual([0.5, 0.75, 0.9]);
    expect(body.geojson.features.map((f) => f.geometry.coordinates)).toEqual(
      JSON.parse(JSON.stringify(lib.contours.features.map((f) => f.geometry.coordinates))),
    );
    const bad = await get<{ error: { message: string } }>(`/api/map/density?${SEL}&bandwidth=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("bandwidth");
  });

  it("hotspots: the Gi* result of hotspots() on the same selection", async () => {
    const q = "metric=part1-violent&period=year&asOf=2025-09-30&cell=250";
    const { status, body } = await get<{
      geojson: Fc;
      significant: unknown[];
      classes: Record<string, number>;
    }>(`/api/map/hotspots?${q}`);
    expect(status).toBe(200);
    const input = await pointsFromDb(h.db, { metric: "part1-violent", period: "year", asOf: "2025-09-30" });
    const lib = hotspots(input, { cellSize: 250 });
    expect(body.classes).toEqual(lib.result.classes);
    expect(body.significant).toEqual(JSON.parse(JSON.stringify(lib.result.significant)));
    expect(body.geojson.features.length).toBe(lib.geojson.features.length);
    const big = await get<{ error: { message: string } }>(
      `/api/map/hotspots?${q.replace("cell=250", "cell=10")}`,
    );
    expect(big.status).toBe(400);
    expect(big.body.error.message).toContain("250,000");
  });

  it("incidents: purpose required; points newest first with district and address; one audit entry per view", async () => {
    const none = await get<{ error: { message: string } }>(`/api/map/incidents?${SEL}`);
    expect(none.status).toBe(400);
    expect(none.body.error.message).toContain("purpose");

    const before = (await listAudit(h.db, { limit: 1000, action: "view-records" })).length;
    const { status, body } = await get<{
      geojson: Fc;
      located: number;
      unlocated: number;
      truncated: number;
    }>(`/api/map/incidents?${SEL}&${PURPOSE}`);
    expect(status).toBe(200);
    const rows = await h.db.all<{ id: string; address: string | null; district: string }>(
      `SELECT t.incident_id AS id, t.address, d.area AS district FROM incidents t
         JOIN event_areas d ON d.kind = 'incident' AND d.uid = t.uid AND d.layer = 'district'
       WHERE t.valid_to IS NULL AND t.occurred_at >= '2025-01-01' AND t.occurred_at < '2025-10-01' AND t.x IS NOT NULL
         AND coalesce(t.victims_shot, 0) > 0 AND coalesce(t.victims_killed, 0) = 0 AND NOT list_contains(t.offenses, '09A') AND NOT list_contains(t.offenses, '09')
       ORDER BY t.occurred_at DESC, t.incident_id`,
    );
    expect(body.geojson.features.map((f) => f.properties.id)).toEqual(rows.map((r) => r.id));
    expect(body.geojson.features.map((f) => f.properties.district)).toEqual(rows.map((r) => r.district));
    expect(body.geojson.features.map((f) => f.properties.address)).toEqual(rows.map((r) => r.address));
    expect(body.truncated).toBe(0);
    expect(body.located).toBe(rows.length);

    await get(`/api/map/incidents?${SEL}&${PURPOSE}`);
    const entries = await listAudit(h.db, { limit: 1000, action: "view-records" });
    expect(entries.length).toBe(before + 2);
    expect(entries[0]).toMatchObject({
      username: "analyst1",
      resource: "map/incidents",
      purpose: "weekly shoot review",
      detail: { count: rows.length, metric: "nonfatal-shootings", period: "ytd", asOf: "2025-09-30" },
    });
  });

  it("incidents: at most 5,000 points, and `truncated` says how many were left out", async () => {
    const { status, body } = await get<{ geojson: Fc; located: number; truncated: number }>(
      `/api/map/incidents?metric=part1-total&period=2022-01-01..2025-09-30&${PURPOSE}`,
    );
    expect(status).toBe(200);
    const sql = await h.db.one<{ n: number; newest: string }>(
      `SELECT count(*)::INTEGER AS n FROM incidents WHERE valid_to IS NULL AND x IS NOT NULL
         AND occurred_at >= '2022-01-01' AND occurred_at < '2025-10-01'
         AND list_has_any(offenses, ['09A','09','11A','11B','11C','120','13A','220','23','23A','23B','23C','23D','23E','23F','23G','23H','240'])`,
    );
    expect(sql!.n).toBeGreaterThan(MAX_MAP_INCIDENTS);
    expect(body.geojson.features.length).toBe(MAX_MAP_INCIDENTS);
    expect(body.located).toBe(sql!.n);
    expect(body.truncated).toBe(sql!.n - MAX_MAP_INCIDENTS);
    const times = body.geojson.features.map((f) => f.properties.occurredAt as string);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("incidents: refuses a metric that does not count incidents", async () => {
    const r = await get<{ error: { message: string } }>(
      `/api/map/incidents?metric=gunshot-detections&${PURPOSE}`,
    );
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain("incident metrics");
  });
});

describe("map API permissions", () => {
  roleMatrix(h, [
    { method: "GET", path: "/api/map/config", permission: "aggregates:read" },
    { method: "GET", path: "/api/map/areas?layer=district", permission: "aggregates:read" },
    { method: "GET", path: `/api/map/grid?${SEL}`, permission: "compstat:read" },
    { method: "GET", path: `/api/map/density?${SEL}`, permission: "compstat:read" },
    { method: "GET", path: `/api/map/hotspots?${SEL}`, permission: "analysis:run" },
    { method: "GET", path: `/api/map/incidents?${SEL}&${PURPOSE}`, permission: "records:read" },
  ]);
});
