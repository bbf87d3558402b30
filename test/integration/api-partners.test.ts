/**
 * The partnership API on the small demo city: agencies, partner activity entered on the web (and counted
 * by the CompStat partner ledger and the data status like an import), the operations registry with its
 * overlap warnings and what a partner may see of them, the engagement log and its area summary against
 * plain SQL, and the audit entries of every write and record-level read.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../src/audit/audit-log.js";
import { PERMISSIONS, ROLES } from "../../src/auth/roles.js";
import type { CompStatReport } from "../../src/compstat/report.js";
import { DEMO_AGENCIES } from "../../src/partners/demo-partnership.js";
import type { EngagementSummary } from "../../src/partners/engagements.js";
import type { OperationView, OverlapWarning } from "../../src/partners/operation-views.js";
import type { Operation } from "../../src/partners/operations.js";
import { apiHarness, roleMatrix } from "../helpers/api-harness.js";

const h = apiHarness("api-partners");

async function call(user: string | null, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = user ? await h.login(user) : {};
  if (body !== undefined) headers["content-type"] = "application/json";
  const r = await h.app.request(path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return {
    status: r.status,
    body: (await r.json()) as Record<string, unknown> & { error?: { message: string } },
  };
}

/** A point inside district `name`: an incident the importer placed there by polygon. */
async function pointIn(name: string) {
  return (await h.db.one<{ lon: number; lat: number }>(
    `SELECT i.lon, i.lat FROM incidents i JOIN event_areas a ON a.kind = 'incident' AND a.uid = i.uid
     WHERE a.layer = 'district' AND a.area = $1 AND a.method = 'polygon' AND i.lon IS NOT NULL
     ORDER BY i.uid LIMIT 1`,
    [name],
  ))!;
}

const P = "purpose=partnership test";
let districts: string[] = [];

beforeAll(async () => {
  districts = (
    await h.db.all<{ name: string }>("SELECT name FROM areas WHERE layer = 'district' ORDER BY name")
  ).map((r) => r.name);
  // The operation the PATCH matrix changes: ATF's own, so the partner may change it too.
  const r = await call("analyst1", "POST", "/api/operations", {
    name: "Matrix op",
    agency: "ATF",
    startsAt: "2024-01-10",
    endsAt: "2024-01-11",
    area: `district:${districts[0]}`,
    deconflictionSystem: "SAFETNet",
    deconflictionRef: "S-0",
  });
  expect(r.status).toBe(201);
});

describe("role matrix", () => {
  roleMatrix(h, [
    { method: "GET", path: "/api/agencies", permission: "compstat:read" },
    {
      method: "POST",
      path: "/api/agencies",
      body: { id: "HSI", name: "Homeland Security Investigations", kind: "federal" },
      permission: "agencies:manage",
    },
    {
      method: "PATCH",
      path: "/api/agencies/DA",
      body: { name: "District Attorney" },
      permission: "agencies:manage",
    },
    {
      method: "POST",
      path: "/api/partner-activity",
      body: { entries: [{ agency: "ATF", activityType: "nibin-lead", date: "2024-02-01" }] },
      permission: "partner-activity:write",
    },
    { method: "GET", path: `/api/operations?${P}`, permission: "operations:read" },
    {
      method: "POST",
      path: "/api/operations",
      body: {
        name: "Matrix op 2",
        agency: "ATF",
        startsAt: "2024-01-20",
        endsAt: "2024-01-21",
        area: "district:1",
        deconflictionSystem: "RISSafe",
        deconflictionRef: "R-0",
      },
      permission: "operations:write",
    },
    {
      method: "PATCH",
      path: "/api/operations/1",
      body: { status: "planned" },
      permission: "operations:write",
    },
    { method: "GET", path: "/api/engagements", permission: "compstat:read" },
    {
      method: "POST",
      path: "/api/engagements",
      body: { heldOn: "2024-02-02", kind: "meeting", title: "Matrix meeting" },
      permission: "engagement:write",
    },
    {
      method: "GET",
      path: "/api/areas/district/1/engagement-summary?from=2024-01-01&to=2024-12-31",
      permission: "compstat:read",
    },
  ]);

  // Two permissions open this one: records:read (every agency) or partner-activity:read-own (a partner's).
  for (const role of ["public", ...ROLES] as const) {
    const allowed = [...PERMISSIONS["records:read"], ...PERMISSIONS["partner-activity:read-own"]].includes(
      role,
    );
    it(`${role} ${allowed ? "may" : "may not"} GET /api/partner-activity`, async () => {
      const r = await call(role === "public" ? null : `${role}1`, "GET", `/api/partner-activity?${P}`);
      expect(r.status).toBe(allowed ? 200 : role === "public" ? 401 : 403);
    });
  }
});

