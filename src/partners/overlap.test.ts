import { describe, expect, it } from "vitest";
import {
  type AreaContains,
  type OverlapInput,
  operationsOverlap,
  placesOverlap,
  timesOverlap,
} from "./overlap.js";
import { ACTIVITY_TYPE_IDS, activityGroup } from "./vocabulary.js";

const H = 3_600_000;
const op = (over: Partial<OverlapInput>): OverlapInput => ({
  startMs: 0,
  endMs: 10 * H,
  area: null,
  circle: { x: 0, y: 0, radiusM: 100 },
  ...over,
});
/** District 1 is the square 0..1000 x 0..1000 (edges included). */
const contains: AreaContains = (a, x, y) => a.name === "1" && x >= 0 && x <= 1000 && y >= 0 && y <= 1000;

describe("deconfliction overlap", () => {
  it("times: closed intervals, so touching ends overlap and a minute apart does not", () => {
    expect(timesOverlap(op({}), op({ startMs: 10 * H, endMs: 12 * H }))).toBe(true);
    expect(timesOverlap(op({}), op({ startMs: 10 * H + 60_000, endMs: 12 * H }))).toBe(false);
    expect(timesOverlap(op({ startMs: 5 * H, endMs: 5 * H }), op({}))).toBe(true);
    expect(timesOverlap(op({}), op({ startMs: -5 * H, endMs: -1 }))).toBe(false);
  });

  it("circles: touching circles overlap, a millimetre further apart they do not", () => {
    const b = (x: number) => op({ circle: { x, y: 0, radiusM: 150 } });
    expect(operationsOverlap(op({}), b(250))).toBe("circles-intersect");
    expect(operationsOverlap(op({}), b(250.001))).toBeNull();
    // Diagonal: 3-4-5 triangle at exactly the sum of the radii.
    expect(operationsOverlap(op({}), op({ circle: { x: 300, y: 400, radiusM: 400 } }))).toBe(
      "circles-intersect",
    );
  });

  it("places overlap but times do not: no overlap", () => {
    expect(operationsOverlap(op({}), op({ startMs: 11 * H, endMs: 12 * H }))).toBeNull();
  });

  it("same area of the same layer overlaps; the same name in another layer does not by name alone", () => {
    const d1 = { area: { layer: "district", name: "1" }, circle: null };
    expect(placesOverlap(d1, d1)).toBe("same-area");
    expect(placesOverlap(d1, { area: { layer: "focus_area", name: "1" }, circle: null })).toBeNull();
    expect(placesOverlap(d1, { area: { layer: "district", name: "2" }, circle: null }, contains)).toBeNull();
  });

  it("an area holding the other's point overlaps, from either side, edge included", () => {
    const d1 = { area: { layer: "district", name: "1" }, circle: null };
    const at = (x: number) => ({ area: null, circle: { x, y: 500, radiusM: 10 } });
    expect(placesOverlap(d1, at(1000), contains)).toBe("area-contains-point");
    expect(placesOverlap(at(500), d1, contains)).toBe("area-contains-point");
    expect(placesOverlap(d1, at(1000.5), contains)).toBeNull();
    // Without an area lookup, areas and points are not compared.
    expect(placesOverlap(d1, at(500))).toBeNull();
  });

  it("is symmetric", () => {
    const a = op({ area: { layer: "district", name: "1" } });
    const b = op({ circle: { x: 2000, y: 2000, radiusM: 10 }, startMs: 10 * H, endMs: 20 * H });
    const c = op({ area: null, circle: { x: 20, y: 20, radiusM: 1 }, startMs: 10 * H, endMs: 20 * H });
    for (const [x, y] of [
      [a, b],
      [a, c],
      [b, c],
    ] as const)
      expect(operationsOverlap(x, y, contains)).toBe(operationsOverlap(y, x, contains));
  });
});

describe("activity groups", () => {
  it("put complaints and use of force on the accountability side, every other type somewhere", () => {
    expect(activityGroup("citizen-complaint")).toBe("accountability");
    expect(activityGroup("use-of-force")).toBe("accountability");
    expect(activityGroup("community-event")).toBe("engagement");
    expect(activityGroup("arrest")).toBe("enforcement");
    expect(ACTIVITY_TYPE_IDS).toEqual(
      expect.arrayContaining(["citizen-complaint", "use-of-force", "arrest"]),
    );
  });
});
