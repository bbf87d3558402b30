/**
 * Known answer: Ratcliffe's Near Repeat Calculator 1.3 on 970 Chicago burglaries (the sample Steenbeek's R
 * package `NearRepeat` ships), verbose output of 2019-09-23. The observed table must match cell for cell;
 * the calculator's expectations come from 19 random permutations, so those are compared statistically.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { knoxObserved, knoxTest } from "../../src/analysis/near-repeat.js";
import { nearRepeatChains, suggestLinks } from "../../src/analysis/near-repeat-chains.js";
import { hasSharedData } from "./shared-data.js";

const REF = path.resolve("..", "shared", "reference-data");
const OPTS = { spaceBands: [0, 100, 200, 300], timeBands: [0, 7, 14, 21], sameLocation: true } as const;

interface Cell {
  draws: number[];
  p: number;
  ratio: number;
}

function readCalculator() {
  const lines = fs
    .readFileSync(path.join(REF, "chicago_be_month1_NRverbose_2019-09-23_143005.csv"), "utf8")
    .split(/\r?\n/);
  const at = lines.findIndex((l) => l.startsWith("Observed frequencies distribution"));
  const fields = (l: string) => l.split(",").map((s) => s.trim());
  const timeLabels = fields(lines[at + 1]!).filter((s) => s !== "");
  const rows = lines.slice(at + 3, at + 8).map(fields);
  const cells = new Map<string, Cell>();
  lines.forEach((l, k) => {
    const m = /^Row (\d+) Column (\d+)/.exec(l);
    if (!m) return;
    const block = lines.slice(k + 1, k + 9);
    const value = (name: string) => Number(fields(block.find((b) => b.startsWith(name))!)[1]);
    const draws = fields(block.find((b) => b.startsWith("Expected"))!)
      .slice(1)
      .filter((s) => s !== "")
      .map(Number);
    cells.set(`${Number(m[1]) - 1},${Number(m[2]) - 1}`, {
      draws,
      p: value("P value"),
      ratio: value("Obs over Mean Exp"),
    });
  });
  return {
    spaceLabels: rows.map((r) => r[1]!),
    timeLabels,
    observed: rows.map((r) => r.slice(2, 6).map(Number)),
    cell: (r: number, c: number) => cells.get(`${r},${c}`)!,
  };
}

function readEvents() {
  return fs
    .readFileSync(path.join(REF, "chicago_be_month1.csv"), "utf8")
    .trim()
    .split(/\r?\n/)
    .map((l) => {
      const [x, y, date] = l.split(",");
      return { x: Number(x), y: Number(y), t: Date.parse(`${date}T00:00:00Z`) / 86_400_000 };
    });
}

/** P(Binomial(n, q) as or more extreme than k), two-sided by doubling the smaller tail. */
function binomialTwoSided(k: number, n: number, q: number): number {
  const pmf = (i: number) => {
    let lc = 0;
    for (let j = 1; j <= i; j++) lc += Math.log((n - i + j) / j);
    if (q === 0) return i === 0 ? 1 : 0;
    if (q === 1) return i === n ? 1 : 0;
    return Math.exp(lc + i * Math.log(q) + (n - i) * Math.log(1 - q));
  };
  let lower = 0;
  let upper = 0;
  for (let i = 0; i <= n; i++) {
    if (i <= k) lower += pmf(i);
    if (i >= k) upper += pmf(i);
  }
  return Math.min(1, 2 * Math.min(lower, upper));
}

