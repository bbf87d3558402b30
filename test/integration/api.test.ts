/** The HTTP API in process (Hono's app.request) on the small demo city: real database, real routes. */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoDatabase } from "../../src/app/demo.js";
import { createApp } from "../../src/server/app.js";
import { Database } from "../../src/store/db.js";
import { tmpDir } from "../helpers/synthetic-files.js";

const dir = tmpDir("api");
let db: Database;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  const file = path.join(dir, "small.duckdb");
  await buildDemoDatabase(file, { size: "small", seed: 1 });
  db = await Database.open(file);
  app = createApp({ db });
});
afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("HTTP API", () => {
  it("answers health with secure headers", async () => {
    const r = await app.request("/api/health");
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, version: "0.1.0" });
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("serves the CompStat report the CLI computes", async () => {
    const r = await app.request(
      "/api/compstat?asOf=2025-09-30&metric=homicides&layer=district&period=ytd&years=2024-2025",
    );
    expect(r.status).toBe(200);
    const report = (await r.json()) as {
      schema: string;
      rows: { metric: string; group: string; counts: Record<string, number> }[];
    };
    expect(report.schema).toBe("peacestat.compstat/1");
    const city = report.rows.find((x) => x.metric === "homicides" && x.group === "citywide")!;
    const sql = await db.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM incidents WHERE valid_to IS NULL AND list_contains(offenses, '09A') AND occurred_at >= '2025-01-01' AND occurred_at < '2025-10-01'",
    );
    expect(city.counts["ytd:2025"]).toBe(sql!.n);
  });

  it("answers bad input and unknown routes as {error: {code, message}}", async () => {
    const bad = await app.request("/api/compstat?period=bogus");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid-argument" } });
    const date = await app.request("/api/compstat?asOf=2025-13-45");
    expect(date.status).toBe(400);
    const missing = await app.request("/api/nothing");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not-found" } });
    const layer = await app.request("/api/compstat?layer=nope");
    expect(layer.status).toBe(404);
  });

  it("publishes an OpenAPI document generated from the route schemas", async () => {
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe("3.0.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/health", "/api/compstat"]));
  });

  it("answers concurrent requests on one connection", async () => {
    const rs = await Promise.all(
      Array.from({ length: 8 }, () => app.request("/api/compstat?metric=homicides&period=ytd")),
    );
    expect(rs.every((r) => r.status === 200)).toBe(true);
  });
});
