/**
 * Data status and goals over HTTP on the small demo city plus one generic CSV with rejected rows: every
 * number against plain SQL or the CompStat engine's own output, the role matrix, purpose and audit for
 * the raw rejected values, and the cache refreshing when a goal is added or removed.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { DataStatus } from "../../src/app/data-status.js";
import { importIncidentFile } from "../../src/app/import-incidents.js";
import { listAudit } from "../../src/audit/audit-log.js";
import { listGoals, loadCityMetrics } from "../../src/compstat/config.js";
import { buildCompStat } from "../../src/compstat/engine.js";
import { goalStatus } from "../../src/compstat/goals.js";
import type { CompStatReport, GoalStatus } from "../../src/compstat/report.js";
import { apiHarness, roleMatrix } from "../helpers/api-harness.js";

const h = apiHarness("api-status");
const PURPOSE = "purpose=fixing the CAD export";

/** 12 rows: 8 good, 4 rejected for three reasons (one reason twice), the kind of file a city sends. */
const CSV = [
  "incident_id,occurred_at,offense,weapon,lat,lon,address",
  "S1,2025-09-01 10:00,13A,12,43.08,-89.39,100 N MAIN ST",
  "S2,2025-09-02 11:00,120,,43.08,-89.39,200 N MAIN ST",
  "S3,2025-09-03 12:00,121,,43.08,-89.39,300 N MAIN ST",
  "S4,2025-09-04 13:00,13A,,43.08,-89.39,400 N MAIN ST",
  "S5,not a date,13A,,43.08,-89.39,500 N MAIN ST",
  "S6,2025-09-06 15:00,220,,43.08,-89.39,600 N MAIN ST",
  "S7,2025-09-07 16:00,ARMED ROBBERY,,43.08,-89.39,700 N MAIN ST",
  "S8,2025-09-08 17:00,23H,,43.08,-89.39,800 N MAIN ST",
  ",2025-09-09 18:00,23H,,43.08,-89.39,900 N MAIN ST",
  "S10,2025-09-10 19:00,290,,43.08,-89.39,1000 N MAIN ST",
  "S11,2025-09-11 20:00,13B,,43.08,-89.39,1100 N MAIN ST",
  "S12,2025-09-12 21:00,240,,43.08,-89.39,1200 N MAIN ST",
].join("\n");

let batchId: number;
const get = async (url: string, user = "analyst1") => h.app.request(url, { headers: await h.login(user) });

beforeAll(async () => {
  const file = path.join(h.dir, "incidents.csv");
  fs.writeFileSync(file, `${CSV}\n`);
  const r = await importIncidentFile(h.db, file, {
    format: "generic",
    source: "status-test",
    rejectsPath: path.join(h.dir, "rejects.csv"),
  });
  expect(r.rows.rejected).toBe(4);
  batchId = r.batchId!;
});

const GOAL = {
  id: "fv-d-down",
  metric: "firearm-violent",
  baseline: "2023-01-01..2023-12-31",
  start: "2025-01-01",
  deadline: "2025-12-31",
  target: -10,
};

describe("role matrix", () => {
  roleMatrix(h, [
    { method: "GET", path: "/api/status", permission: "compstat:read" },
    { method: "GET", path: `/api/status/imports/2/issues?${PURPOSE}`, permission: "data:import" },
    { method: "GET", path: "/api/goals", permission: "compstat:read" },
    { method: "POST", path: "/api/goals", body: { ...GOAL, id: "matrix" }, permission: "goals:write" },
    { method: "DELETE", path: "/api/goals/matrix", permission: "goals:write" },
  ]);
});

