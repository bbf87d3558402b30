/**
 * Staging an import in DuckDB, so memory stays bounded whatever the file's size: every accepted row is
 * appended to a temporary table as it is read; rows are then merged into incidents in SQL.
 *
 * Merge rule (documented in docs/formats/generic-csv.md): rows sharing an incident id are one incident.
 * Offenses and weapons are united. Every other field takes the first non-empty value in file order; a later
 * row that contradicts it is rejected, naming the line it contradicts. Unmapped columns are kept: each key
 * with its distinct values joined by " | ".
 */
import type { IncidentRowRecord as StageRow } from "../domain/incident.js";
import type { AppendColumn, Database, RowAppender } from "./db.js";

const ROW_COLUMNS: readonly AppendColumn[] = [
  { name: "line", type: "bigint" },
  { name: "incident_id", type: "varchar" },
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
  { name: "row_shot", type: "integer" },
  { name: "row_killed", type: "integer" },
];

/** Incident-level fields: the columns that travel together, and how a value is shown in a reason. */
const FIELDS: readonly { name: string; cols: readonly string[]; show: (t: string) => string }[] = [
  {
    name: "occurred_at",
    cols: ["occurred_at", "occurred_precision"],
    show: (t) => `strftime(${t}.occurred_at, '%Y-%m-%d %H:%M:%S') || ' (' || ${t}.occurred_precision || ')'`,
  },
  {
    name: "reported_at",
    cols: ["reported_at", "reported_precision"],
    show: (t) => `strftime(${t}.reported_at, '%Y-%m-%d %H:%M:%S') || ' (' || ${t}.reported_precision || ')'`,
  },
  { name: "victims_shot", cols: ["victims_shot"], show: (t) => `${t}.victims_shot::VARCHAR` },
  { name: "victims_killed", cols: ["victims_killed"], show: (t) => `${t}.victims_killed::VARCHAR` },
  {
    name: "location",
    cols: ["src_x", "src_y", "src_crs", "lon", "lat", "x", "y"],
    show: (t) => `${t}.src_x::VARCHAR || ',' || ${t}.src_y::VARCHAR`,
  },
  { name: "address", cols: ["address"], show: (t) => `${t}.address` },
  { name: "district", cols: ["district_reported"], show: (t) => `${t}.district_reported` },
  { name: "cleared", cols: ["cleared"], show: (t) => `${t}.cleared` },
  { name: "cleared_at", cols: ["cleared_at"], show: (t) => `strftime(${t}.cleared_at, '%Y-%m-%d %H:%M:%S')` },
];

function rowValues(r: StageRow): unknown[] {
  const l = r.location;
  return [
    r.line,
    r.incidentId,
    r.occurredMs,
    r.occurredPrecision,
    r.reportedMs,
    r.reportedPrecision,
    r.offenses,
    r.weapons,
    r.victimsShot,
    r.victimsKilled,
    l?.srcX ?? null,
    l?.srcY ?? null,
    l?.srcCrs ?? null,
    l?.lon ?? null,
    l?.lat ?? null,
    l?.x ?? null,
    l?.y ?? null,
    r.address,
    r.districtReported,
    r.cleared,
    r.clearedMs,
    r.attributes && Object.keys(r.attributes).length > 0 ? r.attributes : null,
    r.victimRow?.shot ?? null,
    r.victimRow?.killed ?? null,
  ];
}

/** The rows of one import, appended as they are read. Call inside the import's transaction. */
export class IncidentStage {
  private constructor(
    private readonly db: Database,
    private readonly appender: RowAppender,
  ) {}

  static async open(db: Database, onProgress?: (n: number) => void): Promise<IncidentStage> {
    await IncidentStage.drop(db);
    await db.createTempTable("stage_rows", ROW_COLUMNS);
    return new IncidentStage(db, await db.openAppender("stage_rows", ROW_COLUMNS, onProgress));
  }

  static async drop(db: Database): Promise<void> {
    for (const t of [
      "stage_rows",
      "stage_multi",
      "stage_first",
      "stage_conflicts",
      "stage_incidents",
      "stage_outcome",
    ]) {
      await db.run(`DROP TABLE IF EXISTS ${t}`);
    }
  }

  push(row: StageRow): void {
    this.appender.push(rowValues(row));
  }

