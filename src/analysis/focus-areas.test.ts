import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../domain/errors.js";
import { contiguousFocusAreas, type FocusCell, shareVsLand, smallestCellSet } from "./focus-areas.js";

const SQ_MILE_M2 = 1609.344 ** 2;

describe("smallestCellSet", () => {
  const cells: FocusCell[] = [
    { id: "a", count: 1, areaM2: 100 },
    { id: "b", count: 10, areaM2: 100 },
    { id: "c", count: 5, areaM2: 300 },
    { id: "d", count: 0, areaM2: 400 },
    { id: "e", count: 4, areaM2: 100 },
  ];

  it("takes the busiest cells until the share is reached", () => {
    const r = smallestCellSet(cells, 0.5);
    expect(r.cells).toEqual(["b"]);
    expect(r.count).toBe(10);
    expect(r.eventShare).toBe(0.5);
    expect(r.cellShare).toBe(0.2);
    expect(r.landShare).toBe(0.1);
    const r75 = smallestCellSet(cells, 0.75);
    expect(r75.cells).toEqual(["b", "c"]);
    expect(r75.eventShare).toBe(0.75);
    expect(r75.landShare).toBe(0.4);
  });

  it("handles the shares 0 and 1 and no events", () => {
    expect(smallestCellSet(cells, 0).cells).toEqual([]);
    expect(smallestCellSet(cells, 0).eventShare).toBe(0);
    const all = smallestCellSet(cells, 1);
    expect(all.cells).toEqual(["b", "c", "e", "a"]); // the empty cell is never needed
    expect(all.eventShare).toBe(1);
    const none = smallestCellSet([{ id: "x", count: 0 }], 0.5);
    expect(none.status).toBe("no-events");
    expect(none.cells).toEqual([]);
    expect(none.eventShare).toBeNull();
    expect(none.landShare).toBeNull();
    const empty = smallestCellSet([], 0.5);
    expect(empty.cellShare).toBeNull();
    const noLand = smallestCellSet([{ id: "x", count: 3, areaM2: 0 }], 0.5);
    expect(noLand.landShare).toBeNull();
  });

  it("breaks ties by id, whatever the input order", () => {
    const tied = [
      { id: "z", count: 2 },
      { id: "m", count: 2 },
      { id: "b", count: 2 },
      { id: "q", count: 2 },
    ];
    expect(smallestCellSet(tied, 0.5).cells).toEqual(["b", "m"]);
    expect(smallestCellSet([...tied].reverse(), 0.5).cells).toEqual(["b", "m"]);
  });

  it("rejects bad shares, counts, duplicate ids and partial areas", () => {
    expect(() => smallestCellSet(cells, 1.5)).toThrow(AppError);
    expect(() => smallestCellSet(cells, Number.NaN)).toThrow(AppError);
    expect(() => smallestCellSet([{ id: "a", count: -1 }], 0.5)).toThrow(AppError);
    expect(() =>
      smallestCellSet(
        [
          { id: "a", count: 1 },
          { id: "a", count: 2 },
        ],
        0.5,
      ),
    ).toThrow(AppError);
    expect(() =>
      smallestCellSet(
        [
          { id: "a", count: 1, areaM2: 5 },
          { id: "b", count: 2 },
        ],
        0.5,
      ),
    ).toThrow(AppError);
  });

  const cellsArb = fc
    .array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 60 })
    .map((counts) => counts.map((count, i) => ({ id: `c${String(i).padStart(3, "0")}`, count })));
  const shareArb = fc.double({ min: 0, max: 1, noNaN: true });

  it("reaches the share, and no chosen cell can be dropped (minimality)", () => {
    fc.assert(
      fc.property(cellsArb, shareArb, (cs, share) => {
        const r = smallestCellSet(cs, share);
        const total = cs.reduce((s, c) => s + c.count, 0);
        if (total === 0) return;
        expect(r.eventShare!).toBeGreaterThanOrEqual(share);
        const byId = new Map(cs.map((c) => [c.id, c.count]));
        for (const id of r.cells) {
          const without = r.cells.filter((x) => x !== id).reduce((s, x) => s + byId.get(x)!, 0);
          expect(without / total).toBeLessThan(share);
        }
      }),
    );
  });

  it("is as small as any set: no set with one cell fewer reaches the share", () => {
    fc.assert(
      fc.property(cellsArb, shareArb, (cs, share) => {
        const r = smallestCellSet(cs, share);
        const total = cs.reduce((s, c) => s + c.count, 0);
        if (total === 0 || r.cells.length === 0) return;
        const best = cs
          .map((c) => c.count)
          .sort((a, b) => b - a)
          .slice(0, r.cells.length - 1)
          .reduce((s, c) => s + c, 0);
        expect(best / total).toBeLessThan(share);
      }),
    );
  });

  it("does not depend on the input order", () => {
    const permuted = cellsArb.chain((cs) =>
      fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs, { minLength: cs.length, maxLength: cs.length })),
    );
    fc.assert(
      fc.property(permuted, shareArb, ([cs, shuffled], share) => {
        expect(smallestCellSet(shuffled, share)).toEqual(smallestCellSet(cs, share));
      }),
    );
  });
});

