/**
 * Importing an event stream (gunshot detections, calls for service, partner activity): the same
 * guarantees as incident imports - one transaction, every row accounted for
 * (read = new + updated + unchanged + rejected), a rejects file, safe re-imports.
 */
import { createHash } from "node:crypto";
import { getCrs, utmCrsFor } from "../domain/crs.js";
import { openCsv } from "../ingest/csv.js";
import type { EventFormatSpec, EventRow } from "../ingest/event-rows.js";
import { mapperFor } from "../ingest/formats.js";
import { Locator, type RowIssue } from "../ingest/incident-rows.js";
import { fileFacts } from "../ingest/text-file.js";
import { insertBatch, insertIssues, nextBatchId } from "../store/batches.js";
import { getCity, setAnalysisCrs } from "../store/city.js";
import type { Database } from "../store/db.js";
import { EventStage, type EventTable } from "../store/events.js";
import { assignAreas } from "./assign-areas.js";
import { inTransaction } from "./dry-run.js";
import { assertSomeRowsUsable, summariseIssues, writeImportIssues } from "./issues-file.js";
import { type Progress, silentProgress } from "./progress.js";

export interface ImportEventsOptions {
  readonly source?: string | undefined;
  readonly crs?: string | undefined;
  readonly dryRun?: boolean | undefined;
  readonly rejectsPath?: string | undefined;
  readonly progress?: Progress | undefined;
  readonly now?: (() => Date) | undefined;
}

export interface EventImportReport {
  readonly kind: "event-import";
  readonly stream: EventFormatSpec["kind"];
  readonly dryRun: boolean;
  readonly batchId: number | null;
  readonly file: string;
  readonly sha256: string;
  readonly format: string;
  readonly source: string;
  readonly rows: { read: number; new: number; updated: number; unchanged: number; rejected: number };
  readonly warnings: number;
  readonly reasons: ReturnType<typeof summariseIssues>;
  readonly issuesFile: string | null;
  readonly notes: readonly string[];
}

const TABLE: Record<EventFormatSpec["kind"], EventTable> = {
  detection: "gunshot_detections",
  call: "calls_for_service",
  "partner-activity": "partner_activity",
};

export type Loc = { lon: number | null; lat: number | null; x: number | null; y: number | null };

/**
 * A row's identity key and the values stored for it; its hash decides new / updated / unchanged. Shared
 * with the web entry of partner activity (src/partners/activity.ts), so a line typed in the web app and the
 * same line in an imported log are the same record.
 */
export function keyAndValues(r: EventRow, l: Loc): { key: string; values: unknown[] } {
  switch (r.kind) {
    case "detection":
      return {
        key: r.id,
        values: [r.detected.ms, r.rounds, r.detectionType, l.lon, l.lat, l.x, l.y, attrs(r.attributes)],
      };
    case "call":
      return {
        key: r.id,
        values: [
          r.received.ms,
          r.callType,
          r.priority,
          l.lon,
          l.lat,
          l.x,
          l.y,
          r.address,
          r.district,
          attrs(r.attributes),
        ],
      };
    case "partner-activity": {
      // Activity logs have no ids of their own: what, who, when, where and the reference identify a line.
      const key = [
        r.agency,
        r.activityType,
        r.date.ms,
        r.area?.layer,
        r.area?.name,
        r.coords?.x,
        r.coords?.y,
        r.reference,
      ]
        .map((v) => (v === undefined || v === null ? "" : String(v)))
        .join("|");
      return {
        key,
        values: [
          r.agency,
          r.activityType,
          r.date.ms,
          r.date.precision,
          r.count,
          r.area?.layer ?? null,
          r.area?.name ?? null,
          l.lon,
          l.lat,
          l.x,
          l.y,
          r.reference,
          attrs(r.attributes),
        ],
      };
    }
    default: {
      const never: never = r;
      throw new Error(`unknown event ${String(never)}`);
    }
  }
}

const attrs = (a: Readonly<Record<string, string>>) => (Object.keys(a).length > 0 ? a : null);

