/**
 * Partner activity entered in the web app, stored exactly as `peacestat import --format partner-activity`
 * stores a log: each entry is read by the importer's own row mapper (its vocabulary, date and count rules),
 * keyed and hashed the same way, merged through the same event stage (so entering the same line twice
 * changes nothing), and recorded as an import batch (format partner-activity, source web) so the data
 * status lists it and every row is accounted for. The CompStat partner ledger counts these rows like any
 * imported ones.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { keyAndValues } from "../app/import-events.js";
import { getCrs } from "../domain/crs.js";
import { AppError } from "../domain/errors.js";
import { formatLocal } from "../domain/time.js";
import type { ActivityRow } from "../ingest/event-rows.js";
import { partnerActivityFormat } from "../ingest/formats/partner-activity.js";
import { Locator } from "../ingest/incident-rows.js";
import { insertBatch, nextBatchId } from "../store/batches.js";
import { getCity } from "../store/city.js";
import type { Database } from "../store/db.js";
import { EventStage } from "../store/events.js";
import { findAgency } from "./agencies.js";
import { assertAreaExists, parseAreaRef } from "./areas.js";

/** The source web entries carry (the importer's default is the format name). */
export const WEB_SOURCE = "web";

export const ActivityEntrySchema = z.object({
  agency: z.string().trim().min(1).max(32),
  activityType: z.string().trim().min(1).max(60),
  date: z.string().trim().min(7).max(40),
  count: z.number().int().min(0).max(9_999_999).optional(),
  area: z.string().trim().max(200).optional(),
  lon: z.number().optional(),
  lat: z.number().optional(),
  reference: z.string().trim().max(200).optional(),
  note: z.string().trim().max(2000).optional(),
});
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>;

export const ActivityEntriesSchema = z.object({ entries: z.array(ActivityEntrySchema).min(1).max(100) });

export interface ActivityEntryResult {
  readonly kind: "partner-activity-entry";
  readonly batchId: number;
  readonly rows: { read: number; new: number; updated: number; unchanged: number; rejected: number };
  /** Why an entry replaced or matched an earlier one (same agency, type, date, place and reference). */
  readonly notes: readonly string[];
}

const HEADER = [
  "agency",
  "activity_type",
  "date",
  "count",
  "layer",
  "area",
  "lat",
  "lon",
  "reference",
  "note",
];

/**
 * Validates and stores web entries as one batch: all of them or none (a bad entry is a 400 naming the
 * entry and the field). `username` names the batch ("web entry by USER").
 */
