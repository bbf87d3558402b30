/**
 * The synthetic demo city of Lakeport: deterministic for a seed, pure (no I/O, no clock, no Math.random)
 * and lazily generated, so even the 5-million-incident size streams in bounded memory. It is built to look
 * right to a crime analyst: crime concentrated at few places, two violent corridors, summer peaks and
 * hour-of-week patterns, a Part I mix near a real US city's, shootings with near-repeat contagion and an
 * intervention effect, clearances, gunshot detections, calls for service and district populations.
 */
import { buildContext, type DemoContext } from "./context.js";
import { generateCalls, generateDetections } from "./events.js";
import { buildGeometry, type NamedRings } from "./geometry.js";
import { generateIncidents } from "./incidents.js";
import { residentialDensity } from "./intensity.js";
import type { DemoCall, DemoDetection, DemoIncident, DemoPolygon, DemoSize } from "./types.js";

export type { DemoCall, DemoDetection, DemoIncident, DemoPolygon, DemoSize };

export interface DemoCityOptions {
  readonly size: DemoSize;
  readonly seed: number;
  /** Last day generated, YYYY-MM-DD; default "2025-09-30". */
  readonly endDate?: string;
}

export interface DemoPopulation {
  readonly layer: "district";
  readonly name: string;
  readonly year: number;
  readonly population: number;
}

export interface DemoCity {
  readonly name: string;
  readonly timeZone: string;
  /** All x/y are in this CRS (WGS 84 / UTM zone 16N), metres. */
  readonly analysisCrs: string;
  /** YYYY-MM-DD, inclusive: ten full years and the (partial) year of the end date. */
  readonly startDate: string;
  readonly endDate: string;
  readonly cityLimit: DemoPolygon;
  /** Exactly 7, named "1".."7", tiling the city limit (shared edges use identical vertices). */
  readonly districts: readonly DemoPolygon[];
  /** Two corridors; the first has the gun-violence intervention from `treatmentYear`. */
  readonly focusAreas: readonly DemoPolygon[];
  /** Where the gunshot sensors listen (beyond the documented contract: needed to read the detections). */
  readonly sensorCoverage: readonly DemoPolygon[];
  /** First year of the intervention in the first focus area (-25% shootings there). */
  readonly treatmentYear: number;
  /** Every district in every year. */
  readonly populations: readonly DemoPopulation[];
  incidents(): Iterable<DemoIncident>;
  detections(): Iterable<DemoDetection>;
  calls(): Iterable<DemoCall>;
}

export const DEFAULT_END_DATE = "2025-09-30";

/** Volume multiplier relative to "city" (about 500,000 incidents over the default period). */
const SCALE: Record<DemoSize, number> = { small: 0.1, city: 1, large: 10.6 };
/** Residents in the first year, and the yearly growth rate. */
const POPULATION: Record<DemoSize, readonly [number, number]> = {
  small: [110_000, 0.004],
  city: [600_000, -0.002],
  large: [6_000_000, 0.003],
};

function parseEndDate(endDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(endDate);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== endDate) {
    throw new Error(`endDate must be a valid YYYY-MM-DD date, got "${endDate}"`);
  }
  if (Number(m[1]) < 1910 || Number(m[1]) > 2090) throw new Error(`endDate year out of range: ${endDate}`);
  return ms;
}

const polygon = (p: NamedRings): DemoPolygon => ({ name: p.name, rings: p.rings.map((r) => [...r]) });

/**
 * Generates the demo city for a size and seed. Geometry and populations are computed at once; incidents,
 * detections and calls are generated afresh (and identically) on every call of their iterators, so the
 * large size never holds more than a day of records. Throws on an unknown size or a malformed end date.
 */
export function generateDemoCity(options: DemoCityOptions): DemoCity {
  const scale = SCALE[options.size];
  if (scale === undefined) throw new Error(`unknown demo size "${String(options.size)}"`);
  if (!Number.isFinite(options.seed)) throw new Error("seed must be a finite number");
  const endDate = options.endDate ?? DEFAULT_END_DATE;
  const endMs = parseEndDate(endDate);
  const endYear = new Date(endMs).getUTCFullYear();
  const startYear = endYear - 10;
  const treatmentYear = endYear - 4;
  const geometry = buildGeometry();
  const ctx: DemoContext = buildContext(
    { seed: options.seed, scale, startMs: Date.UTC(startYear, 0, 1), endMs, treatmentYear },
    geometry,
  );

  // Residents follow the residential density of each district's places.
  const { places } = ctx;
  const weight = new Float64Array(geometry.districts.length);
  for (let p = 0; p < places.count; p++) {
    const d = places.district[p]!;
    weight[d] = weight[d]! + residentialDensity(places.u[p]!, places.v[p]!);
  }
  const totalWeight = weight.reduce((s, w) => s + w, 0);
  const [firstYear, growth] = POPULATION[options.size];
  const populations: DemoPopulation[] = [];
  for (let year = startYear; year <= endYear; year++) {
    geometry.districts.forEach((d, i) => {
      const population = Math.round(
        ((firstYear * weight[i]!) / totalWeight) * (1 + growth) ** (year - startYear),
      );
      populations.push({ layer: "district", name: d.name, year, population });
    });
  }

  return {
    name: "Lakeport",
    timeZone: "America/Chicago",
    analysisCrs: "EPSG:32616",
    startDate: `${startYear}-01-01`,
    endDate,
    cityLimit: polygon(geometry.cityLimit),
    districts: geometry.districts.map(polygon),
    focusAreas: geometry.focusAreas.map(polygon),
    sensorCoverage: geometry.sensorCoverage.map(polygon),
    treatmentYear,
    populations,
    incidents: () => ({ [Symbol.iterator]: () => generateIncidents(ctx) }),
    detections: () => ({ [Symbol.iterator]: () => generateDetections(ctx) }),
    calls: () => ({ [Symbol.iterator]: () => generateCalls(ctx) }),
  };
}
