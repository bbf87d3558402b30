import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applySide, diffTokens, editCount, redline, tokenize } from "./redline.js";
import { SEED_SOP_INSERTIONS, SEED_SOP_V1, SEED_SOP_V2 } from "./seed-sop.js";

const WORDS = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
const words = (s: string) => (s.match(WORDS) ?? []).join(" ");

/** The longest common subsequence length by the textbook O(nm) table: the brute-force reference. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
  return t[a.length]![b.length]!;
}

describe("tokenize", () => {
  it("keeps every character: words, whitespace runs, punctuation", () => {
    expect(tokenize("It's 2 o'clock,  isn't it?\n")).toEqual([
      "It's",
      " ",
      "2",
      " ",
      "o'clock",
      ",",
      "  ",
      "isn't",
      " ",
      "it",
      "?",
      "\n",
    ]);
    expect(tokenize("")).toEqual([]);
  });
});

describe("redline of the seed's SOP revision (seed 003)", () => {
  const segs = redline(SEED_SOP_V1, SEED_SOP_V2);

  it("finds exactly the recap's italic insertions, in order, and no deletion", () => {
    expect(segs.filter((s) => s.op === "delete")).toEqual([]);
    const inserted = segs.filter((s) => s.op === "insert").map((s) => words(s.text));
    expect(inserted).toEqual(SEED_SOP_INSERTIONS.map(words));
    expect(inserted).toHaveLength(9);
    expect(inserted[3]).toBe("as determined by the Community Oriented Plan");
  });

  it("rebuilds both versions", () => {
    expect(applySide(segs, "before")).toBe(SEED_SOP_V1);
    expect(applySide(segs, "after")).toBe(SEED_SOP_V2);
  });

  it("counts the inserted tokens as the edit distance", () => {
    const inserted = SEED_SOP_INSERTIONS.reduce((n, p) => n + tokenize(` ${p}`).length, 0);
    expect(editCount(segs)).toBe(inserted);
  });
});

describe("diffTokens", () => {
  it("handles empty sides and identical texts", () => {
    expect(diffTokens([], [])).toEqual([]);
    expect(diffTokens([], ["a"])).toEqual([{ op: "insert", text: "a" }]);
    expect(diffTokens(["a", " "], [])).toEqual([{ op: "delete", text: "a " }]);
    expect(diffTokens(["a"], ["a"])).toEqual([{ op: "equal", text: "a" }]);
  });

  it("puts a replacement's deletion before its insertion", () => {
    expect(redline("the old plan", "the new plan")).toEqual([
      { op: "equal", text: "the " },
      { op: "delete", text: "old" },
      { op: "insert", text: "new" },
      { op: "equal", text: " plan" },
    ]);
  });

  const tokens = fc.array(fc.constantFrom("a", "b", "c", " ", ",", "plan"), { maxLength: 12 });

  it("rebuilds the old text from equal+delete and the new from equal+insert (property)", () => {
    fc.assert(
      fc.property(tokens, tokens, (a, b) => {
        const segs = diffTokens(a, b);
        expect(applySide(segs, "before")).toBe(a.join(""));
        expect(applySide(segs, "after")).toBe(b.join(""));
        for (let i = 1; i < segs.length; i++) expect(segs[i]!.op).not.toBe(segs[i - 1]!.op);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it("is minimal: inserted + deleted tokens = n + m - 2 LCS (property, brute-force LCS)", () => {
    fc.assert(
      fc.property(tokens, tokens, (a, b) => {
        const segs = diffTokens(a, b);
        // Count tokens per op from the script itself: each segment's tokens are a run of a or b.
        let del = 0;
        let ins = 0;
        let ia = 0;
        let ib = 0;
        for (const s of segs) {
          let len = 0;
          const src = s.op === "insert" ? b : a;
          let at = s.op === "insert" ? ib : ia;
          while (len < s.text.length) len += (src[at++] as string).length;
          const count = at - (s.op === "insert" ? ib : ia);
          if (s.op === "equal") {
            ia += count;
            ib += count;
          } else if (s.op === "delete") {
            del += count;
            ia += count;
          } else {
            ins += count;
            ib += count;
          }
        }
        expect(del + ins).toBe(a.length + b.length - 2 * lcsLength(a, b));
        expect(del).toBe(a.length - lcsLength(a, b));
        expect(ins).toBe(b.length - lcsLength(a, b));
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});