export async function enterPartnerActivity(
  db: Database,
  entries: readonly ActivityEntry[],
  options: { username: string; now?: () => Date },
): Promise<ActivityEntryResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const city = await getCity(db);
  const mapper = partnerActivityFormat.mapper(HEADER, { fileName: "web entry", timeZone: city.timeZone });
  const rows: { row: ActivityRow; key: string; hash: string; values: unknown[] }[] = [];
  for (const [i, e] of entries.entries()) {
    const where = entries.length > 1 ? `entry ${i + 1}: ` : "";
    const agency = await findAgency(db, e.agency);
    if (!agency)
      throw new AppError(
        "invalid-argument",
        `${where}agency: no agency '${e.agency}' (an admin adds agencies)`,
      );
    const area = e.area ? parseAreaRef(e.area, `${where}area`) : null;
    if (area) await assertAreaExists(db, area, `${where}area`);
    if ((e.lon === undefined) !== (e.lat === undefined))
      throw new AppError("invalid-argument", `${where}lon/lat: give both or neither`);
    const fields = [
      agency.id,
      e.activityType,
      e.date,
      e.count === undefined ? "" : String(e.count),
      area?.layer ?? "",
      area?.name ?? "",
      e.lat === undefined ? "" : String(e.lat),
      e.lon === undefined ? "" : String(e.lon),
      e.reference ?? "",
      e.note ?? "",
    ];
    const mapped = mapper(fields, i + 1);
    if (mapped.kind === "reject") {
      const col = mapped.issue.column === "activity_type" ? "activityType" : mapped.issue.column;
      throw new AppError("invalid-argument", `${where}${col ?? "entry"}: ${mapped.issue.reason}`);
    }
    const row = mapped.row as ActivityRow;
    let loc = {
      lon: null as number | null,
      lat: null as number | null,
      x: null as number | null,
      y: null as number | null,
    };
    if (row.coords) {
      if (!city.analysisCrs)
        throw new AppError(
          "invalid-argument",
          `${where}lon/lat: the city has no analysis CRS yet (import incidents first)`,
        );
      const l = new Locator(getCrs(city.analysisCrs)).locate(row.coords);
      if ("problem" in l) throw new AppError("invalid-argument", `${where}lon/lat: ${l.problem}`);
      loc = { lon: l.lon, lat: l.lat, x: l.x, y: l.y };
    }
    const { key, values } = keyAndValues(row, loc);
    const twin = rows.findIndex((r) => r.key === key);
    if (twin >= 0)
      throw new AppError(
        "invalid-argument",
        `entry ${i + 1} repeats entry ${twin + 1} (same agency, type, date and place): add them up in one count or give each a reference`,
      );
    rows.push({ row, key, hash: createHash("sha1").update(JSON.stringify(values)).digest("hex"), values });
  }
  const body = JSON.stringify(entries);
  return db.transaction(async () => {
    const batchId = await nextBatchId(db);
    const stage = await EventStage.open(db, "partner_activity");
    for (const [i, r] of rows.entries()) stage.push(i + 1, r.key, r.hash, r.values);
    const merged = await stage.merge(WEB_SOURCE, batchId);
    const c = merged.counts;
    const notes: string[] = [];
    if (c.updated > 0)
      notes.push(
        `${c.updated} replaced an earlier entry with the same agency, type, date, place and reference`,
      );
    if (c.unchanged > 0) notes.push(`${c.unchanged} matched an earlier entry exactly and changed nothing`);
    await insertBatch(db, {
      batchId,
      kind: "events",
      format: partnerActivityFormat.name,
      source: WEB_SOURCE,
      fileName: `web entry by ${options.username}`,
      fileSha256: createHash("sha256").update(body).digest("hex"),
      fileBytes: Buffer.byteLength(body),
      startedAt,
      finishedAt: now().toISOString(),
      rowsRead: rows.length,
      rowsNew: c.new,
      rowsUpdated: c.updated,
      rowsUnchanged: c.unchanged,
      rowsRejected: 0,
      recordsNew: c.new,
      recordsUpdated: c.updated,
      recordsUnchanged: c.unchanged,
      warnings: 0,
      options: { stream: "partner-activity", via: "web" },
      notes,
    });
    return {
      kind: "partner-activity-entry" as const,
      batchId,
      rows: { read: rows.length, new: c.new, updated: c.updated, unchanged: c.unchanged, rejected: 0 },
      notes,
    };
  });
}

export interface ActivityRecord {
  readonly uid: number;
  readonly source: string;
  readonly batchId: number;
  readonly agency: string;
  readonly activityType: string;
  /** Local `YYYY-MM-DD HH:MM:SS` (the start of the day or month for day and month precision). */
  readonly date: string;
  readonly precision: string;
  readonly count: number;
  readonly area: string | null;
  readonly lon: number | null;
  readonly lat: number | null;
  readonly reference: string | null;
}

/** Partner activity rows, newest first; one agency's when `agency` is given. */
export async function listPartnerActivity(
  db: Database,
  options: { agency?: string | null; limit?: number } = {},
): Promise<ActivityRecord[]> {
  const rows = await db.all<{
    uid: number;
    source: string;
    batch_id: number;
    agency: string;
    activity_type: string;
    ms: number;
    activity_precision: string;
    count: number;
    area_layer: string | null;
    area_name: string | null;
    lon: number | null;
    lat: number | null;
    reference: string | null;
  }>(
    `SELECT uid::DOUBLE AS uid, source, batch_id, agency, activity_type, epoch_ms(activity_date)::DOUBLE AS ms,
            activity_precision, count, area_layer, area_name, lon, lat, reference
     FROM partner_activity WHERE ($1::VARCHAR IS NULL OR agency = $1)
     ORDER BY activity_date DESC, uid DESC LIMIT $2`,
    [options.agency ?? null, options.limit ?? 100],
  );
  return rows.map((r) => ({
    uid: r.uid,
    source: r.source,
    batchId: r.batch_id,
    agency: r.agency,
    activityType: r.activity_type,
    date: formatLocal(r.ms),
    precision: r.activity_precision,
    count: r.count,
    area: r.area_layer && r.area_name ? `${r.area_layer}:${r.area_name}` : null,
    lon: r.lon,
    lat: r.lat,
    reference: r.reference,
  }));
}
