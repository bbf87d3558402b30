import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../domain/errors.js";
import { Database } from "../store/db.js";
import {
  checkCsrf,
  clearCookie,
  cookie,
  createSession,
  deleteSession,
  purgeExpiredSessions,
  sessionFromToken,
  tokenFromCookieHeader,
} from "./sessions.js";
import { addUser, removeUser, setDisabled, setPassword } from "./users.js";

const PW = "correct horse battery";
const T0 = new Date("2025-03-01T08:00:00Z");
const hours = (h: number) => new Date(T0.getTime() + h * 3_600_000);
let dir: string;
let db: Database;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "peacestat-sessions-"));
  db = await Database.open(path.join(dir, "sessions.duckdb"), { create: true });
  await addUser(db, { username: "ana", password: PW, role: "analyst" });
  await addUser(db, { username: "pat", password: PW, role: "partner", agency: "CVPA" });
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const count = async () =>
  (await db.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM sessions"))?.n ?? -1;

describe("sessions", () => {
  it("issues 256-bit base64url tokens and stores only their SHA-256", async () => {
    const s = await createSession(db, "ana", { now: T0 });
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.csrfToken).not.toBe(s.token);
    expect(s.expiresAt).toEqual(hours(12));
    const rows = await db.all<{ token_hash: string }>("SELECT token_hash FROM sessions");
    expect(JSON.stringify(rows)).not.toContain(s.token);
    expect(rows.map((r) => r.token_hash)).toContainEqual(expect.stringMatching(/^[0-9a-f]{64}$/));
    const live = await sessionFromToken(db, s.token, { now: hours(1) });
    expect(live?.principal).toEqual({ username: "ana", role: "analyst", agency: null });
    expect(live?.csrfToken).toBe(s.csrfToken);
    await deleteSession(db, s.token);
    expect(await sessionFromToken(db, s.token, { now: hours(1) })).toBeNull();
  });

  it("expires after the ttl and deletes the expired row", async () => {
    const s = await createSession(db, "pat", { now: T0, ttlHours: 2 });
    expect((await sessionFromToken(db, s.token, { now: hours(1.99) }))?.principal).toEqual({
      username: "pat",
      role: "partner",
      agency: "CVPA",
    });
    const before = await count();
    expect(await sessionFromToken(db, s.token, { now: hours(2) })).toBeNull();
    expect(await count()).toBe(before - 1);
    expect(await sessionFromToken(db, s.token, { now: T0 })).toBeNull();
  });

  it("ends when the user is disabled, given a new password, or removed", async () => {
    const a = await createSession(db, "ana", { now: T0 });
    await setDisabled(db, "ana", true);
    expect(await sessionFromToken(db, a.token, { now: T0 })).toBeNull();
    await expect(createSession(db, "ana", { now: T0 })).rejects.toBeInstanceOf(AppError);
    await setDisabled(db, "ana", false);
    expect(await sessionFromToken(db, a.token, { now: T0 })).toBeNull();

    const b = await createSession(db, "ana", { now: T0 });
    await setPassword(db, "ana", "another long passphrase");
    expect(await sessionFromToken(db, b.token, { now: T0 })).toBeNull();

    await addUser(db, { username: "temp", password: PW, role: "community" });
    const c = await createSession(db, "temp", { now: T0 });
    await db.run("UPDATE users SET disabled = true WHERE username = 'temp'"); // bypassing setDisabled
    expect(await sessionFromToken(db, c.token, { now: T0 })).toBeNull();
    await removeUser(db, "temp");
    await expect(createSession(db, "temp", { now: T0 })).rejects.toMatchObject({ code: "not-found" });
  });

  it("ignores garbage tokens and purges expired rows", async () => {
    for (const t of [undefined, null, "", "abc", `${"a".repeat(43)}'`]) {
      expect(await sessionFromToken(db, t, { now: T0 })).toBeNull();
    }
    await createSession(db, "pat", { now: T0, ttlHours: 1 });
    expect(await purgeExpiredSessions(db, hours(1))).toBeGreaterThanOrEqual(1);
    expect(await purgeExpiredSessions(db, hours(1))).toBe(0);
  });
});

describe("cookies and CSRF", () => {
  it("builds the Set-Cookie value", () => {
    expect(cookie("tok", { secure: false })).toBe(
      "peacestat_session=tok; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200",
    );
    expect(cookie("tok", { secure: true, maxAgeSeconds: 60 })).toBe(
      "peacestat_session=tok; HttpOnly; SameSite=Strict; Path=/; Max-Age=60; Secure",
    );
    expect(clearCookie({ secure: true })).toContain("Max-Age=0; Secure");
  });

  it("reads the token back from a Cookie header", () => {
    expect(tokenFromCookieHeader("a=1; peacestat_session=xyz; b=2")).toBe("xyz");
    expect(tokenFromCookieHeader("a=1")).toBeNull();
    expect(tokenFromCookieHeader(undefined)).toBeNull();
  });

  it("compares CSRF tokens", () => {
    expect(checkCsrf("abc", "abc")).toBe(true);
    expect(checkCsrf("abc", "abd")).toBe(false);
    expect(checkCsrf("abc", "abcd")).toBe(false);
    expect(checkCsrf("abc", undefined)).toBe(false);
    expect(checkCsrf("", "")).toBe(false);
  });
});
