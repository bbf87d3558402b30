import type { Database } from "./db.js";

export interface BatchCounts {
  readonly rowsRead: number;
  readonly rowsNew: number;
  readonly rowsUpdated: number;
  readonly rowsUnchanged: number;
  readonly rowsRejected: number;
  readonly recordsNew: number;
  readonly recordsUpdated: number;
  readonly recordsUnchanged: number;
  readonly warnings: number;
}

export interface BatchRecord extends BatchCounts {
  readonly batchId: number;
  readonly kind: "incidents" | "areas" | "demo" | "populations" | "events";
  readonly format: string;
  readonly source: string;
  readonly fileName: string;
  readonly fileSha256: string;
  readonly fileBytes: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly options: unknown;
  readonly notes: unknown;
}

export async function nextBatchId(db: Database): Promise<number> {
  const row = await db.one<{ id: number }>("SELECT nextval('batch_id_seq')::INTEGER AS id");
  return row!.id;
}

export async function insertBatch(db: Database, b: BatchRecord): Promise<void> {
  await db.run(
    `INSERT INTO import_batches VALUES ($1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMPTZ, $9::TIMESTAMPTZ,
       $10, $11, $12, $13, $14, $15, $16, $17, $18, $19::JSON, $20::JSON)`,
    [
      b.batchId,
      b.kind,
      b.format,
      b.source,
      b.fileName,
      b.fileSha256,
      b.fileBytes,
      b.startedAt,
      b.finishedAt,
      b.rowsRead,
      b.rowsNew,
      b.rowsUpdated,
      b.rowsUnchanged,
      b.rowsRejected,
      b.recordsNew,
      b.recordsUpdated,
      b.recordsUnchanged,
      b.warnings,
      JSON.stringify(b.options ?? null),
      JSON.stringify(b.notes ?? null),
    ],
  );
}

export interface IssueRow {
  readonly severity: string;
  readonly line: number;
  readonly column: string | null;
  readonly value: string | null;
  readonly reason: string;
}

export async function insertIssues(
  db: Database,
  batchId: number,
  issues: readonly IssueRow[],
): Promise<void> {
  await db.append(
    "import_issues",
    [
      { name: "batch_id", type: "integer" },
      { name: "severity", type: "varchar" },
      { name: "row_number", type: "bigint" },
      { name: "column_name", type: "varchar" },
      { name: "value", type: "varchar" },
      { name: "reason", type: "varchar" },
    ],
    issues.map((i) => [batchId, i.severity, i.line, i.column, i.value, i.reason]),
  );
}

export async function listBatches(db: Database): Promise<Record<string, unknown>[]> {
  return db.all(
    `SELECT batch_id, kind, format, source, file_name, file_sha256,
            strftime(finished_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS finished_at,
            rows_read::DOUBLE AS rows_read, rows_new::DOUBLE AS rows_new, rows_updated::DOUBLE AS rows_updated,
            rows_unchanged::DOUBLE AS rows_unchanged, rows_rejected::DOUBLE AS rows_rejected,
            warnings::DOUBLE AS warnings
     FROM import_batches ORDER BY batch_id`,
  );
}
