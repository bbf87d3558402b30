/**
 * The append-only, hash-chained audit log: who saw, searched or exported record-level data, when, and
 * why (28 CFR Part 23 asks for the purpose; the FBI CJIS Security Policy asks for who/what/when).
 *
 * Each entry's hash is sha256(prev_hash + "\n" + canonicalJson(entry)), where the entry's time is hashed
 * as "at" (ISO, milliseconds, UTC) and stored in the logged_at column, so changing, deleting or
 * reordering an entry breaks the chain at that point and `peacestat audit verify` finds it. A plain hash
 * chain cannot stop someone with write access from recomputing every hash after an edit: that is what
 * the anchor is for. An admin writes down `auditHead()` (seq and hash) somewhere outside the database,
 * e.g. daily; `verifyAudit(db, { expectHead })` then also catches a rewritten or truncated log.
 */
import { createHash } from "node:crypto";
import { AppError } from "../domain/errors.js";
import type { Database, Param } from "../store/db.js";

/**
 * The documented vocabulary. Any lower-case kebab-case action is accepted (new features add their own),
 * but these are the ones the admin view and reports know about.
 */
export const AUDIT_ACTIONS = [
  "login",
  "login-failed",
  "logout",
  "view-records",
  "search-records",
  "export",
  "import",
  "user-change",
  "goal-change",
  "analysis-run",
] as const;
export type KnownAuditAction = (typeof AUDIT_ACTIONS)[number];

/** Accesses to record-level data must say why (28 CFR Part 23): these need a non-empty purpose. */
export const PURPOSE_REQUIRED: ReadonlySet<string> = new Set(["view-records", "search-records", "export"]);

/** The first entry's prev_hash. */
export const GENESIS_HASH = "0".repeat(64);

/** Verification reads the log in pages of this many entries so a large log never sits in memory whole. */
export const VERIFY_PAGE_SIZE = 10_000;

const ACTION_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
// A lone surrogate cannot be stored as UTF-8: it would come back changed and break the chain later, so it
// is refused up front. With the u flag a paired surrogate is one code point and does not match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export interface AuditInput {
  readonly username: string | null;
  readonly role: string | null;
  readonly action: string;
  /** What was touched: "people", "people/123", "incidents?district=4", "export:compstat.xlsx". */
  readonly resource: string;
  readonly purpose?: string | null;
  readonly detail?: unknown;
  /** Defaults to now. Stored and hashed at millisecond precision. */
  readonly at?: Date | string;
}

/** Exactly the fields that are hashed, in the form that is hashed. */
export interface AuditEntryContent {
  readonly seq: number;
  readonly at: string;
  readonly username: string | null;
  readonly role: string | null;
  readonly action: string;
  readonly resource: string;
  readonly purpose: string | null;
  readonly detail: JsonValue;
}

export interface AuditEntry extends AuditEntryContent {
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  /** Entries that verified (all of them when ok). */
  readonly entries: number;
  readonly firstBad: { readonly seq: number; readonly reason: string } | null;
  /** Hash of the last entry that verified (the genesis hash when none did). */
  readonly lastHash: string;
  readonly lastSeq: number;
}

export interface VerifyOptions {
  /** A head written down earlier: the log must still reach it, with the same hash at that seq. */
  readonly expectHead?: AuditHead;
  /** Page size; only tests change it (to exercise page boundaries). */
  readonly pageSize?: number;
}

export interface ListAuditOptions {
  /** ISO instant, or YYYY-MM-DD meaning the start of that UTC day. */
  readonly since?: string;
  /** ISO instant (exclusive), or YYYY-MM-DD meaning through the end of that UTC day. */
  readonly until?: string;
  readonly username?: string;
  readonly action?: string;
  /** Newest first; default 100. */
  readonly limit?: number;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Checks that `v` is plain JSON data (null, booleans, finite numbers, strings, arrays, plain objects) and
 * returns it as such; object properties that are undefined are dropped, as JSON.stringify drops them.
 * Anything else (Date, Map, NaN, bigint, a class instance) is refused, so what is hashed is exactly what
 * is stored and read back.
 */
export function toJsonValue(v: unknown, where = "value"): JsonValue {
  if (v === null || typeof v === "boolean") return v;
  if (typeof v === "number") {
    if (!Number.isFinite(v))
      throw new AppError("invalid-argument", `audit ${where}: ${v} is not a JSON number`);
    return v;
  }
  if (typeof v === "string") {
    if (LONE_SURROGATE.test(v)) throw new AppError("invalid-argument", `audit ${where}: not valid text`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => toJsonValue(x, `${where}[${i}]`));
  if (typeof v === "object") {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto === Object.prototype || proto === null) {
      // No prototype, so a "__proto__" key is kept as data rather than setting the prototype.
      const out = Object.create(null) as { [key: string]: JsonValue };
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined) continue;
        if (LONE_SURROGATE.test(k))
          throw new AppError("invalid-argument", `audit ${where}: key not valid text`);
        out[k] = toJsonValue(x, `${where}.${k}`);
      }
      return out;
    }
  }
  throw new AppError(
    "invalid-argument",
    `audit ${where}: ${Object.prototype.toString.call(v)} is not JSON data`,
  );
}

