/**
 * What the server benchmarks share: a private copy of a demo database (so the run never writes users,
 * sessions or audit entries into the caller's file), a benchmark analyst, the built server on a free
 * loopback port, and a signed-in cookie.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USER = "bench-analyst";
const PASSWORD = "bench-password-1234";

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The q-quantile (0..1) by the nearest-rank method. */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export async function prepareDatabase(dbPath) {
  const source = path.resolve(dbPath);
  if (!existsSync(source)) {
    console.error(`no database at ${source}. Build a demo city first, e.g.
  npm run build && node dist/cli/main.js demo --size city --db ${dbPath}`);
    process.exit(1);
  }
  if (!existsSync(path.join(ROOT, "dist/server/serve.js"))) {
    console.error("dist/ is missing: run 'npm run build' first");
    process.exit(1);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "peacestat-bench-"));
  const file = path.join(dir, "bench.duckdb");
  copyFileSync(source, file);
  const { Database } = await import(path.join(ROOT, "dist/store/db.js"));
  const { addUser } = await import(path.join(ROOT, "dist/auth/users.js"));
  const db = await Database.open(file);
  await addUser(db, { username: USER, password: PASSWORD, role: "analyst" });
  db.close();
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * `peacestat serve` in its own process (as users run it), on a free loopback port: the load generator
 * must not share the server's event loop, or the benchmark measures itself.
 */
export async function startBenchServer(file) {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "dist/cli/main.js"), "serve", "--db", file, "--port", "0"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`the server exited (${code}) before listening: ${out}`)));
  });
  return {
    url,
    pid: child.pid,
    close: () =>
      new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
}

/** Signs in; returns the cookie header a browser would send. */
export async function signIn(url) {
  const r = await fetch(`${url}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: USER, password: PASSWORD }),
  });
  if (!r.ok) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  return r.headers.get("set-cookie").split(";")[0];
}

export const BENCH_USER = { username: USER, password: PASSWORD };
