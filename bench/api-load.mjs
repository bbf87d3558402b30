/**
 * Benchmark (not a test): the API under load. 20 concurrent clients (autocannon) on loopback for a bounded
 * time against each endpoint the dashboard calls, signed in as an analyst; latencies are recorded per
 * response and p50/p95/p99 computed from all of them. The first request of each endpoint is timed
 * alone before the load (a cold cache: the report is computed once, then served from the cache until
 * the data changes). Goal (issue 6): p95 under 100 ms at 20 clients.
 *
 *   npm run build && node bench/api-load.mjs [--db .tmp/cs.duckdb] [--duration 30] [--connections 20]
 *
 * Prints one `RESULT api_load ...` line per endpoint. Exit 1 when any response is not 200.
 *
 * --endpoints name,name runs some of them (compstat-default, compstat-ytd-districts, public, trend, me);
 * --in-place serves --db itself, which must already be a private copy holding the benchmark analyst
 * (`npm run bench`, bench/cases/api-load.mjs, prepares one with `benchCopy` below).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { prepareDatabase, quantile, signIn, startBenchServer } from "./server-fixture.mjs";

const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: ".tmp/cs.duckdb" },
    duration: { type: "string", default: "30" },
    connections: { type: "string", default: "20" },
    endpoints: { type: "string" },
    "in-place": { type: "boolean", default: false },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);

const PATHS = [
  ["compstat-default", "/api/compstat"],
  ["compstat-ytd-districts", "/api/compstat?metric=homicides,nonfatal-shootings&period=ytd&layer=district"],
  ["public", "/api/public/compstat"],
  ["trend", "/api/compstat/trend?metric=homicides,nonfatal-shootings"],
  ["me", "/api/me"],
];

const wanted = args.endpoints?.split(",");
const unknown = wanted?.filter((w) => !PATHS.some(([name]) => name === w)) ?? [];
if (unknown.length > 0) {
  console.error(`--endpoints: unknown ${unknown.join(", ")}; known: ${PATHS.map(([n]) => n).join(", ")}`);
  process.exit(2);
}
const { file, cleanup } = args["in-place"]
  ? { file: path.resolve(args.db), cleanup: () => {} }
  : await prepareDatabase(args.db);
const server = await startBenchServer(file);
let failed = false;
try {
  const cookie = await signIn(server.url);
  for (const [name, p] of PATHS.filter(([n]) => !wanted || wanted.includes(n))) {
    const t0 = performance.now();
    const first = await fetch(server.url + p, { headers: { cookie } });
    await first.arrayBuffer();
    const coldMs = performance.now() - t0;
    const latencies = [];
    const statuses = new Map();
    const instance = autocannon({
      url: server.url + p,
      connections,
      duration,
      headers: { cookie },
    });
    instance.on("response", (_client, status, _bytes, ms) => {
      latencies.push(ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    const result = await new Promise((resolve, reject) => instance.on("done", resolve).on("error", reject));
    const bad = [...statuses].filter(([s]) => s !== 200);
    if (bad.length > 0 || first.status !== 200) failed = true;
    console.log(
      `RESULT api_load endpoint=${name} connections=${connections} duration_s=${duration} requests=${latencies.length}` +
        ` rps=${(latencies.length / duration).toFixed(0)} cold_ms=${coldMs.toFixed(0)}` +
        ` p50_ms=${quantile(latencies, 0.5).toFixed(1)} p95_ms=${quantile(latencies, 0.95).toFixed(1)}` +
        ` p99_ms=${quantile(latencies, 0.99).toFixed(1)} max_ms=${result.latency.max}` +
        ` non200=${bad.map(([s, n]) => `${s}:${n}`).join(",") || 0}`,
    );
  }
} finally {
  await server.close();
  cleanup();
}
process.exit(failed ? 1 : 0);
