/**
 * Crime concentration at places: how few places hold a given share of events (Weisburd 2015, "The law of
 * crime concentration and the criminology of place", Criminology 53(2), which reports the share of places
 * holding 25% and 50% of crime), the Lorenz curve, and the Gini coefficient in the four versions of the R
 * package `lorenzgini` (Steenbeek & Bernasco), whose `gini()` is the reference: classic or generalized,
 * biased or unbiased. The generalized Gini of Bernasco & Steenbeek (2017, "More places than crimes", J.
 * Quant. Criminol. 33: 451-467) matters for street segments and grid cells, where events are usually fewer
 * than places: then even maximal spread leaves places empty, and the classic Gini reads that as concentration.
 */
import { AppError } from "../domain/errors.js";

export interface ConcentrationOptions {
  /** Shares of all events to find the fewest places for; default [0.25, 0.5] (Weisburd 2015). */
  readonly shares?: readonly number[];
}

/** The fewest places (taken from the most to the least eventful) that together hold `eventShare`. */
export interface PlacesForShare {
  readonly eventShare: number;
  readonly places: number;
  /** Events those places hold (at least eventShare of all). */
  readonly events: number;
  /** places / all places. */
  readonly shareOfPlaces: number;
  /** places / places with at least one event: the denominator Weisburd argues for with sparse data. */
  readonly shareOfPlacesWithEvents: number;
}

/** A vertex of the Lorenz curve: the top `places` share of places holds the `events` share of events. */
export interface LorenzPoint {
  readonly places: number;
  readonly events: number;
}

export interface Concentration {
  readonly status: "ok";
  readonly places: number;
  readonly events: number;
  readonly placesWithEvents: number;
  readonly shares: readonly PlacesForShare[];
  /**
   * Vertices of the Lorenz curve from (0, 0) to (1, 1), places ordered from most to least events (as
   * lorenzgini draws it). Runs of places with equal counts lie on one segment, so only their ends are
   * kept: the curve is exact and has at most one point per distinct count.
   */
  readonly lorenz: readonly LorenzPoint[];
  /** Where the line of maximal attainable equality reaches 1: min(1, events / places) ("c/n"). */
  readonly maxEqualityShare: number;
  /** Classic Gini, DescTools::Gini(x, unbiased = FALSE); at most (n - 1)/n. */
  readonly gini: number;
  /** Classic Gini times n/(n - 1) (Deltas 2003); null for a single place. */
  readonly giniUnbiased: number | null;
  /** G' = max(1, n/N) (G - 1) + 1: 0 when the N < n events sit in N different places. */
  readonly generalizedGini: number;
  /**
   * G' times m/(m - 1), m = min(n, N): lorenzgini's default `gini(x)`, which is 1 when all events are in
   * one place. Null when m < 2 (one place or one event: no spread is possible).
   */
  readonly generalizedGiniUnbiased: number | null;
}

export interface NoConcentration {
  readonly status: "no-places" | "no-events";
  readonly places: number;
  readonly events: 0;
  readonly reason: string;
}

/**
 * Concentration of events over places from one count per place (cells, segments, areas; zeros included,
 * since places without events are what the measures are about). Counts must be whole numbers >= 0: the
 * generalized Gini's maximal equality (one event per place) is defined for counts of events.
 */
export function concentration(
  counts: ArrayLike<number>,
  options: ConcentrationOptions = {},
): Concentration | NoConcentration {
  const targets = options.shares ?? [0.25, 0.5];
  for (const s of targets)
    if (!(s > 0 && s <= 1))
      throw new AppError("invalid-argument", `event shares must be in (0, 1], got ${s}`);
  const n = counts.length;
  const sorted = new Float64Array(n);
  let total = 0;
  let withEvents = 0;
  for (let i = 0; i < n; i++) {
    const c = counts[i]!;
    if (!(Number.isInteger(c) && c >= 0))
      throw new AppError("invalid-argument", `count ${i} is ${c}, expected a whole number >= 0`);
    sorted[i] = c;
    total += c;
    if (c > 0) withEvents++;
  }
  if (n === 0) return { status: "no-places", places: 0, events: 0, reason: "there are no places" };
  if (total === 0) return { status: "no-events", places: n, events: 0, reason: "no place has an event" };
  sorted.sort(); // ascending

  // DescTools::Gini(unbiased = FALSE): (2 sum_i i x_(i) / sum(x) - (n + 1)) / n, x ascending, i from 1
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (i + 1) * sorted[i]!;
  const gini = ((2 * weighted) / total - (n + 1)) / n;
  // max(1, n/N) (G - 1) + 1, skipping the no-op round trip when N >= n so that G' is exactly G there
  const generalizedGini = total >= n ? gini : (n / total) * (gini - 1) + 1;
  const m = Math.min(n, total);

  // runs of equal counts, most eventful first: the Lorenz vertices and the Weisburd shares come from them
  const lorenz: LorenzPoint[] = [{ places: 0, events: 0 }];
  const need = targets.map((s) => s * total);
  const found = targets.map(() => -1);
  const held = targets.map(() => 0);
  let placesBefore = 0;
  let eventsBefore = 0;
  for (let end = n; end > 0; ) {
    const c = sorted[end - 1]!;
    let start = end - 1;
    while (start > 0 && sorted[start - 1] === c) start--;
    const run = end - start;
    need.forEach((e, t) => {
      // the 1e-9 absorbs share * total landing just above a whole number (0.1 * 30 = 3.0000000000000004)
      if (found[t] !== -1 || c === 0 || eventsBefore + run * c < e - 1e-9) return;
      const k = Math.max(1, Math.ceil((e - eventsBefore) / c - 1e-9));
      found[t] = placesBefore + k;
      held[t] = eventsBefore + k * c;
    });
    placesBefore += run;
    eventsBefore += run * c;
    lorenz.push({ places: placesBefore / n, events: eventsBefore / total });
    end = start;
  }

  return {
    status: "ok",
    places: n,
    events: total,
    placesWithEvents: withEvents,
    shares: targets.map((eventShare, t) => ({
      eventShare,
      places: found[t]!,
      events: held[t]!,
      shareOfPlaces: found[t]! / n,
      shareOfPlacesWithEvents: found[t]! / withEvents,
    })),
    lorenz,
    maxEqualityShare: Math.min(1, total / n),
    gini,
    giniUnbiased: n > 1 ? (gini * n) / (n - 1) : null,
    generalizedGini,
    generalizedGiniUnbiased: m > 1 ? (generalizedGini * m) / (m - 1) : null,
  };
}
