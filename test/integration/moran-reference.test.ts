import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { globalMoran, localMoran } from "../../src/analysis/moran.js";
import { readGal } from "../../src/analysis/weights.js";
import { hasSharedData } from "./shared-data.js";

/**
 * Moran's I on the data sets PySAL esda tests with (reference-data/stl_*, desmith.*). The GAL ids are
 * 1..n in data-row order (stl.gal's ids are row numbers, not the FIPSNO column), and PySAL pairs them by
 * position, so row k gets id String(k + 1).
 */
const REF = path.resolve("..", "shared", "reference-data");
const fixture = JSON.parse(
  fs.readFileSync(new URL("../fixtures/r-moran-reference.json", import.meta.url), "utf8"),
) as { moran: Record<string, Record<string, number | number[]>> };

function load(data: string, gal: string, column: string) {
  const lines = fs.readFileSync(path.join(REF, data), "utf8").trim().split(/\r?\n/);
  const header = lines[1]!.split(",").map((h) => h.replaceAll('"', ""));
  const col = header.indexOf(column);
  const rows = lines.slice(2).map((l) => l.split(","));
  const y = rows.map((r) => Number(r[col]));
  const w = readGal(
    fs.readFileSync(path.join(REF, gal), "utf8"),
    gal,
    rows.map((_, i) => String(i + 1)),
  );
  return { y, w };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

function expectLikeSpdep(name: string, r: ReturnType<typeof globalMoran>) {
  const ref = fixture.moran[name]! as Record<string, number>;
  if (r.status !== "ok") throw new Error(r.status);
  expect(rel(r.I, ref.I!)).toBeLessThan(1e-12);
  expect(r.expected).toBe(ref.EI);
  expect(rel(r.normal.variance!, ref.VI_norm!)).toBeLessThan(1e-12);
  expect(rel(r.normal.z!, ref.z_norm!)).toBeLessThan(1e-12);
  expect(rel(r.normal.p!, ref.p_norm_two_sided!)).toBeLessThan(1e-10);
  expect(rel(r.randomization.variance!, ref.VI_rand!)).toBeLessThan(1e-12);
  expect(rel(r.randomization.z!, ref.z_rand!)).toBeLessThan(1e-12);
  expect(rel(r.randomization.p!, ref.p_rand_two_sided!)).toBeLessThan(1e-10);
}

describe.skipIf(!hasSharedData)("Moran's I on esda's reference data", () => {
  it("St Louis homicide rates HR8893 with stl.gal: I = 0.24365582621771659 (esda test_moran)", () => {
    const { y, w } = load("stl_hom.txt", "stl.gal", "HR8893");
    expect(y).toHaveLength(78);
    const r = globalMoran(y, w, { seed: 1 });
    if (r.status !== "ok") throw new Error(r.status);
    expect(Math.abs(r.I - 0.24365582621771659)).toBeLessThan(1e-12);
    expect(r.expected).toBe(-0.012987012987012988); // esda docstring mi.EI
    expect(rel(r.normal.p!, 0.00027147862770937614)).toBeLessThan(1e-9); // esda docstring mi.p_norm
    const one = globalMoran(y, w, { twoTailed: false, permutations: 0 });
    if (one.status !== "ok") throw new Error(one.status);
    expect(rel(one.normal.p!, 0.00013573931385468807)).toBeLessThan(1e-9); // esda test_moran
    expect(r.permutation!.pSim).toBeLessThan(0.01);
  });

  it("St Louis, row-standardised and binary: moments, z and p as spdep::moran.test", () => {
    const { y, w } = load("stl_hom.txt", "stl.gal", "HR8893");
    expectLikeSpdep("stl_HR8893_W", globalMoran(y, w, { permutations: 0 }));
    expectLikeSpdep("stl_HR8893_B", globalMoran(y, w, { permutations: 0, transform: "B" }));
  });

  it("desmith z with desmith.gal: I = 0.0736124311106022 (W) and 0.0316703871578824 (B), as spdep", () => {
    const { y, w } = load("desmith.txt", "desmith.gal", "z");
    const r = globalMoran(y, w, { permutations: 0 });
    if (r.status !== "ok") throw new Error(r.status);
    expect(Math.abs(r.I - 0.073612431110602214)).toBeLessThan(1e-12);
    expectLikeSpdep("desmith_z_W", r);
    expectLikeSpdep("desmith_z_B", globalMoran(y, w, { permutations: 0, transform: "B" }));
  });

  it("local Moran on desmith: esda's quadrants [4,4,4,2,3,3,1,4,3,3], I_i = (n-1)/n spdep's", () => {
    const { y, w } = load("desmith.txt", "desmith.gal", "z");
    const r = localMoran(y, w, { seed: 10, permutations: 99 });
    if (r.status !== "ok") throw new Error(r.status);
    expect(Array.from(r.quadrant)).toEqual([4, 4, 4, 2, 3, 3, 1, 4, 3, 3]);
    const spdep = fixture.moran.desmith_z_W!.localmoran_Ii as number[];
    for (const [i, v] of spdep.entries()) expect(r.ii[i]).toBeCloseTo((v * 9) / 10, 12);
  });

  it("local Moran on St Louis: I_i as spdep, their sum (n - 1) I", () => {
    const { y, w } = load("stl_hom.txt", "stl.gal", "HR8893");
    const r = localMoran(y, w, { seed: 1, permutations: 999 });
    if (r.status !== "ok") throw new Error(r.status);
    const spdep = fixture.moran.stl_HR8893_W!.localmoran_Ii as number[];
    for (const [i, v] of spdep.entries()) expect(r.ii[i]).toBeCloseTo((v * 77) / 78, 12);
    expect(r.ii.reduce((a, b) => a + b, 0)).toBeCloseTo(77 * 0.24365582621771659, 10);
  });
});
