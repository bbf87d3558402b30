/**
 * The embedded DuckDB database: one file on disk, opened by one process at a time (DuckDB takes a file
 * lock; a second writer gets a clear "in use" error instead of a corrupt file).
 *
 * DuckDB value classes stay inside src/store: callers get plain JS values. Values are always bound as
 * parameters; identifiers never come from input.
 */
import fs from "node:fs";
import path from "node:path";
import {
  BIGINT,
  DOUBLE,
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  DuckDBTimestampValue,
  type DuckDBType,
  type DuckDBValue,
  INTEGER,
  LIST,
  listValue,
  TIMESTAMP,
  VARCHAR,
} from "@duckdb/node-api";
import { AppError } from "../domain/errors.js";
import { MIGRATIONS } from "./migrations.js";

export type Param = string | number | boolean | null | bigint | readonly string[];
export type Row = Record<string, unknown>;

export type ColumnType = "varchar" | "integer" | "bigint" | "double" | "timestamp" | "varchar[]" | "json";
export interface AppendColumn {
  readonly name: string;
  readonly type: ColumnType;
}

const DUCK_TYPES: Record<ColumnType, DuckDBType> = {
  varchar: VARCHAR,
  json: VARCHAR,
  integer: INTEGER,
  bigint: BIGINT,
  double: DOUBLE,
  timestamp: TIMESTAMP,
  "varchar[]": LIST(VARCHAR),
};

const SQL_TYPES: Record<ColumnType, string> = {
  varchar: "VARCHAR",
  json: "JSON",
  integer: "INTEGER",
  bigint: "BIGINT",
  double: "DOUBLE",
  timestamp: "TIMESTAMP",
  "varchar[]": "VARCHAR[]",
};

function toDuck(v: Param): DuckDBValue {
  if (Array.isArray(v)) return listValue(v as string[]);
  return v as DuckDBValue;
}

export interface OpenOptions {
  /** Create the file (and its folder) when missing. Default false: a missing database is an error. */
  readonly create?: boolean;
  readonly readOnly?: boolean;
}

