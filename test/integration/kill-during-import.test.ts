/**
 * A crash or kill mid-import must leave the database as it was before the import. The CLI is run as a
 * real child process against a real DuckDB file and killed with SIGKILL: once deterministically from
 * inside the open transaction (fault injection), and at several wall-clock moments from outside.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importIncidentFile } from "../../src/app/import-incidents.js";
import { initCity } from "../../src/app/init-city.js";
import { Database } from "../../src/store/db.js";
import { genericCsv, tmpDir } from "../helpers/synthetic-files.js";

const CLI = path.resolve("dist/cli/main.js");
let dir: string;
let bigCsv: string;
let bigRows: number;

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first (npm test does)`);
  dir = tmpDir("kill");
  const fx = genericCsv(150_000, 11);
  bigCsv = path.join(dir, "big.csv");
  fs.writeFileSync(bigCsv, fx.csv);
  bigRows = fx.rows;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function seededDb(name: string): Promise<string> {
  const file = path.join(dir, `${name}.duckdb`);
  await initCity(file, { timeZone: "America/Chicago" });
  const small = path.join(dir, `${name}-small.csv`);
  fs.writeFileSync(small, genericCsv(500, 3).csv);
  const db = await Database.open(file);
  try {
    await importIncidentFile(db, small, { format: "generic" });
  } finally {
    db.close();
  }
  return file;
}

async function state(file: string) {
  const db = await Database.open(file);
  try {
    return await db.one<Record<string, number>>(
      `SELECT (SELECT count(*) FROM incidents)::INTEGER AS incidents,
              (SELECT count(*) FROM import_batches)::INTEGER AS batches,
              (SELECT count(*) FROM event_areas)::INTEGER AS assignments,
              (SELECT count(*) FROM import_issues)::INTEGER AS issues,
              (SELECT coalesce(max(uid), 0) FROM incidents)::INTEGER AS max_uid`,
    );
  } finally {
    db.close();
  }
}

function runImport(dbFile: string, env: Record<string, string>, killAfterMs?: number) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, "import", bigCsv, "--db", dbFile, "--json"], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("exit", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

describe("kill during import", () => {
  it("a kill inside the import transaction leaves the database exactly as before", async () => {
    const file = await seededDb("fault");
    const before = await state(file);
    const r = await runImport(file, { PEACESTAT_FAULT: "kill-in-import-transaction" });
    expect(r.signal).toBe("SIGKILL");
    expect(await state(file)).toEqual(before);
    // and the database still works: the same import now succeeds in full
    const ok = await runImport(file, {});
    expect(ok.code).toBe(0);
    const after = await state(file);
    expect(after!.batches).toBe(before!.batches! + 1);
  });

  it("kills from outside at any moment leave either the old state or the complete import", async () => {
    let killedMidway = 0;
    for (const ms of [300, 900, 1800]) {
      const file = await seededDb(`outside-${ms}`);
      const before = await state(file);
      const r = await runImport(file, {}, ms);
      const now = await state(file);
      if (r.signal === "SIGKILL" && now!.batches === before!.batches) {
        expect(now).toEqual(before);
        killedMidway++;
      } else {
        // the import finished before the kill landed: it must be complete
        expect(now!.batches).toBe(before!.batches! + 1);
        expect(now!.incidents! - before!.incidents!).toBeGreaterThan(0);
      }
    }
    expect(bigRows).toBe(150_000);
    // the 150,000-row import takes seconds: at least one kill must have landed while it ran
    expect(killedMidway).toBeGreaterThan(0);
  });
});
