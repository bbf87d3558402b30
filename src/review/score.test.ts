import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { impactScore, type ScoreFacts } from "./score.js";
import {
  DEFAULT_SCORE_CONFIG,
  FACTOR_NAMES,
  mergeScoreConfig,
  type ScoreConfigBody,
} from "./score-config.js";

const weight = fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true });
const cap = fc.integer({ min: 1, max: 100 });
const configArb: fc.Arbitrary<ScoreConfigBody & { version: number }> = fc
  .record({
    weights: fc.record({
      fatal: weight,
      victims: weight,
      juvenile: weight,
      retaliation: weight,
      "group-conflict": weight,
      "place-history": weight,
    }),
    caps: fc.record({ victims: cap, retaliation: cap, "place-history": cap }),
    version: fc.integer({ min: 1, max: 1000 }),
  })
  .map(({ weights, caps, version }) => ({
    ...mergeScoreConfig(DEFAULT_SCORE_CONFIG, { weights, params: { caps } }),
    version,
  }));
const factsArb: fc.Arbitrary<ScoreFacts> = fc.record({
  fatal: fc.boolean(),
  victims: fc.integer({ min: 1, max: 30 }),
  juvenile: fc.boolean(),
  nearRepeat: fc.nat(50),
  sameBlockPrior: fc.nat(50),
  groupConflict: fc.boolean(),
  priorShootings: fc.nat(200),
});

describe("impactScore", () => {
  it("is the sum of value x weight over every named factor, for any configuration", () => {
    fc.assert(
      fc.property(factsArb, configArb, (facts, config) => {
        const s = impactScore(facts, config);
        expect(s.factors.map((f) => f.name)).toEqual([...FACTOR_NAMES]);
        expect(s.configVersion).toBe(config.version);
        const sum = s.factors.reduce((t, f) => t + f.contribution, 0);
        expect(sum).toBeCloseTo(s.score, 9);
        for (const f of s.factors) {
          expect(f.contribution).toBe(f.value * f.weight);
          expect(f.weight).toBe(config.weights[f.name]);
          expect(f.value).toBeLessThanOrEqual(f.cap ?? 1);
          expect(f.value).toBe(f.cap === null ? f.rawValue : Math.min(f.rawValue, f.cap));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never decreases when a fact gets worse (weights are not negative)", () => {
    fc.assert(
      fc.property(factsArb, configArb, (facts, config) => {
        const base = impactScore(facts, config).score;
        const worse = impactScore(
          { ...facts, fatal: true, victims: facts.victims + 1, priorShootings: facts.priorShootings + 1 },
          config,
        ).score;
        expect(worse).toBeGreaterThanOrEqual(base - 1e-9);
      }),
    );
  });

  it("explains the default configuration by hand", () => {
    const s = impactScore(
      {
        fatal: true,
        victims: 7,
        juvenile: true,
        nearRepeat: 1,
        sameBlockPrior: 0,
        groupConflict: false,
        priorShootings: 2,
      },
      { ...DEFAULT_SCORE_CONFIG, version: 1 },
    );
    // fatal 3 + victims min(7,5) x 1 + juvenile 2 + retaliation 1 x 2 + place history 2 x 0.5
    expect(s.score).toBe(13);
    expect(s.factors.find((f) => f.name === "victims")?.explanation).toBe("7 people shot (capped at 5)");
  });
});
