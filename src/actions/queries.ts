/**
 * Reading actions: one action with its history and links, a filtered list, and each agency's inbox. Every
 * read takes an `ActionScope`: a partner or community member gets only its own agency's actions (and an
 * action of another agency is "not found", so its existence does not leak), and person links reach only
 * the roles allowed to see them.
 */
import { AppError } from "../domain/errors.js";
import { getCity } from "../store/city.js";
import type { Database, Param } from "../store/db.js";
import type {
  Action,
  ActionDetail,
  ActionEvent,
  ActionEventKind,
  ActionFilter,
  ActionLink,
  ActionOrigin,
  ActionScope,
  ActionStatus,
  ActionType,
  LinkKind,
} from "./model.js";
import { closedSql } from "./model.js";
import { addDays, cityToday, isOverdue } from "./overdue.js";

export interface ReadOptions {
  /** The clock "overdue" is measured against; default now. */
  readonly now?: Date;
}

interface ActionRow extends Record<string, unknown> {
  id: number;
  title: string;
  type: ActionType;
  agency: string;
  owner: string | null;
  due: string | null;
  status: ActionStatus;
  origin: ActionOrigin;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
}

const COLUMNS = `a.id, a.title, a.type, a.agency, a.owner, a.due_date::VARCHAR AS due, a.status, a.origin,
  a.created_by, a.created_at, a.updated_at, a.closed_at`;

const CLOSED_SQL = closedSql();

/** The city's calendar day at `now` (the database knows the city's time zone). */
export async function actionsToday(db: Database, now: Date = new Date()): Promise<string> {
  return cityToday((await getCity(db)).timeZone, now);
}

/** A parameter list that hands out `$n` placeholders. */
function params() {
  const values: Param[] = [];
  return { values, p: (v: Param) => `$${values.push(v)}` };
}

/** The WHERE clause of a scope; null when the scope can see nothing (a community user without agency). */
function scopeClause(scope: ActionScope, p: (v: Param) => string): string | null {
  if (scope.kind === "all") return "TRUE";
  return scope.agency === null ? null : `a.agency = ${p(scope.agency)}`;
}

async function linksOf(db: Database, ids: readonly number[]): Promise<Map<number, ActionLink[]>> {
  const out = new Map<number, ActionLink[]>();
  if (ids.length === 0) return out;
  const rows = await db.all<{ action_id: number; kind: LinkKind; ref: string }>(
    `SELECT action_id, kind, ref FROM action_links
     WHERE list_contains($1::VARCHAR[]::INTEGER[], action_id) ORDER BY action_id, kind, ref`,
    [ids.map(String)],
  );
  for (const r of rows) {
    const list = out.get(r.action_id) ?? [];
    list.push({ kind: r.kind, ref: r.ref });
    out.set(r.action_id, list);
  }
  return out;
}

function toAction(
  r: ActionRow,
  links: readonly ActionLink[],
  today: string,
  scope: ActionScope,
  showPeople: boolean,
): Action {
  const visible = links.filter((l) => l.kind !== "person" || (scope.people && showPeople));
  return {
    id: r.id,
    title: r.title,
    type: r.type,
    agency: r.agency,
    owner: r.owner,
    due: r.due,
    status: r.status,
    origin: r.origin,
    overdue: isOverdue({ status: r.status, due: r.due }, today),
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
    links: visible,
    ...(scope.people ? { hiddenPersonLinks: links.length - visible.length } : {}),
  };
}

export interface DetailOptions extends ReadOptions {
  /**
   * Show person links (only honoured for scopes that may see them). The API sets it when the caller gave
   * a purpose, so every view of a person link is audited.
   */
  readonly people?: boolean;
}

/** One action with its links and history, or undefined when it does not exist or is outside the scope. */
export async function findAction(
  db: Database,
  id: number,
  scope: ActionScope,
  opts: DetailOptions = {},
): Promise<ActionDetail | undefined> {
  const { values, p } = params();
  const where = scopeClause(scope, p);
  if (where === null) return undefined;
  const row = await db.one<ActionRow>(
    `SELECT ${COLUMNS} FROM actions a WHERE a.id = ${p(id)} AND ${where}`,
    values,
  );
  if (!row) return undefined;
  const today = await actionsToday(db, opts.now);
  const links = (await linksOf(db, [id])).get(id) ?? [];
  const events = await db.all<{
    seq: number;
    logged_at: Date;
    username: string | null;
    kind: ActionEventKind;
    from_status: string | null;
    to_status: string | null;
    note: string | null;
    detail: string | null;
  }>(
    `SELECT seq, logged_at, username, kind, from_status, to_status, note, detail::VARCHAR AS detail
     FROM action_events WHERE action_id = $1 ORDER BY seq`,
    [id],
  );
  const history: ActionEvent[] = events.map((e) => ({
    seq: e.seq,
    at: e.logged_at.toISOString(),
    username: e.username,
    kind: e.kind,
    from: e.from_status,
    to: e.to_status,
    note: e.note,
    detail: e.detail === null ? null : (JSON.parse(e.detail) as Record<string, unknown>),
  }));
  return { ...toAction(row, links, today, scope, opts.people ?? false), history };
}

