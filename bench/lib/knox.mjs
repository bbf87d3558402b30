/** The Knox benchmark's events: built as the R anchor builds its own, written as the CSV it reads. */
import { readFileSync, writeFileSync } from "node:fs";
import { Rng } from "../../dist/domain/random.js";

/**
 * knox.R's synthetic generator, with PeaceStat's seeded generator instead of R's: uniform on 10 km x 10 km
 * over 365 days, 10% of events copying an earlier event's place +-150 m and day +0..10.
 */
export function synthetic(count, s) {
  const rng = new Rng(s, 1);
  const x = Array.from({ length: count }, () => rng.uniform() * 10000);
  const y = Array.from({ length: count }, () => rng.uniform() * 10000);
  const day = Array.from({ length: count }, () => rng.int(365));
  // k: count/10 distinct indices from 2..n (1-based), each copying a uniformly chosen earlier event.
  const pool = Array.from({ length: count - 1 }, (_, i) => i + 1);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  const k = pool.slice(0, Math.floor(count / 10));
  const src = k.map((i) => rng.int(i));
  const [x0, y0, d0] = [[...x], [...y], [...day]]; // R evaluates the right-hand sides on the old values
  k.forEach((i, m) => {
    const s0 = src[m];
    x[i] = x0[s0] + (rng.uniform() * 300 - 150);
    y[i] = y0[s0] + (rng.uniform() * 300 - 150);
    day[i] = Math.min(d0[s0] + rng.int(11), 364);
  });
  return x.map((xi, i) => ({ x: xi, y: y[i], t: day[i] }));
}

/** EVENTS.csv as knox.R reads it: x, y (metres), day. */
export function writeEventsCsv(file, events) {
  writeFileSync(file, `x,y,day\n${events.map((e) => `${e.x},${e.y},${e.t}`).join("\n")}\n`);
}

export function readEventsCsv(file) {
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const head = lines[0].split(",");
  const [ix, iy, id] = ["x", "y", "day"].map((k) => head.indexOf(k));
  return lines.slice(1).map((l) => {
    const f = l.split(",");
    return { x: Number(f[ix]), y: Number(f[iy]), t: Number(f[id]) };
  });
}

/** knox.R's printed observed table (`print(obs)`: a "space" header, then 5 rows of label + 4 counts). */
export function rObserved(stdout) {
  const lines = stdout.split("\n");
  const head = lines.findIndex((l) => /^space\b/.test(l.trim()));
  if (head < 0) return null;
  return lines.slice(head + 1, head + 6).map((l) => l.trim().split(/\s+/).slice(1).map(Number));
}

/** PeaceStat's observed table as bench/knox.mjs prints it (`observed: [[...]]`). */
export function peaceObserved(stdout) {
  const line = stdout.split("\n").find((l) => l.startsWith("observed:"));
  return line ? JSON.parse(line.slice("observed:".length)) : null;
}
