/**
 * Issue 8, case 3: Gi* on a 100,000-cell grid (316 x 316; quick: 100 x 100), PeaceStat against R spdep's
 * localG through the anchor script (/work/shared/anchors/spdep_gistar.R) on the same GRID.csv. Both sides
 * read the CSV, build distance-band weights (1.5 cells, binary, with the cell itself) and write z; the check
 * is every z equal to 1e-9. PeaceStat runs its general path (distanceBand on the points, the work spdep
 * does); the grid fast path the app uses is faster still.
 */
import path from "node:path";
import { ANCHORS, anchorFile, rAnchorUnavailable } from "../lib/anchors.mjs";
import { makeGrid, readZ, writeGridCsv } from "../lib/gistar.mjs";
import { resultFields } from "../lib/stats.mjs";

export default {
  id: "gistar",
  order: 30,
  title: "Gi* hot spots, 100,000-cell grid",
  goal: "faster than R spdep localG (ratio < 1), z equal to 1e-9",
  anchorLabel: "R spdep localG",
  runs: 5,
  unavailable: () => null,
  anchorUnavailable: () => rAnchorUnavailable("spdep_gistar.R", ["spdep"]),
  async prepare({ quick, work }) {
    const side = quick ? 100 : 316;
    const grid = makeGrid(side);
    const csv = path.join(work, "grid.csv");
    writeGridCsv(csv, grid);
    return {
      side,
      n: side * side,
      csv,
      zPeace: path.join(work, "z-peacestat.txt"),
      zR: path.join(work, "z-r.txt"),
    };
  },
  peacestat: ({ root, csv, zPeace }) => ({
    cmd: process.execPath,
    args: [path.join(root, "bench/gistar.mjs"), "--grid", csv, "--z-out", zPeace, "--path", "general"],
  }),
  // The anchor script itself, unchanged, with its arguments given through commandArgs; then its z written.
  anchor: ({ side, csv, zR }) => ({
    cmd: "Rscript",
    args: [
      "-e",
      `commandArgs <- function(trailingOnly = FALSE) c("${side}", "TRUE", "${csv}"); ` +
        `source("${anchorFile("spdep_gistar.R")}"); ` +
        `writeLines(sprintf("%.17g", as.numeric(g)), "${zR}")`,
    ],
    cwd: ANCHORS,
  }),
  summarize({ n, zPeace, zR }, { peacestat, anchor }) {
    const ours = resultFields(peacestat.stdout);
    const figures = { cells: n, peacestat_compute_s: Number(ours?.compute_s) };
    if (!anchor) return { figures, goalMet: null, note: "no anchor: goal not judged" };
    const r = resultFields(anchor.stdout);
    const a = readZ(zPeace);
    const b = readZ(zR);
    let maxDiff = a.length === b.length ? 0 : Number.POSITIVE_INFINITY;
    for (let i = 0; i < Math.min(a.length, b.length); i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
    const ok = maxDiff <= 1e-9;
    if (r) {
      figures.r_nb_s = Number(r.t_nb);
      figures.r_listw_s = Number(r.t_lw);
      figures.r_localG_s = Number(r.t_localG);
      figures.max_z = Number(r.maxG);
    }
    const ratio = peacestat.medianS / anchor.medianS;
    return {
      figures,
      goalMet: ratio < 1 && ok,
      note: `${(1 / ratio).toFixed(1)}x faster end to end (processes incl. start-up and CSV read)`,
      check: { ok, detail: `${a.length} z values, max |dz| ${maxDiff.toExponential(1)} (tolerance 1e-9)` },
    };
  },
};
