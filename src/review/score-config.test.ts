import { describe, expect, it } from "vitest";
import { DEFAULT_SCORE_CONFIG, mergeScoreConfig, parseScoreConfigInput } from "./score-config.js";

describe("score configuration input", () => {
  it("lays a partial input over the base and keeps the rest", () => {
    const c = mergeScoreConfig(DEFAULT_SCORE_CONFIG, {
      weights: { juvenile: 4 },
      params: { caps: { victims: 3 }, priorDistanceM: 500 },
    });
    expect(c.weights).toEqual({ ...DEFAULT_SCORE_CONFIG.weights, juvenile: 4 });
    expect(c.params.caps).toEqual({ ...DEFAULT_SCORE_CONFIG.params.caps, victims: 3 });
    expect(c.params.priorDistanceM).toBe(500);
    expect(c.params.nearRepeatDays).toBe(14);
  });

  it("refuses any factor or parameter it does not know: no protected attribute can be added", () => {
    for (const bad of [
      { weights: { race: 1 } },
      { weights: { ethnicity: 2 } },
      { factors: { religion: 1 } },
      { params: { caps: { juvenile: 2 } } },
      { params: { nationalOrigin: 1 } },
    ]) {
      expect(() => parseScoreConfigInput(bad)).toThrow(/unknown/);
    }
    expect(() => parseScoreConfigInput({ weights: { race: 1 } })).toThrow(
      /weights: unknown 'race': factors are fatal, victims, juvenile, retaliation, group-conflict, place-history/,
    );
  });

  it("refuses negative or absurd weights and caps, and bad distances", () => {
    expect(() => parseScoreConfigInput({ weights: { fatal: -1 } })).toThrow(
      /weights.fatal: weights are 0 or more/,
    );
    expect(() => parseScoreConfigInput({ params: { caps: { victims: 0 } } })).toThrow(/params.caps.victims/);
    expect(() => parseScoreConfigInput({ params: { priorDistanceM: 0 } })).toThrow(/params.priorDistanceM/);
    expect(() => parseScoreConfigInput({ params: { nearRepeatDays: 1.5 } })).toThrow(/params.nearRepeatDays/);
    expect(() => parseScoreConfigInput([])).toThrow(/score configuration/);
  });
});
