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

/** Rows in the partner activity log (one row per reported activity line). */
export async function partnerActivityTotal(db: Database): Promise<number> {
  return (await db.one<{ n: number }>("SELECT count(*)::DOUBLE AS n FROM partner_activity"))?.n ?? 0;
}

export interface ImportBatchRow {
  readonly batchId: number;
  readonly kind: string;
  readonly format: string;
  readonly source: string;
  readonly fileName: string;
  readonly sha256: string;
  readonly fileBytes: number;
  /** UTC, ISO 8601 to the second. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly rows: {
    readonly read: number;
    readonly new: number;
    readonly updated: number;
    readonly unchanged: number;
    readonly rejected: number;
  };
  readonly warnings: number;
}

/** Every import batch, newest first, with the file's identity and its row accounting. */
export async function importBatches(db: Database): Promise<ImportBatchRow[]> {
  const rows = await db.all<{
    batch_id: number;
    kind: string;
    format: string;
    source: string;
    file_name: string;
    file_sha256: string;
    file_bytes: number;
    started_at: string;
    finished_at: string;
    rows_read: number;
    rows_new: number;
    rows_updated: number;
    rows_unchanged: number;
    rows_rejected: number;
    warnings: number;
  }>(
    `SELECT batch_id, kind, format, source, file_name, file_sha256, file_bytes::DOUBLE AS file_bytes,
            strftime(started_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS started_at,
            strftime(finished_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS finished_at,
            rows_read::DOUBLE AS rows_read, rows_new::DOUBLE AS rows_new, rows_updated::DOUBLE AS rows_updated,
            rows_unchanged::DOUBLE AS rows_unchanged, rows_rejected::DOUBLE AS rows_rejected,
            warnings::DOUBLE AS warnings
     FROM import_batches ORDER BY batch_id DESC`,
  );
  return rows.map((r) => ({
    batchId: r.batch_id,
    kind: r.kind,
    format: r.format,
    source: r.source,
    fileName: r.file_name,
    sha256: r.file_sha256,
    fileBytes: r.file_bytes,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    rows: {
      read: r.rows_read,
      new: r.rows_new,
      updated: r.rows_updated,
      unchanged: r.rows_unchanged,
      rejected: r.rows_rejected,
    },
    warnings: r.warnings,
  }));
}

export interface IssueReasonCount {
  readonly batchId: number;
  readonly severity: string;
  readonly column: string | null;
  readonly reason: string;
  readonly count: number;
}

/** Rejected and warned rows of every batch counted by (severity, column, reason): no raw values. */
export async function importIssueCounts(db: Database): Promise<IssueReasonCount[]> {
  const rows = await db.all<{
    batch_id: number;
    severity: string;
    column_name: string | null;
    reason: string;
    n: number;
  }>(
    `SELECT batch_id, severity, column_name, reason, count(*)::DOUBLE AS n
     FROM import_issues GROUP BY ALL ORDER BY batch_id DESC, n DESC, severity, column_name, reason`,
  );
  return rows.map((r) => ({
    batchId: r.batch_id,
    severity: r.severity,
    column: r.column_name,
    reason: r.reason,
    count: r.n,
  }));
}

export interface IssueFilter {
  readonly reason?: string | undefined;
  readonly severity?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

export interface IssueRecord {
  /** The line of the file (1 = the header for CSV). */
  readonly row: number;
  readonly severity: string;
  readonly column: string | null;
  /** The raw value as the file held it: may be an address, so only import roles see it. */
  readonly value: string | null;
  readonly reason: string;
}

/** One page of a batch's issue rows in file order, and how many match the filter in all. */
export async function importIssuePage(
  db: Database,
  batchId: number,
  filter: IssueFilter,
): Promise<{ total: number; issues: IssueRecord[] }> {
  const where =
    "batch_id = $1 AND ($2::VARCHAR IS NULL OR reason = $2) AND ($3::VARCHAR IS NULL OR severity = $3)";
  const params = [batchId, filter.reason ?? null, filter.severity ?? null];
  const total = await db.one<{ n: number }>(
    `SELECT count(*)::DOUBLE AS n FROM import_issues WHERE ${where}`,
    params,
  );
  const rows = await db.all<{
    row_number: number;
    severity: string;
    column_name: string | null;
    value: string | null;
    reason: string;
  }>(
    `SELECT row_number::DOUBLE AS row_number, severity, column_name, value, reason FROM import_issues
     WHERE ${where} ORDER BY row_number, severity, column_name LIMIT $4 OFFSET $5`,
    [...params, filter.limit, filter.offset],
  );
  return {
    total: total?.n ?? 0,
    issues: rows.map((r) => ({
      row: r.row_number,
      severity: r.severity,
      column: r.column_name,
      value: r.value,
      reason: r.reason,
    })),
  };
}

export async function batchExists(db: Database, batchId: number): Promise<boolean> {
  const r = await db.one<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM import_batches WHERE batch_id = $1",
    [batchId],
  );
  return (r?.n ?? 0) > 0;
}

/** Area names by layer (the goal form's area choices). */
export async function areaNames(db: Database): Promise<{ layer: string; names: string[] }[]> {
  const rows = await db.all<{ layer: string; names: string[] }>(
    "SELECT layer, list(name ORDER BY name) AS names FROM areas GROUP BY layer ORDER BY layer",
  );
  return rows.map((r) => ({ layer: r.layer, names: [...r.names] }));
}