describe("GET /api/status", () => {
  let status: DataStatus;
  beforeAll(async () => {
    const r = await get("/api/status", "community1");
    expect(r.status).toBe(200);
    status = (await r.json()) as DataStatus;
  });

  it("counts each source's records and days as SQL and the CompStat engine do", async () => {
    const n = async (sql: string) => (await h.db.one<{ n: number }>(sql))!.n;
    const bySource = Object.fromEntries(status.sources.map((s) => [s.source, s]));
    expect(bySource.incidents!.records).toBe(
      await n("SELECT count(*)::DOUBLE AS n FROM incidents WHERE valid_to IS NULL"),
    );
    expect(bySource["gunshot detections"]!.records).toBe(
      await n("SELECT count(*)::DOUBLE AS n FROM gunshot_detections"),
    );
    expect(bySource["calls for service"]!.records).toBe(
      await n("SELECT count(*)::DOUBLE AS n FROM calls_for_service"),
    );
    expect(bySource["partner activity"]!.records).toBe(0);
    const days = await h.db.one<{ first: string; last: string }>(
      "SELECT strftime(min(occurred_at), '%Y-%m-%d') AS first, strftime(max(occurred_at), '%Y-%m-%d') AS last FROM incidents WHERE valid_to IS NULL",
    );
    expect(bySource.incidents).toMatchObject({ first: days!.first, last: days!.last });
    const report = await buildCompStat(h.db, {});
    for (const s of status.sources) {
      expect({ first: s.first, last: s.last }).toEqual({
        first: report.coverage[s.source]?.first ?? null,
        last: report.coverage[s.source]?.last ?? null,
      });
      expect(s.lastLoaded).toBe(report.dataAsOf[s.source] ?? null);
    }
    expect(status.definitions.metrics).toEqual(report.definitions.metrics);
    expect(status.definitions.countingRule).toBe(report.definitions.countingRule);
    expect(status.city).toEqual({ name: "Lakeport", timeZone: "America/Chicago", analysisCrs: "EPSG:32616" });
  });

  it("lists every import with its row accounting and rejects counted by reason", async () => {
    const batches = await h.db.all<{
      batch_id: number;
      rows_read: number;
      rows_rejected: number;
      sha: string;
    }>(
      "SELECT batch_id, rows_read::DOUBLE AS rows_read, rows_rejected::DOUBLE AS rows_rejected, file_sha256 AS sha FROM import_batches ORDER BY batch_id DESC",
    );
    expect(status.imports.map((b) => [b.batchId, b.rows.read, b.rows.rejected, b.sha256])).toEqual(
      batches.map((b) => [b.batch_id, b.rows_read, b.rows_rejected, b.sha]),
    );
    const mine = status.imports.find((b) => b.batchId === batchId)!;
    expect(mine.rows).toEqual({ read: 12, new: 8, updated: 0, unchanged: 0, rejected: 4 });
    expect(mine.fileName).toBe("incidents.csv");
    const reasons = await h.db.all<{ severity: string; column_name: string; reason: string; n: number }>(
      "SELECT severity, column_name, reason, count(*)::DOUBLE AS n FROM import_issues WHERE batch_id = $1 GROUP BY ALL ORDER BY n DESC, severity, column_name, reason",
      [batchId],
    );
    expect(
      mine.reasons.map((r) => ({
        severity: r.severity,
        column_name: r.column,
        reason: r.reason,
        n: r.count,
      })),
    ).toEqual(reasons);
    expect(mine.reasons.filter((r) => r.severity === "reject").reduce((a, r) => a + r.count, 0)).toBe(4);
    const offense = mine.reasons.find((r) => r.column === "offense")!;
    expect(offense.count).toBe(2);
    // Counts only: the summary never carries a raw value.
    expect(JSON.stringify(status)).not.toContain("ARMED ROBBERY");
    expect(status.lastImport).toBe(
      (await h.db.one<{ t: string }>(
        "SELECT strftime(max(finished_at) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS t FROM import_batches",
      ))!.t,
    );
  });

  it("lists layers with their population years", async () => {
    const district = status.layers.find((l) => l.layer === "district")!;
    const years = await h.db.all<{ year: number }>(
      "SELECT DISTINCT year FROM area_populations WHERE layer = 'district' ORDER BY year",
    );
    expect(district.populationYears).toEqual(years.map((y) => y.year));
    expect(district.areas).toBe(
      (await h.db.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM areas WHERE layer = 'district'"))!.n,
    );
    expect(status.layers.find((l) => l.layer === "focus_area")!.populationYears).toEqual([]);
  });
});

describe("GET /api/status/imports/{batchId}/issues", () => {
  it("pages the rejected rows with their raw values and audits the view", async () => {
    const r = await get(`/api/status/imports/${batchId}/issues?${PURPOSE}&limit=3`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { total: number; issues: { row: number; value: string | null }[] };
    expect(body.total).toBe(4);
    expect(body.issues.map((i) => i.row)).toEqual([4, 6, 8]);
    expect(body.issues.map((i) => i.value)).toEqual(["121", "not a date", "ARMED ROBBERY"]);
    const next = (await (
      await get(`/api/status/imports/${batchId}/issues?${PURPOSE}&limit=3&offset=3`)
    ).json()) as {
      issues: { row: number; column: string }[];
    };
    expect(next.issues).toEqual([expect.objectContaining({ row: 10, column: "incident_id" })]);
    const [entry] = await listAudit(h.db, { action: "view-records", limit: 1 });
    expect(entry).toMatchObject({
      username: "analyst1",
      resource: `import-issues:${batchId}`,
      purpose: "fixing the CAD export",
      detail: { count: 1, batchId, offset: 3, limit: 3 },
    });
  });

  it("filters by reason", async () => {
    const reason = "not a NIBRS offense code (e.g. 09A, 13A, 120, 23H); local codes need a format mapping";
    const r = await get(
      `/api/status/imports/${batchId}/issues?${PURPOSE}&reason=${encodeURIComponent(reason)}&severity=reject`,
    );
    const body = (await r.json()) as { total: number; issues: { value: string }[] };
    expect(body.total).toBe(2);
    expect(body.issues.map((i) => i.value)).toEqual(["121", "ARMED ROBBERY"]);
  });

  it("refuses a view without a purpose, an unknown batch and a bad page", async () => {
    const before = (await listAudit(h.db, { action: "view-records", limit: 1 }))[0]?.seq;
    const noPurpose = await get(`/api/status/imports/${batchId}/issues`);
    expect(noPurpose.status).toBe(400);
    expect(((await noPurpose.json()) as { error: { message: string } }).error.message).toMatch(/^purpose:/);
    const missing = await get(`/api/status/imports/9999/issues?${PURPOSE}`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("no import batch 9999");
    const big = await get(`/api/status/imports/${batchId}/issues?${PURPOSE}&limit=5000`);
    expect(big.status).toBe(400);
    expect(await big.text()).toContain("limit");
    // Nothing refused was written as a view.
    expect((await listAudit(h.db, { action: "view-records", limit: 1 }))[0]?.seq).toBe(before);
  });
});

describe("goals", () => {
  const post = async (body: unknown, user = "analyst1") =>
    h.app.request("/api/goals", {
      method: "POST",
      headers: { ...(await h.login(user)), "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const report = async () =>
    (await (await get("/api/compstat?asOf=2025-09-30&metric=homicides&period=ytd")).json()) as CompStatReport;

  it("adds a goal, lists it with the engine's status, refreshes cached reports, removes it", async () => {
    expect((await report()).goals.map((g) => g.id)).not.toContain("fv-d3");
    const r = await post({ ...GOAL, id: "fv-d3", area: "district:3", target: "-10%", label: "" });
    expect(r.status, await r.clone().text()).toBe(201);
    const stored = (await listGoals(h.db)).find((g) => g.id === "fv-d3")!;
    expect(stored).toMatchObject({ layer: "district", area: "3", targetPercent: -10 });
    expect(stored.label).toBe("firearm-violent -10% by 2025-12-31 in 3");

    const list = (await (await get("/api/goals?asOf=2025-09-30", "commander1")).json()) as {
      asOf: string;
      canWrite: boolean;
      goals: GoalStatus[];
      metrics: { id: string }[];
    };
    expect(list.canWrite).toBe(false);
    expect(list.metrics.map((m) => m.id)).toContain("part1-violent");
    const expected = await goalStatus(h.db, stored, "2025-09-30", await loadCityMetrics(h.db));
    expect(list.goals.find((g) => g.id === "fv-d3")).toEqual(expected);
    expect(["on-track", "off-track", "met", "missed", "too-early"]).toContain(expected.status);

    // The report cached before the goal existed is not served again.
    expect((await report()).goals.find((g) => g.id === "fv-d3")).toEqual(expected);
    const del = await h.app.request("/api/goals/fv-d3", {
      method: "DELETE",
      headers: await h.login("admin1"),
    });
    expect(del.status).toBe(200);
    expect((await report()).goals.map((g) => g.id)).not.toContain("fv-d3");
    const again = await h.app.request("/api/goals/fv-d3", {
      method: "DELETE",
      headers: await h.login("admin1"),
    });
    expect(again.status).toBe(404);

    const audit = await listAudit(h.db, { limit: 20 });
    expect(audit.find((e) => e.action === "goal-create" && e.resource === "goal:fv-d3")?.username).toBe(
      "analyst1",
    );
    expect(audit.find((e) => e.action === "goal-delete" && e.resource === "goal:fv-d3")?.username).toBe(
      "admin1",
    );
  });

  it("refuses bad goals with the CLI's rules and a message naming the field", async () => {
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ ...GOAL, id: "b1", baseline: "2023" }, 400, /^baseline '2023': expected YYYY-MM-DD\.\.YYYY-MM-DD/],
      [{ ...GOAL, id: "b2", metric: "nope" }, 400, /goal metric 'nope' is not a metric/],
      [{ ...GOAL, id: "b3", area: "district" }, 400, /^area 'district': expected LAYER:NAME/],
      [{ ...GOAL, id: "b4", area: "district:99" }, 400, /layer 'district' has no area '99'/],
      [{ ...GOAL, id: "b5", deadline: "2024-12-31" }, 400, /deadline is before the start/],
      [{ ...GOAL, id: "b6", target: -100 }, 400, /goal target/],
      [{ ...GOAL, id: "b7", target: "" }, 400, /goal target/],
      [{ ...GOAL, id: "b8", start: "2025-02-30" }, 400, /goal start: '2025-02-30' is not a date/],
      [{ ...GOAL, id: "" }, 400, /^id:/],
      [{ ...GOAL, id: "b9", target: true }, 400, /^target:/],
    ];
    for (const [body, status, message] of cases) {
      const r = await post(body);
      const text = ((await r.json()) as { error: { message: string } }).error.message;
      expect([r.status, text], JSON.stringify(body)).toEqual([status, expect.stringMatching(message)]);
    }
    expect((await listGoals(h.db)).map((g) => g.id)).toEqual([]);
  });

  it("refuses a duplicate id and a request without the CSRF token", async () => {
    expect((await post({ ...GOAL, id: "dup" })).status).toBe(201);
    const dup = await post({ ...GOAL, id: "dup", target: -50 });
    expect(dup.status).toBe(409);
    expect((await listGoals(h.db)).find((g) => g.id === "dup")?.targetPercent).toBe(-10);
    const cookie = (await h.login("analyst1")).cookie!;
    const noCsrf = await h.app.request("/api/goals/dup", { method: "DELETE", headers: { cookie } });
    expect(noCsrf.status).toBe(403);
    expect(
      (await h.app.request("/api/goals/dup", { method: "DELETE", headers: await h.login("analyst1") }))
        .status,
    ).toBe(200);
  });
});
