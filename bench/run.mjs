/**
 * `npm run bench`: every case in bench/cases/*.mjs, PeaceStat and its anchor on the same input, side by side.
 *
 *   npm run bench [-- --quick] [-- --only id,id] [-- --list] [-- --no-write] [-- --keep]
 *
 * For each case (sorted by its numeric `order`, then file name): `unavailable()` (a reason: "SKIP id:
 * reason"), `prepare()` into a fresh temporary folder, a warm-up of each command, then `runs` runs
 * alternating PeaceStat and the anchor, each a child process wrapped in `/usr/bin/time -f "%e %M"` (wall
 * seconds, peak RSS), `reset()` after each. Medians, the ratio PeaceStat/anchor and the case's `summarize()`
 * make one printed line per case. Results go to bench/results/<date>.json and latest.json, and the table in
 * docs/benchmarks.md between `<!-- bench:begin -->` and `<!-- bench:end -->` is rewritten (quick runs:
 * <date>-quick.json and latest-quick.json only; --no-write: nothing). Progress goes to stderr.
 *
 * A case module default-exports a case or an array of cases:
 *   id, title, goal: strings; order?: number; anchorLabel?: string (e.g. "R spdep localG")
 *   runs?: number (default 5), quickRuns?: number (default min(runs, 3)),
 *   anchorRuns?: number | ({ quick }) => number (default runs: the anchor runs in the first anchorRuns
 *     rounds only; say why in the note), warmup?: boolean, anchorWarmup?: boolean (default true)
 *   unavailable({ quick, root }) -> reason | null; anchorUnavailable?(ctx) -> reason | null (the anchor is
 *     skipped, never the case: ratio n/a)
 *   prepare({ quick, root, work }) -> object merged into ctx; peacestat(ctx), anchor(ctx) -> { cmd, args,
 *     cwd?, env? } (anchor may return null); reset?(ctx)
 *   summarize(ctx, { peacestat, anchor }) -> { figures?, goalMet?, note?, check?: { ok, detail } }, where each
 *     side is { medianS, minS, times, peakRssMb, stdout (last run), stdouts } and anchor is null when absent.
 *
 * Exit 1 when a case fails (a command exits non-zero, an equality check fails); a missed goal or a
 * missing anchor is reported, not a failure.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ROOT } from "./lib/anchors.mjs";
import { loadAvg, machineFacts, machineLine } from "./lib/machine.mjs";
import { rewriteDocs, writeResults } from "./lib/results.mjs";
import { fmtRatio, fmtS, median } from "./lib/stats.mjs";
import { haveTime, runTimed, tail } from "./lib/timed.mjs";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    list: { type: "boolean", default: false },
    "no-write": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const quick = args.quick;
const log = (s) => process.stderr.write(`${s}\n`);

// ---- the cases
const CASES = path.join(ROOT, "bench", "cases");
const files = existsSync(CASES)
  ? readdirSync(CASES)
      .filter((f) => f.endsWith(".mjs"))
      .sort()
  : [];
let cases = [];
for (const f of files) {
  const mod = await import(pathToFileURL(path.join(CASES, f)).href);
  const exported = mod.default;
  for (const c of Array.isArray(exported) ? exported : [exported]) {
    if (!c?.id || typeof c.peacestat !== "function" || typeof c.summarize !== "function") {
      console.error(`bench/cases/${f}: not a case (needs id, peacestat() and summarize())`);
      process.exit(2);
    }
    cases.push({ ...c, file: f });
  }
}
cases.sort((a, b) => (a.order ?? 1e9) - (b.order ?? 1e9) || a.file.localeCompare(b.file));
const dup = cases.find((c, i) => cases.findIndex((d) => d.id === c.id) !== i);
if (dup) {
  console.error(`two cases have the id ${dup.id}`);
  process.exit(2);
}
const order = cases.map((c) => c.id);
if (args.list) {
  for (const c of cases) console.log(`${c.id}\t${c.title}\t(goal: ${c.goal})`);
  process.exit(0);
}
if (args.only) {
  const wanted = args.only.split(",").map((s) => s.trim());
  const unknown = wanted.filter((id) => !order.includes(id));
  if (unknown.length > 0) {
    console.error(`--only: no case ${unknown.join(", ")}; cases: ${order.join(", ")}`);
    process.exit(2);
  }
  cases = cases.filter((c) => wanted.includes(c.id));
}
if (!existsSync(path.join(ROOT, "dist", "cli", "main.js"))) {
  console.error("dist/ is missing: run 'npm run build' first (npm run bench builds it)");
  process.exit(1);
}

// ---- running
const t0 = performance.now();
const machine = await machineFacts();
const val = (v, ctx) => (typeof v === "function" ? v(ctx) : v);
log(`bench: ${cases.length} case(s), ${quick ? "quick" : "full"}; ${machineLine(machine)}`);
if (!haveTime) log("bench: /usr/bin/time not found: wall time from the runner, peak RSS n/a");

/** One timed run of a command; throws with the command's last output lines when it fails. */
async function measure(side, command) {
  const r = await runTimed(command, { root: ROOT });
  if (r.code !== 0)
    throw new Error(
      `${side} exited with ${r.code}: ${tail(r.stderr || r.stdout)} (${command.cmd} ${(command.args ?? []).join(" ")})`,
    );
  return r;
}