  /**
   * Ends the rows and merges them into incidents (table stage_incidents). Returns the rows rejected for
   * contradicting an earlier row of their incident.
   */
  async resolve(): Promise<{ line: number; column: string; value: string; reason: string }[]> {
    try {
      this.appender.finish();
    } finally {
      this.appender.close();
    }
    const db = this.db;
    const firsts = FIELDS.flatMap((f) =>
      f.cols.map((c) =>
        f.name === "occurred_at"
          ? `arg_min(${c}, line) AS ${c}`
          : `arg_min(${c}, line) FILTER (WHERE ${f.cols[0]} IS NOT NULL) AS ${c}`,
      ),
    );
    const firstLines = FIELDS.map(
      (f) => `min(line) FILTER (WHERE ${f.cols[0]} IS NOT NULL) AS line_${f.name}`,
    );
    // Most incidents are one row: only incidents of several rows go through the merge below.
    await db.run(
      `CREATE TEMP TABLE stage_multi AS
       SELECT * FROM stage_rows WHERE incident_id IN
         (SELECT incident_id FROM stage_rows GROUP BY incident_id HAVING count(*) > 1)`,
    );
    await db.run(
      `CREATE TEMP TABLE stage_first AS
       SELECT incident_id, ${[...firsts, ...firstLines].join(", ")} FROM stage_multi GROUP BY incident_id`,
    );
    const differs = (f: (typeof FIELDS)[number]) =>
      `(r.${f.cols[0]} IS NOT NULL AND (${f.cols.map((c) => `r.${c} IS DISTINCT FROM f.${c}`).join(" OR ")}))`;
    const which = FIELDS.map(
      (f) =>
        `WHEN ${differs(f)} THEN struct_pack(col := '${f.name}', val := ${f.show("r")}, was := ${f.show("f")}, at := f.line_${f.name})`,
    ).join("\n");
    await db.run(
      `CREATE TEMP TABLE stage_conflicts AS
       SELECT line, c.col AS column_name,
              c.val || ' (incident ' || incident_id || ' has ' || c.was || ' on line ' || c.at::VARCHAR || ')' AS value,
              'contradicts an earlier row of the same incident (rows of one incident must agree)' AS reason
       FROM (SELECT r.line, r.incident_id, CASE ${which} END AS c
             FROM stage_multi r JOIN stage_first f USING (incident_id))
       WHERE c IS NOT NULL`,
    );
    const scalar = FIELDS.flatMap((f) => f.cols.map((c) => `f.${c}`));
    await db.run(
      `CREATE TEMP TABLE stage_incidents AS
       WITH ok AS (SELECT * FROM stage_multi r WHERE NOT EXISTS (SELECT 1 FROM stage_conflicts c WHERE c.line = r.line)),
       kv AS (SELECT incident_id, k, attributes ->> k AS v
              FROM (SELECT incident_id, attributes, unnest(json_keys(attributes)) AS k FROM ok WHERE attributes IS NOT NULL)),
       attrs AS (SELECT incident_id, to_json(map(list(k ORDER BY k), list(v ORDER BY k))) AS attributes
                 FROM (SELECT incident_id, k, string_agg(DISTINCT v, ' | ' ORDER BY v) AS v FROM kv GROUP BY ALL)
                 GROUP BY incident_id),
       grouped AS (
         SELECT o.incident_id, count(*)::INTEGER AS row_count,
                list_sort(list_distinct(flatten(list(o.offenses)))) AS offenses,
                list_sort(list_distinct(flatten(list(o.weapons)))) AS weapons,
                count(o.row_shot)::INTEGER AS victim_rows,
                sum(o.row_shot)::INTEGER AS row_shot, sum(o.row_killed)::INTEGER AS row_killed
         FROM ok o GROUP BY o.incident_id),
       merged AS (
         SELECT g.incident_id, g.row_count, ${scalar.join(", ")}, g.offenses, g.weapons, a.attributes,
                g.victim_rows, g.row_shot, g.row_killed
         FROM grouped g JOIN stage_first f USING (incident_id) LEFT JOIN attrs a USING (incident_id)
         UNION ALL BY NAME
         SELECT incident_id, 1 AS row_count, ${FIELDS.flatMap((f) => f.cols).join(", ")},
                list_sort(list_distinct(offenses)) AS offenses, list_sort(list_distinct(weapons)) AS weapons,
                attributes, CASE WHEN row_shot IS NULL THEN 0 ELSE 1 END AS victim_rows, row_shot, row_killed
         FROM stage_rows s WHERE NOT EXISTS (SELECT 1 FROM stage_first m WHERE m.incident_id = s.incident_id)),
       final AS (
         -- Sources with one row per victim (victimRow): the incident's counts are the sums over its rows.
         SELECT * REPLACE (
                  CASE WHEN victim_rows > 0 THEN row_shot ELSE victims_shot END AS victims_shot,
                  CASE WHEN victim_rows > 0 THEN row_killed ELSE victims_killed END AS victims_killed)
         FROM merged)
       SELECT * EXCLUDE (victim_rows, row_shot, row_killed),
              md5(concat_ws(chr(31), incident_id,
                ${FIELDS.flatMap((f) => f.cols.filter((c) => !["lon", "lat", "x", "y"].includes(c)).map((c) => `coalesce(${c}::VARCHAR, chr(0))`)).join(",\n                ")},
                array_to_string(offenses, ','), array_to_string(weapons, ','),
                coalesce(attributes::VARCHAR, chr(0)))) AS content_hash
       FROM final`,
    );
    return db.all(
      "SELECT line::DOUBLE AS line, column_name AS column, value, reason FROM stage_conflicts ORDER BY line",
    );
  }
}

/** Columns of `incidents` filled from stage_incidents, in order. */
export const STAGED_INCIDENT_COLUMNS: readonly string[] = [
  ...FIELDS.flatMap((f) => f.cols),
  "offenses",
  "weapons",
  "attributes",
];