/** Like findAction, but a missing (or out-of-scope) action is an error: "not found" (HTTP 404). */
export async function getAction(
  db: Database,
  id: number,
  scope: ActionScope,
  opts: DetailOptions = {},
): Promise<ActionDetail> {
  const a = await findAction(db, id, scope, opts);
  if (!a) throw new AppError("not-found", `no action ${id} (or not one of your agency's)`);
  return a;
}

export const DEFAULT_LIST_LIMIT = 500;

/**
 * Actions matching the filter within the scope: open ones first, then by due date (none last), then id.
 * A filter on person links needs a scope that may see them.
 */
export async function listActions(
  db: Database,
  filter: ActionFilter,
  scope: ActionScope,
  opts: ReadOptions = {},
): Promise<Action[]> {
  const { values, p } = params();
  const scoped = scopeClause(scope, p);
  if (scoped === null) return [];
  if (filter.link?.kind === "person" && !scope.people)
    throw new AppError("forbidden", "link: your role may not search actions by person");
  const today = await actionsToday(db, opts.now);
  const where = [scoped];
  const list = (v: readonly string[]) => p([...v]);
  if (filter.status?.length) where.push(`list_contains(${list(filter.status)}, a.status)`);
  if (filter.type?.length) where.push(`list_contains(${list(filter.type)}, a.type)`);
  if (filter.origin?.length) where.push(`list_contains(${list(filter.origin)}, a.origin)`);
  if (filter.agency) where.push(`lower(a.agency) = lower(${p(filter.agency)})`);
  if (filter.overdue !== undefined) {
    const overdue = `(a.due_date IS NOT NULL AND NOT ${CLOSED_SQL} AND a.due_date < ${p(today)}::DATE)`;
    where.push(filter.overdue ? overdue : `NOT ${overdue}`);
  }
  if (filter.dueBefore) where.push(`a.due_date <= ${p(filter.dueBefore)}::DATE`);
  if (filter.dueAfter) where.push(`a.due_date >= ${p(filter.dueAfter)}::DATE`);
  if (filter.link)
    where.push(`EXISTS (SELECT 1 FROM action_links l WHERE l.action_id = a.id
      AND l.kind = ${p(filter.link.kind)} AND l.ref = ${p(filter.link.ref)})`);
  const rows = await db.all<ActionRow>(
    `SELECT ${COLUMNS} FROM actions a WHERE ${where.join(" AND ")}
     ORDER BY ${CLOSED_SQL}, a.due_date NULLS LAST, a.id LIMIT ${p(filter.limit ?? DEFAULT_LIST_LIMIT)}`,
    values,
  );
  const links = await linksOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toAction(r, links.get(r.id) ?? [], today, scope, false));
}

/** One agency's open work. Overdue actions are also counted in their status (open, in progress, blocked). */
export interface InboxCounts {
  readonly agency: string;
  readonly open: number;
  readonly inProgress: number;
  readonly blocked: number;
  readonly overdue: number;
  /** Not closed, due today or in the next six days. */
  readonly dueThisWeek: number;
  readonly done: number;
  readonly cancelled: number;
}

export interface ActionInbox {
  /** The city's calendar day the counts are measured on. */
  readonly today: string;
  /** One row per agency in scope (a partner: its own; review roles: every agency with actions or listed). */
  readonly agencies: readonly InboxCounts[];
  /** Overdue actions in scope, most overdue first. */
  readonly overdue: readonly Action[];
}

/** The inbox: counts by status per agency, and the overdue actions themselves. */
export async function actionInbox(
  db: Database,
  scope: ActionScope,
  opts: ReadOptions = {},
): Promise<ActionInbox> {
  const today = await actionsToday(db, opts.now);
  if (scope.kind === "agency" && scope.agency === null) return { today, agencies: [], overdue: [] };
  const { values, p } = params();
  const t = p(today);
  const agencies =
    scope.kind === "all"
      ? "SELECT id AS agency FROM agencies UNION SELECT DISTINCT agency FROM actions"
      : `SELECT ${p(scope.agency)}::VARCHAR AS agency`;
  const open = `NOT ${CLOSED_SQL}`;
  const rows = await db.all<Record<keyof InboxCounts, number> & { agency: string }>(
    `SELECT g.agency,
       count(a.id) FILTER (WHERE a.status = 'open')::INTEGER AS open,
       count(a.id) FILTER (WHERE a.status = 'in-progress')::INTEGER AS inProgress,
       count(a.id) FILTER (WHERE a.status = 'blocked')::INTEGER AS blocked,
       count(a.id) FILTER (WHERE ${open} AND a.due_date < ${t}::DATE)::INTEGER AS overdue,
       count(a.id) FILTER (WHERE ${open} AND a.due_date BETWEEN ${t}::DATE AND ${p(addDays(today, 6))}::DATE)::INTEGER AS dueThisWeek,
       count(a.id) FILTER (WHERE a.status = 'done')::INTEGER AS done,
       count(a.id) FILTER (WHERE a.status = 'cancelled')::INTEGER AS cancelled
     FROM (${agencies}) g LEFT JOIN actions a ON a.agency = g.agency
     GROUP BY g.agency ORDER BY g.agency`,
    values,
  );
  const overdue = await listActions(db, { overdue: true }, scope, opts);
  return { today, agencies: rows, overdue };
}
