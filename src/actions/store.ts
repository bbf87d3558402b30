/**
 * Writing actions: create one with its links, and change it. Every change writes one action_events row
 * (who, when, from, to, note) in the same transaction as the change itself, so the history can never
 * disagree with the action.
 */
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";
import {
  type ActionDetail,
  type ActionEventKind,
  type ActionLink,
  type ActionScope,
  type ActionStatus,
  type CreateActionInput,
  CreateActionSchema,
  checkTransition,
  isClosed,
  MANAGER_FIELDS,
  parseInput,
  type UpdateActionInput,
  UpdateActionSchema,
} from "./model.js";
import { findAction, getAction } from "./queries.js";

export interface WriteOptions {
  /** Who makes the change (written to the history). */
  readonly by: string;
  /** The clock; default now. */
  readonly now?: Date;
}

/** Agency codes an action may be assigned to: the `agencies` table and every user's agency. */
export async function knownAgencies(db: Database): Promise<string[]> {
  const rows = await db.all<{ agency: string }>(
    `SELECT id AS agency FROM agencies UNION SELECT DISTINCT agency FROM users WHERE agency IS NOT NULL
     ORDER BY agency`,
  );
  return rows.map((r) => r.agency);
}

/**
 * The agency code as stored: an agency of the `agencies` table or one a user already belongs to, matched
 * without regard to case (atf -> ATF). An unknown code is refused, so a typo never creates an inbox that
 * nobody reads.
 */
export async function resolveAgency(db: Database, code: string): Promise<string> {
  const agencies = await knownAgencies(db);
  const found = agencies.find((a) => a.toLowerCase() === code.trim().toLowerCase());
  if (found) return found;
  const known = agencies.join(", ") || "none yet";
  throw new AppError(
    "invalid-argument",
    `agency: no agency '${code}' (known: ${known}); an admin adds one on the Partnership page or with 'peacestat agencies add --id ID --name NAME --kind KIND'`,
  );
}

/** Incident and area links must name something in the database; the others are checked for form only. */
async function checkLinks(db: Database, links: readonly ActionLink[]): Promise<void> {
  for (const l of links) {
    if (l.kind === "incident") {
      const hit = await db.one("SELECT 1 FROM incidents WHERE uid = $1::BIGINT LIMIT 1", [l.ref]);
      if (!hit) throw new AppError("invalid-argument", `links: no incident with uid ${l.ref}`);
    } else if (l.kind === "area") {
      const i = l.ref.indexOf(":");
      const hit = await db.one("SELECT 1 FROM areas WHERE layer = $1 AND name = $2 LIMIT 1", [
        l.ref.slice(0, i),
        l.ref.slice(i + 1),
      ]);
      if (!hit)
        throw new AppError("invalid-argument", `links: no area ${l.ref} (LAYER:NAME, e.g. district:3)`);
    }
  }
}

interface EventInput {
  readonly kind: ActionEventKind;
  readonly from?: string | null;
  readonly to?: string | null;
  readonly note?: string | null;
  readonly detail?: Record<string, unknown> | null;
}

async function writeEvents(
  db: Database,
  id: number,
  events: readonly EventInput[],
  by: string,
  at: string,
): Promise<void> {
  const last = await db.one<{ seq: number }>(
    "SELECT coalesce(max(seq), 0)::INTEGER AS seq FROM action_events WHERE action_id = $1",
    [id],
  );
  let seq = last?.seq ?? 0;
  for (const e of events) {
    seq += 1;
    await db.run("INSERT INTO action_events VALUES ($1, $2, $3::TIMESTAMPTZ, $4, $5, $6, $7, $8, $9::JSON)", [
      id,
      seq,
      at,
      by,
      e.kind,
      e.from ?? null,
      e.to ?? null,
      e.note ?? null,
      e.detail ? JSON.stringify(e.detail) : null,
    ]);
  }
}

/** Creates an open action with its links and a `created` history row; returns its id. */
export async function createAction(
  db: Database,
  input: CreateActionInput,
  opts: WriteOptions,
): Promise<number> {
  return db.transaction(() => insertAction(db, input, opts));
}

/**
 * `createAction` inside the caller's transaction (DuckDB does not nest them): a meeting's next steps are
 * written with the meeting, all or nothing.
 */
