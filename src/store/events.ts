/**
 * Storage of the event streams (gunshot detections, calls for service, partner activity). Each record has
 * a key within its source; a re-import compares a content hash and writes only new or changed records
 * (changed ones are replaced in place and keep their uid). Runs inside the caller's transaction.
 */
import type { AppendColumn, Database, RowAppender } from "./db.js";

export type EventTable = "gunshot_detections" | "calls_for_service" | "partner_activity";

export const EVENT_TABLES: Record<EventTable, { key: string; columns: readonly AppendColumn[] }> = {
  gunshot_detections: {
    key: "detection_id",
    columns: [
      { name: "detected_at", type: "timestamp" },
      { name: "rounds", type: "integer" },
      { name: "detection_type", type: "varchar" },
      { name: "lon", type: "double" },
      { name: "lat", type: "double" },
      { name: "x", type: "double" },
      { name: "y", type: "double" },
      { name: "attributes", type: "json" },
    ],
  },
  calls_for_service: {
    key: "call_id",
    columns: [
      { name: "received_at", type: "timestamp" },
      { name: "call_type", type: "varchar" },
      { name: "priority", type: "integer" },
      { name: "lon", type: "double" },
      { name: "lat", type: "double" },
      { name: "x", type: "double" },
      { name: "y", type: "double" },
      { name: "address", type: "varchar" },
      { name: "district_reported", type: "varchar" },
      { name: "attributes", type: "json" },
    ],
  },
  partner_activity: {
    key: "activity_key",
    columns: [
      { name: "agency", type: "varchar" },
      { name: "activity_type", type: "varchar" },
      { name: "activity_date", type: "timestamp" },
      { name: "activity_precision", type: "varchar" },
      { name: "count", type: "integer" },
      { name: "area_layer", type: "varchar" },
      { name: "area_name", type: "varchar" },
      { name: "lon", type: "double" },
      { name: "lat", type: "double" },
      { name: "x", type: "double" },
      { name: "y", type: "double" },
      { name: "reference", type: "varchar" },
      { name: "attributes", type: "json" },
    ],
  },
};

export class EventStage {
  private constructor(
    private readonly db: Database,
    private readonly table: EventTable,
    private readonly appender: RowAppender,
  ) {}

  static async open(db: Database, table: EventTable): Promise<EventStage> {
    await EventStage.drop(db);
    const def = EVENT_TABLES[table];
    const cols: AppendColumn[] = [
      { name: "line", type: "bigint" },
      { name: "key", type: "varchar" },
      { name: "content_hash", type: "varchar" },
      ...def.columns,
    ];
    await db.createTempTable("stage_events", cols);
    return new EventStage(db, table, await db.openAppender("stage_events", cols));
  }

  static async drop(db: Database): Promise<void> {
    await db.run("DROP TABLE IF EXISTS stage_events");
    await db.run("DROP TABLE IF EXISTS stage_event_outcome");
  }

  /** `values` in the order of EVENT_TABLES[table].columns. */
  push(line: number, key: string, contentHash: string, values: readonly unknown[]): void {
    this.appender.push([line, key, contentHash, ...values]);
  }

  /**
   * Writes new and changed records as batch `batchId`. Returns the lines rejected as repeats of an earlier
   * line's key, and the outcome counts (one row = one record).
   */
  async merge(
    source: string,
    batchId: number,
  ): Promise<{
    duplicates: { line: number; key: string; first: number }[];
    counts: { new: number; updated: number; unchanged: number };
    changedUids: number[];
  }> {
    try {
      this.appender.finish();
    } finally {
      this.appender.close();
    }
    const db = this.db;
    const def = EVENT_TABLES[this.table];
    const duplicates = await db.all<{ line: number; key: string; first: number }>(
      `SELECT line::DOUBLE AS line, key, first::DOUBLE AS first FROM (
         SELECT line, key, min(line) OVER (PARTITION BY key) AS first FROM stage_events)
       WHERE line <> first ORDER BY line`,
    );
    await db.run(
      `CREATE TEMP TABLE stage_event_outcome AS
       SELECT s.line, t.uid AS old_uid,
              CASE WHEN t.uid IS NULL THEN 'new' WHEN t.content_hash = s.content_hash THEN 'unchanged' ELSE 'updated' END AS outcome
       FROM (SELECT * FROM stage_events QUALIFY row_number() OVER (PARTITION BY key ORDER BY line) = 1) s
       LEFT JOIN ${this.table} t ON t.source = $1 AND t.${def.key} = s.key`,
      [source],
    );
    const changedUids = (
      await db.all<{ uid: number }>(
        "SELECT old_uid::DOUBLE AS uid FROM stage_event_outcome WHERE outcome = 'updated'",
      )
    ).map((r) => r.uid);
    await db.run(
      `DELETE FROM ${this.table} WHERE uid IN (SELECT old_uid FROM stage_event_outcome WHERE outcome = 'updated')`,
    );
    const names = def.columns.map((c) => c.name);
    await db.run(
      `INSERT INTO ${this.table} (uid, source, ${def.key}, batch_id, content_hash, ${names.join(", ")})
       SELECT coalesce(o.old_uid, nextval('event_uid_seq')), $1, s.key, $2, s.content_hash, ${names.map((n) => `s.${n}`).join(", ")}
       FROM stage_events s JOIN stage_event_outcome o ON o.line = s.line
       WHERE o.outcome <> 'unchanged' ORDER BY s.line`,
      [source, batchId],
    );
    const rows = await db.all<{ outcome: string; n: number }>(
      "SELECT outcome, count(*)::DOUBLE AS n FROM stage_event_outcome GROUP BY outcome",
    );
    const get = (o: string) => rows.find((r) => r.outcome === o)?.n ?? 0;
    await EventStage.drop(db);
    return {
      duplicates,
      counts: { new: get("new"), updated: get("updated"), unchanged: get("unchanged") },
      changedUids,
    };
  }
}
