/**
 * Issue 8, case 6: the CompStat API under load: 20 concurrent clients (autocannon) on loopback for 30 s
 * against `/api/compstat` (the default book), `peacestat serve` in its own process (bench/api-load.mjs),
 * on a private copy of the city demo (.tmp/cs.duckdb, else built in the case's folder, about a minute) and
 * of the large demo (when present). No anchor: the figures are p50/p95, the goal p95 < 100 ms.
 * Quick: the small demo city (shared with the other cases of the run), 5 s of load, the city case only. One run each (a run is thousands of
 * requests); no warm-up (the server computes the default book when it starts, before the load).
 */
import { copyFileSync, existsSync } from "node:fs";
import path from "node:path";
import { buildDemo, CITY_DEMO, LARGE_DEMO, LARGE_HOWTO, sharedSmallDemo } from "../lib/demo.mjs";
import { resultFields } from "../lib/stats.mjs";
import { BENCH_USER } from "../server-fixture.mjs";

const CONNECTIONS = 20;

async function benchCopy(root, source, file) {
  copyFileSync(source, file);
  const { Database } = await import(path.join(root, "dist/store/db.js"));
  const { addUser } = await import(path.join(root, "dist/auth/users.js"));
  const db = await Database.open(file);
  await addUser(db, { ...BENCH_USER, role: "analyst" });
  db.close();
}

function apiCase({ id, order, title, source }) {
  return {
    id,
    order,
    title,
    goal: "p95 < 100 ms at 20 clients",
    runs: 1,
    quickRuns: 1,
    warmup: false,
    unavailable: source.unavailable,
    async prepare({ quick, root, work }) {
      const { file: from, built } = source.file({ quick, work });
      const file = path.join(work, "bench.duckdb");
      await benchCopy(root, from, file);
      return {
        file,
        built,
        duration: quick ? 5 : 30,
        label: quick ? "small demo (50k incidents)" : source.label,
      };
    },
    peacestat: ({ root, file, duration }) => ({
      cmd: process.execPath,
      args: [
        path.join(root, "bench/api-load.mjs"),
        "--db",
        file,
        "--in-place",
        "--duration",
        String(duration),
        "--connections",
        String(CONNECTIONS),
        "--endpoints",
        "compstat-default",
      ],
    }),
    anchor: () => null,
    anchorUnavailable: () => "no anchor: latency against a fixed goal",
    summarize({ duration, label, built }, { peacestat }) {
      const r = resultFields(peacestat.stdout) ?? {};
      const p95 = Number(r.p95_ms);
      return {
        figures: {
          database: label,
          endpoint: "/api/compstat",
          duration_s: duration,
          requests: Number(r.requests),
          rps: Number(r.rps),
          p50_ms: Number(r.p50_ms),
          p95_ms: p95,
          p99_ms: Number(r.p99_ms),
          cold_ms: Number(r.cold_ms),
        },
        goalMet: p95 < 100,
        note: ["time column: the whole process (server start, sign-in, load)", built]
          .filter(Boolean)
          .join("; "),
      };
    },
  };
}

export default [
  apiCase({
    id: "api-load-city",
    order: 60,
    title: "CompStat API, 20 clients, 30 s, city demo (506k incidents)",
    source: {
      label: "city demo (506k incidents)",
      unavailable: () => null,
      file({ quick, work }) {
        if (quick) {
          const { file, seconds } = sharedSmallDemo();
          return { file, built: seconds > 0 ? `small demo built in ${seconds.toFixed(0)} s` : "" };
        }
        if (existsSync(CITY_DEMO)) return { file: CITY_DEMO, built: "" };
        const file = path.join(work, "city.duckdb");
        const { seconds } = buildDemo("city", file);
        return { file, built: `city demo built in ${seconds.toFixed(0)} s` };
      },
    },
  }),
  apiCase({
    id: "api-load-large",
    order: 61,
    title: "CompStat API, 20 clients, 30 s, large demo (5.37M incidents)",
    source: {
      label: "large demo (5.37M incidents)",
      unavailable: ({ quick }) =>
        quick
          ? "quick run: the city case covers the API"
          : existsSync(LARGE_DEMO)
            ? null
            : `no large demo city at ${LARGE_DEMO}: ${LARGE_HOWTO} (the compstat-book case builds it in a full run)`,
      file: () => ({ file: LARGE_DEMO, built: "" }),
    },
  }),
];
