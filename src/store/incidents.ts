/**
 * Versioned incident storage. A file's incidents are staged, compared by content hash with the current
 * version of the same (source, incident_id), and only new or changed ones are written: a changed record
 * gets version n+1 and the old version is closed (valid_to), so any earlier state can be rebuilt.
 */
import type { Database } from "./db.js";
import { STAGED_INCIDENT_COLUMNS } from "./incident-stage.js";

export interface MergeResult {
  readonly records: { readonly new: number; readonly updated: number; readonly unchanged: number };
  readonly rows: { readonly new: number; readonly updated: number; readonly unchanged: number };
}

/**
 * Writes the staged incidents (IncidentStage.resolve) as one batch: new incidents get version 1, changed
 * ones version n+1 with the old version closed at `validFrom`, unchanged ones nothing. Must run inside
 * the caller's transaction, so a failure or a kill leaves the database as it was.
 */
export async function mergeStagedIncidents(
  db: Database,
  source: string,
  batchId: number,
  validFrom: string,
): Promise<MergeResult> {
  await db.run(
    `CREATE TEMP TABLE stage_outcome AS
     SELECT s.incident_id, s.row_count, c.uid AS old_uid, c.version AS old_version,
            CASE WHEN c.uid IS NULL THEN 'new'
                 WHEN c.content_hash = s.content_hash THEN 'unchanged'
                 ELSE 'updated' END AS outcome
     FROM stage_incidents s
     LEFT JOIN incidents c ON c.source = $1 AND c.incident_id = s.incident_id AND c.valid_to IS NULL`,
    [source],
  );
  await db.run(
    `UPDATE incidents SET valid_to = $1::TIMESTAMPTZ
     WHERE uid IN (SELECT old_uid FROM stage_outcome WHERE outcome = 'updated')`,
    [validFrom],
  );
  const cols = STAGED_INCIDENT_COLUMNS;
  await db.run(
    `INSERT INTO incidents (uid, source, incident_id, version, batch_id, valid_from, valid_to, content_hash, ${cols.join(", ")})
     SELECT nextval('incident_uid_seq'), $1, s.incident_id, coalesce(o.old_version, 0) + 1, $2,
            $3::TIMESTAMPTZ, NULL, s.content_hash, ${cols.map((c) => `s.${c}`).join(", ")}
     FROM stage_incidents s JOIN stage_outcome o ON o.incident_id = s.incident_id
     WHERE o.outcome <> 'unchanged'
     ORDER BY s.occurred_at`,
    [source, batchId, validFrom],
  );
  const counts = await db.all<{ outcome: string; records: number; rows: number }>(
    `SELECT outcome, count(*)::DOUBLE AS records, sum(row_count)::DOUBLE AS rows
     FROM stage_outcome GROUP BY outcome`,
  );
  const get = (o: string) => counts.find((c) => c.outcome === o);
  return {
    records: {
      new: get("new")?.records ?? 0,
      updated: get("updated")?.records ?? 0,
      unchanged: get("unchanged")?.records ?? 0,
    },
    rows: {
      new: get("new")?.rows ?? 0,
      updated: get("updated")?.rows ?? 0,
      unchanged: get("unchanged")?.rows ?? 0,
    },
  };
}

export interface LocatedEvent {
  readonly uid: number;
  readonly x: number | null;
  readonly y: number | null;
  readonly districtReported: string | null;
}

/**
 * Incident versions of one batch (or all, when batchId is undefined), for area assignment, in pages of
 * uids so that a city of millions of incidents never sits in memory at once.
 */
export async function* incidentsForAssignment(
  db: Database,
  batchId?: number,
): AsyncGenerator<LocatedEvent[]> {
  yield* pagedEvents(db, "incidents", "district_reported", batchId);
}

const PAGE = 250_000;

/** Rows of an event table in uid order, PAGE at a time (keyset pagination). */
export async function* pagedEvents(
  db: Database,
  table: "incidents" | "calls_for_service" | "gunshot_detections",
  districtColumn: string | null,
  batchId?: number,
): AsyncGenerator<LocatedEvent[]> {
  let after = -1;
  for (;;) {
    const rows = await db.all<{ uid: number; x: number | null; y: number | null; d: string | null }>(
      `SELECT uid::DOUBLE AS uid, x, y, ${districtColumn ?? "NULL"} AS d FROM ${table}
       WHERE uid > $1 ${batchId === undefined ? "" : "AND batch_id = $2"} ORDER BY uid LIMIT ${PAGE}`,
      batchId === undefined ? [after] : [after, batchId],
    );
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.uid;
    yield rows.map((r) => ({ uid: r.uid, x: r.x, y: r.y, districtReported: r.d }));
    if (rows.length < PAGE) return;
  }
}
