/**
 * Importing an incident file: read and validate every row, merge rows into incidents, and write the
 * batch in ONE transaction (all of it or none of it). Every row is accounted for:
 * rows read = new + updated + unchanged + rejected, where a row counts with its incident's outcome.
 */
import { getCrs, isUsableLonLat, makeTransform, utmCrsFor, WGS84 } from "../domain/crs.js";
import { AppError } from "../domain/errors.js";
import { openCsv } from "../ingest/csv.js";
import {
  findIncidentFormat,
  INCIDENT_FORMATS,
  type IncidentFormatSpec,
  mapperFor,
} from "../ingest/formats.js";
import { openGeoJsonPoints } from "../ingest/geojson-points.js";
import { type IncidentRow, Locator, type RowIssue, toStageRow } from "../ingest/incident-rows.js";
import { fileFacts } from "../ingest/text-file.js";
import { insertBatch, insertIssues, nextBatchId } from "../store/batches.js";
import { getCity, setAnalysisCrs } from "../store/city.js";
import type { Database } from "../store/db.js";
import { IncidentStage } from "../store/incident-stage.js";
import { type MergeResult, mergeStagedIncidents } from "../store/incidents.js";
import { assignAreas } from "./assign-areas.js";
import { inTransaction } from "./dry-run.js";
import { assertSomeRowsUsable, summariseIssues, writeImportIssues } from "./issues-file.js";
import { log } from "./log.js";
import { type Progress, silentProgress } from "./progress.js";

export const INCIDENT_FORMAT_NAMES: readonly string[] = INCIDENT_FORMATS.map((f) => f.name);

export interface ImportIncidentsOptions {
  /** One of INCIDENT_FORMAT_NAMES, or a format spec (tests of a format before it is registered). */
  readonly format: string | IncidentFormatSpec;
  /** Namespace of the file's incident ids; default the format name. */
  readonly source?: string | undefined;
  /** CRS of x/y columns. */
  readonly crs?: string | undefined;
  readonly dryRun?: boolean | undefined;
  /** Where to write rejected rows and warnings; default <database folder>/rejects/. */
  readonly rejectsPath?: string | undefined;
  readonly progress?: Progress | undefined;
  readonly now?: (() => Date) | undefined;
}

export interface ImportReport {
  readonly kind: "incident-import";
  readonly dryRun: boolean;
  readonly batchId: number | null;
  readonly file: string;
  readonly sha256: string;
  readonly format: string;
  readonly source: string;
  readonly rows: {
    readonly read: number;
    readonly new: number;
    readonly updated: number;
    readonly unchanged: number;
    readonly rejected: number;
  };
  readonly incidents: { readonly new: number; readonly updated: number; readonly unchanged: number };
  readonly warnings: number;
  readonly reasons: readonly {
    severity: string;
    column: string | null;
    reason: string;
    count: number;
    firstLine: number;
  }[];
  readonly issuesFile: string | null;
  readonly notes: readonly string[];
}

