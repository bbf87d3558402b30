import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../domain/errors.js";
import { Rng } from "../domain/random.js";
import { type KnoxResult, knoxObserved, knoxTest, type SpaceTimeEvent } from "./near-repeat.js";
import { nearRepeatChains, suggestLinks } from "./near-repeat-chains.js";

/** The definition, pair by pair: bands [lo, hi) on full edge lists starting at 0, open last band. */
function bruteForce(
  events: readonly SpaceTimeEvent[],
  space: number[],
  time: number[],
  sameLocation: boolean,
  metric: "manhattan" | "euclidean",
): number[][] {
  const band = (edges: number[], v: number) => edges.filter((e) => v >= e).length - 1;
  const rows = space.length + (sameLocation ? 1 : 0);
  const table = Array.from({ length: rows }, () => new Array<number>(time.length).fill(0));
  for (let i = 0; i < events.length; i++) {
    for (let j = i + 1; j < events.length; j++) {
      const a = events[i]!;
      const b = events[j]!;
      const dx = Math.abs(a.x - b.x);
      const dy = Math.abs(a.y - b.y);
      const d = metric === "manhattan" ? dx + dy : Math.sqrt(dx * dx + dy * dy);
      const r = sameLocation ? (d === 0 ? 0 : 1 + band(space, d)) : band(space, d);
      table[r]![band(time, Math.abs(a.t - b.t))]!++;
    }
  }
  return table;
}

const eventArb = (integerDays: boolean) =>
  fc.record({
    x: fc.integer({ min: 0, max: 40 }).map((v) => v * 5),
    y: fc.integer({ min: 0, max: 40 }).map((v) => v * 5),
    t: integerDays ? fc.integer({ min: 0, max: 40 }) : fc.double({ min: 0, max: 40, noNaN: true }),
  });
const edgesArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 4 })
  .map((a) => a.sort((p, q) => p - q));

function synthetic(n: number, seed: number): SpaceTimeEvent[] {
  const rng = new Rng(seed);
  const out: SpaceTimeEvent[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && rng.chance(0.2)) {
      const src = out[rng.int(i)]!;
      out.push({ x: src.x + rng.uniform() * 100, y: src.y + rng.uniform() * 100, t: src.t + rng.int(5) });
    } else out.push({ x: rng.uniform() * 5000, y: rng.uniform() * 5000, t: rng.int(120) });
  }
  return out;
}

const CALC = { spaceBands: [0, 100, 200, 300], timeBands: [0, 7, 14, 21], sameLocation: true } as const;

