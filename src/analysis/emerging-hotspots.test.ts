import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../domain/random.js";
import { classifyEmerging, emergingHotSpots } from "./emerging-hotspots.js";
import { mannKendall } from "./mann-kendall.js";
import { distanceBand } from "./weights.js";

/** Builds a z / p series from a pattern: H hot (z = 3), C cold (z = -3), . not significant (z = 0.5). */
const series = (pattern: string, slope = 0) => {
  const z = [...pattern].map((c, t) => (c === "H" ? 3 : c === "C" ? -3 : 0.5) + slope * t);
  const p = [...pattern].map((c) => (c === "." ? 0.6 : 0.001));
  return { z, p, mk: mannKendall(z) };
};
const classify = (pattern: string, slope = 0) => {
  const s = series(pattern, slope);
  return classifyEmerging(s.z, s.p, s.mk);
};

describe("classifyEmerging (ArcGIS definitions)", () => {
  it("hot spot categories", () => {
    expect(classify("..........H")).toBe("new-hot");
    expect(classify("C.........H")).toBe("new-hot"); // first match in ArcGIS's order
    expect(classify("........HHH")).toBe("consecutive-hot");
    expect(classify("HHHHHHHHHHH", 0.3)).toBe("intensifying-hot");
    expect(classify("HHHHHHHHHHH")).toBe("persistent-hot");
    expect(classify("HHHH.HHHHHH")).toBe("persistent-hot"); // 10 of 11 >= 90%
    expect(classify("HHHHHHHHHHH", -0.03)).toBe("diminishing-hot");
    expect(classify("H..H...H..H")).toBe("sporadic-hot");
    expect(classify("...H.....HH")).toBe("sporadic-hot"); // a hot bin before the final run
    expect(classify("C..H......H")).toBe("oscillating-hot");
    expect(classify("HHHHHHHHHH.")).toBe("historical-hot");
    expect(classify("...........")).toBe("no-pattern");
    expect(classify("H..........")).toBe("no-pattern");
  });

  it("cold spot categories mirror them", () => {
    expect(classify("..........C")).toBe("new-cold");
    expect(classify(".........CC")).toBe("consecutive-cold");
    expect(classify("CCCCCCCCCCC", -0.3)).toBe("intensifying-cold");
    expect(classify("CCCCCCCCCCC")).toBe("persistent-cold");
    expect(classify("CCCCCCCCCCC", 0.03)).toBe("diminishing-cold");
    expect(classify("C.C.C.....C")).toBe("sporadic-cold");
    expect(classify("H.C.......C")).toBe("oscillating-cold");
    expect(classify("CCCCCCCCCC.")).toBe("historical-cold");
  });

  it("negating every z swaps hot and cold categories", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("H", "C", "."), { minLength: 1, maxLength: 20 }), (chars) => {
        const s = series(chars.join(""));
        const neg = s.z.map((v) => -v);
        const a = classifyEmerging(s.z, s.p, s.mk);
        const b = classifyEmerging(neg, s.p, mannKendall(neg));
        const swap = a.endsWith("-hot") ? a.replace("-hot", "-cold") : a.replace("-cold", "-hot");
        expect(b).toBe(swap);
      }),
    );
  });
});

describe("emergingHotSpots", () => {
  // a 12 x 12 grid of cells, 12 monthly steps of Poisson counts; a block that heats up, a block that
  // becomes hot only in the last month, and a far island
  const side = 12;
  const pts = Array.from({ length: side * side }, (_, i) => ({ x: i % side, y: Math.floor(i / side) }));
  pts.push({ x: 100, y: 100 });
  const w = distanceBand(pts, 1.5);
  const inBlock = (i: number, x0: number, y0: number) =>
    i < side * side && Math.abs((i % side) - x0) <= 1 && Math.abs(Math.floor(i / side) - y0) <= 1;
  const rng = new Rng(42);
  const slices = Array.from({ length: 12 }, (_, t) =>
    pts.map((_, i) => {
      let lam = 2;
      if (inBlock(i, 3, 3)) lam += 8 + 2 * t;
      if (inBlock(i, 9, 9) && t === 11) lam += 14;
      return rng.poisson(lam);
    }),
  );
  const r = emergingHotSpots(slices, w);

  it("finds the intensifying and the new hot spot, the island has no pattern", () => {
    expect(r.status).toBe("ok");
    expect(r.category[3 * side + 3]).toBe("intensifying-hot");
    expect(r.category[9 * side + 9]).toBe("new-hot");
    expect(r.category[side * side]).toBe("no-pattern");
    expect(r.nullReason[side * side]).toBe("island");
    expect(r.trend[3 * side + 3]!.S).toBeGreaterThan(0);
  });

  it("a step without variation is undefined, not significant, and left out of the trend", () => {
    const withEmpty = [...slices.slice(0, 6), pts.map(() => 0), ...slices.slice(6)];
    const e = emergingHotSpots(withEmpty, w);
    expect(Number.isNaN(e.z[6 * pts.length + 5]!)).toBe(true);
    expect(e.trend[3 * side + 3]!.n).toBe(12);
  });

  it("degenerate input is explicit or rejected", () => {
    expect(emergingHotSpots([], w).status).toBe("no-observations");
    expect(() => emergingHotSpots([[1, 2]], w)).toThrow(/cells/);
    expect(() => emergingHotSpots(slices, w, { alpha: 2 })).toThrow(/alpha/);
  });
});
