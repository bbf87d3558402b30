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
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BOOK_METRICS, bookStatements, runBook } from "./compstat-book-sql.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ANCHOR = "/work/shared/anchors/duckdb_compstat_bench.mjs";
const AS_OF = "2025-09-30";

const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: ".tmp/large2.duckdb" },
    runs: { type: "string", default: "5" },
    "no-anchor": { type: "boolean", default: false },
    "sql-form": { type: "string", default: "keyed" },
  },
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
const db = await open();
const options = {
  asOf: AS_OF,
  periods: ["week", "28d", "ytd", "year"].map((p) => parsePeriod(p)),
  baseline: { count: 5 },
};
const all = (sql) => db.all(sql);

const incidents = Number(
  (await db.one("SELECT count(*)::BIGINT AS n FROM incidents WHERE valid_to IS NULL")).n,
);
const version = (await db.one("SELECT version() AS v")).v;

// Warm-up of both sides; the engine's warm-up report gives the windows (data) and the numbers to check.
let t0 = performance.now();
const report = await buildCompStat(db, options);
const engineWarm = seconds(t0);
const columns = [];
for (const p of report.periods) {
  for (const w of p.windows) columns.push({ key: w.id, ranges: [{ start: w.start, end: w.end }] });
  if (p.baseline)
    columns.push({
      key: p.baseline.id,
      ranges: p.baseline.windows.map((w) => ({ start: w.start, end: w.end })),
    });
}
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

// Every count: report rows x windows, and each baseline's sum over its years.
const mismatches = [];
let cells = 0;
const metricsCompared = new Set();
const sqlMetrics = new Set(BOOK_METRICS);
const sqlValue = (metric, group, key) => sqlCounts.get(`${metric}|${group}|${key}`) ?? 0;
for (const row of report.rows) {
  if (!sqlMetrics.has(row.metric)) {
    mismatches.push(`${row.metric} | ${row.group}: metric not computed by the hand-written SQL`);
    continue;
  }
  metricsCompared.add(row.metric);
  const check = (key, engine) => {
    cells++;
    const sql = sqlValue(row.metric, row.group, key);
    if (engine !== sql)
      mismatches.push(`${row.metric} | ${row.group} | ${key}: engine ${engine}, SQL ${sql}`);
  };
  for (const p of report.periods) {
    for (const w of p.windows) check(w.id, row.counts[w.id]);
    if (p.baseline) check(p.baseline.id, row.baselines[p.baseline.id]?.sum);
  }
}
// ... and nothing the SQL counted is missing from the report.
const reported = new Set(report.rows.map((r) => `${r.metric}|${r.group}`));
for (const [k, n] of sqlCounts) {
  const [metric, group, key] = k.split("|");
  if (n !== 0 && !reported.has(`${metric}|${group}`))
    mismatches.push(`${metric} | ${group} | ${key}: SQL ${n}, not in the report`);
}
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
