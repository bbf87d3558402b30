/**
 * Issue 8, case 1a: ingest of the real UK street-crime file (1.77M rows, gzip) by `peacestat import
 * --format uk-police` into a fresh city, against DuckDB's bare `read_csv` of the same file into a table.
 * Quick mode: the first 100,000 rows (a gzip slice written to the case's folder).
 *
 * Full mode also measures where the import's time goes (bench/lib/ingest-phases.mjs, once, in prepare):
 * set PEACESTAT_BENCH_PHASES=0 to skip it, =1 to run it in quick mode too.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, createReadStream, createWriteStream, existsSync, rmSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";

export const UK_FILE = path.resolve(
  process.env.PEACESTAT_BENCH_UK ?? "/work/shared/data/uk/uk_street_crime_2018-10_2019-02_partial.csv.gz",
);
const QUICK_ROWS = 100_000;

/** Runs a command to completion (setup, not measured); throws with its output when it fails. */
export function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0)
    throw new Error(
      `${path.basename(args[0] ?? cmd)} ${args.slice(1, 3).join(" ")} failed: ${(r.stderr || r.stdout).trim().slice(-400)}`,
    );
  return r.stdout;
}

/** The first `rows` records of a gzip CSV (plus its header) as a new gzip file. */
async function sliceGz(src, dest, rows) {
  const lines = readline.createInterface({
    input: createReadStream(src).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  const gz = createGzip();
  const done = pipeline(gz, createWriteStream(dest));
  let n = 0;
  for await (const line of lines) {
    if (!gz.write(`${line}\n`)) await new Promise((r) => gz.once("drain", r));
    if (++n > rows) break;
  }
  lines.close();
  gz.end();
  await done;
  return n - 1;
}

const fresh = (ctx) => {
  for (const f of [ctx.db, `${ctx.db}.wal`, ctx.rejects]) rmSync(f, { force: true });
  copyFileSync(ctx.base, ctx.db);
};

/** Rows per second from a side's median wall time (Node start-up included, both sides). */
const perS = (rows, side) => (side ? rows / side.medianS : null);
const fmtInt = (x) => (x === null ? "n/a" : Math.round(x).toLocaleString("en-US"));

/** Figures and the goal check shared by the two ingest cases. */
export function ingestSummary(rows, { peacestat, anchor }, phases) {
  const ps = perS(rows, peacestat);
  const duck = perS(rows, anchor);
  const ratio = duck ? ps / duck : null;
  const figures = {
    rows,
    peacestat_rows_per_s: fmtInt(ps),
    duckdb_rows_per_s: fmtInt(duck),
    throughput_ratio: ratio === null ? "n/a" : ratio.toFixed(2),
  };
  const misses = [];
  if (ratio !== null && ratio < 0.3) misses.push(`${ratio.toFixed(2)}x of DuckDB's throughput (goal 0.3x)`);
  if (ps < 300_000) misses.push(`${fmtInt(ps)} rows/s (goal 300,000)`);
  let note = misses.length > 0 ? `missed: ${misses.join(", ")}` : "goal met";
  if (phases) note += `; where the time goes: ${phaseLine(phases)}`;
  return { figures, goalMet: misses.length === 0 && ratio !== null, note };
}

/** One line from ingest-phases.mjs's JSON: each pass's share of the in-process import. */
export function phaseLine(p) {
  const ph = p.import_phases_s;
  const s = (x) => `${Math.max(0, x).toFixed(1)} s`;
  const reading = ph.reading ?? 0;
  const staging = Math.max(0, reading - p.locate_s);
  return [
    `import ${s(p.import_s)} in-process`,
    `reading ${s(reading)} = hash ${s(p.hash_s)} + decompress/parse ${s(p.parse_s - p.hash_s)} + validate/map ${s(p.map_s - p.parse_s)} + project ${s(p.locate_s - p.map_s)} + staging appends ${s(staging)}`,
    `merge ${s(ph.merging ?? 0)}`,
    `area assignment and batch ${s(p.import_s - reading - (ph.merging ?? 0))}`,
  ].join(", ");
}

export function wantPhases(quick) {
  const env = process.env.PEACESTAT_BENCH_PHASES;
  return env === undefined ? !quick : env === "1";
}

/** Runs ingest-phases.mjs on a throw-away copy of the city; returns its JSON (null when it fails). */
export function measurePhases({ root, work, base, file, format }) {
  const db = path.join(work, "phases.duckdb");
  copyFileSync(base, db);
  try {
    const out = run(
      process.execPath,
      [path.join(root, "bench/lib/ingest-phases.mjs"), file, "--format", format, "--db", db],
      root,
    );
    return JSON.parse(out.trim().split("\n").at(-1));
  } catch (e) {
    process.stderr.write(`ingest phases not measured: ${e instanceof Error ? e.message : e}\n`);
    return null;
  } finally {
    for (const f of [db, `${db}.wal`, `${db}.rejects.csv`]) rmSync(f, { force: true });
  }
}

export default {
  id: "ingest-uk",
  order: 1,
  title: "Ingest: UK street crime, 1.77M rows (gzip)",
  goal: "PeaceStat >= 0.3x DuckDB bare read_csv throughput and >= 300,000 rows/s",
  anchorLabel: "DuckDB bare read_csv",
  runs: 5,
  quickRuns: 2,
  // Quick mode skips PeaceStat's warm-up (the anchor's still warms the file cache) to stay under 2 minutes.
  warmup: (ctx) => !ctx.quick,
  async unavailable({ root }) {
    if (!existsSync(UK_FILE)) return `${UK_FILE} is absent (../shared/data not mounted)`;
    if (!existsSync(path.join(root, "dist/cli/main.js"))) return "dist/ is not built (npm run build)";
    return null;
  },
  async prepare({ quick, root, work }) {
    const cli = path.join(root, "dist/cli/main.js");
    let file = UK_FILE;
    let rows = 1_771_502;
    if (quick) {
      file = path.join(work, "uk-100k.csv.gz");
      rows = await sliceGz(UK_FILE, file, QUICK_ROWS);
    }
    const base = path.join(work, "base.duckdb");
    run(
      process.execPath,
      [cli, "init", "--db", base, "--timezone", "Europe/London", "--crs", "EPSG:27700", "--name", "UK"],
      root,
    );
    const ctx = {
      cli,
      file,
      rows,
      base,
      db: path.join(work, "uk.duckdb"),
      rejects: path.join(work, "rejects.csv"),
    };
    ctx.phases = wantPhases(quick) ? measurePhases({ root, work, base, file, format: "uk-police" }) : null;
    fresh(ctx);
    return ctx;
  },
  peacestat(ctx) {
    return {
      cmd: process.execPath,
      args: [
        ctx.cli,
        "import",
        ctx.file,
        "--format",
        "uk-police",
        "--db",
        ctx.db,
        "--rejects",
        ctx.rejects,
        "--json",
      ],
    };
  },
  anchor(ctx) {
    return {
      cmd: process.execPath,
      args: [
        path.join(ctx.root, "bench/lib/duckdb-bare-load.mjs"),
        ctx.file,
        "--db",
        path.join(ctx.work, "bare.duckdb"),
      ],
    };
  },
  async reset(ctx) {
    fresh(ctx);
  },
  summarize(ctx, sides) {
    const report = JSON.parse(sides.peacestat.stdout);
    const bare = sides.anchor ? JSON.parse(sides.anchor.stdout.trim().split("\n").at(-1)) : null;
    const rows = report.rows.read;
    const s = ingestSummary(rows, sides, ctx.phases);
    s.figures.rejected = report.rows.rejected;
    const ok = rows === ctx.rows && (!bare || bare.rows === rows);
    return {
      ...s,
      check: {
        ok,
        detail: `rows read ${rows.toLocaleString("en-US")} (expected ${ctx.rows.toLocaleString("en-US")}), DuckDB ${bare ? bare.rows.toLocaleString("en-US") : "n/a"}`,
      },
    };
  },
};
