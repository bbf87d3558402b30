/**
 * CompStat over HTTP beyond the report itself: exports (each audited with its purpose) and the monthly
 * trend with its expected range, checked against plain SQL on the demo city.
 */
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { listAudit, verifyAudit } from "../../src/audit/audit-log.js";
import { findChromium } from "../../src/compstat/render-pdf.js";
import { expectedRange, type TrendReport } from "../../src/compstat/trend.js";
import { apiHarness, roleMatrix } from "../helpers/api-harness.js";

const h = apiHarness("api-compstat");
const Q = "metric=homicides&period=ytd&asOf=2025-09-30&layer=district";
const PURPOSE = "purpose=Tuesday%20CompStat%20meeting";

describe("roles x CompStat exports and trends", () => {
  roleMatrix(h, [
    { method: "GET", path: `/api/compstat/export?format=csv&${Q}&${PURPOSE}`, permission: "exports:create" },
    {
      method: "GET",
      path: "/api/compstat/trend?metric=homicides&asOf=2025-09-30",
      permission: "compstat:read",
    },
  ]);
});

describe("exports", () => {
  it("refuses an export without a purpose, and writes nothing to the audit log", async () => {
    const before = (await listAudit(h.db, { limit: 100_000 })).length;
    const r = await h.app.request(`/api/compstat/export?format=csv&${Q}`, {
      headers: await h.login("analyst1"),
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/purpose/);
    const after = await listAudit(h.db, { limit: 100_000 });
    expect(after.length - before).toBe(1); // the login only
    expect(after[0]!.action).toBe("login");
  });

  it("sends the same numbers as the report, as an attachment, and audits who, what and why", async () => {
    const headers = await h.login("commander1");
    const report = (await (await h.app.request(`/api/compstat?${Q}`, { headers })).json()) as {
      rows: { metric: string; group: string; counts: Record<string, number> }[];
    };
    const r = await h.app.request(`/api/compstat/export?format=csv&${Q}&${PURPOSE}`, { headers });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/csv");
    expect(r.headers.get("content-disposition")).toMatch(
      /attachment; filename="peacestat-compstat-2025-09-30\.csv"/,
    );
    const csv = await r.text();
    const city = report.rows.find((x) => x.metric === "homicides" && x.group === "citywide")!;
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const line = rows.find(
      (x) =>
        x.metric === "homicides" &&
        x.group === "citywide" &&
        x.column_kind === "count" &&
        x.column === "ytd:2025",
    );
    expect(line, "a CSV line for the citywide YTD homicides").toBeDefined();
    expect(Number(line!.value)).toBe(city.counts["ytd:2025"]);
    const last = (await listAudit(h.db, { limit: 1 }))[0]!; // newest first
    expect(last).toMatchObject({
      username: "commander1",
      action: "export",
      resource: "compstat.csv",
      purpose: "Tuesday CompStat meeting",
    });
    expect((await verifyAudit(h.db)).ok).toBe(true);
  });

  it("writes a workbook and the HTML packet", async () => {
    const headers = await h.login("analyst1");
    const x = await h.app.request(`/api/compstat/export?format=xlsx&${Q}&${PURPOSE}`, { headers });
    expect(x.status).toBe(200);
    const bytes = new Uint8Array(await x.arrayBuffer());
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe("PK"); // a zip container
    const html = await h.app.request(`/api/compstat/export?format=html&${Q}&${PURPOSE}`, { headers });
    expect(await html.text()).toContain("<!doctype html>");
  });

  it.skipIf(findChromium() === null)("prints the PDF packet", async () => {
    const headers = await h.login("analyst1");
    const r = await h.app.request(`/api/compstat/export?format=pdf&${Q}&${PURPOSE}`, { headers });
    expect(r.status).toBe(200);
    const head = new TextDecoder().decode(new Uint8Array(await r.arrayBuffer()).slice(0, 5));
    expect(head).toBe("%PDF-");
  });
});

describe("trend", () => {
  async function monthCount(month: string, through: string, area?: string): Promise<number> {
    const join = area
      ? "JOIN event_areas a ON a.kind = 'incident' AND a.uid = i.uid AND a.layer = 'district' AND a.area = ?"
      : "";
    const r = await h.db.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM incidents i ${join}
       WHERE valid_to IS NULL AND list_contains(offenses, '09A')
         AND occurred_at >= ?::DATE AND occurred_at < ?::DATE + INTERVAL 1 DAY`,
      area ? [area, `${month}-01`, through] : [`${month}-01`, through],
    );
    return r!.n;
  }

  it("counts each month as SQL does, and the expected count is the mean of the same days in earlier years", async () => {
    const headers = await h.login("analyst1");
    const r = await h.app.request(
      "/api/compstat/trend?metric=homicides&asOf=2025-09-17&months=12&baselineYears=2",
      {
        headers,
      },
    );
    expect(r.status).toBe(200);
    const t = (await r.json()) as TrendReport;
    const s = t.series[0]!;
    expect(s.points).toHaveLength(12);
    expect(s.points.at(-1)).toMatchObject({ month: "2025-09", through: "2025-09-17", partial: true });
    for (const p of s.points) {
      expect(p.count).toBe(await monthCount(p.month, p.through));
      const y = Number(p.month.slice(0, 4));
      const md = p.through.slice(4);
      const prior = [y - 1, y - 2].map((yy) => ({
        month: `${yy}${p.month.slice(4)}`,
        through: `${yy}${md}`,
      }));
      const counts = await Promise.all(prior.map((x) => monthCount(x.month, x.through)));
      expect(p.expected).toBeCloseTo((counts[0]! + counts[1]!) / 2, 12);
      const band = expectedRange(p.expected!);
      expect(p.low).toBeCloseTo(band.low, 12);
      // Outside the band exactly when the z the tables use is 2 or more.
      const outside = p.count! < p.low! || p.count! > p.high!;
      expect(outside).toBe(Math.abs(p.z!) > 2);
    }
  });

  it("counts one district's months", async () => {
    const headers = await h.login("commander1");
    const t = (await (
      await h.app.request("/api/compstat/trend?metric=homicides&asOf=2025-09-30&months=6&area=district:1", {
        headers,
      })
    ).json()) as TrendReport;
    expect(t.group).toBe("district:1");
    for (const p of t.series[0]!.points) expect(p.count).toBe(await monthCount(p.month, p.through, "1"));
  });

  it("says 'no data' before the data begins, and refuses bad parameters", async () => {
    const headers = await h.login("analyst1");
    const first = await h.db.one<{ d: string }>(
      "SELECT strftime(min(occurred_at), '%Y-%m') AS d FROM incidents WHERE valid_to IS NULL",
    );
    const t = (await (
      await h.app.request(`/api/compstat/trend?metric=homicides&asOf=${first!.d}-28&months=3`, { headers })
    ).json()) as TrendReport;
    const pts = t.series[0]!.points;
    expect(pts[0]!.count).toBeNull();
    expect(pts.at(-1)!.expected).toBeNull();
    const bad = await h.app.request("/api/compstat/trend?months=500", { headers });
    expect(bad.status).toBe(400);
    const area = await h.app.request("/api/compstat/trend?area=district:nowhere", { headers });
    expect(area.status).toBe(404);
  });
});
