/**
 * Where crime happens: a relative intensity for every place and every spatial category. Each intensity is a
 * smooth field (two high-violence areas on the north and south sides, downtown, commercial arterials, the
 * two focus corridors) times a heavy-tailed place effect (lognormal, partly shared between categories) times
 * hot-spot multipliers for a few percent of places (stores, nightlife, problem properties, apartment
 * complexes, parking), with some places (parks, rail yards) nearly inert. The result reproduces the law of
 * crime concentration (Weisburd 2015): about half of the incidents at about 5% of the places with any.
 */
import type { Places } from "./places.js";
import { AliasTable, hashLabel, mix32, Rng } from "./random.js";

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
  { share: 0.012, pickBy: "retail", boost: { retail: 30, street: 3, vehicle: 3, violent: 1.5, traffic: 2 } },
  { share: 0.005, pickBy: "street", boost: { violent: 6, street: 4, gun: 2, drugs: 2 } },
  { share: 0.015, pickBy: "gun", boost: { gun: 6, drugs: 12, violent: 4, street: 2, residential: 2 } },
  { share: 0.015, pickBy: "burglary", boost: { burglary: 4, violent: 2.5, vehicle: 2, residential: 4 } },
  { share: 0.008, pickBy: "vehicle", boost: { vehicle: 10, street: 2 } },
];

/** Relative density of residents at offset (u, v) from the grid origin (also drives district populations). */
export function residentialDensity(u: number, v: number): number {
  return 0.5 + blob(u, v, -2_000, 0, 6_000);
}

const NOISE_SIGMA = 1.05;
const NOISE_SHARED = 0.6;
const INERT_SHARE = 0.12;

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
    const corrV = corr === 0 ? 2.6 : corr === 1 ? 1.9 : 1;
    const violence = (0.15 + 1.6 * north + 1.1 * south + 0.35 * downtown) * corrV;
    const retail = (0.3 + 3 * downtown) * (art ? 4 : 1);
    fields.violent[p] = violence;
    fields.gun[p] = violence ** 1.4 * (corr === 0 ? 1.3 : 1);
    fields.burglary[p] = density * (0.6 + 0.6 * north + 0.4 * south) * (1 - 0.6 * downtown);
    fields.retail[p] = retail;
    fields.vehicle[p] = 0.4 + 1.2 * downtown + 0.5 * north + 0.4 * south + (art ? 1.5 : 0);
    fields.street[p] = 0.5 * violence + 0.15 * retail;
    fields.drugs[p] = violence ** 1.8;
    fields.traffic[p] = (art ? 6 : 1) * (1 + downtown);
    fields.residential[p] = density * (1 - 0.5 * downtown) * (1 + 0.6 * north + 0.4 * south);
  }
  const shared = Math.sqrt(NOISE_SHARED);
  const own = Math.sqrt(1 - NOISE_SHARED);
  for (let p = 0; p < n; p++) {
    const common = rng.normal();
    const inert = rng.chance(INERT_SHARE) ? 0.04 : 1;
    for (const c of CATEGORIES) {
      const z = shared * common + own * rng.normal();
      weight[c][p] = fields[c][p]! * inert * Math.exp(NOISE_SIGMA * z - (NOISE_SIGMA * NOISE_SIGMA) / 2);
    }
  }
  for (const kind of HOT_KINDS) {
    const picker = new AliasTable(fields[kind.pickBy]);
    const count = Math.round(kind.share * n);
    for (let i = 0; i < count; i++) {
      const p = picker.sample(rng);
      for (const [c, m] of Object.entries(kind.boost) as [Category, number][])
        weight[c][p] = weight[c][p]! * m;
    }
  }
  const table = {} as Record<Category, AliasTable>;
  for (const c of CATEGORIES) table[c] = new AliasTable(weight[c]);
  const treated = weight.gun.map((w, p) => (places.corridor[p] === 0 ? w * TREATMENT_EFFECT : w));
  const gunTreated = new AliasTable(treated);
  return { weight, table, gunTreated, gunTreatedMass: gunTreated.total / table.gun.total };
}

/** Draws one of a place's address points, favouring one "main" address so exact locations repeat. */
export function addressPoint(place: number, rng: Rng): number {
  const main = mix32(place) & 7;
  return place * 8 + (rng.chance(0.4) ? main : rng.int(8));
}
