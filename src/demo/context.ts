/** Everything the demo generators share: geometry, places, intensities, profiles, period and scale. */
import { buildGeometry, type CityGeometry } from "./geometry.js";
import { buildIntensity, type PlaceIntensity } from "./intensity.js";
import { buildPlaces, type Places } from "./places.js";
import { buildProfiles, type HourOfWeek, type ProfileName } from "./temporal.js";

export type DemoSize = "small" | "city" | "large";

/** Event volumes relative to the "city" size (about 500,000 incidents over the period). */
export const SCALE: Record<DemoSize, number> = { small: 0.1, city: 1, large: 10.5 };
/** Residents at each size. */
export const POPULATION: Record<DemoSize, number> = { small: 110_000, city: 600_000, large: 6_300_000 };

/** The first corridor's intervention starts here (naive local ms of 2021-01-01). */
export const TREATMENT_START_MS = Date.UTC(2021, 0, 1);

export interface DemoContext {
  readonly seed: number;
  readonly size: DemoSize;
  readonly scale: number;
  readonly startMs: number;
  /** Local midnight of the last day generated. */
  readonly endMs: number;
  readonly geometry: CityGeometry;
  readonly places: Places;
  readonly intensity: PlaceIntensity;
  readonly profiles: Record<ProfileName, HourOfWeek>;
}

export function buildContext(seed: number, size: DemoSize, startDate: string, endDate: string): DemoContext {
  const geometry = buildGeometry();
  const places = buildPlaces(geometry);
  return {
    seed,
    size,
    scale: SCALE[size],
    startMs: Date.parse(`${startDate}T00:00:00Z`),
    endMs: Date.parse(`${endDate}T00:00:00Z`),
    geometry,
    places,
    intensity: buildIntensity(places, seed),
    profiles: buildProfiles(),
  };
}