describe("agencies", () => {
  it("lists the demo partnership with contacts and the vocabularies", async () => {
    const r = await call("community1", "GET", "/api/agencies");
    const agencies = r.body.agencies as { id: string; contacts: unknown[] }[];
    for (const a of DEMO_AGENCIES) expect(agencies.find((x) => x.id === a.id)?.contacts.length).toBe(1);
    const vocab = r.body.vocabulary as { activityTypes: { id: string; group: string }[] };
    expect(vocab.activityTypes.find((t) => t.id === "use-of-force")?.group).toBe("accountability");
  });

  it("replaces contacts, refuses a taken id and bad input with the field named", async () => {
    const r = await call("admin1", "PATCH", "/api/agencies/OVP", {
      contacts: [{ name: "A One", email: "a@ovp.example.org" }, { name: "B Two" }],
    });
    expect(r.status).toBe(200);
    const n = await h.db.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM agency_contacts WHERE agency = 'OVP'",
    );
    expect(n!.n).toBe(2);
    expect(
      (await call("admin1", "POST", "/api/agencies", { id: "atf", name: "x", kind: "federal" })).status,
    ).toBe(409);
    const bad = await call("admin1", "POST", "/api/agencies", { id: "X Y", name: "x", kind: "federal" });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.message).toMatch(/^id: /);
    expect((await call("admin1", "PATCH", "/api/agencies/NOPE", { name: "x" })).status).toBe(404);
    const audit = await listAudit(h.db, { action: "agency-update", limit: 10 });
    expect(audit.some((e) => e.resource === "agency:OVP" && e.username === "admin1")).toBe(true);
  });
});

