/**
 * The HTTP API in process on the small demo city: a real database file, real routes, one user per role
 * (`admin1`, `analyst1`, ..., the partner belongs to ATF), and a role x endpoint matrix that every route
 * module's test file runs over its own endpoints against the one permission table.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildDemoDatabase } from "../../src/app/demo.js";
import { appendAudit } from "../../src/audit/audit-log.js";
import { PERMISSIONS, type Permission, ROLES } from "../../src/auth/roles.js";
import { addUser } from "../../src/auth/users.js";
import { createApp } from "../../src/server/app.js";
import { Database } from "../../src/store/db.js";
import { tmpDir } from "./synthetic-files.js";

export const PASSWORD = "correct horse battery";

export interface ApiHarness {
  readonly db: Database;
  readonly app: ReturnType<typeof createApp>;
  readonly dir: string;
  /** Signs in and returns the headers a browser would send afterwards (cookie and CSRF token). */
  login(username: string): Promise<Record<string, string>>;
}

/**
 * Registers beforeAll/afterAll that build the small demo city (seed 1) in a temporary folder. Use inside a
 * test file at top level; the returned object's fields are set once beforeAll has run.
 */
export function apiHarness(name: string): ApiHarness {
  const dir = tmpDir(name);
  const h = { dir } as { -readonly [K in keyof ApiHarness]: ApiHarness[K] };
  h.login = async (username: string) => {
    const r = await h.app.request("/api/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(r.status).toBe(200);
    const cookie = r.headers.get("set-cookie")!.split(";")[0]!;
    const { csrfToken } = (await r.json()) as { csrfToken: string };
    return { cookie, "x-csrf-token": csrfToken };
  };
  beforeAll(async () => {
    const file = path.join(dir, "small.duckdb");
    await buildDemoDatabase(file, { size: "small", seed: 1 });
    h.db = await Database.open(file);
    const db = h.db;
    h.app = createApp({
      db,
      audit: async (e) => {
        await appendAudit(db, {
          username: e.principal.username,
          role: e.principal.role,
          action: e.action,
          resource: e.resource,
          ...(e.purpose ? { purpose: e.purpose } : {}),
          detail: e.detail ?? null,
        });
      },
    });
    for (const role of ROLES) {
      await addUser(db, {
        username: `${role}1`,
        password: PASSWORD,
        role,
        ...(role === "partner" ? { agency: "ATF" } : {}),
      });
    }
  }, 120_000);
  afterAll(() => {
    h.db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return h;
}

export interface MatrixEndpoint {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path with query string. */
  readonly path: string;
  readonly body?: unknown;
  /** The permission the route requires; null for open routes. */
  readonly permission: Permission | null;
}

/**
 * One test per (role, endpoint): granted roles get a 2xx, the anonymous public a 401, every other denied
 * role a 403. The expectation comes from PERMISSIONS, so the matrix cannot drift from the grant table.
 */
export function roleMatrix(h: ApiHarness, endpoints: readonly MatrixEndpoint[]): void {
  for (const role of ["public", ...ROLES] as const) {
    for (const e of endpoints) {
      const allowed =
        e.permission === null || (PERMISSIONS[e.permission] as readonly string[]).includes(role);
      it(`${role} ${allowed ? "may" : "may not"} ${e.method} ${e.path.split("?")[0]}`, async () => {
        const headers: Record<string, string> = role === "public" ? {} : await h.login(`${role}1`);
        if (e.body !== undefined) headers["content-type"] = "application/json";
        const r = await h.app.request(e.path, {
          method: e.method,
          headers,
          ...(e.body !== undefined ? { body: JSON.stringify(e.body) } : {}),
        });
        if (allowed) expect(r.status, await r.clone().text()).toBeLessThan(300);
        else expect(r.status).toBe(role === "public" ? 401 : 403);
      });
    }
  }
}
