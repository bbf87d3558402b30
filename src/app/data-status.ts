/**
 * The data-status summary (GET /api/status, the dashboard's /status page): how far each source's data
 * reaches, every import with its row accounting and its rejects counted by reason, the area layers and
 * population years, and the metric definitions the CompStat book uses.
 *
 * Why it takes a CompStat report: coverage, per-source load times and the definitions are what the
 * engine itself reports (`report.coverage`, `report.dataAsOf`, `report.definitions`), so this page can
 * never describe the data differently from the tables it explains. Only record counts, batches and
 * issue counts come from the store directly.
 */
import type { CompStatReport, MetricDefinitionSummary } from "../compstat/report.js";
import type { CityConfig } from "../domain/city.js";
import { getCity } from "../store/city.js";
import type { Database } from "../store/db.js";
import {
  eventTotals,
  type ImportBatchRow,
  importBatches,
  importIssueCounts,
  incidentTotals,
  layerSummaries,
  partnerActivityTotal,
} from "../store/info.js";

/** The event sources, in the report's names. */
export const SOURCES = ["incidents", "gunshot detections", "calls for service", "partner activity"] as const;
export type SourceLabel = (typeof SOURCES)[number];

export interface SourceStatus {
  readonly source: SourceLabel;
  /** Current records (incidents: current versions only). */
  readonly records: number;
  /** First and last local day with data (the report's coverage); null when the source is empty. */
  readonly first: string | null;
  readonly last: string | null;
  /** When the newest batch feeding this source finished, local time (null when the book leaves it out). */
  readonly lastLoaded: string | null;
}

export interface IssueReason {
  readonly severity: string;
  readonly column: string | null;
  readonly reason: string;
  readonly count: number;
}

export interface ImportStatus extends ImportBatchRow {
  /** Rejected and warned rows by (severity, column, reason), most frequent first. */
  readonly reasons: readonly IssueReason[];
}

export interface LayerStatus {
  readonly layer: string;
  readonly areas: number;
  readonly sourceCrs: string;
  /** Null for a layer without polygons. */
  readonly squareMiles: number | null;
  readonly populationYears: readonly number[];
}

export interface DataStatus {
  readonly kind: "data-status";
  readonly city: CityConfig;
  /** When the newest import finished, UTC ISO 8601; null before any import. */
  readonly lastImport: string | null;
  /** The as-of day of the default CompStat book these definitions and coverage come from. */
  readonly reportAsOf: string;
  readonly sources: readonly SourceStatus[];
  readonly imports: readonly ImportStatus[];
  readonly layers: readonly LayerStatus[];
  readonly definitions: {
    readonly metrics: readonly MetricDefinitionSummary[];
    readonly countingRule: string;
  };
  readonly goals: number;
  /** The report's caveats (sources left out, data ending before the as-of date). */
  readonly notes: readonly string[];
}

/** Builds the summary from the database and the default CompStat book (`buildCompStat(db, {})`). */
export async function buildDataStatus(db: Database, report: CompStatReport): Promise<DataStatus> {
  const city = await getCity(db);
  const incidents = await incidentTotals(db);
  const events = await eventTotals(db);
  const records: Record<SourceLabel, number> = {
    incidents: incidents.current,
    "gunshot detections": events.detections,
    "calls for service": events.calls,
    "partner activity": await partnerActivityTotal(db),
  };
  const counts = await importIssueCounts(db);
  const reasons = new Map<number, IssueReason[]>();
  for (const { batchId, ...r } of counts) {
    const list = reasons.get(batchId) ?? [];
    list.push(r);
    reasons.set(batchId, list);
  }
  return {
    kind: "data-status",
    city,
    lastImport: events.last_batch,
    reportAsOf: report.asOf,
    sources: SOURCES.map((source) => ({
      source,
      records: records[source],
      first: report.coverage[source]?.first ?? null,
      last: report.coverage[source]?.last ?? null,
      lastLoaded: report.dataAsOf[source] ?? null,
    })),
    imports: (await importBatches(db)).map((b) => ({ ...b, reasons: reasons.get(b.batchId) ?? [] })),
    layers: (await layerSummaries(db)).map((l) => ({
      layer: l.layer,
      areas: l.areas,
      sourceCrs: l.source_crs,
      squareMiles: l.square_miles ?? null,
      populationYears: l.population_years ? l.population_years.split(",").map(Number) : [],
    })),
    definitions: {
      metrics: report.definitions.metrics,
      countingRule: report.definitions.countingRule,
    },
    goals: report.goals.length,
    notes: report.notes,
  };
}