/**
 * JSON with object keys sorted (by UTF-16 code unit, recursively) and no whitespace, so a hash depends on
 * the data only: not on the order a caller built an object in, nor on how DuckDB formats stored JSON.
 */
export function canonicalJson(v: JsonValue): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k]!)}`).join(",")}}`;
}

/** sha256 hex of prev_hash + "\n" + the canonical JSON of the entry: the one definition of the chain. */
export function auditEntryHash(prevHash: string, e: AuditEntryContent): string {
  const content: Record<string, JsonValue> = {
    seq: e.seq,
    at: e.at,
    username: e.username,
    role: e.role,
    action: e.action,
    resource: e.resource,
    purpose: e.purpose,
    detail: e.detail,
  };
  return createHash("sha256")
    .update(`${prevHash}\n${canonicalJson(content)}`)
    .digest("hex");
}

function text(name: string, v: string | null | undefined, required: boolean): string | null {
  if (v === undefined || v === null || v === "") {
    if (required) throw new AppError("invalid-argument", `audit entry: ${name} is required`);
    return v === "" ? "" : null;
  }
  if (LONE_SURROGATE.test(v))
    throw new AppError("invalid-argument", `audit entry: ${name} is not valid text`);
  return v;
}

function instant(v: Date | string | undefined): string {
  const d = v === undefined ? new Date() : new Date(v);
  if (Number.isNaN(d.getTime()))
    throw new AppError("invalid-argument", `audit entry: bad time '${String(v)}'`);
  return d.toISOString();
}

/** Checks an input and puts it in hashed form (without seq); throws AppError("invalid-argument"). */
export function normalizeAuditInput(input: AuditInput): Omit<AuditEntryContent, "seq"> {
  if (!ACTION_RE.test(input.action)) {
    throw new AppError(
      "invalid-argument",
      `audit entry: action '${input.action}' must be lower-case kebab-case (e.g. ${AUDIT_ACTIONS.slice(0, 4).join(", ")})`,
    );
  }
  const purpose = input.purpose?.trim() ? input.purpose : null;
  if (PURPOSE_REQUIRED.has(input.action) && purpose === null) {
    throw new AppError(
      "invalid-argument",
      `audit entry: '${input.action}' needs a purpose (28 CFR Part 23: why is this record being accessed?)`,
    );
  }
  const detail = toJsonValue(input.detail === undefined ? null : input.detail, "detail");
  return {
    at: instant(input.at),
    username: text("username", input.username, false),
    role: text("role", input.role, false),
    action: input.action,
    resource: text("resource", input.resource, true) as string,
    purpose: text("purpose", purpose, false),
    detail,
  };
}

// appendAudit calls on one Database are queued: they share one connection, and DuckDB refuses a BEGIN
// inside an open transaction, so two overlapping requests of a server must take turns.
const queues = new WeakMap<Database, Promise<unknown>>();

/**
 * Appends one entry and returns its seq and hash. The read of the previous head and the insert run in
 * one transaction, queued per Database, so two appends cannot take the same seq; DuckDB allows one
 * writing process per file (see store/db.ts), and seq is the primary key, so even a bug here would fail
 * loudly rather than fork the chain. Do not call it inside db.transaction (DuckDB has no nested
 * transactions): write the entry before handing the data out, so a failed write means no access.
 */
export async function appendAudit(db: Database, input: AuditInput): Promise<AuditHead> {
  const entry = normalizeAuditInput(input);
  const run = (queues.get(db) ?? Promise.resolve()).then(() =>
    db.transaction(async () => {
      const head = await auditHead(db);
      const seq = head.seq + 1;
      const hash = auditEntryHash(head.hash, { ...entry, seq });
      await db.run(
        `INSERT INTO audit_log (seq, logged_at, username, role, action, resource, purpose, detail, prev_hash, hash)
         VALUES ($1, $2::TIMESTAMPTZ, $3, $4, $5, $6, $7, $8::JSON, $9, $10)`,
        [
          seq,
          entry.at,
          entry.username,
          entry.role,
          entry.action,
          entry.resource,
          entry.purpose,
          entry.detail === null ? null : canonicalJson(entry.detail),
          head.hash,
          hash,
        ],
      );
      return { seq, hash };
    }),
  );
  queues.set(
    db,
    run.catch(() => undefined),
  );
  return await run;
}