describe("knoxObserved", () => {
  it("counts a hand-built case in the calculator's bands", () => {
    const ev = [
      { x: 0, y: 0, t: 0 },
      { x: 0, y: 0, t: 7 }, // same place, 7 days: "8 to 14" ([7, 14))
      { x: 60, y: 40, t: 14 }, // 100 m Manhattan from both: "101 to 200" ([100, 200)); 72 m Euclidean
      { x: 1000, y: 0, t: 30 },
    ];
    const r = knoxObserved(ev, CALC);
    expect(r.spaceLabels).toEqual(["Same location", "1 to 100", "101 to 200", "201 to 300", "More than 300"]);
    expect(r.timeLabels).toEqual(["0 to 7", "8 to 14", "15 to 21", "More than 21"]);
    expect(r.observed).toEqual([
      [0, 1, 0, 0],
      [0, 0, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 0, 0],
      [0, 0, 1, 2],
    ]);
    expect(knoxObserved(ev, { ...CALC, distance: "euclidean" }).observed[1]).toEqual([0, 1, 1, 0]);
    expect(r.pairs).toBe(6);
  });

  it("equals the pair-by-pair definition (both metrics, same location or not, whole or fractional days)", () => {
    fc.assert(
      fc.property(
        fc.boolean().chain((whole) => fc.array(eventArb(whole), { maxLength: 40 })),
        edgesArb,
        edgesArb,
        fc.boolean(),
        fc.constantFrom("manhattan" as const, "euclidean" as const),
        (ev, s, t, same, metric) => {
          const got = knoxObserved(ev, { spaceBands: s, timeBands: t, sameLocation: same, distance: metric });
          expect(got.observed).toEqual(bruteForce(ev, [0, ...s], [0, ...t], same, metric));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("takes the R anchor's breaks as they are (leading 0, trailing Infinity optional)", () => {
    const ev = synthetic(300, 3);
    const anchor = knoxObserved(ev, {
      spaceBands: [0, 1, 200, 400, 600, Infinity],
      timeBands: [0, 7, 14, 21, Infinity],
    });
    const plain = knoxObserved(ev, { spaceBands: [1, 200, 400, 600], timeBands: [7, 14, 21] });
    expect(anchor.observed).toEqual(plain.observed);
    expect(anchor.observed).toEqual(
      bruteForce(ev, [0, 1, 200, 400, 600], [0, 7, 14, 21], false, "manhattan"),
    );
    expect(
      knoxObserved(ev, { spaceBands: [1, 200], timeBands: [7], labels: "interval" }).spaceLabels,
    ).toEqual(["[0, 1)", "[1, 200)", "[200, Inf)"]);
  });

  it("rejects bad bands and events", () => {
    expect(() => knoxObserved([], { spaceBands: [100, 50], timeBands: [7] })).toThrow(AppError);
    expect(() => knoxObserved([], { spaceBands: [-1, 50], timeBands: [7] })).toThrow(AppError);
    expect(() => knoxObserved([{ x: Number.NaN, y: 0, t: 0 }], CALC)).toThrow(AppError);
    expect(() => knoxTest([], { ...CALC, permutations: 0 })).toThrow(AppError);
  });
});

describe("knoxTest", () => {
  const ev = synthetic(200, 11);
  const opts = { ...CALC, spaceBands: [0, 150, 300, 600], permutations: 99, seed: 5 };
  const r = knoxTest(ev, opts);

  it("gives p = (m + 1) / (P + 1) and expected counts that add up to all pairs", () => {
    for (const p of r.pValue.flat()) {
      const m = p * (opts.permutations + 1) - 1;
      expect(Math.abs(m - Math.round(m))).toBeLessThan(1e-9);
      expect(Math.round(m)).toBeGreaterThanOrEqual(0);
      expect(Math.round(m)).toBeLessThanOrEqual(opts.permutations);
    }
    const sum = (t: number[][]) => t.flat().reduce((a, b) => a + b, 0);
    expect(sum(r.observed)).toBe(r.pairs);
    expect(sum(r.expectedMean)).toBeCloseTo(r.pairs, 6);
    // Column totals are invariant under permutation of times: each column's expectation equals its observation.
    for (let c = 0; c < 4; c++) {
      const col = (t: number[][]) => t.reduce((a, row) => a + row[c]!, 0);
      expect(col(r.expectedMean)).toBeCloseTo(col(r.observed), 6);
    }
    r.knoxRatio.flat().forEach((k, i) => {
      const e = r.expectedMean.flat()[i]!;
      expect(k).toBe(e > 0 ? r.observed.flat()[i]! / e : null);
    });
  });

  it("finds the near repeats it was given", () => {
    expect(r.knoxRatio[1]![0]!).toBeGreaterThan(2);
    expect(r.pValue[1]![0]).toBe(0.01);
  });

  it("is reproducible from its seed and depends only on the set of events", () => {
    expect(knoxTest(ev, opts)).toEqual(r);
    expect(knoxTest(ev, { ...opts, seed: 6 }).expectedMean).not.toEqual(r.expectedMean);
    fc.assert(
      fc.property(fc.nat(), (s) => {
        const rng = new Rng(s);
        const shuffled = [...ev];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(knoxTest(shuffled, opts)).toEqual(r);
      }),
      { numRuns: 10 },
    );
  });

  it("matches the definition on fractional days too (no lookup table)", () => {
    const frac = ev.map((e, i) => ({ ...e, t: e.t + (i % 7) / 10 }));
    const f = knoxTest(frac, { ...opts, permutations: 19 });
    expect(f.observed).toEqual(bruteForce(frac, [0, 150, 300, 600], [0, 7, 14, 21], true, "manhattan"));
  });
});

describe("knoxTest on degenerate input", () => {
  it.each([0, 1])("%i event(s): no pairs, an explicit result", (n) => {
    const r = knoxTest(synthetic(n, 1), { ...CALC, permutations: 9 });
    expect(r.status).toBe("no-pairs");
    expect(r.pairs).toBe(0);
    expect(r.observed.flat().every((v) => v === 0)).toBe(true);
    expect(r.expectedMean.flat().every((v) => v === 0)).toBe(true);
    expect(r.knoxRatio.flat().every((v) => v === null)).toBe(true);
    expect(r.pValue.flat().every((v) => v === 1)).toBe(true);
  });

  const flat = (r: KnoxResult) => {
    expect(r.status).toBe("ok");
    expect(r.expectedMean).toEqual(r.observed);
    expect(r.pValue.flat().every((v) => v === 1)).toBe(true);
    r.knoxRatio.flat().forEach((k, i) => {
      expect(k).toBe(r.observed.flat()[i]! > 0 ? 1 : null);
    });
  };

  it("all events at one place: every permutation gives the observed table", () => {
    const ev = Array.from({ length: 30 }, (_, i) => ({ x: 5, y: 5, t: (i * 7) % 40 }));
    const r = knoxTest(ev, { ...CALC, permutations: 19 });
    expect(r.observed[0]!.reduce((a, b) => a + b, 0)).toBe(435);
    flat(r);
  });

  it("all events on one day: every pair is in the first time band", () => {
    const ev = synthetic(50, 4).map((e) => ({ ...e, t: 3 }));
    const r = knoxTest(ev, { ...CALC, permutations: 19 });
    expect(r.observed.reduce((a, row) => a + row[0]!, 0)).toBe(1225);
    flat(r);
  });
});

describe("nearRepeatChains", () => {
  // A-B' 50 m, B'-B 50 m, B-C 70 m: one chain A, B', B, C though A-C is 170 m. D is far. E, F share a place and day.
  const ev = [
    { x: 0, y: 0, t: 0 }, // A 0
    { x: 1000, y: 0, t: 1 }, // D 1
    { x: 170, y: 0, t: 5 }, // C 2
    { x: 100, y: 0, t: 2 }, // B 3 (A-B 100 m: not < 100)
    { x: 50, y: 0, t: 1 }, // B' 4: A-B' 50 m, B'-B 50 m
    { x: 2000, y: 2000, t: 30 }, // E 5
    { x: 2000, y: 2000, t: 30 }, // F 6
    { x: 170, y: 0, t: 12 }, // G 7: same place as C, 7 days later (not < 7)
  ];

  it("links within distance AND days, and orders chains and their events by time", () => {
    const r = nearRepeatChains(ev, { linkDistance: 100, linkDays: 7 });
    expect(r.chains.map((c) => c.events)).toEqual([
      [0, 4, 3, 2],
      [5, 6],
    ]);
    expect(r.chains[0]).toMatchObject({ length: 4, start: 0, end: 5, spanDays: 5, links: 3 });
    expect(r.links).toBe(4); // A-B', B'-B, B-C and E-F; not A-B (100 m), B'-C (120 m) nor C-G (7 days)
    expect(r.chainedEvents).toBe(6);
  });

  it("0 links only the same place (or the same day)", () => {
    const r = nearRepeatChains(ev, { linkDistance: 0, linkDays: 30 });
    expect(r.chains.map((c) => c.events)).toEqual([
      [2, 7],
      [5, 6],
    ]);
    expect(nearRepeatChains(ev, { linkDistance: 0, linkDays: 0 }).chains.map((c) => c.events)).toEqual([
      [5, 6],
    ]);
    expect(nearRepeatChains(ev, { linkDistance: 0, linkDays: 0, minLength: 1 }).chains).toHaveLength(7);
    expect(nearRepeatChains([], { linkDistance: 100, linkDays: 7 })).toEqual({
      chains: [],
      links: 0,
      chainedEvents: 0,
    });
    expect(() => nearRepeatChains(ev, { linkDistance: -1, linkDays: 7 })).toThrow(AppError);
  });

  it("suggests links from the significant cells closest to the origin", () => {
    const r = knoxTest(synthetic(200, 11), {
      ...CALC,
      spaceBands: [0, 150, 300, 600],
      permutations: 99,
      seed: 5,
    });
    const links = suggestLinks(r);
    expect(links).not.toBeNull();
    expect(links!.linkDistance).toBeGreaterThanOrEqual(150);
    const flatData = Array.from({ length: 20 }, (_, i) => ({ x: 5, y: 5, t: i }));
    expect(suggestLinks(knoxTest(flatData, { ...CALC, permutations: 19 }))).toBeNull();
  });
});
