/**
 * Where crime happens: a relative intensity for every place and every spatial category. Each intensity is a
 * smooth field (two high-violence areas on the north and south sides, downtown, commercial arterials, the
 * two focus corridors) times a lognormal place effect (partly shared between categories) times heavy-tailed
 * hot-spot multipliers for about 7% of places (stores, nightlife, problem properties, apartment complexes,
 * parking lots); 30% of the segments (industrial land, parks, rail yards) have no crime of their own. The
 * result reproduces the law of crime concentration (Weisburd 2015): half of the incidents at about 4-6% of
 * the places with any, at every size.
 */

import { AliasTable, hashLabel, mix32, Rng } from "../domain/random.js";
import { type Places, POINTS_PER_PLACE } from "./places.js";

export const CATEGORIES = [
  "violent",
  "gun",
  "burglary",
  "retail",
  "vehicle",
  "street",
  "drugs",
  "traffic",
  "residential",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Intensity multiplier for gun violence in the first corridor from the treatment year on. */
export const TREATMENT_EFFECT = 0.75;

export interface PlaceIntensity {
  /** Per-category weights over places. */
  readonly weight: Readonly<Record<Category, Float64Array>>;
  readonly table: Readonly<Record<Category, AliasTable>>;
  /** Gun violence with the first corridor's treatment effect applied. */
  readonly gunTreated: AliasTable;
  /** Total gun weight after treatment relative to before (the citywide rate multiplier). */
  readonly gunTreatedMass: number;
}

const blob = (u: number, v: number, cu: number, cv: number, s: number): number =>
  Math.exp(-((u - cu) ** 2 + (v - cv) ** 2) / (2 * s * s));

interface HotKind {
  readonly share: number;
  readonly pickBy: Category;
  readonly boost: Partial<Record<Category, number>>;
}

// Multipliers for hot places, picked in proportion to a category's smooth field.
const HOT_KINDS: readonly HotKind[] = [
  { share: 0.012, pickBy: "retail", boost: { retail: 52, street: 3, vehicle: 3, violent: 2, traffic: 3 } },
  { share: 0.006, pickBy: "street", boost: { violent: 10, street: 8, gun: 3, drugs: 3, vehicle: 2 } },
  {
    share: 0.02,
    pickBy: "gun",
    boost: { gun: 7.5, drugs: 15, violent: 5.5, street: 4, residential: 3, burglary: 2 },
  },
  {
    share: 0.02,
    pickBy: "burglary",
    boost: { burglary: 6, violent: 3.2, vehicle: 3, residential: 6, street: 2 },
  },
  { share: 0.01, pickBy: "vehicle", boost: { vehicle: 14, street: 3 } },
];

/**
 * Share of each category's intensity in the first corridor (about 2.4% of the land), fixed after the
 * random place effects so every seed gives the corridor its intended weight (over 10% of violent crime).
 */
const CORRIDOR_SHARE: Partial<Record<Category, number>> = {
  violent: 0.13,
  gun: 0.17,
  street: 0.08,
  drugs: 0.15,
};

/** Relative density of residents at offset (u, v) from the grid origin (also drives district populations). */
export function residentialDensity(u: number, v: number): number {
  return 0.5 + blob(u, v, -2_000, 0, 6_000);
}

const NOISE_SIGMA = 0.5;
const NOISE_SHARED = 0.6;
const INERT_SHARE = 0.3;
const HOT_PARETO_CAP = 4;

/** Computes the place intensities for a seed; the smooth fields are fixed, the place effects are seeded. */
export function buildIntensity(places: Places, seed: number): PlaceIntensity {
  const rng = new Rng(seed, hashLabel("intensity"));
  const n = places.count;
  const weight = {} as Record<Category, Float64Array>;
  for (const c of CATEGORIES) weight[c] = new Float64Array(n);
  const fields = {} as Record<Category, Float64Array>;
  for (const c of CATEGORIES) fields[c] = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const u = places.u[p]!;
    const v = places.v[p]!;
    const north = blob(u, v, -4_300, 3_600, 2_300);
    const south = blob(u, v, 600, -3_300, 2_000);
    const downtown = blob(u, v, 0, 0, 1_600);
    const density = residentialDensity(u, v);
    const art = places.arterial[p]!;
    const corr = places.corridor[p]!;
    const corrV = corr === 0 ? 1.2 : corr === 1 ? 1.4 : 1;
    const violence = (0.15 + 1.6 * north + 1.1 * south + 0.35 * downtown) * corrV;
    const retail = (0.3 + 3 * downtown) * (art ? 4 : 1);
    fields.violent[p] = violence;
    fields.gun[p] = violence ** 1.4 * (corr === 0 ? 1.1 : 1);
    fields.burglary[p] = density * (0.6 + 0.6 * north + 0.4 * south) * (1 - 0.6 * downtown);
    fields.retail[p] = retail;
    fields.vehicle[p] = 0.4 + 1.2 * downtown + 0.5 * north + 0.4 * south + (art ? 1.5 : 0);
    fields.street[p] = 0.5 * violence + 0.15 * retail;
    fields.drugs[p] = violence ** 1.8;
    fields.traffic[p] = (art ? 6 : 1) * (1 + downtown);
    fields.residential[p] = density * (1 - 0.5 * downtown) * (1 + 0.6 * north + 0.4 * south);
  }
  const inert = new Uint8Array(n);
  const shared = Math.sqrt(NOISE_SHARED);
  const own = Math.sqrt(1 - NOISE_SHARED);
  for (let p = 0; p < n; p++) {
    const common = rng.normal();
    inert[p] = rng.chance(INERT_SHARE) ? 1 : 0;
    for (const c of CATEGORIES) {
      const z = shared * common + own * rng.normal();
      weight[c][p] = inert[p]
        ? 0
        : fields[c][p]! * Math.exp(NOISE_SIGMA * z - (NOISE_SIGMA * NOISE_SIGMA) / 2);
    }
  }
  for (const kind of HOT_KINDS) {
    const picker = new AliasTable(fields[kind.pickBy]);
    const picked = new Set<number>();
    const count = Math.round(kind.share * n);
    for (let tries = 0; picked.size < count && tries < 20 * count; tries++) {
      const p = picker.sample(rng);
      if (picked.has(p) || inert[p]) continue;
      picked.add(p);
      // Hot places differ among themselves too: a Pareto (alpha 2) factor, capped.
      const size = Math.min(HOT_PARETO_CAP, (1 - rng.uniform()) ** -0.5);
      for (const [c, m] of Object.entries(kind.boost) as [Category, number][]) {
        weight[c][p] = weight[c][p]! * m * size;
      }
    }
  }
  for (const [c, target] of Object.entries(CORRIDOR_SHARE) as [Category, number][]) {
    let inside = 0;
    let outside = 0;
    for (let p = 0; p < n; p++) {
      if (places.corridor[p] === 0) inside += weight[c][p]!;
      else outside += weight[c][p]!;
    }
    const k = (target * outside) / ((1 - target) * inside);
    for (let p = 0; p < n; p++) if (places.corridor[p] === 0) weight[c][p] = weight[c][p]! * k;
  }
  const table = {} as Record<Category, AliasTable>;
  for (const c of CATEGORIES) table[c] = new AliasTable(weight[c]);
  const treated = weight.gun.map((w, p) => (places.corridor[p] === 0 ? w * TREATMENT_EFFECT : w));
  const gunTreated = new AliasTable(treated);
  return { weight, table, gunTreated, gunTreatedMass: gunTreated.total / table.gun.total };
}

/** Draws one of a place's address points, favouring one "main" address so exact locations repeat. */
export function addressPoint(place: number, rng: Rng): number {
  const main = mix32(place) % POINTS_PER_PLACE;
  return place * POINTS_PER_PLACE + (rng.chance(0.4) ? main : rng.int(POINTS_PER_PLACE));
}
