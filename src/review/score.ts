/**
 * The impact score of a shooting: an explainable weighted sum of named factors (issue 7). Each factor has a
 * value (0/1, or a count capped where the configuration says), a weight, and a contribution = value x
 * weight; the score is the sum of the contributions, and every factor is shown with its contribution, so a
 * reader can always say why one shooting ranks above another.
 *
 * The score orders the review's agenda; it is advisory, never a judgement about a person. Its inputs are
 * facts about the incident and the place (docs/domain.md, "People: safeguards"): no protected attribute is a
 * factor, and the configuration cannot add one (score-config.ts refuses unknown factor names).
 *
 * Pure: no database, no clock.
 */
import type { FactorName, ScoreConfigBody } from "./score-config.js";

/** What the score is computed from: facts the review window assembled for one shooting. */
export interface ScoreFacts {
  /** Someone was killed (a homicide by firearm). */
  readonly fatal: boolean;
  /** People struck by gunfire, killed included (at least 1 for a shooting). */
  readonly victims: number;
  /** At least one victim under 18 (age band "under 18"); false when no age is known. */
  readonly juvenile: boolean;
  /** Other shootings in the near-repeat window (either side, up to the review date). */
  readonly nearRepeat: number;
  /** Earlier shootings on the same block (near-repeat distance), in the prior window, before the near-repeat window. */
  readonly sameBlockPrior: number;
  /** An analyst recorded a known group conflict (review_notes). */
  readonly groupConflict: boolean;
  /** Prior shootings within the prior-shooting distance and months. */
  readonly priorShootings: number;
}

export interface ScoreFactor {
  readonly name: FactorName;
  readonly label: string;
  /** The value as found (a count may exceed its cap). */
  readonly rawValue: number;
  /** The value entering the score: min(rawValue, cap) for counted factors, 0/1 otherwise. */
  readonly value: number;
  readonly cap: number | null;
  readonly weight: number;
  /** value x weight. */
  readonly contribution: number;
  /** One line a person can read: what was found. */
  readonly explanation: string;
}

export interface ImpactScore {
  /** The score_configs version that made this score. */
  readonly configVersion: number;
  /** The sum of the factors' contributions. */
  readonly score: number;
  readonly factors: readonly ScoreFactor[];
}

export const FACTOR_LABELS: Readonly<Record<FactorName, string>> = {
  fatal: "Fatal",
  victims: "Number of victims",
  juvenile: "Juvenile victim",
  retaliation: "Retaliation risk",
  "group-conflict": "Group conflict (analyst)",
  "place-history": "Place history",
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Scores one shooting under a configuration. Contributions add up to `score` (summed in factor order). */
export function impactScore(facts: ScoreFacts, config: ScoreConfigBody & { version: number }): ImpactScore {
  const { weights, params } = config;
  const caps = params.caps;
  const retaliation = facts.nearRepeat + facts.sameBlockPrior;
  const entries: [FactorName, number, number | null, string][] = [
    ["fatal", facts.fatal ? 1 : 0, null, facts.fatal ? "someone was killed" : "nobody was killed"],
    ["victims", facts.victims, caps.victims, `${plural(facts.victims, "person", "people")} shot`],
    [
      "juvenile",
      facts.juvenile ? 1 : 0,
      null,
      facts.juvenile ? "a victim under 18" : "no victim known to be under 18",
    ],
    [
      "retaliation",
      retaliation,
      caps.retaliation,
      `${plural(facts.nearRepeat, "shooting")} within ${params.nearRepeatDistanceM} m and ${params.nearRepeatDays} days; ${plural(facts.sameBlockPrior, "earlier shooting")} within ${params.nearRepeatDistanceM} m in the ${params.priorMonths} months before`,
    ],
    [
      "group-conflict",
      facts.groupConflict ? 1 : 0,
      null,
      facts.groupConflict ? "an analyst recorded a group conflict" : "no group conflict recorded",
    ],
    [
      "place-history",
      facts.priorShootings,
      caps["place-history"],
      `${plural(facts.priorShootings, "shooting")} within ${params.priorDistanceM} m in the ${params.priorMonths} months before`,
    ],
  ];
  let score = 0;
  const factors = entries.map(([name, rawValue, cap, explanation]): ScoreFactor => {
    const value = cap === null ? rawValue : Math.min(rawValue, cap);
    const weight = weights[name];
    const contribution = value * weight;
    score += contribution;
    const capped = cap !== null && rawValue > cap ? ` (capped at ${cap})` : "";
    return {
      name,
      label: FACTOR_LABELS[name],
      rawValue,
      value,
      cap,
      weight,
      contribution,
      explanation: explanation + capped,
    };
  });
  return { configVersion: config.version, score, factors };
}
