import fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getisOrd, gridDistanceBand, localG, toCsr } from "./getis-ord.js";
import { distanceBand, rowStandardize, type Weights } from "./weights.js";

/** R spdep 1.2-7 `localG` on an 8 x 7 grid plus a far island (scripts/r-reference/gistar.R). */
const spdep = JSON.parse(
  fs.readFileSync(new URL("../../test/fixtures/gistar-spdep.json", import.meta.url), "utf8"),
) as {
  threshold: number;
  x: number[];
  y: number[];
  count: number[];
  gstar_B: (number | null)[];
  gstar_W: (number | null)[];
  gi_B: (number | null)[];
  gi_W: (number | null)[];
};

// esda's G_Local docstring example (esda/getisord.py): DistanceBand(points, threshold=15).
const points = [
  [10, 10],
  [20, 10],
  [40, 10],
  [15, 20],
  [30, 20],
  [30, 30],
].map(([x, y]) => ({ x: x!, y: y! }));
const y = [2, 3, 3.2, 5, 8, 7];
const wB = distanceBand(points, 15);
const wR = rowStandardize(wB);

const expectClose = (actual: ArrayLike<number>, expected: readonly (number | null)[], tol: number) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    if (e === null) expect(Number.isNaN(actual[i]!)).toBe(true);
    else expect(Math.abs(actual[i]! - e)).toBeLessThan(tol);
  });
};

describe("getisOrd (esda G_Local)", () => {
  it("reproduces esda's docstring Zs for Gi and Gi*, binary and row-standardised", () => {
    expectClose(
      getisOrd(y, wB).z,
      [-1.0136729, -0.04361589, 1.31558703, -0.31412676, 1.15373986, 1.77833941],
      1e-6,
    );
    expectClose(
      getisOrd(y, wB, { star: true }).z,
      [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331],
      1e-6,
    );
    expectClose(
      getisOrd(y, wR).z,
      [-0.62074534, -0.01780611, 1.31558703, -0.12824171, 0.28843496, 1.77833941],
      1e-6,
    );
    expectClose(
      getisOrd(y, wR, { star: true }).z,
      [-0.62488094, -0.09144599, 0.41150696, -0.09144599, 0.24690418, 1.28024388],
      1e-6,
    );
  });

  it("gives esda's Gs (by hand: point 0's neighbours hold 3 + 5 of the other 26.2)", () => {
    const r = getisOrd(y, wB);
    expect(r.G[0]).toBeCloseTo(8 / 26.2, 14);
    expect(getisOrd(y, wB, { star: true }).G[0]).toBeCloseTo(10 / 28.2, 14);
    expect(getisOrd(y, wR, { star: true }).G[0]).toBeCloseTo(10 / 3 / 28.2, 14);
    expect(r.p[0]).toBeCloseTo(0.31073, 4); // two-sided: twice esda's one-sided p_norm
  });

  it("permutation p-values approach the exact conditional probability and are seeded", () => {
    // point 0: 9 of the 10 pairs of other values sum to >= 8, so the folded p tends to 0.1 (esda: 0.101)
    const a = getisOrd(y, wB, { permutations: 9999, seed: 7 });
    expect(Math.abs(a.pSim![0]! - 0.1)).toBeLessThan(0.01);
    expect(Array.from(getisOrd(y, wB, { permutations: 9999, seed: 7 }).pSim!)).toEqual(Array.from(a.pSim!));
    const star = getisOrd(y, wR, { star: true, permutations: 999, seed: 7 }).pSim!;
    for (const v of star) expect(v).toBeGreaterThan(0);
  });
});

describe("localG (spdep localG)", () => {
  const pts = spdep.x.map((x, i) => ({ x, y: spdep.y[i]! }));
  const b = distanceBand(pts, spdep.threshold);
  const r = rowStandardize(b);

  // spdep scores a Gi* island from its own value alone (include.self gives it one neighbour: itself); we
  // report it as an island instead, so that one entry is compared as null.
  const islandNull = (v: (number | null)[]) => [...v.slice(0, -1), null];

  it("matches R spdep to 1e-9: Gi and Gi*, style B and W, the island null", () => {
    expect(spdep.gstar_B.at(-1)).not.toBeNull();
    expectClose(localG(spdep.count, b, { star: true }).z, islandNull(spdep.gstar_B), 1e-9);
    expectClose(localG(spdep.count, r, { star: true }).z, islandNull(spdep.gstar_W), 1e-9);
    expectClose(localG(spdep.count, b).z, spdep.gi_B, 1e-9);
    expectClose(localG(spdep.count, r).z, spdep.gi_W, 1e-9);
    const res = localG(spdep.count, toCsr(b), { star: true });
    expect(res.nullReason[pts.length - 1]).toBe("island");
    expect(res.nullReason.filter((v) => v !== null)).toHaveLength(1);
  });

  it("equals esda's form for binary weights", () => {
    expectClose(getisOrd(spdep.count, b, { star: true }).z, islandNull(spdep.gstar_B), 1e-9);
    expectClose(getisOrd(spdep.count, b).z, spdep.gi_B, 1e-9);
  });
});

