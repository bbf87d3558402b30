#!/usr/bin/env node
/**
 * The ingest anchor: DuckDB's bare load of a CSV (or .csv.gz) into a table of a fresh database file,
 * `CREATE TABLE t AS SELECT * FROM read_csv('FILE')`, with DuckDB's own type sniffing and nothing else
 * (no validation, no classification, no area assignment, no history). It is what a user who "just loads
 * the file into DuckDB" would get, the fastest way to have the rows in a queryable table.
 *
 *   node bench/lib/duckdb-bare-load.mjs FILE [--db PATH]
 *
 * Prints one JSON line: { rows, seconds, file }. The database (default: a fresh temp file) is deleted after.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  process.stderr.write("usage: duckdb-bare-load.mjs FILE [--db PATH]\n");
  process.exit(2);
}
const dbArg = args.includes("--db") ? args[args.indexOf("--db") + 1] : undefined;
const dir = dbArg ? null : fs.mkdtempSync(path.join(os.tmpdir(), "bare-load-"));
const dbPath = dbArg ?? path.join(dir, "bare.duckdb");
for (const f of [dbPath, `${dbPath}.wal`]) fs.rmSync(f, { force: true });

const t0 = performance.now();
const instance = await DuckDBInstance.create(dbPath);
const con = await instance.connect();
const literal = path.resolve(file).replaceAll("'", "''");
await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${literal}')`);
await con.run("CHECKPOINT");
const seconds = (performance.now() - t0) / 1000;
const rows = Number((await con.runAndReadAll("SELECT count(*) FROM t")).getRows()[0][0]);
con.closeSync();
instance.closeSync();
for (const f of [dbPath, `${dbPath}.wal`]) fs.rmSync(f, { force: true });
if (dir) fs.rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ rows, seconds, file: path.resolve(file) })}\n`);
