/**
 * Issue 8, case 5: how import and the CompStat book scale with the number of incidents. Synthetic
 * incidents (bench/lib/synthetic-incidents.mjs: 8 districts, a US offense mix, about 1.055 rows per
 * incident) at each size are imported with `peacestat import --format generic` into a fresh city holding
 * the districts, then the full book is built (`peacestat compstat --period week,28d,ytd,year --baseline 5`,
 * every district x every default metric). Each step is its own process, timed with its peak RSS. No anchor.
 *
 * Sizes (incidents): full mode 100k, 1M, 5M, 20M (about 30-40 minutes on 2 cores, most of it the 20M
 * point; the CSVs take 2.2 GB in the case's temp folder); quick mode 20k, 100k. Choose others with
 * PEACESTAT_BENCH_SCALING_SIZES=100000,1000000 (k/M suffixes allowed: 100k,1M).
 *
 * The measured command is this module run as a script (`node bench/cases/scaling.mjs --drive CONFIG`), which
 * runs the sizes one after another and prints one JSON line; the runner times the whole sweep once.
 */
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SYNTHETIC_CITY, syntheticDistricts, writeSyntheticIncidents } from "../lib/synthetic-incidents.mjs";
import { runTimed } from "../lib/timed.mjs";
import { makeCity } from "./ingest-demo.mjs";

const FULL = [100_000, 1_000_000, 5_000_000, 20_000_000];
const QUICK = [20_000, 100_000];
const MEMORY_GOAL_MB = 4096;
const BOOK = ["--period", "week,28d,ytd,year", "--baseline", "5"];

export function parseSizes(text) {
  return text.split(",").map((s) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(s);
    if (!m) throw new Error(`PEACESTAT_BENCH_SCALING_SIZES: ${s} is not a size (100000, 100k, 1M)`);
    return Math.round(Number(m[1]) * (m[2] === "" ? 1 : /k/i.test(m[2]) ? 1e3 : 1e6));
  });
}

function sizesFor(quick) {
  const env = process.env.PEACESTAT_BENCH_SCALING_SIZES;
  return env ? parseSizes(env) : quick ? QUICK : FULL;
}

const label = (n) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
const mb = (x) => (x === null ? "n/a" : `${Math.round(x)}`);

/** The sweep: for each size, a fresh copy of the city, the import, the book. */
async function drive(configFile) {
  const c = JSON.parse(readFileSync(configFile, "utf8"));
  const out = [];
  for (const s of c.sizes) {
    const db = path.join(c.work, `city-${s.incidents}.duckdb`);
    for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
    copyFileSync(c.base, db);
    const imp = await runTimed({
      cmd: process.execPath,
      args: [
        c.cli,
        "import",
        s.file,
        "--format",
        "generic",
        "--db",
        db,
        "--json",
        "--rejects",
        `${db}.rejects.csv`,
      ],
    });
    if (imp.code !== 0) throw new Error(`import of ${s.file} failed: ${imp.stderr.trim().slice(-400)}`);
    const report = JSON.parse(imp.stdout);
    const book = await runTimed({
      cmd: process.execPath,
      args: [c.cli, "compstat", "--db", db, ...BOOK, "--csv"],
    });
    if (book.code !== 0)
      throw new Error(`compstat at ${s.incidents} failed: ${book.stderr.trim().slice(-400)}`);
    out.push({
      incidents: s.incidents,
      rows: report.rows.read,
      rejected: report.rows.rejected,
      importS: imp.wallS,
      importRssMb: imp.peakRssMb,
      bookS: book.wallS,
      bookRssMb: book.peakRssMb,
      bookLines: book.stdout.split("\n").length - 1,
    });
    for (const f of [db, `${db}.wal`, `${db}.rejects.csv`]) rmSync(f, { force: true });
    process.stderr.write(`scaling ${label(s.incidents)}: import ${imp.wallS} s, book ${book.wallS} s\n`);
  }
  process.stdout.write(`${JSON.stringify({ sizes: out })}\n`);
}

