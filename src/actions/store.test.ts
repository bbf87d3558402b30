/**
 * The action store on a real (empty) database in America/Chicago: history rows in order, scoping by
 * agency, overdue and the inbox against an injected clock either side of the city's midnight.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../domain/errors.js";
import { insertCity } from "../store/city.js";
import { Database } from "../store/db.js";
import type { ActionScope } from "./model.js";
import { actionInbox, findAction, getAction, listActions } from "./queries.js";
import { createAction, resolveAgency, updateAction } from "./store.js";

let dir: string;
let db: Database;
const ALL: ActionScope = { kind: "all", people: true };
const ATF: ActionScope = { kind: "agency", agency: "ATF", people: false };
const NOBODY: ActionScope = { kind: "agency", agency: null, people: false };
// 2025-06-03 12:00 in Chicago (CDT).
const T0 = new Date("2025-06-03T17:00:00Z");
let atfId: number;
let fbiId: number;

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return "ok";
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "peacestat-actions-"));
  db = await Database.open(path.join(dir, "a.duckdb"), { create: true });
  await insertCity(db, { name: "Test", timeZone: "America/Chicago", analysisCrs: null });
  await db.run(
    "INSERT INTO agencies VALUES ('ATF', 'ATF', 'federal', now()), ('FBI', 'FBI', 'federal', now())",
  );
  atfId = await createAction(
    db,
    {
      title: "NIBIN lead 25-001",
      type: "nibin-lead",
      agency: "atf",
      due: "2025-06-03",
      origin: "shooting",
      links: [
        { kind: "person", ref: "P-17" },
        { kind: "place", ref: "-87.65,41.85" },
      ],
      note: "from the review",
    },
    { by: "analyst1", now: T0 },
  );
  fbiId = await createAction(
    db,
    { title: "Warrant", type: "warrant-service", agency: "FBI", due: "2025-06-10", origin: "meeting" },
    { by: "analyst1", now: T0 },
  );
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("create and update", () => {
  it("stores the agency as known, with a created row", async () => {
    const a = await getAction(db, atfId, ALL, { now: T0 });
    expect(a.agency).toBe("ATF");
    expect(a.status).toBe("open");
    expect(a.history).toEqual([
      expect.objectContaining({
        seq: 1,
        kind: "created",
        username: "analyst1",
        to: "open",
        note: "from the review",
      }),
    ]);
    expect(a.history[0]!.at).toBe(T0.toISOString());
  });

  it("refuses an unknown agency, naming the known ones", async () => {
    await expect(resolveAgency(db, "dea")).rejects.toThrow(/no agency 'dea' \(known: ATF, FBI\)/);
  });

  it("writes one history row per change, in order, with who, when, from and to", async () => {
    const t1 = new Date("2025-06-03T18:00:00Z");
    const t2 = new Date("2025-06-03T19:00:00Z");
    await updateAction(db, atfId, { status: "in-progress", note: "on it" }, ATF, { by: "partner1", now: t1 });
    await updateAction(db, atfId, { note: "called the lab" }, ATF, { by: "partner1", now: t1 });
    const r = await updateAction(db, atfId, { due: "2025-06-05", owner: "Agent Smith" }, ALL, {
      by: "analyst1",
      now: t2,
    });
    expect(r.changed).toEqual(["assigned", "due"]);
    const h = r.action.history.map((e) => [e.seq, e.kind, e.username, e.from, e.to, e.note, e.at]);
    expect(h).toEqual([
      [1, "created", "analyst1", null, "open", "from the review", T0.toISOString()],
      [2, "status", "partner1", "open", "in-progress", "on it", t1.toISOString()],
      [3, "note", "partner1", null, null, "called the lab", t1.toISOString()],
      [4, "assigned", "analyst1", "ATF", "ATF", null, t2.toISOString()],
      [5, "due", "analyst1", "2025-06-03", "2025-06-05", null, t2.toISOString()],
    ]);
    // The SQL agrees with what the store hands back.
    const rows = await db.all<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM action_events WHERE action_id = $1",
      [atfId],
    );
    expect(rows[0]!.n).toBe(5);
    expect(r.action.owner).toBe("Agent Smith");
    expect(r.action.due).toBe("2025-06-05");
  });

  it("refuses a refused transition with 'conflict' and writes nothing", async () => {
    await updateAction(db, fbiId, { status: "blocked" }, ALL, { by: "analyst1", now: T0 });
    expect(await code(updateAction(db, fbiId, { status: "done", note: "x" }, ALL, { by: "analyst1" }))).toBe(
      "conflict",
    );
    const a = await getAction(db, fbiId, ALL);
    expect(a.status).toBe("blocked");
    expect(a.history.length).toBe(2);
  });

  it("sets closed_at on closing and clears it on reopening", async () => {
    const t = new Date("2025-06-03T20:00:00Z");
    const done = await updateAction(db, fbiId, { status: "cancelled" }, ALL, { by: "analyst1", now: t });
    expect(done.action.closedAt).toBe(t.toISOString());
    const re = await updateAction(db, fbiId, { status: "open", note: "back on" }, ALL, {
      by: "analyst1",
      now: t,
    });
    expect(re.action.closedAt).toBeNull();
  });
});

describe("scope", () => {
  it("hides another agency's action as not found, for reads and writes", async () => {
    expect(await findAction(db, fbiId, ATF)).toBeUndefined();
    expect(await code(updateAction(db, fbiId, { status: "done" }, ATF, { by: "partner1" }))).toBe(
      "not-found",
    );
    expect((await listActions(db, {}, ATF)).map((a) => a.id)).toEqual([atfId]);
  });
  it("lets a partner change only status and notes", async () => {
    expect(await code(updateAction(db, atfId, { agency: "FBI" }, ATF, { by: "partner1" }))).toBe("forbidden");
    expect(await code(updateAction(db, atfId, { due: "2025-07-01" }, ATF, { by: "partner1" }))).toBe(
      "forbidden",
    );
  });
  it("never shows person links to a partner, and only on request to review roles", async () => {
    const p = await getAction(db, atfId, ATF);
    expect(p.links).toEqual([{ kind: "place", ref: "-87.65,41.85" }]);
    expect(p.hiddenPersonLinks).toBeUndefined();
    const a = await getAction(db, atfId, ALL);
    expect(a.hiddenPersonLinks).toBe(1);
    const withPeople = await getAction(db, atfId, ALL, { people: true });
    expect(withPeople.links).toContainEqual({ kind: "person", ref: "P-17" });
    expect(await code(listActions(db, { link: { kind: "person", ref: "P-17" } }, ATF))).toBe("forbidden");
    expect((await listActions(db, { link: { kind: "person", ref: "P-17" } }, ALL)).map((x) => x.id)).toEqual([
      atfId,
    ]);
  });
  it("gives a scope without agency nothing", async () => {
    expect(await listActions(db, {}, NOBODY)).toEqual([]);
    expect(await findAction(db, atfId, NOBODY)).toBeUndefined();
    expect((await actionInbox(db, NOBODY)).agencies).toEqual([]);
  });
});

describe("overdue against the city's clock", () => {
  it("turns overdue at the city's midnight after the due day", async () => {
    // atf action is due 2025-06-05 now, fbi 2025-06-10.
    const late = new Date("2025-06-06T04:59:59Z"); // 23:59:59 on the 5th in Chicago
    const next = new Date("2025-06-06T05:00:00Z");
    expect((await listActions(db, { overdue: true }, ALL, { now: late })).length).toBe(0);
    expect((await listActions(db, { overdue: true }, ALL, { now: next })).map((a) => a.id)).toEqual([atfId]);
    expect((await listActions(db, { overdue: false }, ALL, { now: next })).map((a) => a.id)).toEqual([fbiId]);
    expect((await getAction(db, atfId, ATF, { now: next })).overdue).toBe(true);
  });

  it("counts the inbox per agency as plain SQL does", async () => {
    const now = new Date("2025-06-06T05:00:00Z");
    const inbox = await actionInbox(db, ALL, { now });
    expect(inbox.today).toBe("2025-06-06");
    expect(inbox.agencies).toEqual([
      {
        agency: "ATF",
        open: 0,
        inProgress: 1,
        blocked: 0,
        overdue: 1,
        dueThisWeek: 0,
        done: 0,
        cancelled: 0,
      },
      {
        agency: "FBI",
        open: 1,
        inProgress: 0,
        blocked: 0,
        overdue: 0,
        dueThisWeek: 1,
        done: 0,
        cancelled: 0,
      },
    ]);
    expect(inbox.overdue.map((a) => a.id)).toEqual([atfId]);
    const sql = await db.all<{ agency: string; n: number }>(
      "SELECT agency, count(*)::INTEGER AS n FROM actions WHERE status NOT IN ('done','cancelled') GROUP BY agency ORDER BY agency",
    );
    expect(inbox.agencies.map((c) => [c.agency, c.open + c.inProgress + c.blocked])).toEqual(
      sql.map((r) => [r.agency, r.n]),
    );
    const mine = await actionInbox(db, ATF, { now });
    expect(mine.agencies.map((c) => c.agency)).toEqual(["ATF"]);
  });

  it("filters by due window, status, type and link", async () => {
    expect((await listActions(db, { dueBefore: "2025-06-05" }, ALL)).map((a) => a.id)).toEqual([atfId]);
    expect((await listActions(db, { dueAfter: "2025-06-06" }, ALL)).map((a) => a.id)).toEqual([fbiId]);
    expect(
      (await listActions(db, { status: ["open"], type: ["warrant-service"] }, ALL)).map((a) => a.id),
    ).toEqual([fbiId]);
    expect((await listActions(db, { agency: "fbi" }, ALL)).map((a) => a.id)).toEqual([fbiId]);
    expect(
      (await listActions(db, { link: { kind: "place", ref: "-87.65,41.85" } }, ATF)).map((a) => a.id),
    ).toEqual([atfId]);
  });
});