describe("shareVsLand", () => {
  it("reproduces the seed's corridor: over 10% of violent crime on 2.3 of 96.8 square miles", () => {
    const r = shareVsLand([
      { name: "corridor", count: 512, areaM2: 2.3 * SQ_MILE_M2 },
      { name: "rest of city", count: 4488, areaM2: 94.5 * SQ_MILE_M2 },
    ]);
    expect(r.status).toBe("ok");
    const corridor = r.rows[0]!;
    expect(corridor.name).toBe("corridor");
    expect(corridor.shareOfEvents).toBeCloseTo(0.1024, 12);
    expect(corridor.shareOfLand).toBeCloseTo(2.3 / 96.8, 12);
    expect(corridor.concentration).toBeCloseTo(0.1024 / (2.3 / 96.8), 10);
    expect(r.rows[1]!.concentration).toBeLessThan(1);
  });

  it("takes city totals that include events without a location", () => {
    const r = shareVsLand([{ name: "corridor", count: 100, areaM2: 2 }], {
      totalCount: 1000,
      totalAreaM2: 50,
    });
    expect(r.rows[0]!.shareOfEvents).toBe(0.1);
    expect(r.rows[0]!.shareOfLand).toBe(0.04);
    expect(r.rows[0]!.concentration).toBeCloseTo(2.5, 14);
    expect(() => shareVsLand([{ name: "a", count: 10, areaM2: 1 }], { totalCount: 5 })).toThrow(AppError);
  });

  it("sorts by concentration, areas without land last, and explains empty inputs", () => {
    const r = shareVsLand([
      { name: "b", count: 1, areaM2: 10 },
      { name: "point", count: 3, areaM2: 0 },
      { name: "a", count: 1, areaM2: 10 },
      { name: "hot", count: 5, areaM2: 5 },
    ]);
    expect(r.rows.map((x) => x.name)).toEqual(["hot", "a", "b", "point"]);
    expect(r.rows[3]!.concentration).toBeNull();
    expect(r.rows[3]!.shareOfLand).toBe(0);
    const none = shareVsLand([{ name: "a", count: 0, areaM2: 4 }]);
    expect(none.status).toBe("no-events");
    expect(none.rows[0]!.shareOfEvents).toBeNull();
    expect(none.rows[0]!.concentration).toBeNull();
    const noLand = shareVsLand([{ name: "a", count: 2, areaM2: 0 }]);
    expect(noLand.status).toBe("no-land");
    expect(noLand.rows[0]!.shareOfLand).toBeNull();
    expect(shareVsLand([]).rows).toEqual([]);
    expect(() => shareVsLand([{ name: "a", count: 1, areaM2: -1 }])).toThrow(AppError);
  });

  it("conserves the shares: they add to 1 over a partition of the city", () => {
    const areaArb = fc.array(
      fc.record({ count: fc.nat({ max: 1000 }), areaM2: fc.integer({ min: 1, max: 1e6 }) }),
      {
        minLength: 1,
        maxLength: 30,
      },
    );
    fc.assert(
      fc.property(areaArb, (as) => {
        const r = shareVsLand(as.map((a, i) => ({ name: `n${i}`, ...a })));
        const land = r.rows.reduce((s, x) => s + x.shareOfLand!, 0);
        expect(land).toBeCloseTo(1, 10);
        if (r.status === "ok") expect(r.rows.reduce((s, x) => s + x.shareOfEvents!, 0)).toBeCloseTo(1, 10);
      }),
    );
  });
});