function sideSummary(rs) {
  if (rs.length === 0) return null;
  const times = rs.map((r) => r.wallS);
  const rss = rs.map((r) => r.peakRssMb).filter((x) => x !== null);
  return {
    medianS: median(times),
    minS: Math.min(...times),
    times,
    peakRssMb: rss.length > 0 ? Math.max(...rss) : null,
    stdout: rs.at(-1).stdout,
    stdouts: rs.map((r) => r.stdout),
  };
}
const stripOutput = (s) => s && { medianS: s.medianS, minS: s.minS, times: s.times, peakRssMb: s.peakRssMb };

async function runCase(c) {
  const base = { quick, root: ROOT };
  const out = { id: c.id, title: c.title, goal: c.goal, anchorLabel: c.anchorLabel ?? "anchor" };
  const reason = await c.unavailable?.(base);
  if (reason) return { ...out, status: "skipped", reason };
  const work = mkdtempSync(path.join(os.tmpdir(), `bench-${c.id}-`));
  const started = performance.now();
  try {
    log(`${c.id}: prepare`);
    const prepared = (await c.prepare?.({ ...base, work })) ?? {};
    const ctx = { ...prepared, quick, root: ROOT, work };
    const anchorSkipped = (await c.anchorUnavailable?.(ctx)) ?? null;
    const ps = c.peacestat(ctx);
    const an = anchorSkipped ? null : ((await c.anchor?.(ctx)) ?? null);
    const fullRuns = val(c.runs, ctx) ?? 5;
    const runs = quick ? (val(c.quickRuns, ctx) ?? Math.min(fullRuns, 3)) : fullRuns;
    const anchorRuns = an ? Math.min(runs, val(c.anchorRuns, ctx) ?? runs) : 0;
    const warm = val(c.warmup, ctx) !== false;
    const anchorWarm = an && val(c.anchorWarmup, ctx) !== false;
    const reset = async () => c.reset?.(ctx);
    if (warm) {
      log(`${c.id}: warm-up PeaceStat`);
      await measure("PeaceStat", ps);
      await reset();
    }
    if (anchorWarm) {
      log(`${c.id}: warm-up anchor`);
      await measure("anchor", an);
      await reset();
    }
    const pRuns = [];
    const aRuns = [];
    for (let k = 0; k < runs; k++) {
      const p = await measure("PeaceStat", ps);
      pRuns.push(p);
      await reset();
      let line = `${c.id}: run ${k + 1}/${runs}: PeaceStat ${fmtS(p.wallS)} s`;
      if (k < anchorRuns) {
        const a = await measure("anchor", an);
        aRuns.push(a);
        await reset();
        line += `, anchor ${fmtS(a.wallS)} s`;
      }
      log(`${line}, load ${os.loadavg()[0].toFixed(2)}`);
    }
    const peacestat = sideSummary(pRuns);
    const anchor = sideSummary(aRuns);
    const summary = (await c.summarize(ctx, { peacestat, anchor })) ?? {};
    return {
      ...out,
      status: "ok",
      runs,
      anchorRuns,
      seconds: (performance.now() - started) / 1000,
      peacestat: stripOutput(peacestat),
      anchor: stripOutput(anchor),
      anchorSkipped: an ? null : (anchorSkipped ?? "no anchor for this case"),
      ratio: anchor ? peacestat.medianS / anchor.medianS : null,
      figures: summary.figures ?? {},
      goalMet: summary.goalMet ?? null,
      note: summary.note ?? "",
      check: summary.check ?? null,
    };
  } catch (e) {
    return { ...out, status: "error", error: e instanceof Error ? e.message : String(e) };
  } finally {
    if (args.keep) log(`${c.id}: kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

function line(r) {
  if (r.status === "skipped") return `SKIP ${r.id}: ${r.reason}`;
  if (r.status === "error") return `FAIL ${r.id}: ${r.error}`;
  const rss = (s) => (s.peakRssMb === null ? "RSS n/a" : `${Math.round(s.peakRssMb)} MB`);
  const parts = [`PeaceStat ${fmtS(r.peacestat.medianS)} s (${rss(r.peacestat)})`];
  if (r.anchor) {
    parts.push(`${r.anchorLabel} ${fmtS(r.anchor.medianS)} s (${rss(r.anchor)})`);
    parts.push(`ratio ${fmtRatio(r.ratio)}`);
  } else parts.push(`anchor skipped: ${r.anchorSkipped}`, "ratio n/a");
  parts.push(
    `goal ${r.goalMet === true ? "met" : r.goalMet === false ? "MISSED" : "n/a"} (${r.goal})`,
    `runs ${r.runs}${r.anchor && r.anchorRuns !== r.runs ? `, anchor ${r.anchorRuns}` : ""}`,
  );
  if (r.check) parts.push(`check ${r.check.ok ? "ok" : "FAILED"}: ${r.check.detail}`);
  const figures = Object.entries(r.figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  if (figures) parts.push(figures);
  if (r.note) parts.push(r.note);
  return `${r.check && !r.check.ok ? "FAIL" : "OK"} ${r.id}: ${parts.join(" | ")}`;
}

const results = [];
for (const c of cases) {
  const r = await runCase(c);
  results.push(r);
  console.log(line(r));
}
machine.loadAfter = loadAvg();
const durationS = (performance.now() - t0) / 1000;
const run = {
  date: new Date().toISOString(),
  quick,
  only: args.only ?? null,
  durationS: Number(durationS.toFixed(1)),
  machine,
  order,
  cases: results,
};
console.log(`machine: ${machineLine(machine)}`);
if (args["no-write"]) {
  console.log(`results not written (--no-write); ${durationS.toFixed(0)} s`);
} else {
  const { file, merged } = writeResults(run);
  const rel = (f) => path.relative(ROOT, f);
  let docs = "docs/benchmarks.md not rewritten (quick run)";
  if (!quick)
    docs = rewriteDocs(merged)
      ? "docs/benchmarks.md table rewritten"
      : "docs/benchmarks.md: bench markers missing, table not written";
  console.log(`results: ${rel(file)}; ${docs}; ${durationS.toFixed(0)} s`);
}
const failed = results.filter((r) => r.status === "error" || (r.check && !r.check.ok));
process.exit(failed.length > 0 ? 1 : 0);
