/**
 * Benchmark (not a test): a full default CompStat book from the engine against one hand-written DuckDB
 * statement per event table computing the same numbers (bench/compstat-book-sql.mjs), on the large demo
 * city. Every count is compared; the goal is the engine within 1.5x of the hand-written SQL.
 *
 *   npm run build && node bench/compstat-book.mjs [--db .tmp/large2.duckdb] [--runs 5] [--no-anchor]
 *     [--sql-form keyed|wide]
 *
 * Prints `RESULT compstat_book engine_median_s=... sql_median_s=... ratio=... cells=... incidents=...`,
 * then runs the anchor (/work/shared/anchors/duckdb_compstat_bench.mjs) when it exists, for context.
 * Exit 1 when the database is missing or any count differs.
 *
 * One side at a time, for `npm run bench` (bench/cases/compstat-book.mjs runs each as a child process):
 *   node bench/compstat-book.mjs --db DB --side windows --out WINDOWS.json   the report's windows (data)
 *   node bench/compstat-book.mjs --db DB --side engine --out CELLS.json      one book by the engine
 *   node bench/compstat-book.mjs --db DB --side sql --columns WINDOWS.json --out COUNTS.json   the SQL
 *   node bench/compstat-book.mjs --compare CELLS.json COUNTS.json            every cell equal? (exit 1 if not)
 * Each side prints `RESULT compstat_side side=... open_s=... compute_s=...`.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { bookStatements, runBook } from "./compstat-book-sql.mjs";
import { AS_OF, bookColumns, compareBook, reportCells } from "./lib/compstat.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ANCHOR = "/work/shared/anchors/duckdb_compstat_bench.mjs";

const { values: args, positionals } = parseArgs({
  options: {
    db: { type: "string", default: ".tmp/large2.duckdb" },
    runs: { type: "string", default: "5" },
    "no-anchor": { type: "boolean", default: false },
    "sql-form": { type: "string", default: "keyed" },
    side: { type: "string" },
    out: { type: "string" },
    columns: { type: "string" },
    compare: { type: "boolean", default: false },
  },
  allowPositionals: true,
});
const runs = Number(args.runs);
const form = args["sql-form"];
if (form !== "keyed" && form !== "wide") {
  console.error(`--sql-form ${form}: expected keyed (one statement, metric as a grouping key) or wide`);
  process.exit(2);
}
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs ${args.runs}: expected a whole number >= 1`);
  process.exit(2);
}
if (args.compare) {
  const [cellsFile, countsFile] = positionals;
  const engine = JSON.parse(readFileSync(cellsFile, "utf8"));
  const sql = new Map(Object.entries(JSON.parse(readFileSync(countsFile, "utf8"))));
  const { cells, mismatches } = compareBook(engine, sql);
  for (const m of mismatches.slice(0, 20)) console.log(`MISMATCH ${m}`);
  console.log(
    `RESULT compstat_compare cells=${cells} rows=${engine.rows.length} mismatches=${mismatches.length}`,
  );
  process.exit(mismatches.length > 0 ? 1 : 0);
}
const dbPath = path.resolve(args.db);
if (!existsSync(dbPath)) {
  console.error(`no database at ${dbPath}. Build the large demo city first (about 10 minutes):
  npm run build && node dist/cli/main.js demo --size large --db ${args.db}`);
  process.exit(1);
}
if (!existsSync(path.join(ROOT, "dist/compstat/engine.js"))) {
  console.error("dist/ is missing: run 'npm run build' first");
  process.exit(1);
}

const { Database } = await import("../dist/store/db.js");
const { buildCompStat } = await import("../dist/compstat/engine.js");
const { parsePeriod } = await import("../dist/compstat/periods.js");

const seconds = (t0) => (performance.now() - t0) / 1000;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x) => x.toFixed(3);
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

if (!args.side)
  console.log(
    `compstat-book: ${dbPath}, as of ${AS_OF}, ${runs} runs, ${os.cpus().length} vCPU, node ${process.version}, load ${load()}`,
  );

// Read-only: the benchmark changes nothing, and migrations are not part of a page view.
// DuckDB locks the file against a writer: wait (up to 2 minutes) for another process to let go.
async function open() {
  for (let attempt = 0; ; attempt++) {
    try {
      return await Database.open(dbPath, { readOnly: true });
    } catch (e) {
      if (e?.code !== "busy" || attempt >= 24) throw e;
      if (attempt === 0) console.log(`waiting: ${e.message}`);
      await new Promise((r) => setTimeout(r, 5000));
    }
  }
}
const tOpen = performance.now();
const db = await open();
const options = {
  asOf: AS_OF,
  periods: ["week", "28d", "ytd", "year"].map((p) => parsePeriod(p)),
  baseline: { count: 5 },
};
const all = (sql) => db.all(sql);

if (args.side) {
  if (!args.out) throw new Error("--side needs --out FILE");
  const openS = seconds(tOpen);
  let t = performance.now();
  let result;
  let extra = "";
  if (args.side === "engine" || args.side === "windows") {
    const report = await buildCompStat(db, options);
    const computeS = seconds(t);
    result = args.side === "engine" ? reportCells(report) : bookColumns(report);
    extra = `rows=${report.rows.length} compute_s=${computeS.toFixed(4)}`;
  } else if (args.side === "sql") {
    if (!args.columns) throw new Error("--side sql needs --columns WINDOWS.json (from --side windows)");
    const statements = bookStatements(JSON.parse(readFileSync(args.columns, "utf8")), form);
    t = performance.now();
    result = Object.fromEntries(await runBook(all, statements));
    extra = `statements=${statements.length} compute_s=${seconds(t).toFixed(4)}`;
  } else throw new Error(`--side ${args.side}: expected windows, engine or sql`);
  writeFileSync(args.out, JSON.stringify(result));
  db.close();
  console.log(`RESULT compstat_side side=${args.side} open_s=${openS.toFixed(4)} ${extra}`);
  process.exit(0);
}

const incidents = Number(
  (await db.one("SELECT count(*)::BIGINT AS n FROM incidents WHERE valid_to IS NULL")).n,
);
const version = (await db.one("SELECT version() AS v")).v;

// Warm-up of both sides; the engine's warm-up report gives the windows (data) and the numbers to check.
let t0 = performance.now();
const report = await buildCompStat(db, options);
const engineWarm = seconds(t0);
const columns = bookColumns(report);
const statements = bookStatements(columns, form);
t0 = performance.now();
const sqlCounts = await runBook(all, statements);
const sqlWarm = seconds(t0);
console.log(
  `warm-up: engine ${fmt(engineWarm)} s (${report.rows.length} rows), SQL ${fmt(sqlWarm)} s (${form}: ${statements.length} statement(s), ${statements.reduce((a, s) => a + s.cells.length, 0)} FILTER columns)`,
);

// Timed runs, alternating so that load from other work on the machine falls on both sides alike.
const engineTimes = [];
const sqlTimes = [];
for (let k = 0; k < runs; k++) {
  t0 = performance.now();
  await buildCompStat(db, options);
  engineTimes.push(seconds(t0));
  t0 = performance.now();
  await runBook(all, statements);
  sqlTimes.push(seconds(t0));
  console.log(`run ${k + 1}: engine ${fmt(engineTimes[k])} s, SQL ${fmt(sqlTimes[k])} s, load ${load()}`);
}

// Every count: report rows x windows, and each baseline's sum over its years; nothing missing.
const { cells, mismatches, metricsCompared } = compareBook(reportCells(report), sqlCounts);
db.close();

console.log(
  `compared ${cells} cells (${report.rows.length} rows: ${metricsCompared.size} metrics x ${report.groups.length} groups, ${columns.length} windows and baselines each): ${mismatches.length} mismatches`,
);
for (const m of mismatches.slice(0, 20)) console.log(`  MISMATCH ${m}`);
const byMetric = new Map();
for (const m of mismatches) byMetric.set(m.split(" | ")[0], (byMetric.get(m.split(" | ")[0]) ?? 0) + 1);
if (byMetric.size > 0)
  console.log(`  mismatches by metric: ${[...byMetric].map(([k, n]) => `${k} ${n}`).join(", ")}`);
if (mismatches.length > 20) console.log(`  ... and ${mismatches.length - 20} more`);

const engineMedian = median(engineTimes);
const sqlMedian = median(sqlTimes);
console.log(
  `engine: median ${fmt(engineMedian)} s, min ${fmt(Math.min(...engineTimes))} s; SQL: median ${fmt(sqlMedian)} s, min ${fmt(Math.min(...sqlTimes))} s; goal ratio <= 1.5`,
);
console.log(
  `RESULT compstat_book engine_median_s=${fmt(engineMedian)} sql_median_s=${fmt(sqlMedian)} sql_form=${form} ratio=${(engineMedian / sqlMedian).toFixed(2)} cells=${cells} mismatches=${mismatches.length} incidents=${incidents} runs=${runs} duckdb=${version} load="${load()}"`,
);

// The anchor: the same kind of book on its own synthetic 5M incidents, in memory, for context.
if (args["no-anchor"]) {
  console.log("anchor: skipped (--no-anchor)");
} else if (!existsSync(ANCHOR)) {
  console.log(`anchor: skipped (${ANCHOR} not found)`);
} else {
  // ESM ignores NODE_PATH and resolves packages beside the script: run the anchor through symlinks in a
  // temporary folder whose node_modules is ours (@duckdb/node-api), keeping the links' paths.
  const dir = mkdtempSync(path.join(os.tmpdir(), "anchor-"));
  const anchors = path.dirname(ANCHOR);
  for (const f of readdirSync(anchors).filter((f) => f.startsWith("duckdb_compstat_")))
    symlinkSync(path.join(anchors, f), path.join(dir, f));
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  const r = spawnSync(
    process.execPath,
    [
      "--preserve-symlinks",
      "--preserve-symlinks-main",
      path.join(dir, path.basename(ANCHOR)),
      "mem",
      "5000000",
      String(Math.max(3, runs)),
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  rmSync(dir, { recursive: true, force: true });
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith("RESULT"));
  if (r.status !== 0 || !line) {
    console.log(
      `anchor: failed (exit ${r.status}): ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" / ")}`,
    );
  } else {
    const times = (/times_s=([\d.,]+)/.exec(line)?.[1] ?? "").split(",").map(Number);
    console.log(`anchor: ${line}`);
    console.log(
      `anchor: median ${fmt(median(times))} s for its 80-row book of 5M synthetic incidents; ours: engine ${fmt(engineMedian)} s, SQL ${fmt(sqlMedian)} s`,
    );
  }
}
process.exit(mismatches.length > 0 ? 1 : 0);
