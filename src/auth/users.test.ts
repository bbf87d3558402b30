import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../domain/errors.js";
import { Database } from "../store/db.js";
import { addUser, authenticate, getUser, listUsers, removeUser, setDisabled, setPassword } from "./users.js";

const PW = "correct horse battery";
let dir: string;
let db: Database;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "peacestat-users-"));
  db = await Database.open(path.join(dir, "users.duckdb"), { create: true });
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return "ok";
}

describe("addUser validation", () => {
  it.each([
    ["bad username", { username: "Alice", password: PW, role: "analyst" }],
    ["one-letter username", { username: "a", password: PW, role: "analyst" }],
    ["username starting with a dot", { username: ".alice", password: PW, role: "analyst" }],
    ["short password", { username: "alice", password: "elevenchars", role: "analyst" }],
    ["unknown role", { username: "alice", password: PW, role: "public" }],
    ["partner without agency", { username: "alice", password: PW, role: "partner" }],
    ["partner with blank agency", { username: "alice", password: PW, role: "partner", agency: "  " }],
    ["analyst with agency", { username: "alice", password: PW, role: "analyst", agency: "PD" }],
  ])("rejects %s", async (_label, user) => {
    expect(await code(addUser(db, user))).toBe("invalid-argument");
    expect(await getUser(db, user.username)).toBeNull();
  });

  it("accepts a 12-character password and a partner with an agency", async () => {
    const user = await addUser(db, {
      username: "p.one",
      password: "twelve chars",
      role: "partner",
      agency: " Street Outreach ",
      displayName: "Pat One",
    });
    expect(user).toMatchObject({ username: "p.one", role: "partner", agency: "Street Outreach" });
    expect(user.displayName).toBe("Pat One");
    expect(user.disabled).toBe(false);
  });

  it("lets a community member name its organisation, and gives it no other rights", async () => {
    const user = await addUser(db, { username: "c.org", password: PW, role: "community", agency: "CVI" });
    expect(user).toMatchObject({ role: "community", agency: "CVI" });
    const plain = await addUser(db, { username: "c.none", password: PW, role: "community" });
    expect(plain.agency).toBeNull();
  });

  it("refuses a duplicate username with 'conflict'", async () => {
    await addUser(db, { username: "dup", password: PW, role: "analyst" });
    expect(await code(addUser(db, { username: "dup", password: PW, role: "admin" }))).toBe("conflict");
    expect((await getUser(db, "dup"))?.role).toBe("analyst");
  });
});

describe("hashes", () => {
  it("stores an argon2id hash, never the password, and listUsers never returns it", async () => {
    await addUser(db, { username: "hasher", password: PW, role: "commander" });
    const row = await db.one<{ password_hash: string }>(
      "SELECT password_hash FROM users WHERE username = 'hasher'",
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(row?.password_hash).not.toContain(PW);
    const listed = await listUsers(db);
    expect(listed.map((u) => u.username)).toContain("hasher");
    expect(JSON.stringify(listed)).not.toContain("argon2");
  });
});

describe("authenticate", () => {
  beforeAll(async () => {
    await addUser(db, { username: "carol", password: PW, role: "analyst", displayName: "Carol" });
    await addUser(db, { username: "cvpa", password: PW, role: "partner", agency: "CVPA" });
  });

  it("round trips the password and returns the principal", async () => {
    expect(await authenticate(db, "carol", PW)).toEqual({ username: "carol", role: "analyst", agency: null });
    expect(await authenticate(db, " Carol ", PW)).toMatchObject({ username: "carol" });
    expect(await authenticate(db, "cvpa", PW)).toEqual({ username: "cvpa", role: "partner", agency: "CVPA" });
  });

  it("returns null for a wrong password, an unknown user, or nonsense", async () => {
    expect(await authenticate(db, "carol", `${PW}!`)).toBeNull();
    expect(await authenticate(db, "nobody", PW)).toBeNull();
    expect(await authenticate(db, "", "")).toBeNull();
    expect(await authenticate(db, "carol", "x".repeat(100_000))).toBeNull();
  });

  it("refuses disabled users until they are enabled again", async () => {
    await setDisabled(db, "carol", true);
    expect(await authenticate(db, "carol", PW)).toBeNull();
    expect((await getUser(db, "carol"))?.disabled).toBe(true);
    await setDisabled(db, "carol", false);
    expect(await authenticate(db, "carol", PW)).not.toBeNull();
  });

  it("fails closed on a role this version does not know", async () => {
    await addUser(db, { username: "odd", password: PW, role: "analyst" });
    await db.run("UPDATE users SET role = 'superuser' WHERE username = 'odd'");
    expect(await authenticate(db, "odd", PW)).toBeNull();
  });

  it("setPassword replaces the password; removeUser removes the user", async () => {
    const next = "a brand new passphrase";
    await setPassword(db, "carol", next);
    expect(await authenticate(db, "carol", PW)).toBeNull();
    expect(await authenticate(db, "carol", next)).not.toBeNull();
    expect(await code(setPassword(db, "carol", "short"))).toBe("invalid-argument");
    await removeUser(db, "carol");
    expect(await authenticate(db, "carol", next)).toBeNull();
    expect(await code(removeUser(db, "carol"))).toBe("not-found");
    expect(await code(setDisabled(db, "carol", true))).toBe("not-found");
    expect(await code(setPassword(db, "carol", next))).toBe("not-found");
  });
});