export async function importEventFile(
  db: Database,
  file: string,
  format: EventFormatSpec,
  options: ImportEventsOptions = {},
): Promise<EventImportReport> {
  const progress = options.progress ?? silentProgress;
  const now = options.now ?? (() => new Date());
  const city = await getCity(db);
  const startedAt = now().toISOString();
  const source = options.source ?? format.name;
  if (options.crs) getCrs(options.crs);
  const facts = await fileFacts(file);
  const csv = await openCsv(facts, format.expected);
  const mapper = mapperFor(format, csv.header, {
    fileName: facts.name,
    timeZone: city.timeZone,
    crs: options.crs,
  });
  const notes: string[] = [];
  const issues: RowIssue[] = [];
  let read = 0;
  let rejected = 0;
  let analysisCrs = city.analysisCrs;
  let crsChosen = false;
  let locator = analysisCrs ? new Locator(getCrs(analysisCrs)) : undefined;

  const run = async (batchId: number) => {
    const stage = await EventStage.open(db, TABLE[format.kind]);
    progress.phase(`reading ${facts.name}`);
    for await (const rec of csv.records()) {
      read++;
      if (read % 20000 === 0) progress.tick(read);
      const r = mapper(rec.fields, rec.line);
      if (r.kind === "reject") {
        issues.push(r.issue);
        rejected++;
        continue;
      }
      issues.push(...r.warnings);
      const row = r.row;
      let loc: Loc = { lon: null, lat: null, x: null, y: null };
      if (row.coords) {
        if (!locator) {
          const wgs = new Locator(getCrs("EPSG:4326")).locate(row.coords);
          if (!("problem" in wgs)) {
            analysisCrs = utmCrsFor(wgs.lon, wgs.lat);
            crsChosen = true;
            notes.push(`analysis CRS set to ${analysisCrs} (the UTM zone of this file's first location)`);
            locator = new Locator(getCrs(analysisCrs));
          }
        }
        const l = locator?.locate(row.coords);
        if (l && !("problem" in l)) loc = l;
        else if (l) {
          issues.push({
            severity: "warning",
            line: row.line,
            column: "location",
            value: `${row.coords.x},${row.coords.y}`,
            reason: `location dropped: ${l.problem}`,
          });
        }
      }
      const { key, values } = keyAndValues(row, loc);
      const hash = createHash("sha1").update(JSON.stringify(values)).digest("hex");
      stage.push(row.line, key, hash, values);
    }
    progress.done();
    assertSomeRowsUsable(facts.name, read, rejected, issues);
    const merged = await stage.merge(source, batchId);
    for (const d of merged.duplicates) {
      issues.push({
        severity: "reject",
        line: d.line,
        column: null,
        value: d.key,
        reason: `repeats the record of line ${d.first}`,
      });
    }
    rejected += merged.duplicates.length;
    return merged;
  };

  const report = (
    batchId: number | null,
    counts: { new: number; updated: number; unchanged: number },
    issuesFile: string | null,
  ): EventImportReport => {
    const rows = { read, ...counts, rejected };
    if (rows.read !== rows.new + rows.updated + rows.unchanged + rows.rejected) {
      throw new Error(`row accounting broken: ${JSON.stringify(rows)}`);
    }
    return {
      kind: "event-import",
      stream: format.kind,
      dryRun: options.dryRun ?? false,
      batchId,
      file: facts.path,
      sha256: facts.sha256,
      format: format.name,
      source,
      rows,
      warnings: issues.filter((i) => i.severity === "warning").length,
      reasons: summariseIssues(issues),
      issuesFile,
      notes,
    };
  };

  const dryRun = options.dryRun ?? false;
  const { batchId, counts } = await inTransaction(db, dryRun, async () => {
    const batchId = dryRun ? -1 : await nextBatchId(db);
    const merged = await run(batchId);
    if (format.kind !== "partner-activity") {
      const kind = format.kind;
      if (merged.changedUids.length > 0) {
        await db.run(`DELETE FROM event_areas WHERE kind = $1 AND uid IN (SELECT unnest($2::DOUBLE[]))`, [
          kind,
          merged.changedUids.map(String),
        ]);
      }
      await assignAreas(db, { batchId, kinds: [kind] });
    }
    await insertIssues(db, batchId, issues);
    if (crsChosen && analysisCrs) await setAnalysisCrs(db, analysisCrs);
    const c = merged.counts;
    await insertBatch(db, {
      batchId,
      kind: "events",
      format: format.name,
      source,
      fileName: facts.name,
      fileSha256: facts.sha256,
      fileBytes: facts.bytes,
      startedAt,
      finishedAt: now().toISOString(),
      rowsRead: read,
      rowsNew: c.new,
      rowsUpdated: c.updated,
      rowsUnchanged: c.unchanged,
      rowsRejected: rejected,
      recordsNew: c.new,
      recordsUpdated: c.updated,
      recordsUnchanged: c.unchanged,
      warnings: issues.filter((i) => i.severity === "warning").length,
      options: { crs: options.crs ?? null, stream: format.kind },
      notes,
    });
    return { batchId, counts: c };
  });
  if (dryRun) await EventStage.drop(db);
  const issuesFile = writeImportIssues(issues, {
    rejectsPath: options.rejectsPath,
    dbPath: db.path,
    batchId: dryRun ? null : batchId,
    fileName: facts.name,
  });
  return report(dryRun ? null : batchId, counts, issuesFile);
}