describe.skipIf(!hasSharedData || !fs.existsSync(REF))(
  "Knox test: Near Repeat Calculator on Chicago burglaries",
  () => {
    const calc = hasSharedData && fs.existsSync(REF) ? readCalculator() : undefined;
    const events = calc ? readEvents() : [];
    const r = calc ? knoxTest(events, { ...OPTS, permutations: 999, seed: 1 }) : undefined;

    it("reproduces the observed table cell for cell, with the calculator's labels", () => {
      expect(events).toHaveLength(970);
      expect(r!.observed).toEqual(calc!.observed);
      expect(r!.observed).toEqual([
        [28, 5, 5, 2],
        [44, 13, 8, 4],
        [97, 56, 19, 16],
        [77, 67, 45, 20],
        [182194, 146149, 95237, 45879],
      ]);
      expect(r!.spaceLabels).toEqual(calc!.spaceLabels);
      expect(r!.timeLabels).toEqual(calc!.timeLabels);
      expect(r!.pairs).toBe(469_965);
    });

    it("needs Manhattan distance and [a-1, b) day bands: the alternatives do not reproduce it", () => {
      expect(knoxObserved(events, { ...OPTS, distance: "euclidean" }).observed).not.toEqual(calc!.observed);
      expect(knoxObserved(events, { ...OPTS, timeBands: [0, 8, 15, 22] }).observed).not.toEqual(
        calc!.observed,
      );
    });

    it("agrees with the calculator's 19 permutations within their sampling error", () => {
      for (let i = 0; i < 5; i++) {
        for (let j = 0; j < 4; j++) {
          const c = calc!.cell(i, j);
          expect(c.draws).toHaveLength(19);
          const mean = c.draws.reduce((a, b) => a + b, 0) / 19;
          const sd = Math.sqrt(c.draws.reduce((a, b) => a + (b - mean) ** 2, 0) / 18);
          const ours = r!.expectedMean[i]![j]!;
          expect(Math.abs(ours - mean), `expected mean, cell ${i},${j}`).toBeLessThanOrEqual(
            4 * sd * Math.sqrt(1 / 19 + 1 / 999) + 1e-9,
          );
          if (mean >= 50)
            expect(Math.abs(r!.knoxRatio[i]![j]! - c.ratio), `ratio ${i},${j}`).toBeLessThan(0.05);
          // The calculator's p = (m + 1) / 20 with m ~ Binomial(19, q); ours estimates q far more finely.
          const m = Math.round(c.p * 20 - 1);
          expect(binomialTwoSided(m, 19, r!.pValue[i]![j]!), `p-value ${i},${j}`).toBeGreaterThan(0.001);
        }
      }
      // Where the calculator saw the observed count above all 19 draws (p = 0.05), so do we, more strongly.
      for (const [i, j] of [
        [0, 0],
        [1, 0],
        [2, 0],
      ] as const) {
        expect(calc!.cell(i, j).p).toBe(0.05);
        expect(r!.pValue[i]![j]!).toBeLessThanOrEqual(0.01);
      }
    });

    it("suggests 200 m and 7 days as link thresholds, and chains are the components of those links", () => {
      const links = suggestLinks(r!);
      expect(links).toEqual({ linkDistance: 200, linkDays: 7 });
      const chains = nearRepeatChains(events, links!);
      // Brute force: union-find over all pairs.
      const parent = events.map((_, i) => i);
      const find = (i: number): number => (parent[i] === i ? i : find(parent[i]!));
      let links2 = 0;
      for (let i = 0; i < events.length; i++) {
        for (let j = i + 1; j < events.length; j++) {
          const a = events[i]!;
          const b = events[j]!;
          const d = Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
          const dt = Math.abs(a.t - b.t);
          if ((d < 200 || d === 0) && (dt < 7 || dt === 0)) {
            links2++;
            parent[find(i)] = find(j);
          }
        }
      }
      const groups = new Map<number, number[]>();
      for (let i = 0; i < events.length; i++) groups.set(find(i), [...(groups.get(find(i)) ?? []), i]);
      const expected = [...groups.values()].filter((g) => g.length > 1).map((g) => g.join(","));
      const got = chains.chains.map((c) => [...c.events].sort((a, b) => a - b).join(","));
      expect(chains.links).toBe(links2);
      expect(got.sort()).toEqual(expected.sort());
      for (const c of chains.chains) {
        const ts = c.events.map((e) => events[e]!.t);
        expect(ts).toEqual([...ts].sort((a, b) => a - b));
      }
    });
  },
);
