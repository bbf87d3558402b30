/**
 * Everything the demo streams share for one set of options: the period, the volume scale, the geometry,
 * the places and their seeded intensities, and the hour-of-week profiles. Built once per city, read-only.
 */
import { buildGeometry, type CityGeometry } from "./geometry.js";
import { buildIntensity, type PlaceIntensity } from "./intensity.js";
import { buildPlaces, type Places } from "./places.js";
import { buildProfiles, DAY_MS, type HourOfWeek, type ProfileName } from "./temporal.js";

export interface DemoContext {
  readonly seed: number;
  /** Volume multiplier relative to "city" size. */
  readonly scale: number;
  /** Naive ms of the first and the last day's local midnight. */
  readonly startMs: number;
  readonly endMs: number;
  /** Exclusive end of the data: midnight after the last day. Nothing later is reported, cleared or shown. */
  readonly dataEndMs: number;
  /** First year of the gun-violence intervention in the first corridor. */
  readonly treatmentYear: number;
  readonly geometry: CityGeometry;
  readonly places: Places;
  readonly intensity: PlaceIntensity;
  readonly profiles: Readonly<Record<ProfileName, HourOfWeek>>;
}

export interface ContextOptions {
  readonly seed: number;
  readonly scale: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly treatmentYear: number;
}

/** Builds the shared context (geometry and places are fixed; intensities depend on the seed). */
export function buildContext(options: ContextOptions, geometry: CityGeometry = buildGeometry()): DemoContext {
  const places = buildPlaces(geometry);
  return {
    ...options,
    dataEndMs: options.endMs + DAY_MS,
    geometry,
    places,
    intensity: buildIntensity(places, options.seed),
    profiles: buildProfiles(),
  };
}
