/** The machine and the versions a benchmark ran with. */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, rPackageVersion, rVersion } from "./anchors.mjs";

export const loadAvg = () => os.loadavg().map((x) => Number(x.toFixed(2)));

function pkgVersion(name) {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
}

async function duckdbVersion() {
  try {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    const rows = (await conn.runAndReadAll("SELECT version() AS v")).getRows();
    conn.closeSync?.();
    return String(rows[0][0]);
  } catch {
    return null;
  }
}

/** Cores, memory, load, and the versions of Node, DuckDB, R and the R packages the anchors use. */
export async function machineFacts() {
  const cpus = os.cpus();
  return {
    host: os.hostname(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    cores: cpus.length,
    ramGb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    loadBefore: loadAvg(),
    node: process.version,
    duckdb: await duckdbVersion(),
    duckdbNodeApi: pkgVersion("@duckdb/node-api"),
    autocannon: pkgVersion("autocannon"),
    r: rVersion(),
    spdep: rPackageVersion("spdep"),
  };
}

/** One line: "2 cores (AMD EPYC ...), 23.4 GB, load 1.20 -> 1.85, Node v20.20.2, DuckDB v1.5.6, R 4.2.2". */
export function machineLine(m) {
  const load = `load ${m.loadBefore.join(" ")}${m.loadAfter ? ` -> ${m.loadAfter.join(" ")}` : ""}`;
  const r = m.r ? `R ${m.r}${m.spdep ? ` (spdep ${m.spdep})` : ""}` : "R not installed";
  return `${m.cores} cores (${m.cpu}), ${m.ramGb} GB RAM, ${load}, Node ${m.node}, DuckDB ${m.duckdb ?? "n/a"}, ${r}`;
}