export default {
  id: "scaling",
  order: 5,
  title: "Scaling: import and CompStat book at 100k, 1M, 5M, 20M synthetic incidents",
  goal: "cost per incident flat from size to size (linear), peak RSS < 4 GB at 20M",
  runs: 1,
  quickRuns: 1,
  warmup: false,
  async unavailable({ root }) {
    if (!existsSync(path.join(root, "dist/cli/main.js"))) return "dist/ is not built (npm run build)";
    return null;
  },
  async prepare({ quick, root, work }) {
    const cli = path.join(root, "dist/cli/main.js");
    const districts = path.join(work, "districts.geojson");
    writeFileSync(districts, JSON.stringify(syntheticDistricts()));
    const base = path.join(work, "base.duckdb");
    makeCity({ root, cli, base, ...SYNTHETIC_CITY, districts });
    const sizes = sizesFor(quick).map((incidents) => {
      const file = path.join(work, `synthetic-${label(incidents)}.csv`);
      const { rows } = writeSyntheticIncidents(file, { incidents, seed: 1 });
      return { incidents, rows, file };
    });
    const config = path.join(work, "scaling.json");
    writeFileSync(config, JSON.stringify({ cli, base, work, sizes }));
    return { config, sizes };
  },
  peacestat(ctx) {
    return { cmd: process.execPath, args: [fileURLToPath(import.meta.url), "--drive", ctx.config] };
  },
  anchor() {
    return null;
  },
  summarize(_ctx, { peacestat }) {
    const sizes = JSON.parse(peacestat.stdout.trim().split("\n").at(-1)).sizes;
    const figures = {};
    for (const s of sizes) {
      const k = label(s.incidents);
      figures[`import_${k}_s`] = s.importS;
      figures[`import_${k}_us_per_row`] = ((s.importS / s.rows) * 1e6).toFixed(2);
      figures[`import_${k}_rss_mb`] = mb(s.importRssMb);
      figures[`book_${k}_s`] = s.bookS;
      figures[`book_${k}_us_per_incident`] = ((s.bookS / s.incidents) * 1e6).toFixed(3);
      figures[`book_${k}_rss_mb`] = mb(s.bookRssMb);
    }
    // Linear: the cost per incident at the largest size within 1.25x of the size before it (the smallest
    // sizes carry Node's and DuckDB's fixed start-up cost, so only the two largest are compared).
    const notes = [];
    let goalMet = true;
    if (sizes.length >= 2) {
      const [a, b] = sizes.slice(-2);
      const imp = b.importS / b.rows / (a.importS / a.rows);
      const bk = b.bookS / b.incidents / (a.bookS / a.incidents);
      figures.import_per_row_growth = imp.toFixed(2);
      figures.book_per_incident_growth = bk.toFixed(2);
      notes.push(
        `per-incident cost ${label(a.incidents)} -> ${label(b.incidents)}: import x${imp.toFixed(2)}, book x${bk.toFixed(2)}`,
      );
      if (imp > 1.25 || bk > 1.25) goalMet = false;
    }
    const largest = sizes.at(-1);
    const peak = Math.max(largest.importRssMb ?? 0, largest.bookRssMb ?? 0);
    if (largest.incidents >= 20_000_000) {
      notes.push(`peak RSS at ${label(largest.incidents)} ${Math.round(peak)} MB (goal < ${MEMORY_GOAL_MB})`);
      if (!(peak < MEMORY_GOAL_MB)) goalMet = false;
    } else
      notes.push(
        `20M not run: memory goal not checked (largest ${label(largest.incidents)}: ${Math.round(peak)} MB)`,
      );
    if (largest.incidents < 1_000_000) {
      notes.push("sizes under 1M are dominated by start-up: the goal is not judged");
      goalMet = null;
    }
    const rejected = sizes.reduce((s, x) => s + x.rejected, 0);
    return {
      figures,
      goalMet,
      note: notes.join("; "),
      check: { ok: rejected === 0, detail: `${rejected} synthetic rows rejected` },
    };
  },
};

if (
  process.argv[1] &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1]) &&
  process.argv[2] === "--drive"
) {
  await drive(process.argv[3]);
}
