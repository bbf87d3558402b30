import type { CityConfig } from "../domain/city.js";
import { offenseName } from "../domain/nibrs.js";
import { listBatches } from "../store/batches.js";
import { getCity } from "../store/city.js";
import type { Database } from "../store/db.js";
import {
  districtCounts,
  eventTotals,
  incidentsByYear,
  incidentTotals,
  layerSummaries,
  offensesByYear,
} from "../store/info.js";

export interface DatabaseInfo {
  readonly kind: "database-info";
  readonly database: string;
  readonly city: CityConfig;
  /** When the newest batch finished loading (UTC) - the data as-of time every report states. */
  readonly dataAsOf: string | null;
  readonly incidents: {
    readonly current: number;
    readonly versions: number;
    readonly withoutLocation: number;
    readonly firstOccurred: string | null;
    readonly lastOccurred: string | null;
    readonly byYear: readonly { year: number; incidents: number }[];
    readonly offenses: readonly {
      code: string;
      name: string;
      byYear: Record<string, number>;
      total: number;
    }[];
    readonly byDistrict: readonly { district: string; method: string; incidents: number }[];
  };
  readonly layers: readonly {
    layer: string;
    areas: number;
    sourceCrs: string;
    squareMiles: number;
    populationYears: string | null;
  }[];
  readonly gunshotDetections: number;
  readonly callsForService: number;
  readonly batches: readonly Record<string, unknown>[];
}

export async function describeDatabase(db: Database): Promise<DatabaseInfo> {
  const city = await getCity(db);
  const totals = await incidentTotals(db);
  const offenses = new Map<string, { byYear: Record<string, number>; total: number }>();
  for (const r of await offensesByYear(db)) {
    const o = offenses.get(r.offense) ?? { byYear: {}, total: 0 };
    o.byYear[String(r.year)] = r.n;
    o.total += r.n;
    offenses.set(r.offense, o);
  }
  const events = await eventTotals(db);
  return {
    kind: "database-info",
    database: db.path,
    city,
    dataAsOf: events.last_batch,
    incidents: {
      current: totals.current,
      versions: totals.versions,
      withoutLocation: totals.no_location,
      firstOccurred: totals.first,
      lastOccurred: totals.last,
      byYear: await incidentsByYear(db),
      offenses: [...offenses]
        .map(([code, o]) => ({ code, name: offenseName(code), ...o }))
        .sort((a, b) => b.total - a.total),
      byDistrict: (await districtCounts(db)).map((d) => ({
        district: d.district,
        method: d.method,
        incidents: d.n,
      })),
    },
    layers: (await layerSummaries(db)).map((l) => ({
      layer: l.layer,
      areas: l.areas,
      sourceCrs: l.source_crs,
      squareMiles: l.square_miles,
      populationYears: l.population_years,
    })),
    gunshotDetections: events.detections,
    callsForService: events.calls,
    batches: await listBatches(db),
  };
}
