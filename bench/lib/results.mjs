/**
 * Results: bench/results/<date>.json for each run, bench/results/latest.json as the newest result of each
 * case (a run with --only replaces its cases and keeps the others), and the table in docs/benchmarks.md
 * between the bench markers, written from latest.json. Quick runs write <date>-quick.json and
 * latest-quick.json and leave the docs alone: their inputs are too small to quote.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./anchors.mjs";
import { machineLine } from "./machine.mjs";
import { fmtRatio, fmtS } from "./stats.mjs";

export const RESULTS = path.join(ROOT, "bench", "results");
export const DOCS = path.join(ROOT, "docs", "benchmarks.md");
export const BEGIN = "<!-- bench:begin -->";
export const END = "<!-- bench:end -->";

/** The project's formatter over the written JSON, so that `npm run lint` passes on them (when installed). */
function formatJson(files) {
  const biome = path.join(ROOT, "node_modules", ".bin", "biome");
  if (existsSync(biome)) spawnSync(biome, ["format", "--write", ...files], { cwd: ROOT, stdio: "ignore" });
}

/** Writes the run's file and merges it into latest(-quick).json; returns the paths and the merged view. */
export function writeResults(run) {
  mkdirSync(RESULTS, { recursive: true });
  const stamp = run.date.replace(/:/g, "-").replace(/\.\d+Z$/, "Z");
  const suffix = run.quick ? "-quick" : "";
  const file = path.join(RESULTS, `${stamp}${suffix}.json`);
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  const latestFile = path.join(RESULTS, `latest${suffix}.json`);
  let latest = { cases: [] };
  if (existsSync(latestFile)) {
    try {
      latest = JSON.parse(readFileSync(latestFile, "utf8"));
    } catch {
      latest = { cases: [] };
    }
  }
  const fresh = new Map(run.cases.map((c) => [c.id, { ...c, measuredAt: run.date, machine: run.machine }]));
  const kept = (latest.cases ?? []).filter((c) => !fresh.has(c.id));
  const order = new Map(run.order.map((id, i) => [id, i]));
  const cases = [...kept, ...fresh.values()].sort(
    (a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9) || a.id.localeCompare(b.id),
  );
  const merged = { updated: run.date, quick: run.quick, machine: run.machine, cases };
  writeFileSync(latestFile, `${JSON.stringify(merged, null, 2)}\n`);
  formatJson([file, latestFile]);
  return { file, latestFile, merged };
}

const rss = (x) => (x?.peakRssMb ? `${Math.round(x.peakRssMb)}` : "n/a");
const cell = (s) =>
  String(s ?? "")
    .replace(/\|/g, "\\|")
    .replace(/\n/g, " ");

function statusOf(c) {
  if (c.status === "skipped") return `skipped: ${c.reason}`;
  if (c.status === "error") return `error: ${c.error}`;
  return c.goalMet === true ? "**met**" : c.goalMet === false ? "**missed**" : "n/a";
}

/** The markdown table of a merged latest.json. */
export function resultsTable(merged) {
  const machines = new Map();
  for (const c of merged.cases) {
    const key = c.machine ? machineLine(c.machine) : "unknown";
    if (!machines.has(key)) machines.set(key, []);
    machines.get(key).push(c.id);
  }
  const lines = [
    `Written by \`npm run bench\` (bench/run.mjs) from bench/results/latest.json; do not edit by hand.`,
    "",
  ];
  for (const [m, ids] of machines)
    lines.push(`Machine${machines.size > 1 ? ` (${ids.join(", ")})` : ""}: ${m}.`, "");
  lines.push(
    "| case | measured | runs | PeaceStat median s | anchor | anchor median s | ratio P/A | peak RSS MB P / A | goal | result | check | figures and notes |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const c of merged.cases) {
    const figures = Object.entries(c.figures ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    const runs =
      c.status === "ok"
        ? `${c.runs}${c.anchor && c.anchorRuns !== c.runs ? ` (anchor ${c.anchorRuns})` : ""}`
        : "";
    lines.push(
      `| ${[
        `${c.id}: ${c.title}`,
        (c.measuredAt ?? "").slice(0, 16).replace("T", " "),
        runs,
        c.status === "ok" ? fmtS(c.peacestat?.medianS) : "",
        c.anchor ? c.anchorLabel : c.anchorSkipped ? `skipped: ${c.anchorSkipped}` : "none",
        c.anchor ? fmtS(c.anchor.medianS) : "",
        c.ratio === null || c.ratio === undefined ? "n/a" : fmtRatio(c.ratio),
        c.status === "ok" ? `${rss(c.peacestat)} / ${c.anchor ? rss(c.anchor) : "-"}` : "",
        c.goal,
        statusOf(c),
        c.check ? `${c.check.ok ? "ok" : "**FAILED**"}: ${c.check.detail}` : "",
        [figures, c.note].filter(Boolean).join("; "),
      ]
        .map(cell)
        .join(" | ")} |`,
    );
  }
  return lines.join("\n");
}

/** Replaces what lies between the markers in docs/benchmarks.md; false when the markers are missing. */
export function rewriteDocs(merged) {
  const text = readFileSync(DOCS, "utf8");
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return false;
  const next = `${text.slice(0, a + BEGIN.length)}\n${resultsTable(merged)}\n${text.slice(b)}`;
  writeFileSync(DOCS, next);
  return true;
}