describe("partner activity", () => {
  it("a partner may not enter another agency's activity", async () => {
    const r = await call("partner1", "POST", "/api/partner-activity", {
      entries: [{ agency: "FBI", activityType: "arrest", date: "2025-09-01" }],
    });
    expect(r.status).toBe(403);
    expect(r.body.error!.message).toBe("a partner of ATF may enter activity for ATF only, not for FBI");
  });

  it("refuses an unknown type with the vocabulary, an unknown area with the list", async () => {
    const t = await call("analyst1", "POST", "/api/partner-activity", {
      entries: [{ agency: "ATF", activityType: "stops", date: "2025-09-01" }],
    });
    expect(t.status).toBe(400);
    expect(t.body.error!.message).toMatch(
      /^activityType: not an activity type; expected one of arrest, gun-recovery/,
    );
    const a = await call("analyst1", "POST", "/api/partner-activity", {
      entries: [{ agency: "ATF", activityType: "arrest", date: "2025-09-01", area: "district:99" }],
    });
    expect(a.status).toBe(400);
    expect(a.body.error!.message).toMatch(/^area: layer 'district' has no area '99'/);
  });

  it("lands in the CompStat partner ledger and in the data status as a web batch", async () => {
    const d = districts[1]!;
    const r = await call("partner1", "POST", "/api/partner-activity", {
      entries: [
        {
          agency: "atf",
          activityType: "gun recoveries",
          date: "2025-09-20",
          count: 3,
          area: `district:${d}`,
        },
        { agency: "ATF", activityType: "gun-recovery", date: "2025-08-01", count: 2, reference: "ATF-1" },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body.rows).toEqual({ read: 2, new: 2, updated: 0, unchanged: 0, rejected: 0 });
    const batchId = r.body.batchId as number;

    const again = await call("partner1", "POST", "/api/partner-activity", {
      entries: [
        { agency: "ATF", activityType: "gun-recovery", date: "2025-08-01", count: 2, reference: "ATF-1" },
      ],
    });
    expect(again.body.rows).toMatchObject({ read: 1, new: 0, unchanged: 1 });

    const status = await call("analyst1", "GET", "/api/status");
    const batch = (status.body.imports as { batchId: number }[]).find((b) => b.batchId === batchId);
    expect(batch).toMatchObject({
      kind: "events",
      format: "partner-activity",
      source: "web",
      fileName: "web entry by partner1",
      rows: { read: 2, new: 2, updated: 0, unchanged: 0, rejected: 0 },
    });

    const report = (
      await call("commander1", "GET", "/api/compstat?asOf=2025-09-30&period=28d,ytd&metric=homicides")
    ).body as unknown as CompStatReport;
    const row = report.partnerLedger!.rows.find(
      (x) => x.agency === "ATF" && x.activityType === "gun-recovery",
    )!;
    for (const w of report.periods.flatMap((p) => p.windows)) {
      const sql = await h.db.one<{ n: number }>(
        `SELECT coalesce(sum(count), 0)::INTEGER AS n FROM partner_activity WHERE agency = 'ATF'
         AND activity_type = 'gun-recovery' AND activity_date >= $1::TIMESTAMP AND activity_date < $2::TIMESTAMP + INTERVAL 1 DAY`,
        [w.start, w.end],
      );
      expect(row.counts[w.id], w.id).toBe(sql!.n);
    }
    expect(row.counts["ytd:2025"]).toBe(5);
  });

  it("a partner reads its own agency's rows only, with a purpose, audited", async () => {
    await call("analyst1", "POST", "/api/partner-activity", {
      entries: [{ agency: "FBI", activityType: "arrest", date: "2025-09-03" }],
    });
    expect((await call("partner1", "GET", "/api/partner-activity")).status).toBe(400);
    const r = await call("partner1", "GET", `/api/partner-activity?${P}&limit=1000`);
    const rows = r.body.rows as { agency: string }[];
    const sql = await h.db.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM partner_activity WHERE agency = 'ATF'",
    );
    expect(rows.length).toBe(sql!.n);
    expect(new Set(rows.map((x) => x.agency))).toEqual(new Set(["ATF"]));
    expect((await call("partner1", "GET", `/api/partner-activity?${P}&agency=FBI`)).status).toBe(403);
    const all = await call("analyst1", "GET", `/api/partner-activity?${P}&limit=1000`);
    expect((all.body.rows as { agency: string }[]).some((x) => x.agency === "FBI")).toBe(true);
    const [entry] = await listAudit(h.db, { action: "view-records", username: "analyst1", limit: 1 });
    expect(entry).toMatchObject({ resource: "partner-activity", purpose: "partnership test" });
  });
});

describe("operations registry", () => {
  const week = { startsAt: "2026-03-02 06:00", endsAt: "2026-03-06" };
  let fbiId = 0;

  it("warns the second operation in the same place and week, naming the first's agency and system", async () => {
    const d = districts[2]!;
    const first = await call("analyst1", "POST", "/api/operations", {
      name: "Operation Lantern",
      agency: "FBI",
      ...week,
      area: `district:${d}`,
      deconflictionSystem: "RISSafe",
      deconflictionRef: "RS-2026-0042",
    });
    expect(first.status).toBe(201);
    expect(first.body.overlaps).toEqual([]);
    fbiId = (first.body.operation as Operation).id;

    const p = await pointIn(d);
    const second = await call("partner1", "POST", "/api/operations", {
      name: "ATF sweep",
      agency: "ATF",
      startsAt: "2026-03-06 23:59",
      endsAt: "2026-03-08",
      lon: p.lon,
      lat: p.lat,
      radiusM: 150,
      deconflictionSystem: "Case Explorer",
      deconflictionRef: "CE-7",
    });
    expect(second.status).toBe(201);
    const warnings = second.body.overlaps as OverlapWarning[];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ agency: "FBI", deconflictionSystem: "RISSafe", detail: null });
    expect(warnings[0]!.message).toMatch(/FBI.*RISSafe/);
    // The partner never learns the other operation's name, place or reference.
    const text = JSON.stringify(second.body);
    for (const secret of ["Lantern", "RS-2026-0042", `district:${d}`, `"layer"`])
      expect(text).not.toContain(secret);

    // The analyst sees both operations, and the overlap in full.
    const all = await call("analyst1", "GET", `/api/operations?${P}`);
    const ops = all.body.operations as OperationView[];
    const atf = ops.find((o) => o.name === "ATF sweep")!;
    expect(atf.overlaps[0]!.detail).toMatchObject({
      operation: { name: "Operation Lantern" },
      place: "area-contains-point",
    });

    // The partner's list: ATF's operations only, the FBI overlap redacted.
    const mine = await call("partner1", "GET", `/api/operations?${P}`);
    const mineOps = mine.body.operations as OperationView[];
    expect(new Set(mineOps.map((o) => o.agency))).toEqual(new Set(["ATF"]));
    expect(JSON.stringify(mine.body)).not.toContain("Lantern");
    expect(mineOps.find((o) => o.name === "ATF sweep")!.overlaps[0]!.agency).toBe("FBI");

    const audit = await listAudit(h.db, { action: "operation-create", username: "partner1", limit: 1 });
    expect(audit[0]).toMatchObject({
      resource: `operation:${atf.id}`,
      detail: { agency: "ATF", overlaps: [fbiId] },
    });
  });

  it("no warning a minute after the other ends or outside its place", async () => {
    const d = districts[2]!;
    const later = await call("analyst1", "POST", "/api/operations", {
      name: "Next day",
      agency: "DEA",
      startsAt: "2026-03-07",
      endsAt: "2026-03-07 12:00",
      area: `district:${d}`,
      deconflictionSystem: "SAFETNet",
      deconflictionRef: "SN-1",
    });
    // The ATF sweep (from 03-06 23:59) is still on; the FBI operation (to 03-06 23:59) is not.
    expect((later.body.overlaps as OverlapWarning[]).map((w) => w.agency)).toEqual(["ATF"]);
    const elsewhere = await call("analyst1", "POST", "/api/operations", {
      name: "Elsewhere",
      agency: "DEA",
      ...week,
      area: `district:${districts[3]}`,
      deconflictionSystem: "SAFETNet",
      deconflictionRef: "SN-2",
    });
    expect(elsewhere.body.overlaps).toEqual([]);
  });

  it("a cancelled operation stops warning; a partner may not change another agency's", async () => {
    const denied = await call("partner1", "PATCH", `/api/operations/${fbiId}`, { status: "cancelled" });
    expect(denied.status).toBe(403);
    expect(denied.body.error!.message).toMatch(/partner of ATF may change operations for ATF only/);
    expect(
      (await call("commander1", "PATCH", `/api/operations/${fbiId}`, { status: "cancelled" })).status,
    ).toBe(200);
    const mine = await call("partner1", "GET", `/api/operations?${P}`);
    const sweep = (mine.body.operations as OperationView[]).find((o) => o.name === "ATF sweep")!;
    expect(sweep.overlaps.map((w) => w.agency)).toEqual(["DEA"]);
    const [e] = await listAudit(h.db, { action: "operation-update", limit: 1 });
    expect(e).toMatchObject({
      username: "commander1",
      resource: `operation:${fbiId}`,
      detail: { status: "cancelled" },
    });
  });

  it("refuses a partner registering for another agency, and an operation without a place", async () => {
    const other = await call("partner1", "POST", "/api/operations", {
      name: "x",
      agency: "FBI",
      ...week,
      area: "district:1",
      deconflictionSystem: "RISSafe",
      deconflictionRef: "R",
    });
    expect(other.status).toBe(403);
    const noPlace = await call("analyst1", "POST", "/api/operations", {
      name: "x",
      agency: "FBI",
      ...week,
      deconflictionSystem: "RISSafe",
      deconflictionRef: "R",
    });
    expect(noPlace.status).toBe(400);
    expect(noPlace.body.error!.message).toMatch(/needs a place/);
    const system = await call("analyst1", "POST", "/api/operations", {
      name: "x",
      agency: "FBI",
      ...week,
      area: "district:1",
      deconflictionSystem: "NCIC",
      deconflictionRef: "R",
    });
    expect(system.status).toBe(400);
    expect(system.body.error!.message).toMatch(/^deconflictionSystem: /);
  });
});

