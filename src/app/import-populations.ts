/**
 * Populations by area and year from a CSV (docs/formats/populations.md), for rates per 100,000. One row per
 * area: the name column matches the layer's area names; rows for names the layer does not have are kept
 * (the layer may be loaded later) and reported. Only the population column is read: demographic columns
 * in the same file (race, ethnicity) are ignored on purpose (domain.md, safeguards).
 */
import { AppError } from "../domain/errors.js";
import { columns } from "../ingest/columns.js";
import { openCsv } from "../ingest/csv.js";
import type { RowIssue } from "../ingest/incident-rows.js";
import { fileFacts } from "../ingest/text-file.js";
import { upsertPopulations } from "../store/areas.js";
import { insertBatch, insertIssues, nextBatchId } from "../store/batches.js";
import { getCity } from "../store/city.js";
import type { Database } from "../store/db.js";
import { inTransaction } from "./dry-run.js";
import { summariseIssues } from "./issues-file.js";

export interface ImportPopulationsOptions {
  readonly layer: string;
  readonly nameField: string;
  readonly populationField: string;
  readonly year: number;
  readonly now?: (() => Date) | undefined;
  /** Validate and report without writing. */
  readonly dryRun?: boolean | undefined;
}

export interface PopulationImportReport {
  readonly kind: "population-import";
  /** The batch written; for a dry run, the batch it would have been. */
  readonly batchId: number;
  readonly dryRun: boolean;
  readonly layer: string;
  readonly year: number;
  readonly rows: { read: number; stored: number; rejected: number };
  readonly total: number;
  /** Names in the file that the layer does not have (stored anyway), and layer areas the file lacks. */
  readonly unmatchedNames: readonly string[];
  readonly areasWithoutPopulation: readonly string[];
  readonly reasons: ReturnType<typeof summariseIssues>;
}

export async function importPopulationFile(
  db: Database,
  file: string,
  options: ImportPopulationsOptions,
): Promise<PopulationImportReport> {
  if (!Number.isInteger(options.year) || options.year < 1900 || options.year > 2100) {
    throw new AppError("invalid-argument", `--year ${options.year}: expected a year such as 2020`);
  }
  await getCity(db);
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const facts = await fileFacts(file);
  const csv = await openCsv(facts, "a population CSV");
  const cols = columns(
    csv.header,
    [options.nameField, options.populationField],
    facts.name,
    "a population CSV with these columns",
    "docs/formats/populations.md",
  );
  const issues: RowIssue[] = [];
  const rows: { name: string; year: number; population: number }[] = [];
  const seen = new Map<string, number>();
  let read = 0;
  for await (const rec of csv.records()) {
    read++;
    const name = cols.get(rec.fields, options.nameField);
    const raw = cols.get(rec.fields, options.populationField).replace(/,/g, "");
    const reject = (column: string, value: string, reason: string) =>
      issues.push({ severity: "reject", line: rec.line, column, value, reason });
    if (!name) reject(options.nameField, "", "area name is required");
    else if (!/^\d+$/.test(raw)) reject(options.populationField, raw, "expected a whole number >= 0");
    else if (seen.has(name)) reject(options.nameField, name, `area repeats line ${seen.get(name)}`);
    else {
      seen.set(name, rec.line);
      rows.push({ name, year: options.year, population: Number(raw) });
    }
  }
  const areas = new Set(
    (await db.all<{ name: string }>("SELECT name FROM areas WHERE layer = $1", [options.layer])).map(
      (r) => r.name,
    ),
  );
  const unmatchedNames = areas.size === 0 ? [] : rows.filter((r) => !areas.has(r.name)).map((r) => r.name);
  const names = new Set(rows.map((r) => r.name));
  const areasWithoutPopulation = [...areas].filter((a) => !names.has(a)).sort();
  const batchId = await inTransaction(db, options.dryRun ?? false, async () => {
    const batchId = await nextBatchId(db);
    await upsertPopulations(db, options.layer, rows, batchId);
    await insertIssues(db, batchId, issues);
    await insertBatch(db, {
      batchId,
      kind: "populations",
      format: "populations",
      source: options.layer,
      fileName: facts.name,
      fileSha256: facts.sha256,
      fileBytes: facts.bytes,
      startedAt,
      finishedAt: now().toISOString(),
      rowsRead: read,
      rowsNew: rows.length,
      rowsUpdated: 0,
      rowsUnchanged: 0,
      rowsRejected: issues.length,
      recordsNew: rows.length,
      recordsUpdated: 0,
      recordsUnchanged: 0,
      warnings: 0,
      options: { ...options, now: undefined, dryRun: undefined },
      notes: { unmatchedNames, areasWithoutPopulation },
    });
    return batchId;
  });
  return {
    kind: "population-import",
    batchId,
    dryRun: options.dryRun ?? false,
    layer: options.layer,
    year: options.year,
    rows: { read, stored: rows.length, rejected: issues.length },
    total: rows.reduce((s, r) => s + r.population, 0),
    unmatchedNames,
    areasWithoutPopulation,
    reasons: summariseIssues(issues),
  };
}
