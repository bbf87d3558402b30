/**
 * Versioned incident storage. A file's incidents are staged, compared by content hash with the current
 * version of the same (source, incident_id), and only new or changed ones are written: a changed record
 * gets version n+1 and the old version is closed (valid_to), so any earlier state can be rebuilt.
 */
import type { Incident } from "../domain/incident.js";
import type { AppendColumn, Database } from "./db.js";

export interface StagedIncident {
  readonly incident: Incident;
  readonly contentHash: string;
  /** How many rows of the file make up this incident (for row accounting). */
  readonly rowCount: number;
}

export interface MergeResult {
  readonly records: { readonly new: number; readonly updated: number; readonly unchanged: number };
  readonly rows: { readonly new: number; readonly updated: number; readonly unchanged: number };
}

const STAGE_COLUMNS: readonly AppendColumn[] = [
  { name: "incident_id", type: "varchar" },
  { name: "content_hash", type: "varchar" },
  { name: "row_count", type: "integer" },
  { name: "occurred_at", type: "timestamp" },
  { name: "occurred_precision", type: "varchar" },
  { name: "reported_at", type: "timestamp" },
  { name: "reported_precision", type: "varchar" },
  { name: "offenses", type: "varchar[]" },
  { name: "weapons", type: "varchar[]" },
  { name: "victims_shot", type: "integer" },
  { name: "victims_killed", type: "integer" },
  { name: "src_x", type: "double" },
  { name: "src_y", type: "double" },
  { name: "src_crs", type: "varchar" },
  { name: "lon", type: "double" },
  { name: "lat", type: "double" },
  { name: "x", type: "double" },
  { name: "y", type: "double" },
  { name: "address", type: "varchar" },
  { name: "district_reported", type: "varchar" },
  { name: "cleared", type: "varchar" },
  { name: "cleared_at", type: "timestamp" },
  { name: "attributes", type: "json" },
];

function stageRow(s: StagedIncident): unknown[] {
  const i = s.incident;
  const l = i.location;
  return [
    i.incidentId,
    s.contentHash,
    s.rowCount,
    i.occurredMs,
    i.occurredPrecision,
    i.reportedMs,
    i.reportedPrecision,
    i.offenses,
    i.weapons,
    i.victimsShot,
    i.victimsKilled,
    l?.srcX ?? null,
    l?.srcY ?? null,
    l?.srcCrs ?? null,
    l?.lon ?? null,
    l?.lat ?? null,
    l?.x ?? null,
    l?.y ?? null,
    i.address,
    i.districtReported,
    i.cleared,
    i.clearedMs,
    Object.keys(i.attributes).length > 0 ? i.attributes : null,
  ];
}

/**
 * Writes a file's incidents as one batch. Must run inside the caller's transaction (importFile opens it),
 * so a failure or a kill leaves the database as it was.
 */
export async function mergeIncidents(
  db: Database,
  source: string,
  batchId: number,
  validFrom: string,
  staged: Iterable<StagedIncident>,
  onProgress?: (n: number) => void,
): Promise<MergeResult> {
  const fieldDefs = STAGE_COLUMNS.map((c) => `${c.name} ${sqlType(c.type)}`).join(", ");
  await db.run("DROP TABLE IF EXISTS stage_incidents");
  await db.run(`CREATE TEMP TABLE stage_incidents (${fieldDefs})`);
  await db.run("DROP TABLE IF EXISTS stage_outcome");
  try {
    const rows = (function* () {
      for (const s of staged) yield stageRow(s);
    })();
    await db.append("stage_incidents", STAGE_COLUMNS, rows, onProgress);
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
    const cols = STAGE_COLUMNS.slice(3).map((c) => `s.${c.name}`);
    await db.run(
      `INSERT INTO incidents (uid, source, incident_id, version, batch_id, valid_from, valid_to, content_hash,
         ${STAGE_COLUMNS.slice(3)
           .map((c) => c.name)
           .join(", ")})
       SELECT nextval('incident_uid_seq'), $1, s.incident_id, coalesce(o.old_version, 0) + 1, $2,
              $3::TIMESTAMPTZ, NULL, s.content_hash, ${cols.join(", ")}
       FROM stage_incidents s JOIN stage_outcome o ON o.incident_id = s.incident_id
       WHERE o.outcome <> 'unchanged'
       ORDER BY s.occurred_at`,
      [source, batchId, validFrom],
    );
    const counts = await db.all<{ outcome: string; records: number; rows: number }>(
      `SELECT outcome, count(*)::INTEGER AS records, sum(row_count)::INTEGER AS rows
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
  } finally {
    await db.run("DROP TABLE IF EXISTS stage_incidents");
    await db.run("DROP TABLE IF EXISTS stage_outcome");
  }
}

function sqlType(t: AppendColumn["type"]): string {
  switch (t) {
    case "varchar":
      return "VARCHAR";
    case "json":
      return "JSON";
    case "integer":
      return "INTEGER";
    case "bigint":
      return "BIGINT";
    case "double":
      return "DOUBLE";
    case "timestamp":
      return "TIMESTAMP";
    case "varchar[]":
      return "VARCHAR[]";
    default: {
      const never: never = t;
      throw new Error(`unknown type ${String(never)}`);
    }
  }
}

export interface LocatedEvent {
  readonly uid: number;
  readonly x: number | null;
  readonly y: number | null;
  readonly districtReported: string | null;
}

/** Incident versions of one batch (or all, when batchId is undefined), for area assignment. */
export async function incidentsForAssignment(db: Database, batchId?: number): Promise<LocatedEvent[]> {
  const rows = await db.all<{ uid: number; x: number | null; y: number | null; d: string | null }>(
    `SELECT uid::DOUBLE AS uid, x, y, district_reported AS d FROM incidents
     ${batchId === undefined ? "" : "WHERE batch_id = $1"}`,
    batchId === undefined ? [] : [batchId],
  );
  return rows.map((r) => ({ uid: r.uid, x: r.x, y: r.y, districtReported: r.d }));
}
