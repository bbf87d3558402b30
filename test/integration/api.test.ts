/**
 * The HTTP API in process (Hono's app.request) on the small demo city: real database, real routes. Set-up
 * (the city, one user per role, login) and the role x endpoint matrix: test/helpers/api-harness.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listAudit, verifyAudit } from "../../src/audit/audit-log.js";
import { createApp } from "../../src/server/app.js";
import { apiHarness, roleMatrix } from "../helpers/api-harness.js";

const harness = apiHarness("api");
const login = (username: string) => harness.login(username);

describe("HTTP API", () => {
  it("answers health with secure headers", async () => {
    const r = await harness.app.request("/api/health");
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, version: "0.1.0" });
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("serves the CompStat report the CLI computes", async () => {
    const r = await harness.app.request(
      "/api/compstat?asOf=2025-09-30&metric=homicides&layer=district&period=ytd&years=2024-2025",
      { headers: await login("analyst1") },
    );
    expect(r.status).toBe(200);
    const report = (await r.json()) as {
      schema: string;
      rows: { metric: string; group: string; counts: Record<string, number> }[];
    };
    expect(report.schema).toBe("peacestat.compstat/1");
    const city = report.rows.find((x) => x.metric === "homicides" && x.group === "citywide")!;
    const sql = await harness.db.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM incidents WHERE valid_to IS NULL AND list_contains(offenses, '09A') AND occurred_at >= '2025-01-01' AND occurred_at < '2025-10-01'",
    );
    expect(city.counts["ytd:2025"]).toBe(sql!.n);
  });

  it("answers bad input and unknown routes as {error: {code, message}}", async () => {
    const h = { headers: await login("analyst1") };
    const bad = await harness.app.request("/api/compstat?period=bogus", h);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid-argument" } });
    const date = await harness.app.request("/api/compstat?asOf=2025-13-45", h);
    expect(date.status).toBe(400);
    const missing = await harness.app.request("/api/nothing");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not-found" } });
    const layer = await harness.app.request("/api/compstat?layer=nope", h);
    expect(layer.status).toBe(404);
  });

  it("publishes an OpenAPI document generated from the route schemas", async () => {
    const doc = (await (await harness.app.request("/api/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe("3.0.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/health", "/api/compstat"]));
  });

  it("answers concurrent requests on one connection", async () => {
    const h = { headers: await login("commander1") };
    const rs = await Promise.all(
      Array.from({ length: 8 }, () => harness.app.request("/api/compstat?metric=homicides&period=ytd", h)),
    );
    expect(rs.every((r) => r.status === 200)).toBe(true);
  });
});

// Every role against every endpoint: each grant and each denial, from the permission table.
describe("roles x endpoints", () => {
  roleMatrix(harness, [
    { method: "GET", path: "/api/compstat?metric=homicides&period=ytd", permission: "compstat:read" },
    { method: "GET", path: "/api/public/compstat?period=ytd", permission: "aggregates:read" },
  ]);

  it("the public view refuses metrics outside it", async () => {
    const r = await harness.app.request("/api/public/compstat?metric=carjackings");
    expect(r.status).toBe(403);
  });
});

describe("sessions, CSRF, rate limiting and the audit log", () => {
  it("a wrong password is 401 and five failures lock the username", async () => {
    const bad = () =>
      harness.app.request("/api/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "community1", password: "wrong password!!" }),
      });
    for (let i = 0; i < 5; i++) expect((await bad()).status).toBe(401);
    expect((await bad()).status).toBe(429);
  });

  it("a state change without the CSRF header is refused, with it accepted", async () => {
    const h = await login("admin1");
    const without = await harness.app.request("/api/logout", {
      method: "POST",
      headers: { cookie: h.cookie! },
    });
    expect(without.status).toBe(403);
    const ok = await harness.app.request("/api/logout", { method: "POST", headers: h });
    expect(ok.status).toBe(200);
    const after = await harness.app.request("/api/me", { headers: h });
    expect(((await after.json()) as { role: string }).role).toBe("public");
  });

  it("logins and failures are in the hash-chained audit log, and it verifies", async () => {
    const entries = await listAudit(harness.db, { limit: 1000 });
    expect(entries.some((x) => x.action === "login" && x.username === "admin1")).toBe(true);
    expect(entries.some((x) => x.action === "login-failed")).toBe(true);
    expect((await verifyAudit(harness.db)).ok).toBe(true);
  });
});

describe("the web app's files", () => {
  it("are served from the web root, client routes get index.html, API paths stay JSON", async () => {
    const root = path.join(harness.dir, "web");
    fs.mkdirSync(path.join(root, "assets"), { recursive: true });
    fs.writeFileSync(path.join(root, "index.html"), "<!doctype html><title>PeaceStat</title>");
    fs.writeFileSync(path.join(root, "assets", "app.js"), "console.log(1)");
    const web = createApp({ db: harness.db, webRoot: root });
    expect(await (await web.request("/")).text()).toContain("<title>PeaceStat</title>");
    expect(await (await web.request("/login")).text()).toContain("<title>PeaceStat</title>");
    const js = await web.request("/assets/app.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toContain("javascript");
    const api = await web.request("/api/nothing");
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: "not-found" } });
  });
});