describe("engagement beside enforcement", () => {
  it("counts engagements, attendance and activity by type as plain SQL does", async () => {
    const d = districts[4] ?? districts[0]!;
    const area = `district:${d}`;
    for (const [heldOn, attendance] of [
      ["2025-05-03", 40],
      ["2025-05-20", 25],
      ["2025-06-15", undefined],
      ["2025-07-01", 90],
    ] as const) {
      const r = await call("community1", "POST", "/api/engagements", {
        heldOn,
        kind: "event",
        title: `Block party ${heldOn}`,
        area,
        ...(attendance === undefined ? {} : { attendance }),
      });
      expect(r.status).toBe(201);
    }
    const p = await pointIn(d);
    await call("analyst1", "POST", "/api/partner-activity", {
      entries: [
        { agency: "LPD", activityType: "arrest", date: "2025-05-10", count: 4, area },
        { agency: "LPD", activityType: "search-warrant", date: "2025-06-01", count: 1, area },
        { agency: "LPD", activityType: "citizen-complaint", date: "2025-06-02", count: 2, area },
        { agency: "LPD", activityType: "use-of-force", date: "2025-06-03", lon: p.lon, lat: p.lat },
        { agency: "LPD", activityType: "arrest", date: "2025-07-10", count: 9, area },
      ],
    });
    const r = await call(
      "community1",
      "GET",
      `/api/areas/district/${d}/engagement-summary?from=2025-05-01&to=2025-06-30`,
    );
    expect(r.status).toBe(200);
    const s = r.body as unknown as EngagementSummary;
    const eng = await h.db.one<{ n: number; att: number; missing: number }>(
      `SELECT count(*)::INTEGER AS n, coalesce(sum(attendance), 0)::INTEGER AS att,
              count(*) FILTER (WHERE attendance IS NULL)::INTEGER AS missing
       FROM engagements WHERE area_layer = 'district' AND area_name = $1 AND held_on BETWEEN '2025-05-01' AND '2025-06-30'`,
      [d],
    );
    expect(s.engagements).toMatchObject({
      count: eng!.n,
      attendance: eng!.att,
      withoutAttendance: eng!.missing,
    });
    expect(s.engagements.count).toBe(3);
    const byType = await h.db.all<{ t: string; n: number }>(
      `SELECT activity_type AS t, sum(count)::INTEGER AS n FROM partner_activity
       WHERE area_layer = 'district' AND area_name = $1 AND activity_date >= '2025-05-01' AND activity_date < '2025-07-01'
       GROUP BY 1`,
      [d],
    );
    for (const { t, n } of byType) expect(s.activity.find((a) => a.type === t)?.count, t).toBe(n);
    // The use of force was logged by its point only: counted because the point lies in the district.
    expect(s.activity.find((a) => a.type === "use-of-force")).toMatchObject({
      group: "accountability",
      count: 1,
    });
    expect(s.totals.accountability).toBe(3);
    expect(s.totals.enforcement).toBe(
      byType.filter((x) => x.t === "arrest" || x.t === "search-warrant").reduce((a, x) => a + x.n, 0),
    );

    const list = await call("partner1", "GET", `/api/engagements?area=${area}&from=2025-05-01&to=2025-06-30`);
    expect((list.body.engagements as unknown[]).length).toBe(3);
    const [e] = await listAudit(h.db, { action: "engagement-create", limit: 1 });
    expect(e).toMatchObject({ username: "community1", detail: { area, heldOn: "2025-07-01" } });
  });

  it("refuses a reversed range and an unknown area with a useful message", async () => {
    const r = await call(
      "analyst1",
      "GET",
      "/api/areas/district/1/engagement-summary?from=2025-06-01&to=2025-05-01",
    );
    expect(r.status).toBe(400);
    expect(r.body.error!.message).toBe("to: 2025-05-01 is before from 2025-06-01");
    const a = await call(
      "analyst1",
      "GET",
      "/api/areas/district/99/engagement-summary?from=2025-01-01&to=2025-05-01",
    );
    expect(a.status).toBe(400);
    expect(a.body.error!.message).toMatch(/no area '99'/);
  });
});
