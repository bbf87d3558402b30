/**
 * `peacestat audit verify | head | list`: checking the hash-chained audit log and reading it. Verify exits
 * non-zero (the "database" code) when the chain is broken, so a cron job or monitor can alert on it.
 */
import { type Command, InvalidArgumentError } from "commander";
import {
  type AuditEntry,
  auditHead,
  listAudit,
  parseAuditHead,
  type VerifyResult,
  verifyAudit,
} from "../audit/audit-log.js";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";

type WithDb = <T>(dbPath: string, fn: (db: Database) => Promise<T>) => Promise<T>;

function positiveInt(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) {
    throw new InvalidArgumentError("expected a positive whole number");
  }
  return Number(v);
}

function formatVerify(r: VerifyResult): string {
  if (r.ok) {
    return `audit log intact: ${r.entries} entries; head ${r.lastSeq}:${r.lastHash}`;
  }
  const bad = r.firstBad!;
  return [
    `audit log BROKEN at seq ${bad.seq}: ${bad.reason}`,
    `  ${r.entries} entries verified before it; last good ${r.lastSeq}:${r.lastHash}`,
  ].join("\n");
}

function formatEntry(e: AuditEntry): string {
  const who = `${e.username ?? "-"}${e.role ? ` (${e.role})` : ""}`;
  const why = e.purpose ? ` purpose: ${e.purpose}` : "";
  const detail = e.detail === null ? "" : ` ${JSON.stringify(e.detail)}`;
  return `${e.seq}\t${e.at}\t${who}\t${e.action}\t${e.resource}${why}${detail}`;
}

export function registerAuditCommand(program: Command, withDb: WithDb, dbDefault: () => string): void {
  const audit = program
    .command("audit")
    .description("the append-only, hash-chained log of every access to record-level data and every export");

  audit
    .command("verify")
    .description("recompute the hash chain; exit non-zero at the first edited, deleted or moved entry")
    .option("--db <path>", "database file")
    .option(
      "--expect-head <seq:hash>",
      "a head written down earlier ('audit head'): also catches a truncated or rewritten log",
    )
    .option("--json", "print JSON")
    .action(async (o: { db?: string; expectHead?: string; json?: boolean }) => {
      const expectHead = o.expectHead ? parseAuditHead(o.expectHead) : undefined;
      const r = await withDb(o.db ?? dbDefault(), (db) => verifyAudit(db, { expectHead }));
      process.stdout.write(o.json ? `${JSON.stringify(r, null, 2)}\n` : `${formatVerify(r)}\n`);
      if (!r.ok) {
        throw new AppError("database", `audit log broken at seq ${r.firstBad!.seq}: ${r.firstBad!.reason}`);
      }
    });

  audit
    .command("head")
    .description("the newest entry as SEQ:HASH: write it down (daily) and pass it to 'verify --expect-head'")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(async (o: { db?: string; json?: boolean }) => {
      const h = await withDb(o.db ?? dbDefault(), (db) => auditHead(db));
      process.stdout.write(o.json ? `${JSON.stringify(h, null, 2)}\n` : `${h.seq}:${h.hash}\n`);
    });

  audit
    .command("list")
    .description("entries, newest first (reading does not verify: run 'audit verify' for that)")
    .option("--db <path>", "database file")
    .option("--user <name>", "only this username")
    .option("--action <action>", "only this action (view-records, search-records, export, login, ...)")
    .option("--since <date>", "from this day (YYYY-MM-DD, UTC) or ISO time")
    .option("--until <date>", "through this day (YYYY-MM-DD, UTC) or before this ISO time")
    .option("--limit <n>", "at most this many entries (default 100)", positiveInt)
    .option("--json", "print JSON")
    .action(
      async (o: {
        db?: string;
        user?: string;
        action?: string;
        since?: string;
        until?: string;
        limit?: number;
        json?: boolean;
      }) => {
        const entries = await withDb(o.db ?? dbDefault(), (db) =>
          listAudit(db, {
            username: o.user,
            action: o.action,
            since: o.since,
            until: o.until,
            limit: o.limit,
          }),
        );
        if (o.json) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        else if (entries.length === 0) process.stdout.write("no audit entries match\n");
        else process.stdout.write(`${entries.map(formatEntry).join("\n")}\n`);
      },
    );
}
