import fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mannKendall } from "./mann-kendall.js";

/** R 4.2 cor.test(seq_along(x), x, method = "kendall", exact = FALSE, continuity = TRUE). */
const ref = JSON.parse(
  fs.readFileSync(new URL("../../test/fixtures/gistar-fdr-mk.json", import.meta.url), "utf8"),
) as { mannKendall: { x: number[]; z: number; p: number; tau: number }[] };

describe("mannKendall", () => {
  it("matches R's Kendall tau test with continuity correction (no ties, ties, no trend)", () => {
    for (const c of ref.mannKendall) {
      const r = mannKendall(c.x);
      expect(r.status).toBe("ok");
      expect(r.z).toBeCloseTo(c.z, 12);
      expect(r.p).toBeCloseTo(c.p, 12);
      expect(r.tau).toBeCloseTo(c.tau, 12);
    }
  });

  it("hand-computed case: 1..5 rising has S = 10, Var(S) = 50 / 3", () => {
    // n = 5: Var(S) = 5 * 4 * 15 / 18 = 50 / 3; z = (10 - 1) / sqrt(50 / 3)
    const r = mannKendall([1, 2, 3, 4, 5]);
    expect(r.S).toBe(10);
    expect(r.varS).toBeCloseTo(50 / 3, 14);
    expect(r.z).toBeCloseTo(9 / Math.sqrt(50 / 3), 14);
    expect(r.tau).toBe(1);
  });

  it("degenerate series are explicit", () => {
    expect(mannKendall([]).status).toBe("too-few-values");
    expect(mannKendall([1, Number.NaN, 2]).status).toBe("too-few-values");
    const flat = mannKendall([4, 4, 4, 4]);
    expect(flat.status).toBe("no-variation");
    expect(Number.isNaN(flat.z)).toBe(true);
  });

  it("reversing the series negates S and z", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 3, maxLength: 30 }), (x) => {
        const a = mannKendall(x);
        const b = mannKendall([...x].reverse());
        expect(b.S + a.S).toBe(0);
        if (a.status === "ok") expect(b.z).toBeCloseTo(-a.z, 12);
      }),
    );
  });
});
