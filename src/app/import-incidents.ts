/**
 * Importing an incident file: read and validate every row, merge rows into incidents, and write the
 * batch in ONE transaction (all of it or none of it). Every row is accounted for:
 * rows read = new + updated + unchanged + rejected, where a row counts with its incident's outcome.
 */
import fs from "node:fs";
import path from "node:path";
import { getCrs, isUsableLonLat, makeTransform, utmCrsFor, WGS84 } from "../domain/crs.js";
import { AppError } from "../domain/errors.js";
import { incidentContentHash } from "../domain/incident.js";
import { openCsv } from "../ingest/csv.js";
import { genericMapper } from "../ingest/generic.js";
import {
  Locator,
  type MergedIncident,
  mergeRow,
  type RowIssue,
  toIncident,
} from "../ingest/incident-rows.js";
import { fileFacts } from "../ingest/text-file.js";
import { insertBatch, insertIssues, nextBatchId } from "../store/batches.js";
import { getCity, setAnalysisCrs } from "../store/city.js";
import type { Database } from "../store/db.js";
import { mergeIncidents, type StagedIncident } from "../store/incidents.js";
import { assignAreas } from "./assign-areas.js";
import { summariseIssues, writeIssuesFile } from "./issues-file.js";
import { type Progress, silentProgress } from "./progress.js";

export const INCIDENT_FORMATS = ["generic"] as const;
export type IncidentFormat = (typeof INCIDENT_FORMATS)[number];

export interface ImportIncidentsOptions {
  readonly format: IncidentFormat;
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
  const progress = options.progress ?? silentProgress;
  const now = options.now ?? (() => new Date());
  const city = await getCity(db);
  const startedAt = now().toISOString();
  const source = options.source ?? options.format;
  if (options.crs) getCrs(options.crs);
  const facts = await fileFacts(file);
  const csv = await openCsv(facts, "a generic incident CSV");
  const mapper = genericMapper(csv.header, {
    fileName: facts.name,
    timeZone: city.timeZone,
    crs: options.crs,
  });

  const issues: RowIssue[] = [];
  const groups = new Map<string, MergedIncident>();
  let read = 0;
  let rejected = 0;
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
    const conflict = mergeRow(groups, r.row);
    if (conflict) {
      issues.push(conflict);
      rejected++;
      continue;
    }
    issues.push(...r.warnings);
  }
  progress.done();
  if (read === 0) throw new AppError("bad-file", `${facts.name} has a header but no rows`);
  if (rejected === read) {
    const first = issues.find((i) => i.severity === "reject")!;
    throw new AppError(
      "bad-file",
      `no row of ${facts.name} could be imported (${read} rejected); first: line ${first.line}${first.column ? ` column ${first.column}` : ""} '${first.value ?? ""}': ${first.reason}`,
    );
  }

  const notes: string[] = [];
  let analysisCrs = city.analysisCrs;
  let crsChosen = false;
  if (!analysisCrs) {
    analysisCrs = chooseAnalysisCrs(groups.values());
    if (analysisCrs) {
      crsChosen = true;
      notes.push(`analysis CRS set to ${analysisCrs} (the UTM zone of this file's locations)`);
    }
  }
  const locator = new Locator(getCrs(analysisCrs ?? "EPSG:4326"));
  const srcCrs = options.crs ? getCrs(options.crs) : undefined;
  if (srcCrs?.datumShiftDropped) notes.push(srcCrs.datumShiftDropped);

  const staged: StagedIncident[] = [];
  for (const g of groups.values()) {
    const { incident, warning } = analysisCrs
      ? toIncident(g, locator)
      : toIncident({ ...g, row: { ...g.row, coords: null } }, locator);
    if (warning) issues.push(warning);
    staged.push({ incident, contentHash: incidentContentHash(incident), rowCount: g.lines.length });
  }
  const warnings = issues.filter((i) => i.severity === "warning").length;

  const finish = (
    batchId: number | null,
    merge: Awaited<ReturnType<typeof mergeIncidents>>,
    issuesFile: string | null,
  ): ImportReport => {
    const report: ImportReport = {
      kind: "incident-import",
      dryRun: options.dryRun ?? false,
      batchId,
      file: facts.path,
      sha256: facts.sha256,
      format: options.format,
      source,
      rows: {
        read,
        new: merge.rows.new,
        updated: merge.rows.updated,
        unchanged: merge.rows.unchanged,
        rejected,
      },
      incidents: merge.records,
      warnings,
      reasons: summariseIssues(issues),
      issuesFile,
      notes,
    };
    const r = report.rows;
    if (r.read !== r.new + r.updated + r.unchanged + r.rejected) {
      throw new Error(`row accounting broken: ${JSON.stringify(r)}`);
    }
    return report;
  };

  if (options.dryRun) {
    const merge = await db
      .transaction(async () => {
        const m = await mergeIncidents(db, source, -1, startedAt, staged);
        throw new DryRunRollback(m);
      })
      .catch((e: unknown) => {
        if (e instanceof DryRunRollback) return e.result;
        throw e;
      });
    const issuesFile =
      options.rejectsPath && issues.length > 0 ? writeIssuesFile(options.rejectsPath, issues) : null;
    return finish(null, merge, issuesFile);
  }

  progress.phase("writing", staged.length);
  const { batchId, merge } = await db.transaction(async () => {
    const batchId = await nextBatchId(db);
    const merge = await mergeIncidents(db, source, batchId, startedAt, staged, (n) => progress.tick(n));
    if (process.env.PEACESTAT_FAULT === "kill-in-import-transaction") process.kill(process.pid, "SIGKILL");
    await insertIssues(db, batchId, issues);
    await assignAreas(db, { batchId, kinds: ["incident"] });
    if (crsChosen && analysisCrs) await setAnalysisCrs(db, analysisCrs);
    await insertBatch(db, {
      batchId,
      kind: "incidents",
      format: options.format,
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
      warnings,
      options: { crs: options.crs ?? null },
      notes,
    });
    return { batchId, merge };
  });
  progress.done();
  let issuesFile: string | null = null;
  if (issues.length > 0) {
    const target =
      options.rejectsPath ??
      path.join(path.dirname(db.path), "rejects", `batch-${batchId}-${facts.name}.issues.csv`);
    issuesFile = writeIssuesFile(target, issues);
  }
  return finish(batchId, merge, issuesFile);
}

class DryRunRollback extends Error {
  constructor(readonly result: Awaited<ReturnType<typeof mergeIncidents>>) {
    super("dry run");
  }
}

/** The UTM zone of the median location of the file, so distances are in metres near the city. */
function chooseAnalysisCrs(groups: Iterable<MergedIncident>): string | null {
  const lons: number[] = [];
  const lats: number[] = [];
  const transforms = new Map<string, ReturnType<typeof makeTransform>>();
  for (const g of groups) {
    const c = g.row.coords;
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
    if (lons.length >= 5000) break;
  }
  if (lons.length === 0) return null;
  const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  return utmCrsFor(median(lons), median(lats));
}

export function ensureDir(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
}
