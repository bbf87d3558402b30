/**
 * Benchmark (not a test): the Knox near-repeat test on synthetic events generated as the R anchor
 * (/work/shared/anchors/knox.R) generates its own: uniform on 10 km x 10 km over 365 days, 10% of events
 * copying an earlier event's place +-150 m and day +0..10. Same bands as the anchor: Manhattan distance,
 * 0/1/200/400/600/Inf m x 0/7/14/21/Inf days, [lo, hi). Goal: >= 20x faster than R (319 s for 5,000 x 999).
 *
 *   npm run build && node bench/knox.mjs [--n 5000] [--perms 999] [--runs 3] [--seed 1] [--with-r]
 *     [--r-perms N]
 *
 * --with-r runs `Rscript knox.R N PERMS EVENTS.csv` on the SAME events (about 5 minutes at 999
 * permutations; --r-perms 1 checks the observed table in seconds) and exits 1 when the observed tables
 * differ. Prints `RESULT knox n=... pairs=... perms=... median_s=... ...`.
 *
 * --events EVENTS.csv (x, y, day) runs on those events instead of synthetic ones: `npm run bench`
 * (bench/cases/knox.mjs) runs `--events FILE --runs 1` as a child process, the R anchor on the same file.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ANCHOR = "/work/shared/anchors/knox.R";
const R_REFERENCE_S = 319; // anchors/README.md: 5,000 events x 999 permutations on this kind of machine

const { values: args } = parseArgs({
  options: {
    n: { type: "string", default: "5000" },
    perms: { type: "string", default: "999" },
    runs: { type: "string", default: "3" },
    seed: { type: "string", default: "1" },
    "with-r": { type: "boolean", default: false },
    "r-perms": { type: "string" },
    events: { type: "string" },
  },
});
const n = Number(args.n);
const perms = Number(args.perms);
const runs = Number(args.runs);
const seed = Number(args.seed);
const rPerms = args["r-perms"] === undefined ? perms : Number(args["r-perms"]);
for (const [k, v] of Object.entries({ n, perms, runs, seed, rPerms })) {
  if (!Number.isInteger(v) || v < 1) {
    console.error(`--${k} must be a whole number >= 1`);
    process.exit(2);
  }
}
if (!existsSync(path.join(ROOT, "dist/analysis/near-repeat.js"))) {
  console.error("dist/ is missing near-repeat: run 'npm run build' first");
  process.exit(1);
}
const { knoxTest, knoxObserved } = await import("../dist/analysis/near-repeat.js");
const { synthetic, readEventsCsv, rObserved } = await import("./lib/knox.mjs");

const opts = { spaceBands: [0, 1, 200, 400, 600], timeBands: [0, 7, 14, 21], distance: "manhattan", seed: 1 };
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const events = args.events ? readEventsCsv(args.events) : synthetic(n, seed);
console.log(
  `knox: ${events.length} events${args.events ? ` from ${args.events}` : ""}, ${perms} permutations, ${runs} runs, ${os.cpus().length} vCPU, node ${process.version}, load ${os.loadavg()[0].toFixed(2)}`,
);

let t0 = performance.now();
const obsOnly = knoxObserved(events, opts);
const observedS = (performance.now() - t0) / 1000;
const times = [];
let result;
for (let r = 0; r < runs; r++) {
  t0 = performance.now();
  result = knoxTest(events, { ...opts, permutations: perms });
  times.push((performance.now() - t0) / 1000);
  console.log(`  run ${r + 1}: ${times[r].toFixed(3)} s`);
}
const med = median(times);
console.log("observed:", JSON.stringify(result.observed));
console.log("knox ratio [1..200) x [0,7):", result.knoxRatio[1][0]?.toFixed(2), "p:", result.pValue[1][0]);

let rLine = `r=skipped`;
let status = 0;
if (args["with-r"]) {
  const hasR = spawnSync("Rscript", ["--version"], { encoding: "utf8" }).status === 0;
  if (!hasR || !existsSync(ANCHOR)) {
    console.log(`R comparison skipped: ${hasR ? `${ANCHOR} is missing` : "Rscript is not installed"}`);
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), "knox-"));
    const csv = path.join(dir, "events.csv");
    writeFileSync(csv, `x,y,day\n${events.map((e) => `${e.x},${e.y},${e.t}`).join("\n")}\n`);
    console.log(`running ${ANCHOR} ${n} ${rPerms} (about ${Math.ceil((rPerms * 0.33) / 60)} min) ...`);
    const out = spawnSync("Rscript", [ANCHOR, String(n), String(rPerms), csv], {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    rmSync(dir, { recursive: true, force: true });
    if (out.status !== 0) {
      console.error(out.stderr);
      process.exit(1);
    }
    const lines = out.stdout.split("\n");
    const resultLine = lines.find((l) => l.startsWith("RESULT")) ?? "";
    console.log(`R: ${resultLine}`);
    const kv = Object.fromEntries(
      [...resultLine.matchAll(/(\w+(?:\[[\d,]+\])?)=([\d.]+)/g)].map((m) => [m[1], m[2]]),
    );
    const rObs = rObserved(out.stdout);
    const same = JSON.stringify(rObs) === JSON.stringify(result.observed);
    console.log(`R observed: ${JSON.stringify(rObs)}\nobserved tables identical: ${same}`);
    if (!same || JSON.stringify(obsOnly.observed) !== JSON.stringify(result.observed)) status = 1;
    const rTotal = Number(kv.t_total);
    const perPerm = Number(kv.per_perm);
    rLine = `r_perms=${rPerms} r_total_s=${rTotal} r_per_perm_s=${perPerm} observed_identical=${same}`;
    if (rPerms === perms) rLine += ` speedup=${(rTotal / med).toFixed(0)}`;
    else rLine += ` speedup_per_perm=${((perPerm * perms) / med).toFixed(0)}`;
  }
}
console.log(
  `RESULT knox n=${events.length} pairs=${result.pairs} perms=${perms} observed_s=${observedS.toFixed(3)} median_s=${med.toFixed(3)} ` +
    `per_perm_ms=${((med / perms) * 1000).toFixed(3)} speedup_vs_r_reference_${R_REFERENCE_S}s=${(R_REFERENCE_S / med).toFixed(0)} ${rLine}`,
);
process.exit(status);
