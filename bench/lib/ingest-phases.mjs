#!/usr/bin/env node
/**
 * Where an incident import's time goes, measured on one file (for the ingest benchmark cases):
 *
 *   node bench/lib/ingest-phases.mjs FILE --format NAME --db CITY.duckdb
 *
 * CITY.duckdb must be a city database the import may write to (a throw-away copy). Passes, each timed:
 *   hash     the file's SHA-256 (fileFacts: one read of the file, as the import does first)
 *   parse    hash + decompression and CSV parsing alone (csv-parse over every record)
 *   map      parse + the format's row mapper (validation, date and code parsing, classification)
 *   locate   map + projecting each location to the analysis CRS (toStageRow)
 *   import   the full import (importFile, as `peacestat import` runs it), split by its progress phases:
 *            reading (parse, map, locate and appending to the staging table), merging (resolving the rows
 *            of each incident, content hashes, history), assigning areas (point in polygon, batch record)
 * Prints one JSON line with the seconds of each.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = (p) => import(path.join(root, "dist", p));
const { openCsv } = await dist("ingest/csv.js");
const { fileFacts } = await dist("ingest/text-file.js");
const { findIncidentFormat, mapperFor } = await dist("ingest/formats.js");
const { Locator, toStageRow } = await dist("ingest/incident-rows.js");
const { getCrs } = await dist("domain/crs.js");
const { getCity } = await dist("store/city.js");
const { Database } = await dist("store/db.js");
const { importFile } = await dist("app/import-file.js");

const args = process.argv.slice(2);
const file = args[0];
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const formatName = opt("--format") ?? "generic";
const dbPath = opt("--db");
if (!file || !dbPath) {
  process.stderr.write("usage: ingest-phases.mjs FILE --format NAME --db CITY.duckdb\n");
  process.exit(2);
}
const format = findIncidentFormat(formatName);
const now = () => performance.now() / 1000;

const db = await Database.open(dbPath);
const city = await getCity(db);
const out = { file: path.resolve(file), format: formatName };

let t = now();
const facts = await fileFacts(file);
out.hash_s = now() - t;

/** One pass over the records; `level` says how much of the per-row work to do. */
async function pass(level) {
  const t0 = now();
  const f = await fileFacts(file);
  const csv = await openCsv(f, format.expected);
  const mapper = mapperFor(format, csv.header, { fileName: f.name, timeZone: city.timeZone });
  const locator = new Locator(getCrs(city.analysisCrs ?? "EPSG:4326"));
  let rows = 0;
  let kept = 0;
  for await (const rec of csv.records()) {
    rows++;
    if (level === "parse") continue;
    const r = mapper(rec.fields, rec.line);
    if (r.kind === "reject") continue;
    kept++;
    if (level === "locate") toStageRow(r.row, locator);
  }
  return { seconds: now() - t0, rows, kept };
}

const parse = await pass("parse");
out.rows = parse.rows;
out.parse_s = parse.seconds;
out.map_s = (await pass("map")).seconds;
out.locate_s = (await pass("locate")).seconds;

const phases = {};
let current = null;
let since = 0;
const close = () => {
  if (current) phases[current] = (phases[current] ?? 0) + now() - since;
  current = null;
};
const progress = {
  phase(name) {
    close();
    current = name.startsWith("reading") ? "reading" : name;
    since = now();
  },
  tick() {},
  done: close,
};
t = now();
const report = await importFile(db, file, {
  format: formatName,
  progress,
  rejectsPath: `${dbPath}.rejects.csv`,
});
close();
out.import_s = now() - t;
out.import_phases_s = phases;
out.rows_read = report.rows.read;
out.rows_rejected = report.rows.rejected;
db.close();
void facts;
process.stdout.write(`${JSON.stringify(out)}\n`);