export class Database {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async open(file: string, options: OpenOptions = {}): Promise<Database> {
    const resolved = path.resolve(file);
    const exists = fs.existsSync(resolved);
    if (!exists && !options.create) {
      throw new AppError(
        "not-found",
        `no database at ${resolved}: create one with 'peacestat init --db ${file} --timezone ZONE' or 'peacestat demo --db ${file}'`,
      );
    }
    if (!exists) fs.mkdirSync(path.dirname(resolved), { recursive: true });
    let instance: DuckDBInstance;
    try {
      // A bounded memory budget (DuckDB spills larger work to disk beside the database), so a big import or
      // a server does not take the whole machine: PEACESTAT_DB_MEMORY overrides it (e.g. "8GB"). Measured on
      // the UK file's import (1.77M rows): 4GB -> 45.6 s and 5.0 GB peak RSS; 2GB -> 50.7 s and 2.8 GB;
      // 1GB -> 60.2 s and 2.5 GB. 2GB keeps a 20M-incident import under 4 GB for 11% more time.
      const settings: Record<string, string> = { memory_limit: process.env.PEACESTAT_DB_MEMORY ?? "2GB" };
      if (options.readOnly) settings.access_mode = "READ_ONLY";
      instance = await DuckDBInstance.create(resolved, settings);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/lock/i.test(msg)) {
        const pid = /PID (\d+)/.exec(msg)?.[1];
        throw new AppError(
          "busy",
          `database ${resolved} is in use by another process${pid ? ` (pid ${pid})` : ""}: stop it (e.g. the server) or go through its API`,
          { cause: e },
        );
      }
      throw new AppError("database", `cannot open ${resolved} as a PeaceStat database: ${msg}`, { cause: e });
    }
    const conn = await instance.connect();
    const db = new Database(resolved, instance, conn);
    if (!options.readOnly) await db.migrate();
    return db;
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }

  /** Applies missing migrations; each in its own transaction. */
  private async migrate(): Promise<void> {
    await this.conn.run(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ)",
    );
    const done = new Set(
      (await this.all<{ version: number }>("SELECT version FROM schema_migrations")).map((r) => r.version),
    );
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await this.transaction(async () => {
        for (const stmt of m.sql) await this.conn.run(stmt);
        await this.run("INSERT INTO schema_migrations VALUES ($1, $2, now())", [m.version, m.name]);
      });
    }
  }

  async run(sql: string, params: readonly Param[] = []): Promise<void> {
    await this.conn.run(sql, params.map(toDuck));
  }

  /** Rows as plain JS objects. BIGINT arrives as bigint: cast in SQL (::INTEGER, ::DOUBLE) when a number is wanted. */
  async all<T extends Row = Row>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, params.map(toDuck));
    return reader.getRowObjectsJS() as T[];
  }

  async one<T extends Row = Row>(sql: string, params: readonly Param[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /**
   * Runs `fn` in one transaction: all of it lands or none of it does, even if the process is killed midway
   * (DuckDB's write-ahead log replays only committed transactions).
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.conn.run("BEGIN TRANSACTION");
    try {
      const out = await fn();
      await this.conn.run("COMMIT");
      return out;
    } catch (e) {
      try {
        await this.conn.run("ROLLBACK");
      } catch {
        // The transaction may already be aborted; the original error is what matters.
      }
      throw e;
    }
  }

  /**
   * Bulk insert through DuckDB's appender in column chunks (about 1 s per million rows here, against
   * minutes for INSERT statements). Timestamps are naive milliseconds; lists are string arrays. Runs
   * inside the caller's transaction when there is one.
   */
  async append(
    table: string,
    columns: readonly AppendColumn[],
    rows: Iterable<readonly unknown[]>,
    onProgress?: (n: number) => void,
  ): Promise<number> {
    const appender = await this.openAppender(table, columns, onProgress);
    try {
      for (const r of rows) appender.push(r);
      return appender.finish();
    } finally {
      appender.close();
    }
  }

  /** A connection-local table for staging an import, with the columns an appender will fill. */
  async createTempTable(name: string, columns: readonly AppendColumn[]): Promise<void> {
    await this.run(
      `CREATE TEMP TABLE ${name} (${columns.map((c) => `${c.name} ${SQL_TYPES[c.type]}`).join(", ")})`,
    );
  }

  /** A streaming appender: push rows as they come (from an async source), then finish(); close() in finally. */
  async openAppender(
    table: string,
    columns: readonly AppendColumn[],
    onProgress?: (n: number) => void,
  ): Promise<RowAppender> {
    return new RowAppender(await this.conn.createAppender(table), columns, onProgress);
  }
}

export class RowAppender {
  private static readonly CHUNK = 2048;
  private buf: (readonly unknown[])[] = [];
  private total = 0;
  private closed = false;
  private readonly types: DuckDBType[];

  constructor(
    private readonly appender: DuckDBAppender,
    private readonly columns: readonly AppendColumn[],
    private readonly onProgress?: (n: number) => void,
  ) {
    this.types = columns.map((c) => DUCK_TYPES[c.type]);
  }

  push(row: readonly unknown[]): void {
    this.buf.push(row);
    if (this.buf.length === RowAppender.CHUNK) this.flushChunk();
  }

  private flushChunk(): void {
    if (this.buf.length === 0) return;
    const rows = this.buf;
    const chunk = DuckDBDataChunk.create(this.types, rows.length);
    chunk.setColumns(this.columns.map((c, ci) => rows.map((r) => convert(c.type, r[ci]))));
    this.appender.appendDataChunk(chunk);
    this.total += rows.length;
    this.buf = [];
    this.onProgress?.(this.total);
  }

  /** Flushes what is buffered; returns the number of rows appended. */
  finish(): number {
    this.flushChunk();
    this.appender.flushSync();
    return this.total;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.appender.closeSync();
  }
}

function convert(type: ColumnType, v: unknown): DuckDBValue {
  if (v === null || v === undefined) return null;
  switch (type) {
    case "timestamp":
      return new DuckDBTimestampValue(BigInt(Math.round(v as number)) * 1000n);
    case "varchar[]":
      return listValue(v as string[]);
    case "bigint":
      return BigInt(v as number | bigint);
    case "json":
      return typeof v === "string" ? v : JSON.stringify(v);
    case "varchar":
    case "integer":
    case "double":
      return v as DuckDBValue;
    default: {
      const never: never = type;
      throw new Error(`unknown column type ${String(never)}`);
    }
  }
}
