import fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bhAdjust, giBin, hotColdClass } from "./fdr.js";

/** R 4.2 `p.adjust(p, method = "BH")` (scripts/r-reference/gistar.R). */
const ref = JSON.parse(
  fs.readFileSync(new URL("../../test/fixtures/gistar-fdr-mk.json", import.meta.url), "utf8"),
) as { p: number[]; bh: number[] };

describe("bhAdjust", () => {
  it("matches R p.adjust(method = 'BH')", () => {
    const got = bhAdjust(ref.p);
    ref.bh.forEach((e, i) => {
      expect(got[i]).toBeCloseTo(e, 14);
    });
  });

  it("keeps NaN out of n, as R's NA", () => {
    const got = bhAdjust([0.01, Number.NaN, 0.04]);
    expect(Number.isNaN(got[1]!)).toBe(true);
    expect(got[0]).toBeCloseTo(0.02, 15);
    expect(got[2]).toBeCloseTo(0.04, 15);
    expect(bhAdjust([])).toHaveLength(0);
  });

  it("is monotone in p, >= p and <= 1, and permutation invariant", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 50 }), (p) => {
        const a = bhAdjust(p);
        const rev = bhAdjust([...p].reverse());
        p.forEach((v, i) => {
          expect(a[i]).toBeGreaterThanOrEqual(v);
          expect(a[i]).toBeLessThanOrEqual(1);
          expect(rev[p.length - 1 - i]).toBe(a[i]);
          p.forEach((w, j) => {
            if (v < w) expect(a[i]).toBeLessThanOrEqual(a[j]!);
          });
        });
      }),
    );
  });
});

describe("giBin / hotColdClass (ArcGIS Gi_Bin)", () => {
  it("bins at 99 / 95 / 90% confidence with the sign of z", () => {
    expect(giBin(3.1, 0.002)).toBe(3);
    expect(giBin(2.2, 0.03)).toBe(2);
    expect(giBin(1.7, 0.09)).toBe(1);
    expect(giBin(1.2, 0.23)).toBe(0);
    expect(giBin(-2.7, 0.007)).toBe(-3);
    expect(giBin(-1.96, 0.05)).toBe(-2);
    expect(giBin(-1.7, 0.1)).toBe(-1);
    expect(Number.isNaN(giBin(Number.NaN, Number.NaN))).toBe(true);
  });

  it("names the classes, NaN as not-tested", () => {
    expect(
      hotColdClass(
        [3.1, 2.2, 1.7, 0.5, -1.7, -2.2, -3.1, Number.NaN],
        [0.001, 0.03, 0.08, 0.6, 0.08, 0.03, 0.001, Number.NaN],
      ),
    ).toEqual([
      "hot-99",
      "hot-95",
      "hot-90",
      "not-significant",
      "cold-90",
      "cold-95",
      "cold-99",
      "not-tested",
    ]);
  });
});
