/**
 * The synthetic demo city of Lakeport: deterministic for a seed, pure (no I/O, no clock), lazily generated
 * so the 5-million-incident size streams. It is built to look right to a crime analyst: crime concentrated
 * at few places, seasonality and hour-of-week patterns, a Part I mix near a real US city's, shootings with
 * near-repeat contagion, clearances, gunshot detections, calls for service and district populations.
 * See docs/demo-city.md.
 */
import { buildContext, type DemoSize, POPULATION } from "./context.js";
import { type DemoCall, type DemoDetection, generateCalls, generateDetections } from "./events.js";
import type { Point } from "./geometry.js";
import { type DemoIncident, generateIncidents } from "./incidents.js";
import { residentialDensity } from "./intensity.js";
import { hashLabel, Rng } from "./random.js";

export type { DemoCall, DemoDetection, DemoIncident, DemoSize };

export interface DemoCityOptions {
  readonly size: DemoSize;
  readonly seed: number;
  /** Last day generated, YYYY-MM-DD; default 2025-09-30. */
  readonly endDate?: string;
}

export interface DemoPolygon {
  readonly name: string;
  /** Rings in the analysis CRS (metres): the first outer, counter-clockwise, closed. */
  readonly rings: readonly (readonly Point[])[];
}

export interface DemoCity {
  readonly name: string;
  readonly timeZone: string;
  readonly analysisCrs: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly cityLimit: DemoPolygon;
  readonly districts: readonly DemoPolygon[];
  readonly focusAreas: readonly DemoPolygon[];
  readonly populations: readonly { layer: "district"; name: string; year: number; population: number }[];
  incidents(): Iterable<DemoIncident>;
  detections(): Iterable<DemoDetection>;
  calls(): Iterable<DemoCall>;
}

export const DEMO_START_DATE = "2015-01-01";
export const DEMO_END_DATE = "2025-09-30";

export function generateDemoCity(options: DemoCityOptions): DemoCity {
  const endDate = options.endDate ?? DEMO_END_DATE;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate) || endDate <= DEMO_START_DATE) {
    throw new Error(`endDate must be YYYY-MM-DD after ${DEMO_START_DATE}`);
  }
  const ctx = buildContext(options.seed, options.size, DEMO_START_DATE, endDate);
  const { geometry, places } = ctx;

  // Residents follow the residential density of each district's places; the city shrinks 0.3% a year.
  const density = new Float64Array(geometry.districts.length);
  for (let p = 0; p < places.count; p++) {
    density[places.district[p]!] =
      density[places.district[p]!]! + residentialDensity(places.u[p]!, places.v[p]!);
  }
  const totalDensity = density.reduce((s, v) => s + v, 0);
  const rng = new Rng(options.seed, hashLabel("population"));
  const populations: DemoCity["populations"][number][] = [];
  const lastYear = Number(endDate.slice(0, 4));
  for (let year = Number(DEMO_START_DATE.slice(0, 4)); year <= lastYear; year++) {
    geometry.districts.forEach((d, i) => {
      const base = (POPULATION[options.size] * density[i]!) / totalDensity;
      const population = Math.round(base * (1 - 0.003 * (year - 2015)) * (1 + 0.004 * rng.normal()));
      populations.push({ layer: "district", name: d.name, year, population });
    });
  }

  return {
    name: "Lakeport",
    timeZone: "America/Chicago",
    analysisCrs: "EPSG:32616",
    startDate: DEMO_START_DATE,
    endDate,
    cityLimit: geometry.cityLimit,
    districts: geometry.districts,
    focusAreas: geometry.focusAreas,
    populations,
    incidents: () => generateIncidents(ctx),
    detections: () => generateDetections(ctx),
    calls: () => generateCalls(ctx),
  };
}
