/** Read-only summaries of what a database holds (for `peacestat info` and the data-status page). */
import type { Database } from "./db.js";

export async function incidentTotals(db: Database) {
  return (await db.one<{
    current: number;
    versions: number;
    no_location: number;
    first: string | null;
    last: string | null;
  }>(
    `SELECT count(*) FILTER (WHERE valid_to IS NULL)::DOUBLE AS current,
            count(*)::DOUBLE AS versions,
            count(*) FILTER (WHERE valid_to IS NULL AND x IS NULL)::DOUBLE AS no_location,
            strftime(min(occurred_at) FILTER (WHERE valid_to IS NULL), '%Y-%m-%d') AS first,
            strftime(max(occurred_at) FILTER (WHERE valid_to IS NULL), '%Y-%m-%d %H:%M') AS last
     FROM incidents`,
  ))!;
}

export async function incidentsByYear(db: Database) {
  return db.all<{ year: number; incidents: number }>(
    `SELECT year(occurred_at)::INTEGER AS year, count(*)::DOUBLE AS incidents
     FROM incidents WHERE valid_to IS NULL GROUP BY 1 ORDER BY 1`,
  );
}

/** Offenses by year: an incident with two offenses counts once under each. */
export async function offensesByYear(db: Database) {
  return db.all<{ offense: string; year: number; n: number }>(
    `SELECT o AS offense, year(occurred_at)::INTEGER AS year, count(*)::DOUBLE AS n
     FROM (SELECT unnest(offenses) AS o, occurred_at FROM incidents WHERE valid_to IS NULL)
     GROUP BY 1, 2 ORDER BY 1, 2`,
  );
}

export async function districtCounts(db: Database) {
  return db.all<{ district: string; method: string; n: number }>(
    `SELECT a.area AS district, a.method, count(*)::DOUBLE AS n
     FROM incidents i JOIN event_areas a ON a.kind = 'incident' AND a.uid = i.uid AND a.layer = 'district'
     WHERE i.valid_to IS NULL GROUP BY 1, 2 ORDER BY 1, 2`,
  );
}

export async function layerSummaries(db: Database) {
  return db.all<{
    layer: string;
    areas: number;
    source_crs: string;
    square_miles: number;
    population_years: string | null;
  }>(
    `SELECT l.layer, count(a.name)::INTEGER AS areas, l.source_crs,
            sum(a.area_m2) / 2589988.110336 AS square_miles,
            (SELECT string_agg(DISTINCT year::VARCHAR, ',' ORDER BY year::VARCHAR) FROM area_populations p WHERE p.layer = l.layer) AS population_years
     FROM area_layers l LEFT JOIN areas a ON a.layer = l.layer
     GROUP BY l.layer, l.source_crs ORDER BY l.layer`,
  );
}

export async function eventTotals(db: Database) {
  return (await db.one<{ detections: number; calls: number; last_batch: string | null }>(
    `SELECT (SELECT count(*) FROM gunshot_detections)::DOUBLE AS detections,
            (SELECT count(*) FROM calls_for_service)::DOUBLE AS calls,
            (SELECT strftime(max(finished_at) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') FROM import_batches) AS last_batch`,
  ))!;
}