describe("contiguousFocusAreas", () => {
  // 5 x 4 grid (row-major):
  //   9 8 0 0 0
  //   7 0 0 0 6
  //   0 0 0 0 5
  //   0 0 4 0 0
  const grid = { nx: 5, ny: 4, counts: [9, 8, 0, 0, 0, 7, 0, 0, 0, 6, 0, 0, 0, 0, 5, 0, 0, 4, 0, 0] };

  it("joins the top cells that share an edge", () => {
    const r = contiguousFocusAreas(grid, 0.9);
    // total 39; 9 + 8 + 7 + 6 + 5 = 35 = 0.897 < 0.9, with the 4 it is 39.
    expect(r.selected).toEqual([0, 1, 5, 9, 14, 17]);
    expect(r.components.map((c) => c.cells)).toEqual([[0, 1, 5], [9, 14], [17]]);
    expect(r.components[0]!.count).toBe(24);
    expect(r.components[0]!.eventShare).toBeCloseTo(24 / 39, 15);
    expect(r.eventShare).toBe(1);
  });

  it("does not join across row ends or corners", () => {
    // Cell 4 (end of row 0) and cell 5 (start of row 1) are consecutive indexes but not neighbours;
    // cells 1 and 5 touch only at a corner.
    const r = contiguousFocusAreas({ nx: 5, ny: 2, counts: [0, 3, 0, 0, 3, 3, 0, 0, 0, 0] }, 1);
    expect(r.components.map((c) => c.cells)).toEqual([[1], [4], [5]]);
  });

  it("handles no events, an empty grid and a wrong size", () => {
    const none = contiguousFocusAreas({ nx: 2, ny: 2, counts: new Float64Array(4) }, 0.5);
    expect(none.status).toBe("no-events");
    expect(none.components).toEqual([]);
    expect(none.eventShare).toBeNull();
    expect(contiguousFocusAreas({ nx: 0, ny: 0, counts: [] }, 0.5).selected).toEqual([]);
    expect(() => contiguousFocusAreas({ nx: 2, ny: 2, counts: [1, 2, 3] }, 0.5)).toThrow(AppError);
  });

  it("partitions the selected cells into its components", () => {
    const gridArb = fc
      .record({ nx: fc.integer({ min: 1, max: 8 }), ny: fc.integer({ min: 1, max: 8 }) })
      .chain(({ nx, ny }) =>
        fc.record({
          nx: fc.constant(nx),
          ny: fc.constant(ny),
          counts: fc.array(fc.nat({ max: 9 }), { minLength: nx * ny, maxLength: nx * ny }),
        }),
      );
    fc.assert(
      fc.property(gridArb, fc.double({ min: 0, max: 1, noNaN: true }), (g, share) => {
        const r = contiguousFocusAreas(g, share);
        const cells = r.components.flatMap((c) => c.cells).sort((a, b) => a - b);
        expect(cells).toEqual(r.selected);
        const sum = r.components.reduce((s, c) => s + c.count, 0);
        expect(sum).toBe(r.selected.reduce((s, i) => s + g.counts[i]!, 0));
        const asCells = smallestCellSet(
          g.counts.map((count, i) => ({ id: String(i).padStart(3, "0"), count })),
          share,
        );
        expect(r.selected.length).toBe(asCells.cells.length);
      }),
    );
  });
});
