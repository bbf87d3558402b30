/**
 * The audit log against a real DuckDB file: a 1,000-entry chain verifies, and every kind of tampering a
 * person with SQL access could do (edit a field, delete, swap, truncate, rewrite) is caught at the entry
 * where it happened. Each tampering runs inside a transaction that is rolled back, so one chain serves all.
 */
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  AUDIT_ACTIONS,
  appendAudit,
  auditEntryHash,
  auditHead,
  listAudit,
  PURPOSE_REQUIRED,
  verifyAudit,
} from "../../src/audit/audit-log.js";
import { registerAuditCommand } from "../../src/cli/audit-command.js";
import { AppError } from "../../src/domain/errors.js";
import { Database, type Param } from "../../src/store/db.js";
import { tmpDir } from "../helpers/synthetic-files.js";

const N = 1000;
const START = Date.UTC(2024, 0, 1);
const dir = tmpDir("audit");
let db: Database;

beforeAll(async () => {
  db = await Database.open(path.join(dir, "audit.duckdb"), { create: true });
  for (let i = 0; i < N; i++) {
    const action = AUDIT_ACTIONS[i % AUDIT_ACTIONS.length]!;
    await appendAudit(db, {
      username: [`ana`, "bo", null][i % 3]!,
      role: [`analyst`, "admin", null][i % 3]!,
      action,
      resource: `people/${i}`,
      purpose: PURPOSE_REQUIRED.has(action) || i % 5 === 0 ? `case ${i}` : undefined,
      detail: i % 4 === 0 ? undefined : { i, nested: { b: i, a: [i, "x", null] }, ü: "ünicode ✓" },
      at: new Date(START + i * 300_000 + (i % 1000)),
    });
  }
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the statements, then `fn`, then rolls everything back. */
async function tampered<T>(statements: readonly [string, Param[]?][], fn: () => Promise<T>): Promise<T> {
  await db.run("BEGIN TRANSACTION");
  try {
    for (const [sql, params] of statements) await db.run(sql, params ?? []);
    return await fn();
  } finally {
    await db.run("ROLLBACK");
  }
}

const EDITS: Record<string, string> = {
  at: "logged_at = logged_at + INTERVAL 1 SECOND",
  "at (1 microsecond)": "logged_at = logged_at + INTERVAL 1 MICROSECOND",
  username: "username = COALESCE(username, '') || 'x'",
  role: "role = COALESCE(role, '') || 'x'",
  action: "action = action || '-x'",
  resource: "resource = resource || 'x'",
  purpose: "purpose = COALESCE(purpose, '') || 'x'",
  detail: `detail = '{"tampered":' || COALESCE(detail::VARCHAR, 'null') || '}'`,
  prev_hash: "prev_hash = repeat('f', 64)",
  hash: "hash = repeat('e', 64)",
};

describe("audit log chain", () => {
  it(`verifies a chain of ${N} entries, in one page or many`, async () => {
    const head = await auditHead(db);
    expect(head.seq).toBe(N);
    for (const pageSize of [undefined, 7, N, N - 1]) {
      const r = await verifyAudit(db, { pageSize, expectHead: head });
      expect(r).toEqual({ ok: true, entries: N, firstBad: null, lastHash: head.hash, lastSeq: N });
    }
    expect(
      (
        await verifyAudit(db, {
          expectHead: { seq: 500, hash: (await listAudit(db, { limit: 501 }))[500]!.hash },
        })
      ).ok,
    ).toBe(true);
  });

  it("catches an edit of any field of any entry at that entry", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: N }),
        fc.constantFrom(...Object.keys(EDITS)),
        async (seq, field) => {
          const r = await tampered([[`UPDATE audit_log SET ${EDITS[field]} WHERE seq = $1`, [seq]]], () =>
            verifyAudit(db, { pageSize: 64 }),
          );
          expect(r.ok).toBe(false);
          expect(r.firstBad?.seq).toBe(seq);
          expect(r.entries).toBe(seq - 1);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("ignores key order and whitespace in stored detail JSON", async () => {
    const r = await tampered(
      [
        [
          `UPDATE audit_log SET detail = '{ "ü": "ünicode ✓", "nested": {"a": [2, "x", null], "b": 2}, "i": 2 }' WHERE seq = 3`,
        ],
      ],
      () => verifyAudit(db),
    );
    expect(r.ok).toBe(true);
  });

  it("an edit whose own hash is recomputed breaks the next link; at the head only the anchor catches it", async () => {
    const [last, prev] = await listAudit(db, { limit: 2 });
    const mid = await tampered(
      [["UPDATE audit_log SET prev_hash = repeat('a', 64), hash = repeat('b', 64) WHERE seq = 10"]],
      () => verifyAudit(db),
    );
    expect(mid.firstBad).toEqual({ seq: 10, reason: expect.stringMatching(/prev_hash/) });
    // A rewrite of the newest entry with a correct chain: only a head written down earlier shows it.
    const forged = auditEntryHash(prev!.hash, { ...last!, resource: "nothing to see" });
    const stmts: [string, Param[]][] = [
      ["UPDATE audit_log SET resource = 'nothing to see', hash = $1 WHERE seq = $2", [forged, N]],
    ];
    expect((await tampered(stmts, () => verifyAudit(db))).ok).toBe(true);
    const anchored = await tampered(stmts, () =>
      verifyAudit(db, { expectHead: { seq: N, hash: last!.hash } }),
    );
    expect(anchored.firstBad).toEqual({ seq: N, reason: expect.stringMatching(/anchored head/) });
  });

  it("catches a deleted entry at the next one, even across a gap wider than a page", async () => {
    for (const seq of [1, 2, 500, 999]) {
      const r = await tampered([["DELETE FROM audit_log WHERE seq = $1", [seq]]], () => verifyAudit(db));
      expect(r.firstBad).toEqual({ seq: seq + 1, reason: `entries ${seq} missing (deleted?)` });
    }
    const wide = await tampered([["DELETE FROM audit_log WHERE seq BETWEEN 10 AND 100"]], () =>
      verifyAudit(db, { pageSize: 7 }),
    );
    expect(wide.firstBad).toEqual({ seq: 101, reason: "entries 10..100 missing (deleted?)" });
  });

  it("catches an inserted entry, before the first or after the last", async () => {
    const insert = `INSERT INTO audit_log VALUES ($1, '2025-01-01T00:00:00Z', 'eve', 'admin', 'login', 'x', NULL, NULL, $2, $3)`;
    const zeros = "0".repeat(64);
    const before = await tampered([[insert, [0, zeros, zeros]]], () => verifyAudit(db, { pageSize: 100 }));
    expect(before.firstBad).toEqual({ seq: 0, reason: "unexpected seq 0, expected 1" });
    const head = await auditHead(db);
    const after = await tampered([[insert, [N + 1, head.hash, zeros]]], () => verifyAudit(db));
    expect(after.firstBad).toEqual({ seq: N + 1, reason: expect.stringMatching(/hash does not match/) });
  });

  it("catches two swapped entries at the first of them", async () => {
    const cols = [
      "logged_at",
      "username",
      "role",
      "action",
      "resource",
      "purpose",
      "detail",
      "prev_hash",
      "hash",
    ];
    for (const [a, b] of [
      [1, 2],
      [40, 700],
      [N - 1, N],
    ] as const) {
      const r = await tampered(
        [
          ["CREATE TEMP TABLE swap AS SELECT * FROM audit_log WHERE seq IN ($1, $2)", [a, b]],
          [
            `UPDATE audit_log SET ${cols.map((c) => `${c} = s.${c}`).join(", ")} FROM swap s
             WHERE audit_log.seq IN ($1, $2) AND s.seq = $1 + $2 - audit_log.seq`,
            [a, b],
          ],
        ],
        () => verifyAudit(db),
      );
      expect(r.firstBad?.seq).toBe(a);
    }
  });

  it("catches a truncated tail only against an anchored head", async () => {
    const head = await auditHead(db);
    const cut = [["DELETE FROM audit_log WHERE seq > 990"]] as [string][];
    expect(await tampered(cut, () => verifyAudit(db))).toMatchObject({ ok: true, entries: 990 });
    const r = await tampered(cut, () => verifyAudit(db, { expectHead: head }));
    expect(r.ok).toBe(false);
    expect(r.firstBad).toEqual({ seq: 991, reason: expect.stringMatching(/ends at seq 990 .* seq 1000/) });
    const wrong = await verifyAudit(db, { expectHead: { seq: 7, hash: "0".repeat(64) } });
    expect(wrong.firstBad).toEqual({ seq: 7, reason: expect.stringMatching(/anchored head/) });
  });

  it("lists entries newest first, filtered by user, action and UTC days", async () => {
    const day2 = await listAudit(db, { since: "2024-01-02", until: "2024-01-02", limit: N });
    expect(day2.map((e) => e.seq)).toEqual(Array.from({ length: 288 }, (_, k) => 576 - k));
    const exports = await listAudit(db, { username: "bo", action: "export", limit: 3 });
    expect(exports).toHaveLength(3);
    for (const e of exports) expect(e).toMatchObject({ username: "bo", role: "admin", action: "export" });
    expect(exports[0]!.purpose).toMatch(/^case \d+$/);
    const [first] = await listAudit(db, { until: "2024-01-01T00:00:00.001Z" });
    expect(first).toMatchObject({ seq: 1, at: "2024-01-01T00:00:00.000Z", detail: null, purpose: "case 0" });
    await expect(listAudit(db, { since: "soon" })).rejects.toThrow(AppError);
  });
});

describe("appendAudit", () => {
  it("gives overlapping appends distinct, consecutive seqs", async () => {
    const other = await Database.open(path.join(dir, "concurrent.duckdb"), { create: true });
    try {
      const heads = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          appendAudit(other, {
            username: "u",
            role: "r",
            action: "search-records",
            resource: `q${i}`,
            purpose: "p",
          }),
        ),
      );
      expect(heads.map((h) => h.seq).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      expect(await verifyAudit(other)).toMatchObject({ ok: true, entries: 40 });
    } finally {
      other.close();
    }
  });

  it("refuses an export without a purpose and writes nothing", async () => {
    const before = await auditHead(db);
    await expect(
      appendAudit(db, {
        username: "ana",
        role: "analyst",
        action: "export",
        resource: "people",
        purpose: " ",
      }),
    ).rejects.toThrow(/needs a purpose/);
    expect(await auditHead(db)).toEqual(before);
  });
});

describe("peacestat audit", () => {
  async function run(args: string[]): Promise<{ out: string; error: unknown }> {
    const program = new Command("peacestat").exitOverride();
    registerAuditCommand(
      program,
      (_path, fn) => fn(db),
      () => "unused.duckdb",
    );
    let out = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    try {
      await program.parseAsync(["node", "peacestat", "audit", ...args]);
      return { out, error: null };
    } catch (error) {
      return { out, error };
    } finally {
      spy.mockRestore();
    }
  }

  it("head, verify and list", async () => {
    const head = await auditHead(db);
    expect((await run(["head"])).out).toBe(`${head.seq}:${head.hash}\n`);
    const ok = await run(["verify", "--expect-head", `${head.seq}:${head.hash}`]);
    expect(ok).toEqual({ out: `audit log intact: ${N} entries; head ${N}:${head.hash}\n`, error: null });
    const list = await run(["list", "--user", "ana", "--action", "login", "--limit", "2", "--json"]);
    const entries = JSON.parse(list.out) as { username: string; action: string }[];
    expect(entries).toHaveLength(2);
    expect(entries.every((e) => e.username === "ana" && e.action === "login")).toBe(true);
    expect((await run(["list", "--limit", "1"])).out).toMatch(new RegExp(`^${N}\\t2024-01-04T`));
  });

  it("verify prints the first bad entry and fails with the database code", async () => {
    const r = await tampered([["UPDATE audit_log SET username = 'mallory' WHERE seq = 321"]], () =>
      run(["verify", "--json"]),
    );
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, entries: 320, firstBad: { seq: 321 } });
    expect(r.error).toBeInstanceOf(AppError);
    expect((r.error as AppError).code).toBe("database");
    expect((r.error as AppError).message).toMatch(/seq 321: hash does not match/);
    const bad = await run(["verify", "--expect-head", "nonsense"]);
    expect((bad.error as AppError).code).toBe("invalid-argument");
  });
});
