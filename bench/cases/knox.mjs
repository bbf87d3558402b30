/**
 * Issue 8, case 4: the Knox near-repeat test, 5,000 events and 999 permutations (quick: 500 and 99),
 * PeaceStat (bench/knox.mjs --events) against the base-R reference (/work/shared/anchors/knox.R) on the
 * same EVENTS.csv. Check: the observed tables are identical. R takes 300-600 s per run here, so the full
 * run times the anchor once, without a warm-up (the ratio's anchor side is that one run).
 */
import path from "node:path";
import { ANCHORS, anchorFile, rAnchorUnavailable } from "../lib/anchors.mjs";
import { peaceObserved, rObserved, synthetic, writeEventsCsv } from "../lib/knox.mjs";
import { resultFields } from "../lib/stats.mjs";

export default {
  id: "knox",
  order: 40,
  title: "Knox test, 5,000 events, 999 permutations",
  goal: ">= 5x faster than base R (ratio <= 0.2), identical observed table",
  anchorLabel: "base R knox.R",
  runs: 5,
  anchorRuns: ({ quick }) => (quick ? 3 : 1),
  anchorWarmup: ({ quick }) => quick,
  unavailable: () => null,
  anchorUnavailable: () => rAnchorUnavailable("knox.R"),
  async prepare({ quick, work }) {
    const n = quick ? 500 : 5000;
    const perms = quick ? 99 : 999;
    const csv = path.join(work, "events.csv");
    writeEventsCsv(csv, synthetic(n, 1));
    return { n, perms, csv };
  },
  peacestat: ({ root, n, perms, csv }) => ({
    cmd: process.execPath,
    args: [
      path.join(root, "bench/knox.mjs"),
      "--events",
      csv,
      "--n",
      String(n),
      "--perms",
      String(perms),
      "--runs",
      "1",
    ],
  }),
  anchor: ({ n, perms, csv }) => ({
    cmd: "Rscript",
    args: [anchorFile("knox.R"), String(n), String(perms), csv],
    cwd: ANCHORS,
  }),
  summarize({ quick, n, perms }, { peacestat, anchor }) {
    const ours = resultFields(peacestat.stdout);
    const figures = {
      events: n,
      permutations: perms,
      pairs: Number(ours?.pairs),
      peacestat_compute_s: Number(ours?.median_s),
    };
    const runsNote = quick ? "" : "anchor timed once (300-600 s a run here), no warm-up";
    if (!anchor) return { figures, goalMet: null, note: "no anchor: goal not judged" };
    const r = resultFields(anchor.stdout);
    if (r) {
      figures.r_total_s = Number(r.t_total);
      figures.r_per_perm_s = Number(r.per_perm);
    }
    const a = peaceObserved(peacestat.stdout);
    const b = rObserved(anchor.stdout);
    const ok = a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
    const ratio = peacestat.medianS / anchor.medianS;
    return {
      figures,
      goalMet: ratio <= 0.2 && ok,
      note: [`${(1 / ratio).toFixed(0)}x faster end to end`, runsNote].filter(Boolean).join("; "),
      check: {
        ok,
        detail: ok
          ? `observed 5 x 4 tables identical (${a.flat().reduce((s, x) => s + x, 0)} pairs)`
          : `observed tables differ: PeaceStat ${JSON.stringify(a)}, R ${JSON.stringify(b)}`,
      },
    };
  },
};