export async function importIncidentFile(
  db: Database,
  file: string,
  options: ImportIncidentsOptions,
): Promise<ImportReport> {
  const format = typeof options.format === "string" ? findIncidentFormat(options.format) : options.format;
  if (!format) {
    throw new AppError(
      "invalid-argument",
      `--format ${options.format} is not known; formats: ${INCIDENT_FORMAT_NAMES.join(", ")}`,
    );
  }
  const progress = options.progress ?? silentProgress;
  const now = options.now ?? (() => new Date());
  const city = await getCity(db);
  const startedAt = now().toISOString();
  const source = options.source ?? format.name;
  const srcCrs = options.crs ? getCrs(options.crs) : undefined;
  const facts = await fileFacts(file);
  const csv =
    format.reader === "geojson-points"
      ? openGeoJsonPoints(facts, format.expected)
      : await openCsv(facts, format.expected);
  const mapper = mapperFor(format, csv.header, {
    fileName: facts.name,
    timeZone: city.timeZone,
    crs: options.crs,
  });
  const notes: string[] = [];
  if (srcCrs?.datumShiftDropped) notes.push(srcCrs.datumShiftDropped);

  const issues: RowIssue[] = [];
  let read = 0;
  let rejected = 0;
  let analysisCrs = city.analysisCrs;
  let crsChosen = false;

  /** Reads the file into the stage and merges it; runs inside the transaction. */
  const stageAndMerge = async (batchId: number): Promise<MergeResult> => {
    const stage = await IncidentStage.open(db);
    let locator = analysisCrs ? new Locator(getCrs(analysisCrs)) : undefined;
    // Until the analysis CRS is known (first import into a city without one), rows wait in a small buffer.
    let pending: IncidentRow[] = [];
    let pendingLocated = 0;
    const push = (row: IncidentRow) => {
      const { row: staged, warning } = toStageRow(row, locator);
      if (warning) issues.push(warning);
      stage.push(staged);
    };
    const settleCrs = () => {
      analysisCrs = chooseAnalysisCrs(pending);
      if (analysisCrs) {
        crsChosen = true;
        notes.push(`analysis CRS set to ${analysisCrs} (the UTM zone of this file's locations)`);
        locator = new Locator(getCrs(analysisCrs));
      }
      for (const r of pending) push(r);
      pending = [];
    };
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
      if (locator || analysisCrs) {
        push(r.row);
      } else {
        pending.push(r.row);
        if (r.row.coords) pendingLocated++;
        if (pendingLocated >= 2000 || pending.length >= 50_000) settleCrs();
      }
    }
    if (pending.length > 0 || !locator) settleCrs();
    progress.done();
    assertSomeRowsUsable(facts.name, read, rejected, issues);
    for (const id of locator?.sourceCrss ?? []) {
      const shift = getCrs(id).datumShiftDropped;
      if (shift && !notes.includes(shift)) notes.push(shift);
    }
    progress.phase("merging");
    const conflicts = await stage.resolve();
    for (const c of conflicts) issues.push({ severity: "reject", ...c });
    rejected += conflicts.length;
    const merge = await mergeStagedIncidents(db, source, batchId, startedAt);
    await IncidentStage.drop(db);
    progress.done();
    return merge;
  };

  const report = (batchId: number | null, merge: MergeResult, issuesFile: string | null): ImportReport => {
    const r = {
      read,
      new: merge.rows.new,
      updated: merge.rows.updated,
      unchanged: merge.rows.unchanged,
      rejected,
    };
    if (r.read !== r.new + r.updated + r.unchanged + r.rejected) {
      throw new Error(`row accounting broken: ${JSON.stringify(r)}`);
    }
    return {
      kind: "incident-import",
      dryRun: options.dryRun ?? false,
      batchId,
      file: facts.path,
      sha256: facts.sha256,
      format: format.name,
      source,
      rows: r,
      incidents: merge.records,
      warnings: issues.filter((i) => i.severity === "warning").length,
      reasons: summariseIssues(issues),
      issuesFile,
      notes,
    };
  };

  const dryRun = options.dryRun ?? false;
  const { batchId, merge } = await inTransaction(db, dryRun, async () => {
    const batchId = dryRun ? -1 : await nextBatchId(db);
    const merge = await stageAndMerge(batchId);
    if (process.env.PEACESTAT_FAULT === "kill-in-import-transaction") process.kill(process.pid, "SIGKILL");
    progress.phase("assigning areas");
    await insertIssues(db, batchId, issues);
    await assignAreas(db, { batchId, kinds: ["incident"] });
    if (crsChosen && analysisCrs) await setAnalysisCrs(db, analysisCrs);
    await insertBatch(db, {
      batchId,
      kind: "incidents",
      format: format.name,
      source,
      fileName: facts.name,
      fileSha256: facts.sha256,
      fileBytes: facts.bytes,
      startedAt,
      finishedAt: now().toISOString(),
      rowsRead: read,
      rowsNew: merge.rows.new,
      rowsUpdated: merge.rows.updated,
      rowsUnchanged: merge.rows.unchanged,
      rowsRejected: rejected,
      recordsNew: merge.records.new,
      recordsUpdated: merge.records.updated,
      recordsUnchanged: merge.records.unchanged,
      warnings: issues.filter((i) => i.severity === "warning").length,
      options: { crs: options.crs ?? null },
      notes,
    });
    progress.done();
    return { batchId, merge };
  });
  if (dryRun) await IncidentStage.drop(db);
  const issuesFile = writeImportIssues(issues, {
    rejectsPath: options.rejectsPath,
    dbPath: db.path,
    batchId: dryRun ? null : batchId,
    fileName: facts.name,
  });
  const done = report(dryRun ? null : batchId, merge, issuesFile);
  log.info(
    {
      batchId,
      file: facts.name,
      rows: done.rows,
      incidents: done.incidents,
      ms: Date.now() - Date.parse(startedAt),
    },
    "incident import",
  );
  return done;
}

/** The UTM zone of the median location of the rows, so distances are in metres near the city. */
function chooseAnalysisCrs(rows: readonly IncidentRow[]): string | null {
  const lons: number[] = [];
  const lats: number[] = [];
  const transforms = new Map<string, ReturnType<typeof makeTransform>>();
  for (const r of rows) {
    const c = r.coords;
    if (!c) continue;
    let t = transforms.get(c.crs);
    if (!t) {
      t = makeTransform(getCrs(c.crs), WGS84);
      transforms.set(c.crs, t);
    }
    const [lon, lat] = t(c.x, c.y);
    if (isUsableLonLat(lon, lat)) {
      lons.push(lon);
      lats.push(lat);
    }
  }
  if (lons.length === 0) return null;
  const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  return utmCrsFor(median(lons), median(lats));
}