describe("gridDistanceBand", () => {
  it("equals distanceBand on the cell centres", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.double({ min: 0.5, max: 3.5, noNaN: true }),
        (cols, rows, t) => {
          const centres = Array.from({ length: cols * rows }, (_, i) => ({
            x: i % cols,
            y: Math.floor(i / cols),
          }));
          const a = gridDistanceBand(cols, rows, t);
          const b = toCsr(distanceBand(centres, t));
          expect(Array.from(a.offsets)).toEqual(Array.from(b.offsets));
          expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
          expect(Array.from(a.values)).toEqual(Array.from(b.values));
        },
      ),
      { numRuns: 80 },
    );
    expect(() => gridDistanceBand(2.5, 3, 1)).toThrow(/whole numbers/);
  });
});

describe("degenerate input", () => {
  it("no observations", () => {
    const r = getisOrd([], distanceBand([], 1));
    expect(r.status).toBe("no-observations");
    expect(r.z).toHaveLength(0);
  });

  it("all values equal: no-variation, every z NaN", () => {
    const r = localG([0.1, 0.1, 0.1, 0.1, 0.1, 0.1], wB, { star: true, permutations: 99 });
    expect(r.status).toBe("no-variation");
    expect(r.nullReason.every((v) => v === "no-variation")).toBe(true);
    expect(Array.from(r.z).every(Number.isNaN)).toBe(true);
    expect(r.pSim).toBeUndefined();
  });

  it("Gi where all other values are equal: that observation has no variation to compare with", () => {
    const r = getisOrd([1, 1, 1, 9, 1, 1], wB);
    expect(r.nullReason[3]).toBe("no-variation");
    expect(Number.isFinite(r.z[0]!)).toBe(true);
  });

  it("whole-area neighbourhoods and single observations", () => {
    const two = distanceBand(
      [
        { x: 0, y: 0 },
        { x: 1, y: 0 },
      ],
      2,
    );
    expect(getisOrd([1, 3], two, { star: true }).nullReason).toEqual(["whole-area", "whole-area"]);
    expect(getisOrd([4], distanceBand([{ x: 0, y: 0 }], 1)).nullReason).toEqual(["island"]);
  });

  it("rejects mismatched lengths and non-finite values", () => {
    expect(() => getisOrd([1, 2], wB)).toThrow(/6 observations/);
    expect(() => getisOrd([1, 2, 3, 4, 5, Number.NaN], wB)).toThrow(/finite/);
  });
});

describe("properties", () => {
  const cloud = fc.array(
    fc.record({ x: fc.integer({ min: 0, max: 20 }), y: fc.integer({ min: 0, max: 20 }), v: fc.nat(30) }),
    { minLength: 3, maxLength: 40 },
  );

  it("relabelling the observations relabels the z-scores", () => {
    fc.assert(
      fc.property(cloud, fc.boolean(), (rows, star) => {
        const order = rows.map((_, i) => i).reverse();
        const w1 = distanceBand(rows, 4);
        const w2 = distanceBand(
          order.map((i) => rows[i]!),
          4,
        );
        const z1 = getisOrd(
          rows.map((r) => r.v),
          w1,
          { star },
        ).z;
        const z2 = getisOrd(
          order.map((i) => rows[i]!.v),
          w2,
          { star },
        ).z;
        order.forEach((i, k) => {
          if (Number.isNaN(z1[i]!)) expect(Number.isNaN(z2[k]!)).toBe(true);
          else expect(z2[k]).toBeCloseTo(z1[i]!, 9);
        });
      }),
      { numRuns: 60 },
    );
  });

  it("spdep's z does not change when rows are rescaled (binary = row-standardised)", () => {
    fc.assert(
      fc.property(cloud, fc.boolean(), (rows, star) => {
        const w: Weights = distanceBand(rows, 5);
        const v = rows.map((r) => r.v);
        const zb = localG(v, w, { star }).z;
        const zr = localG(v, rowStandardize(w), { star }).z;
        zb.forEach((z, i) => {
          if (Number.isNaN(z)) expect(Number.isNaN(zr[i]!)).toBe(true);
          else expect(zr[i]).toBeCloseTo(z, 9);
        });
      }),
      { numRuns: 60 },
    );
  });
});
