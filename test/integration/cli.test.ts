/** The peacestat command as a user runs it: a real process, real files, exit codes and one-line errors. */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { districtGeoJson, genericCsv, tmpDir } from "../helpers/synthetic-files.js";

const CLI = path.resolve("dist/cli/main.js");
let dir: string;

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first (npm test does)`);
  dir = tmpDir("cli");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("peacestat CLI", () => {
  it("init, areas import, import, info: the whole loop with --json", () => {
    const db = path.join(dir, "city.duckdb");
    fs.writeFileSync(path.join(dir, "d.geojson"), districtGeoJson());
    fs.writeFileSync(path.join(dir, "i.csv"), genericCsv(2000).csv);
    expect(run(["init", "--db", db, "--timezone", "America/Chicago", "--name", "Testville"]).code).toBe(0);
    const areas = run([
      "areas",
      "import",
      path.join(dir, "d.geojson"),
      "--db",
      db,
      "--layer",
      "district",
      "--name-field",
      "DIST",
      "--json",
    ]);
    expect(areas.code).toBe(0);
    expect(JSON.parse(areas.stdout).areas).toHaveLength(7);
    const imp = run(["import", path.join(dir, "i.csv"), "--db", db, "--json"]);
    expect(imp.code).toBe(0);
    const report = JSON.parse(imp.stdout);
    expect(report.rows.read).toBe(2000);
    expect(report.rows.new).toBe(2000);
    const info = run(["info", "--json"], { PEACESTAT_DB: db });
    expect(info.code).toBe(0);
    const parsed = JSON.parse(info.stdout);
    expect(parsed.city.name).toBe("Testville");
    expect(parsed.incidents.byYear.map((y: { year: number }) => y.year)).toEqual([2021, 2022, 2023]);
    const text = run(["info", "--db", db]);
    expect(text.stdout).toMatch(/Incidents: 1,8\d\d current/);
  });

  it("errors are one line with a meaningful exit code", () => {
    const missing = run(["info", "--db", path.join(dir, "nope.duckdb")]);
    expect(missing.code).toBe(3);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/no database at .*peacestat init/);

    const db = path.join(dir, "e.duckdb");
    expect(run(["init", "--db", db, "--timezone", "Mars/Olympus"]).code).toBe(2);
    expect(run(["init", "--db", db, "--timezone", "America/Chicago"]).code).toBe(0);
    const again = run(["init", "--db", db, "--timezone", "America/Chicago"]);
    expect(again.code).toBe(6);
    const shp = path.join(dir, "x.shp");
    fs.writeFileSync(shp, Buffer.from([0, 0, 0x27, 0x0a, 0, 0, 0, 0]));
    const bad = run(["import", shp, "--db", db]);
    expect(bad.code).toBe(4);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(run(["import", shp, "--db", db, "--format", "nibrs-xml"]).stderr).toMatch(
      /--format nibrs-xml is not known/,
    );
  });

  it("a second process cannot write while the database is held: a clear 'in use' error", async () => {
    const db = path.join(dir, "held.duckdb");
    expect(run(["init", "--db", db, "--timezone", "America/Chicago"]).code).toBe(0);
    // hold the file open in another process, as the server will
    const holder = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { DuckDBInstance } from "@duckdb/node-api"; await DuckDBInstance.create(${JSON.stringify(db)}); console.log("held"); setTimeout(() => {}, 30000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"], cwd: process.cwd() },
    );
    await new Promise<void>((resolve) => holder.stdout.once("data", () => resolve()));
    try {
      const r = run(["info", "--db", db]);
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(/in use by another process \(pid \d+\)/);
    } finally {
      holder.kill("SIGKILL");
    }
  });
});
