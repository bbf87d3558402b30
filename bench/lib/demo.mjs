/** Demo cities for the benchmarks: the large one built once, small ones built into a case's folder. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./anchors.mjs";

/** The large demo city (5.37M incidents): PEACESTAT_BENCH_LARGE or .tmp/large2.duckdb. */
export const LARGE_DEMO = path.resolve(ROOT, process.env.PEACESTAT_BENCH_LARGE ?? ".tmp/large2.duckdb");
/** The city-size demo (about 500k incidents), when one was built before. */
export const CITY_DEMO = path.resolve(ROOT, process.env.PEACESTAT_BENCH_CITY ?? ".tmp/cs.duckdb");

export const LARGE_HOWTO = `npm run build && node dist/cli/main.js demo --size large --db ${path.relative(ROOT, LARGE_DEMO)} (about 10 minutes)`;

/** Builds a demo city (`peacestat demo`); returns the file and the seconds it took. */
export function buildDemo(size, file, seed = 1) {
  if (existsSync(file)) return { file, seconds: 0 };
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, "dist/cli/main.js"), "demo", "--size", size, "--seed", String(seed), "--db", file],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  if (r.status !== 0)
    throw new Error(`peacestat demo --size ${size} failed: ${(r.stderr || r.stdout).trim().slice(-400)}`);
  return { file, seconds: (performance.now() - t0) / 1000 };
}

let shared = null;

/**
 * The small demo city (50k incidents, seed 1), built once per runner process into a temporary folder that
 * goes when the process exits; cases open it read-only or copy it. Returns the file and the build seconds
 * (0 when it was already built).
 */
export function sharedSmallDemo() {
  if (shared) return { file: shared.file, seconds: 0 };
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-small-demo-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const { file, seconds } = buildDemo("small", path.join(dir, "small.duckdb"));
  shared = { file };
  return { file, seconds };
}