/** The newest entry's seq and hash (seq 0 and the genesis hash for an empty log): the anchor to write down. */
export async function auditHead(db: Database): Promise<AuditHead> {
  const row = await db.one<{ seq: number; hash: string }>(
    "SELECT seq::DOUBLE AS seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
  );
  return row ? { seq: row.seq, hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
}

/** Parses "SEQ:HASH" as printed by `peacestat audit head`. */
export function parseAuditHead(s: string): AuditHead {
  const m = /^(\d+):([0-9a-f]{64})$/i.exec(s.trim());
  if (!m)
    throw new AppError(
      "invalid-argument",
      `'${s}': expected SEQ:HASH (64 hex digits), as 'audit head' prints`,
    );
  return { seq: Number(m[1]), hash: m[2]!.toLowerCase() };
}

interface RawRow {
  seq: number;
  at_us: number;
  username: string | null;
  role: string | null;
  action: string;
  resource: string;
  purpose: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

const SELECT_ROWS = `SELECT seq::DOUBLE AS seq, epoch_us(logged_at)::DOUBLE AS at_us, username, role, action, resource,
  purpose, detail::VARCHAR AS detail, prev_hash, hash FROM audit_log`;

function toEntry(r: RawRow): AuditEntry {
  let detail: JsonValue = null;
  if (r.detail !== null) {
    try {
      detail = JSON.parse(r.detail) as JsonValue;
    } catch {
      detail = r.detail; // Unparseable JSON cannot have been written by appendAudit: hashing the text fails.
    }
  }
  return {
    seq: r.seq,
    at: new Date(Math.floor(r.at_us / 1000)).toISOString(),
    username: r.username,
    role: r.role,
    action: r.action,
    resource: r.resource,
    purpose: r.purpose,
    detail,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Why an entry read back does not belong at this point of the chain, or null when it does. */
function checkEntry(r: RawRow, expectedSeq: number, prevHash: string): string | null {
  if (r.seq !== expectedSeq) {
    return r.seq > expectedSeq
      ? `entries ${expectedSeq}${r.seq - 1 > expectedSeq ? `..${r.seq - 1}` : ""} missing (deleted?)`
      : `unexpected seq ${r.seq}, expected ${expectedSeq}`;
  }
  if (r.prev_hash !== prevHash)
    return "prev_hash does not match the previous entry (entry deleted, inserted or moved)";
  if (r.at_us % 1000 !== 0) return "time has sub-millisecond digits appendAudit never writes (edited)";
  const e = toEntry(r);
  if (auditEntryHash(prevHash, e) !== r.hash) return "hash does not match the entry's contents (edited)";
  return null;
}

/**
 * Recomputes the chain in seq order, a page at a time (keyset paging on seq, so a large deleted range
 * cannot end the walk early), and stops at the first entry that does not verify.
 */
export async function verifyAudit(db: Database, options: VerifyOptions = {}): Promise<VerifyResult> {
  const pageSize = options.pageSize ?? VERIFY_PAGE_SIZE;
  const anchor = options.expectHead;
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let entries = 0;
  const fail = (seq: number, reason: string): VerifyResult => ({
    ok: false,
    entries,
    firstBad: { seq, reason },
    lastHash: prevHash,
    lastSeq,
  });
  for (;;) {
    // The first page has no lower bound, so a row slipped in at seq 0 or below is seen too.
    const page = await db.all<RawRow & Record<string, unknown>>(
      `${SELECT_ROWS} WHERE seq > $1 ORDER BY seq LIMIT ${Math.max(1, Math.floor(pageSize))}`,
      [entries === 0 ? Number.MIN_SAFE_INTEGER : lastSeq],
    );
    for (const r of page) {
      const why = checkEntry(r, lastSeq + 1, prevHash);
      if (why !== null) return fail(r.seq, why);
      if (anchor && r.seq === anchor.seq && r.hash !== anchor.hash) {
        return fail(
          r.seq,
          `hash differs from the anchored head ${anchor.seq}:${anchor.hash} (log rewritten)`,
        );
      }
      prevHash = r.hash;
      lastSeq = r.seq;
      entries++;
    }
    if (page.length < pageSize) break;
  }
  if (anchor && lastSeq < anchor.seq) {
    return fail(
      lastSeq + 1,
      `log ends at seq ${lastSeq} but the anchored head is seq ${anchor.seq} (entries ${lastSeq + 1}..${anchor.seq} removed)`,
    );
  }
  return { ok: true, entries, firstBad: null, lastHash: prevHash, lastSeq };
}

function bound(name: string, v: string, endOfDay: boolean): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const d = new Date(day ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(d.getTime()))
    throw new AppError("invalid-argument", `${name} '${v}': expected YYYY-MM-DD or an ISO time`);
  if (day && endOfDay) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/** Entries for the admin view, newest first. Reading the log does not verify it: see verifyAudit. */
export async function listAudit(db: Database, options: ListAuditOptions = {}): Promise<AuditEntry[]> {
  const where: string[] = [];
  const params: Param[] = [];
  const add = (sql: string, v: Param) => {
    params.push(v);
    where.push(sql.replace("?", `$${params.length}`));
  };
  if (options.since) add("logged_at >= ?::TIMESTAMPTZ", bound("since", options.since, false));
  if (options.until) add("logged_at < ?::TIMESTAMPTZ", bound("until", options.until, true));
  if (options.username) add("username = ?", options.username);
  if (options.action) add("action = ?", options.action);
  const limit = options.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1)
    throw new AppError("invalid-argument", `limit ${limit}: expected a positive whole number`);
  const rows = await db.all<RawRow & Record<string, unknown>>(
    `${SELECT_ROWS}${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY seq DESC LIMIT ${limit}`,
    params,
  );
  return rows.map(toEntry);
}
