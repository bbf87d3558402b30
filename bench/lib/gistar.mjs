/** The Gi* benchmark's grid: SIDE x SIDE Poisson counts with 5 seeded hot spots, as the R anchor builds it. */
import { readFileSync, writeFileSync } from "node:fs";
import { Rng } from "../../dist/domain/random.js";

/** Cell centres (cell width 1) and counts, row by row; seeded with PeaceStat's generator. */
export function makeGrid(side, seed = 42) {
  const rng = new Rng(seed, side);
  const hs = Array.from({ length: 5 }, () => [rng.uniform() * side, rng.uniform() * side]);
  const s2 = 2 * (side / 60) ** 2;
  const counts = new Float64Array(side * side);
  const points = new Array(side * side);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      let lam = 2;
      for (const [hx, hy] of hs) lam += 8 * Math.exp(-((x - hx) ** 2 + (y - hy) ** 2) / s2);
      const i = y * side + x;
      counts[i] = rng.poisson(lam);
      points[i] = { x, y };
    }
  return { points, counts };
}

/** GRID.csv as the anchor reads it: x, y, count. */
export function writeGridCsv(file, { points, counts }) {
  const lines = ["x,y,count"];
  for (let i = 0; i < counts.length; i++) lines.push(`${points[i].x},${points[i].y},${counts[i]}`);
  writeFileSync(file, `${lines.join("\n")}\n`);
}

export function readGridCsv(file) {
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const head = lines[0].split(",");
  const [ix, iy, ic] = ["x", "y", "count"].map((k) => head.indexOf(k));
  const points = new Array(lines.length - 1);
  const counts = new Float64Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].split(",");
    points[i - 1] = { x: Number(f[ix]), y: Number(f[iy]) };
    counts[i - 1] = Number(f[ic]);
  }
  return { points, counts };
}

/** z values, one per line (as the R side writes them with %.17g). */
export function readZ(file) {
  return readFileSync(file, "utf8").trim().split("\n").map(Number);
}