export async function insertAction(
  db: Database,
  input: CreateActionInput,
  opts: WriteOptions,
): Promise<number> {
  const a = parseInput(CreateActionSchema, input);
  const at = (opts.now ?? new Date()).toISOString();
  const agency = await resolveAgency(db, a.agency);
  const links = dedupe(a.links);
  await checkLinks(db, links);
  const row = await db.one<{ id: number }>("SELECT nextval('action_id_seq')::INTEGER AS id");
  const id = row!.id;
  await db.run(
    `INSERT INTO actions VALUES ($1, $2, $3, $4, $5, $6::DATE, 'open', $7, $8, $9::TIMESTAMPTZ, $9::TIMESTAMPTZ, NULL)`,
    [id, a.title, a.type, agency, a.owner ?? null, a.due ?? null, a.origin, opts.by, at],
  );
  for (const l of links) await db.run("INSERT INTO action_links VALUES ($1, $2, $3)", [id, l.kind, l.ref]);
  await writeEvents(
    db,
    id,
    [
      {
        kind: "created",
        to: "open",
        note: a.note ?? null,
        detail: { agency, owner: a.owner ?? null, due: a.due ?? null, type: a.type },
      },
    ],
    opts.by,
    at,
  );
  return id;
}

function dedupe(links: readonly ActionLink[]): ActionLink[] {
  const seen = new Set<string>();
  return links.filter((l) => {
    const k = `${l.kind}\u0000${l.ref}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface UpdateResult {
  readonly action: ActionDetail;
  /** The fields that changed (empty: nothing did, and no history row was written). */
  readonly changed: readonly string[];
}

/**
 * Changes an action. A partner or community scope may change only status and note, and only on its own
 * agency's actions (another agency's action is "not found"); a status change must be in TRANSITIONS
 * (otherwise "conflict"). Each change writes one history row; a note alone writes a `note` row, a note
 * sent with a status change rides on the `status` row.
 */
export async function updateAction(
  db: Database,
  id: number,
  input: UpdateActionInput,
  scope: ActionScope,
  opts: WriteOptions,
): Promise<UpdateResult> {
  const u = parseInput(UpdateActionSchema, input);
  if (scope.kind === "agency") {
    const refused = MANAGER_FIELDS.filter((f) => u[f] !== undefined);
    if (refused.length > 0)
      throw new AppError(
        "forbidden",
        `${refused.join(", ")}: your role may change only the status and notes of your agency's actions`,
      );
  }
  const at = (opts.now ?? new Date()).toISOString();
  const changed = await db.transaction(async () => {
    const cur = await findAction(db, id, scope, { now: opts.now });
    if (!cur) throw new AppError("not-found", `no action ${id} (or not one of your agency's)`);
    const events: EventInput[] = [];
    const sets: string[] = [];
    const values: (string | null)[] = [];
    const set = (col: string, v: string | null, cast = "") => {
      values.push(v);
      sets.push(`${col} = $${values.length + 1}${cast}`);
    };
    let noteUsed = false;
    if (u.status !== undefined) {
      const to: ActionStatus = u.status;
      checkTransition(cur.status, to);
      set("status", to);
      set("closed_at", isClosed(to) ? at : null, "::TIMESTAMPTZ");
      events.push({ kind: "status", from: cur.status, to, note: u.note ?? null });
      noteUsed = true;
    }
    if (u.agency !== undefined || (u.owner !== undefined && u.owner !== cur.owner)) {
      const agency = u.agency === undefined ? cur.agency : await resolveAgency(db, u.agency);
      const owner = u.owner === undefined ? cur.owner : u.owner;
      if (agency !== cur.agency || owner !== cur.owner) {
        if (agency !== cur.agency) set("agency", agency);
        if (owner !== cur.owner) set("owner", owner);
        events.push({
          kind: "assigned",
          from: cur.agency,
          to: agency,
          detail: { agency: { from: cur.agency, to: agency }, owner: { from: cur.owner, to: owner } },
        });
      }
    }
    if (u.due !== undefined && u.due !== cur.due) {
      set("due_date", u.due, "::DATE");
      events.push({ kind: "due", from: cur.due, to: u.due });
    }
    const edits: Record<string, { from: string; to: string }> = {};
    if (u.title !== undefined && u.title !== cur.title) {
      set("title", u.title);
      edits.title = { from: cur.title, to: u.title };
    }
    if (u.type !== undefined && u.type !== cur.type) {
      set("type", u.type);
      edits.type = { from: cur.type, to: u.type };
    }
    // Title and type edits have no event kind of their own: they are recorded as a note with the edit.
    if (Object.keys(edits).length > 0 || (u.note !== undefined && !noteUsed))
      events.push({ kind: "note", note: u.note ?? null, detail: Object.keys(edits).length ? edits : null });
    if (events.length === 0) return [];
    set("updated_at", at, "::TIMESTAMPTZ");
    await db.run(`UPDATE actions SET ${sets.join(", ")} WHERE id = $1`, [id, ...values]);
    await writeEvents(db, id, events, opts.by, at);
    return events.map((e) => e.kind);
  });
  return { action: await getAction(db, id, scope, { now: opts.now }), changed };
}
