/**
 * A meeting's next steps become actions (origin `meeting`, status `open`) linked to the meeting, so "who
 * does what by when" agreed in the room is tracked to closure like any other action.
 *
 * The rows follow the actions contract of migration 5 (actions, action_events kind `created`,
 * action_links kind `meeting`). They are written with plain SQL here so that they land in the meeting's
 * own transaction; once src/actions exposes an insert that runs inside a caller's transaction, call it
 * from `insertNextSteps` instead.
 */
import { z } from "zod";
import { ACTION_TYPES, type ActionStatus, type ActionType, CreateActionSchema } from "../actions/model.js";
import { insertAction, resolveAgency } from "../actions/store.js";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";

/** One next step: the action's title, type (default `other`), agency, owner and due date. */
export const NextStepSchema = CreateActionSchema.pick({
  title: true,
  agency: true,
  owner: true,
  due: true,
}).extend({ type: z.enum(ACTION_TYPES).default("other") });
export type NextStepInput = z.input<typeof NextStepSchema>;
export type NextStep = z.output<typeof NextStepSchema>;

/** A next step as a meeting's recap shows it: the action it became. */
export interface NextStepAction {
  readonly actionId: number;
  readonly title: string;
  readonly type: ActionType;
  readonly agency: string;
  /** Null when the caller may not see this agency's actions (see `meetingNextSteps`). */
  readonly owner: string | null;
  readonly due: string | null;
  /** Null when the caller may not see this agency's actions. */
  readonly status: ActionStatus | null;
}

/**
 * The steps with their agency codes as stored (`resolveAgency` of src/actions: a registered agency or one
 * a user belongs to, any case); an unknown code is refused with the step's position, so a typo never
 * creates an action that no inbox shows.
 */
export async function resolveStepAgencies(db: Database, steps: readonly NextStep[]): Promise<NextStep[]> {
  const out: NextStep[] = [];
  for (const [i, s] of steps.entries()) {
    try {
      out.push({ ...s, agency: await resolveAgency(db, s.agency) });
    } catch (e) {
      if (e instanceof AppError) throw new AppError(e.code, `nextSteps.${i}.${e.message}`);
      throw e;
    }
  }
  return out;
}

/** Inserts one open action per step, each with its `created` event and its link to the meeting. Call inside the meeting's transaction. */
export async function insertNextSteps(
  db: Database,
  meetingId: number,
  steps: readonly NextStep[],
  username: string,
): Promise<number[]> {
  const ids: number[] = [];
  for (const s of steps) {
    ids.push(
      await insertAction(
        db,
        {
          title: s.title,
          type: s.type,
          agency: s.agency,
          owner: s.owner ?? null,
          due: s.due ?? null,
          origin: "meeting",
          links: [{ kind: "meeting", ref: String(meetingId) }],
        },
        { by: username },
      ),
    );
  }
  return ids;
}

/**
 * The actions linked to each of the meetings, oldest first. `seeAgency(agency)` says whether the caller may
 * see that agency's actions: for other agencies only the step itself (title, type, agency, due) is shown,
 * as the recap sent to everyone listed it, never the owner or the progress.
 */
export async function meetingNextSteps(
  db: Database,
  meetingIds: readonly number[],
  seeAgency: (agency: string) => boolean,
): Promise<Map<number, NextStepAction[]>> {
  const out = new Map<number, NextStepAction[]>();
  if (meetingIds.length === 0) return out;
  const rows = await db.all<{
    meeting: string;
    id: number;
    title: string;
    type: string;
    agency: string;
    owner: string | null;
    due: string | null;
    status: string;
  }>(
    `SELECT l.ref AS meeting, a.id, a.title, a.type, a.agency, a.owner,
       strftime(a.due_date, '%Y-%m-%d') AS due, a.status
     FROM action_links l JOIN actions a ON a.id = l.action_id
     WHERE l.kind = 'meeting' AND list_contains($1, l.ref)
     ORDER BY a.id`,
    [meetingIds.map(String)],
  );
  for (const r of rows) {
    const seen = seeAgency(r.agency);
    const step: NextStepAction = {
      actionId: r.id,
      title: r.title,
      type: r.type as ActionType,
      agency: r.agency,
      owner: seen ? r.owner : null,
      due: r.due,
      status: seen ? (r.status as ActionStatus) : null,
    };
    const key = Number(r.meeting);
    out.set(key, [...(out.get(key) ?? []), step]);
  }
  return out;
}
