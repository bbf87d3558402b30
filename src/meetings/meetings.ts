/**
 * Meetings of the partnership (CompStat, shoot review, community): date, attendees, agenda, minutes,
 * decisions and the next meeting's date, with next steps that become actions (next-steps.ts) in the same
 * transaction as the meeting, so a recap never lists a step that no inbox shows.
 *
 * Shoot-review minutes discuss people: only roles with records:read read them (the route checks it and
 * `listMeetings` leaves them out unless asked).
 */
import { z } from "zod";
import { DateSchema } from "../actions/model.js";
import { parse } from "../documents/documents.js";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";
import {
  insertNextSteps,
  meetingNextSteps,
  type NextStepAction,
  NextStepSchema,
  resolveStepAgencies,
} from "./next-steps.js";

export const MEETING_KINDS = ["compstat", "shoot-review", "community"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

const Line = (max: number) => z.string().trim().min(1, "empty line").max(max);

export const AttendeeSchema = z.object({
  name: Line(200),
  agency: z.string().trim().max(40).optional(),
});

const fields = {
  kind: z.enum(MEETING_KINDS),
  heldOn: DateSchema,
  title: Line(300),
  attendees: z.array(AttendeeSchema).max(300),
  agenda: z.array(Line(500)).max(100),
  minutes: z.string().max(100_000),
  decisions: z.array(Line(2000)).max(100),
  nextMeeting: DateSchema.nullable(),
  nextSteps: z.array(NextStepSchema).max(100),
};

export const MeetingInputSchema = z
  .object({
    ...fields,
    attendees: fields.attendees.default([]),
    agenda: fields.agenda.default([]),
    minutes: fields.minutes.default(""),
    decisions: fields.decisions.default([]),
    nextMeeting: fields.nextMeeting.optional(),
    nextSteps: fields.nextSteps.default([]),
  })
  .superRefine((m, ctx) => {
    if (m.nextMeeting && m.nextMeeting <= m.heldOn)
      ctx.addIssue({
        code: "custom",
        path: ["nextMeeting"],
        message: `must come after heldOn (${m.heldOn})`,
      });
  });
export type MeetingInput = z.input<typeof MeetingInputSchema>;

/** A change: any field; `nextSteps` adds new steps (existing ones are actions, changed through the actions API). */
export const MeetingUpdateSchema = z
  .object(fields)
  .partial()
  .refine((u) => Object.values(u).some((v) => v !== undefined), {
    message: `send at least one of ${Object.keys(fields).join(", ")}`,
  });
export type MeetingUpdate = z.input<typeof MeetingUpdateSchema>;

export interface Attendee {
  readonly name: string;
  readonly agency?: string;
}

export interface MeetingSummary {
  readonly id: number;
  readonly kind: MeetingKind;
  readonly heldOn: string;
  readonly title: string;
  readonly attendeeCount: number;
  readonly nextMeeting: string | null;
  readonly nextStepCount: number;
}

export interface Meeting {
  readonly id: number;
  readonly kind: MeetingKind;
  readonly heldOn: string;
  readonly title: string;
  readonly attendees: readonly Attendee[];
  readonly agenda: readonly string[];
  readonly minutes: string;
  readonly decisions: readonly string[];
  readonly nextMeeting: string | null;
  readonly nextSteps: readonly NextStepAction[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ReadMeetingOptions {
  /** Whether the caller may see this agency's actions (owner, status); default every agency. */
  readonly seeAgency?: (agency: string) => boolean;
}

export interface ListMeetingOptions extends ReadMeetingOptions {
  readonly kind?: MeetingKind;
  /** Include shoot-review meetings (records:read only); default false. */
  readonly includeShootReview?: boolean;
  readonly limit?: number;
}

type MeetingRow = {
  id: number;
  kind: string;
  held_on: string;
  title: string;
  attendees: string;
  agenda: string;
  minutes: string | null;
  decisions: string;
  next_meeting: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
};

const SELECT = `SELECT id, kind, strftime(held_on, '%Y-%m-%d') AS held_on, title, attendees::VARCHAR AS attendees,
  agenda::VARCHAR AS agenda, minutes, decisions::VARCHAR AS decisions,
  strftime(next_meeting, '%Y-%m-%d') AS next_meeting, created_by, created_at, updated_at FROM meetings`;

function toMeeting(r: MeetingRow, steps: readonly NextStepAction[]): Meeting {
  return {
    id: r.id,
    kind: r.kind as MeetingKind,
    heldOn: r.held_on,
    title: r.title,
    attendees: JSON.parse(r.attendees) as Attendee[],
    agenda: JSON.parse(r.agenda) as string[],
    minutes: r.minutes ?? "",
    decisions: JSON.parse(r.decisions) as string[],
    nextMeeting: r.next_meeting,
    nextSteps: steps,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Meetings, newest first (by date held, then id). */
export async function listMeetings(
  db: Database,
  options: ListMeetingOptions = {},
): Promise<MeetingSummary[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (options.kind) {
    params.push(options.kind);
    where.push(`kind = $${params.length}`);
  }
  if (!(options.includeShootReview ?? false)) where.push("kind <> 'shoot-review'");
  const rows = await db.all<MeetingRow>(
    `${SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY held_on DESC, id DESC LIMIT ${Math.trunc(options.limit ?? 500)}`,
    params,
  );
  const steps = await meetingNextSteps(
    db,
    rows.map((r) => r.id),
    () => true,
  );
  return rows.map((r) => {
    const m = toMeeting(r, steps.get(r.id) ?? []);
    return {
      id: m.id,
      kind: m.kind,
      heldOn: m.heldOn,
      title: m.title,
      attendeeCount: m.attendees.length,
      nextMeeting: m.nextMeeting,
      nextStepCount: m.nextSteps.length,
    };
  });
}

export async function findMeeting(
  db: Database,
  id: number,
  options: ReadMeetingOptions = {},
): Promise<Meeting | undefined> {
  const row = await db.one<MeetingRow>(`${SELECT} WHERE id = $1`, [id]);
  if (!row) return undefined;
  const steps = await meetingNextSteps(db, [id], options.seeAgency ?? (() => true));
  return toMeeting(row, steps.get(id) ?? []);
}

export async function getMeeting(
  db: Database,
  id: number,
  options: ReadMeetingOptions = {},
): Promise<Meeting> {
  const m = await findMeeting(db, id, options);
  if (!m) throw new AppError("not-found", `no meeting ${id}: GET /api/meetings lists them`);
  return m;
}

/** Records a meeting and turns its next steps into open actions, in one transaction. */
export async function createMeeting(db: Database, input: MeetingInput, username: string): Promise<Meeting> {
  const m = parse(MeetingInputSchema, input);
  const id = await db.transaction(async () => {
    const steps = await resolveStepAgencies(db, m.nextSteps);
    const row = await db.one<{ id: number }>("SELECT nextval('meeting_id_seq')::INTEGER AS id");
    const newId = (row as { id: number }).id;
    await db.run(
      `INSERT INTO meetings VALUES ($1, $2, $3::DATE, $4, $5::JSON, $6::JSON, $7, $8::JSON, $9::DATE, $10, now(), now())`,
      [
        newId,
        m.kind,
        m.heldOn,
        m.title,
        JSON.stringify(m.attendees),
        JSON.stringify(m.agenda),
        m.minutes,
        JSON.stringify(m.decisions),
        m.nextMeeting ?? null,
        username,
      ],
    );
    await insertNextSteps(db, newId, steps, username);
    return newId;
  });
  return getMeeting(db, id);
}

/** Changes a meeting's fields and adds new next steps as actions, in one transaction. */
export async function updateMeeting(
  db: Database,
  id: number,
  input: MeetingUpdate,
  username: string,
): Promise<{ before: Meeting; after: Meeting; actionIds: number[] }> {
  const u = parse(MeetingUpdateSchema, input);
  const { before, actionIds } = await db.transaction(async () => {
    const current = await getMeeting(db, id);
    const heldOn = u.heldOn ?? current.heldOn;
    const nextMeeting = u.nextMeeting === undefined ? current.nextMeeting : u.nextMeeting;
    if (nextMeeting && nextMeeting <= heldOn)
      throw new AppError("invalid-argument", `nextMeeting: must come after heldOn (${heldOn})`);
    const steps = await resolveStepAgencies(db, u.nextSteps ?? []);
    await db.run(
      `UPDATE meetings SET kind = $2, held_on = $3::DATE, title = $4, attendees = $5::JSON, agenda = $6::JSON,
         minutes = $7, decisions = $8::JSON, next_meeting = $9::DATE, updated_at = now() WHERE id = $1`,
      [
        id,
        u.kind ?? current.kind,
        heldOn,
        u.title ?? current.title,
        JSON.stringify(u.attendees ?? current.attendees),
        JSON.stringify(u.agenda ?? current.agenda),
        u.minutes ?? current.minutes,
        JSON.stringify(u.decisions ?? current.decisions),
        nextMeeting,
      ],
    );
    return { before: current, actionIds: await insertNextSteps(db, id, steps, username) };
  });
  return { before, after: await getMeeting(db, id), actionIds };
}
