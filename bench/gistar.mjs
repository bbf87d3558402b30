// Gi* hot spots on a grid of Poisson counts, PeaceStat against R spdep (../shared/anchors/spdep_gistar.R).
// Run after `npm run build`:  node bench/gistar.mjs [--sides 316,1000] [--runs 5] [--r-sides 316]
// Builds a SIDE x SIDE grid (cell width 1, 5 seeded hot spots as in the anchor), times Gi* end to end
// (weights + statistic; median of --runs) both through the general path (distanceBand on the centres) and
// the grid fast path (gridDistanceBand), and, for the sides in --r-sides when Rscript and spdep exist, runs
// the anchor on the same grid (written to a temporary GRID.csv) for its timing and checks that spdep's z
// (localG with include.self, binary weights, threshold 1.5) agrees with ours to 1e-9.
//
// One-shot mode, for `npm run bench` (bench/cases/gistar.mjs runs it as a child process):
//   node bench/gistar.mjs --grid GRID.csv --z-out Z.txt [--path general|grid]
// reads GRID.csv (x, y, count), computes Gi* once (general: distanceBand on the points, the same work as
// spdep's dnearneigh; grid: the fast path, for a full SIDE x SIDE grid in row order), writes z one per line
// and prints `RESULT gistar_once n=... path=... compute_s=...`.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gridDistanceBand, localG } from "../dist/analysis/getis-ord.js";
import { distanceBand } from "../dist/analysis/weights.js";
import { makeGrid, readGridCsv, writeGridCsv } from "./lib/gistar.mjs";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const sides = arg("sides", "316,1000").split(",").map(Number);
const runs = Number(arg("runs", "5"));
const rSides = new Set(arg("r-sides", "316").split(",").map(Number));
const ANCHOR = path.resolve("..", "shared", "anchors", "spdep_gistar.R");
const THRESHOLD = 1.5;

if (arg("grid")) {
  const { points, counts } = readGridCsv(arg("grid"));
  const mode = arg("path", "general");
  const t0 = performance.now();
  let w;
  if (mode === "grid") {
    const side = Math.round(Math.sqrt(counts.length));
    if (side * side !== counts.length) throw new Error("--path grid needs a full square grid in row order");
    w = gridDistanceBand(side, side, THRESHOLD);
  } else w = distanceBand(points, THRESHOLD);
  const { z } = localG(counts, w, { star: true });
  const computeS = (performance.now() - t0) / 1000;
  const zOut = arg("z-out");
  if (zOut) fs.writeFileSync(zOut, `${Array.from(z, (v) => String(v)).join("\n")}\n`);
  console.log(`RESULT gistar_once n=${counts.length} path=${mode} compute_s=${computeS.toFixed(4)}`);
  process.exit(0);
}

const median = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
function time(fn) {
  const ts = [];
  let out;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    out = fn();
    ts.push((performance.now() - t0) / 1000);
  }
  return { s: median(ts), out };
}

function haveSpdep() {
  try {
    execFileSync("Rscript", ["-e", "suppressPackageStartupMessages(library(spdep))"], { stdio: "ignore" });
    return fs.existsSync(ANCHOR);
  } catch {
    return false;
  }
}

function runR(side, points, counts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gistar-"));
  const csv = path.join(dir, "grid.csv");
  writeGridCsv(csv, { points, counts });
  const t0 = performance.now();
  const anchorOut = execFileSync("Rscript", [ANCHOR, String(side), "TRUE", csv], { encoding: "utf8" });
  const wall = (performance.now() - t0) / 1000;
  // the anchor prints a summary only; the same calls again, writing z, for the 1e-9 comparison
  const zFile = path.join(dir, "z.txt");
  // the anchor prints a summary only and leaves include.self out of its timings: the same calls again,
  // timed end to end (neighbours, include.self, listw, localG) and writing z for the 1e-9 comparison
  const script = `suppressPackageStartupMessages(library(spdep)); g <- read.csv("${csv}"); xy <- cbind(g$x, g$y);
    t <- system.time({ nb <- dnearneigh(xy, 0, ${THRESHOLD}, use_kd_tree = TRUE);
      z <- localG(g$count, nb2listw(include.self(nb), style = "B")) })["elapsed"];
    writeLines(c(sprintf("%.3f", t), sprintf("%.17g", as.numeric(z))), "${zFile}")`;
  execFileSync("Rscript", ["-e", script], { stdio: "ignore" });
  const [tEnd, ...zR] = fs.readFileSync(zFile, "utf8").trim().split("\n").map(Number);
  fs.rmSync(dir, { recursive: true, force: true });
  const line =
    anchorOut
      .trim()
      .split("\n")
      .find((l) => l.startsWith("RESULT")) ?? anchorOut.trim();
  return { line, wall, tEnd, zR };
}

const rOk = haveSpdep();
if (!rOk) console.log("skip R: Rscript with spdep or ../shared/anchors/spdep_gistar.R not found");
for (const side of sides) {
  const { points, counts } = makeGrid(side);
  const n = side * side;
  const general = time(() => localG(counts, distanceBand(points, THRESHOLD), { star: true }));
  const fast = time(() => localG(counts, gridDistanceBand(side, side, THRESHOLD), { star: true }));
  const z = fast.out.z;
  let maxDiffPaths = 0;
  for (let i = 0; i < n; i++) maxDiffPaths = Math.max(maxDiffPaths, Math.abs(z[i] - general.out.z[i]));
  let zMax = Number.NEGATIVE_INFINITY;
  let over3 = 0;
  for (const v of z) {
    if (v > zMax) zMax = v;
    if (v > 3) over3++;
  }
  console.log(
    `peacestat side=${side} n=${n} general(distanceBand+localG)=${general.s.toFixed(3)}s ` +
      `grid(gridDistanceBand+localG)=${fast.s.toFixed(3)}s maxG=${zMax.toFixed(2)} nG>3=${over3} ` +
      `paths-agree=${maxDiffPaths.toExponential(1)}`,
  );
  let rPart = "r=skipped";
  if (rOk && rSides.has(side)) {
    const r = runR(side, points, counts);
    console.log(`spdep ${r.line} (Rscript wall ${r.wall.toFixed(2)}s incl. startup)`);
    let maxDiff = 0;
    for (let i = 0; i < n; i++) maxDiff = Math.max(maxDiff, Math.abs(z[i] - r.zR[i]));
    const rSecs = r.tEnd;
    console.log(`spdep end to end (dnearneigh kd + include.self + nb2listw + localG): ${rSecs.toFixed(3)}s`);
    rPart =
      `r_s=${rSecs.toFixed(3)} r_wall_s=${r.wall.toFixed(2)} speedup_general=${(rSecs / general.s).toFixed(1)}x ` +
      `speedup_grid=${(rSecs / fast.s).toFixed(1)}x max_abs_dz=${maxDiff.toExponential(2)} ` +
      `agree_1e-9=${maxDiff <= 1e-9}`;
  }
  console.log(
    `RESULT gistar side=${side} n=${n} general_s=${general.s.toFixed(3)} grid_s=${fast.s.toFixed(3)} ${rPart}`,
  );
}
