/**
 * `peacestat users ...` end to end. main.ts registers the command separately, so these tests mount
 * registerUsersCommand on a small program of their own: in process (with stdin and env injected), and
 * once as a real process reading a piped password from standard input (needs `npm run build`).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "../../src/auth/users.js";
import { registerUsersCommand, type UsersCommandIo } from "../../src/cli/users-command.js";
import { Database } from "../../src/store/db.js";
import { tmpDir } from "../helpers/synthetic-files.js";

const PW = "correct horse battery";
// Inside the project (.tmp), so the driver script below resolves "commander" from node_modules.
const dir = tmpDir("users-cli");
const dbPath = path.join(dir, "city.duckdb");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  (await Database.open(dbPath, { create: true })).close();
});

async function withDb<T>(p: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.open(p);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** Runs one command line in process; returns what it printed, or throws what it threw. */
async function run(args: readonly string[], opts: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) {
  let out = "";
  const io: UsersCommandIo = {
    readStdin: async () => opts.stdin ?? "",
    env: opts.env ?? {},
    write: (t) => {
      out += t;
    },
  };
  const program = new Command("peacestat").exitOverride();
  registerUsersCommand(program, withDb, () => dbPath, io);
  await program.parseAsync(["users", ...args], { from: "user" });
  return out;
}

const login = (username: string, password: string) =>
  withDb(dbPath, (db) => authenticate(db, username, password));

describe("peacestat users (in process)", () => {
  it("adds users from stdin and from PEACESTAT_PASSWORD, and lists them without hashes", async () => {
    expect(
      await run(["add", "--username", "ana", "--role", "analyst", "--password-stdin"], { stdin: `${PW}\n` }),
    ).toBe("added user ana (analyst)\n");
    expect(
      await run(
        ["add", "--username", "cvpa", "--role", "partner", "--agency", "CVPA", "--name", "Outreach"],
        {
          env: { PEACESTAT_PASSWORD: PW },
        },
      ),
    ).toBe("added user cvpa (partner, agency CVPA)\n");
    expect(await login("ana", PW)).toMatchObject({ role: "analyst" });

    const list = JSON.parse(await run(["list", "--json"])) as { username: string; agency: string | null }[];
    expect(list.map((u) => [u.username, u.agency])).toEqual([
      ["ana", null],
      ["cvpa", "CVPA"],
    ]);
    const text = await run(["list"]);
    expect(text).toMatch(/^USERNAME\s+ROLE\s+AGENCY\s+STATUS\s+NAME\n/);
    expect(text).toMatch(/cvpa\s+partner\s+CVPA\s+active\s+Outreach/);
    expect(text + JSON.stringify(list)).not.toContain("argon2");
  });

  it("refuses a missing password, a short one, a partner without agency and a duplicate", async () => {
    await expect(run(["add", "--username", "bob", "--role", "admin"])).rejects.toMatchObject({
      code: "invalid-argument",
    });
    await expect(
      run(["add", "--username", "bob", "--role", "admin", "--password-stdin"], { stdin: "short\n" }),
    ).rejects.toMatchObject({ code: "invalid-argument" });
    await expect(
      run(["add", "--username", "bob", "--role", "partner"], { env: { PEACESTAT_PASSWORD: PW } }),
    ).rejects.toMatchObject({ code: "invalid-argument" });
    await expect(
      run(["add", "--username", "ana", "--role", "admin"], { env: { PEACESTAT_PASSWORD: PW } }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("disables, enables, changes the password and removes", async () => {
    expect(await run(["disable", "ana"])).toBe("disabled user ana\n");
    expect(await login("ana", PW)).toBeNull();
    expect(await run(["list"])).toMatch(/ana\s+analyst\s+-\s+disabled/);
    expect(await run(["enable", "ana"])).toBe("enabled user ana\n");
    expect(await login("ana", PW)).not.toBeNull();

    const next = "a new long passphrase";
    await run(["passwd", "ana", "--password-stdin"], { stdin: `${next}\r\n` });
    expect(await login("ana", PW)).toBeNull();
    expect(await login("ana", next)).not.toBeNull();

    expect(await run(["remove", "ana"])).toBe("removed user ana\n");
    await expect(run(["remove", "ana"])).rejects.toMatchObject({ code: "not-found" });
    await expect(run(["disable", "ana"])).rejects.toMatchObject({ code: "not-found" });
  });
});

const BUILT = path.resolve("dist/cli/users-command.js");

describe.skipIf(!fs.existsSync(BUILT))("peacestat users (real process, piped stdin)", () => {
  it("reads the password from standard input", async () => {
    const driver = path.join(dir, "driver.mjs");
    const dist = pathToUrl(path.resolve("dist"));
    fs.writeFileSync(
      driver,
      `import { Command } from "commander";
import { registerUsersCommand } from "${dist}/cli/users-command.js";
import { Database } from "${dist}/store/db.js";
const withDb = async (p, fn) => { const db = await Database.open(p); try { return await fn(db); } finally { db.close(); } };
const program = new Command("peacestat");
registerUsersCommand(program, withDb, () => ${JSON.stringify(dbPath)});
try { await program.parseAsync(process.argv); }
catch (e) { process.stderr.write("peacestat: " + e.message + "\\n"); process.exitCode = 2; }
`,
    );
    const cli = (args: string[], input?: string) =>
      spawnSync(process.execPath, [driver, "users", ...args], { input, encoding: "utf8" });

    const added = cli(["add", "--username", "piped", "--role", "commander", "--password-stdin"], `${PW}\n`);
    expect(added.stderr).toBe("");
    expect(added.stdout).toBe("added user piped (commander)\n");
    expect(await login("piped", PW)).toEqual({ username: "piped", role: "commander", agency: null });

    const empty = cli(["add", "--username", "nopw", "--role", "commander", "--password-stdin"], "");
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/standard input held no password/);
  });
});

function pathToUrl(p: string): string {
  return new URL(`file://${p}`).href;
}
