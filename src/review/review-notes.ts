/**
 * What analysts add to a shooting for the review (`review_notes`): whether a known group conflict is behind
 * it, and a short note. The group-conflict flag is the score's one analyst-entered factor; it records a
 * judgement about the incident, kept with who made it and when.
 */
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";

export interface ReviewNote {
  readonly uid: number;
  readonly groupConflict: boolean;
  readonly note: string | null;
  readonly updatedBy: string;
  /** ISO 8601 instant. */
  readonly updatedAt: string;
}

export interface ReviewNoteInput {
  readonly uid: number;
  readonly groupConflict: boolean;
  readonly note?: string | null;
  readonly updatedBy: string;
  readonly now?: Date;
}

/** Incident uid from a uid or a source incident id (`--incident` takes either); "not-found" otherwise. */
export async function resolveIncidentUid(db: Database, ref: string): Promise<number> {
  const text = ref.trim();
  const rows = await db.all<{ uid: number }>(
    `SELECT DISTINCT uid::DOUBLE AS uid FROM incidents
     WHERE valid_to IS NULL AND (incident_id = $1 OR uid::VARCHAR = $1) ORDER BY uid`,
    [text],
  );
  if (rows.length === 1) return rows[0]!.uid;
  if (rows.length === 0) throw new AppError("not-found", `no current incident with uid or id '${text}'`);
  throw new AppError(
    "invalid-argument",
    `'${text}' names ${rows.length} incidents (uids ${rows.map((r) => r.uid).join(", ")}): give the uid`,
  );
}

/** Records (or replaces) the note of one shooting. The incident must exist. */
export async function setReviewNote(db: Database, input: ReviewNoteInput): Promise<ReviewNote> {
  const note = input.note?.trim() ? input.note.trim() : null;
  if (note !== null && note.length > 2000) {
    throw new AppError("invalid-argument", "note: at most 2,000 characters");
  }
  if (!input.updatedBy.trim()) throw new AppError("invalid-argument", "updatedBy: say who records the note");
  const exists = await db.one<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM incidents WHERE uid = $1 AND valid_to IS NULL",
    [input.uid],
  );
  if ((exists?.n ?? 0) === 0) throw new AppError("not-found", `no current incident with uid ${input.uid}`);
  const at = (input.now ?? new Date()).toISOString();
  await db.run(
    `INSERT INTO review_notes VALUES ($1, $2, $3, $4, $5::TIMESTAMPTZ)
     ON CONFLICT (uid) DO UPDATE SET group_conflict = excluded.group_conflict, note = excluded.note,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [input.uid, input.groupConflict, note, input.updatedBy, at],
  );
  return {
    uid: input.uid,
    groupConflict: input.groupConflict,
    note,
    updatedBy: input.updatedBy,
    updatedAt: at,
  };
}

/** The notes of these incidents, by uid. */
export async function loadReviewNotes(
  db: Database,
  uids: readonly number[],
): Promise<Map<number, ReviewNote>> {
  if (uids.length === 0) return new Map();
  const rows = await db.all<{
    uid: number;
    group_conflict: boolean;
    note: string | null;
    updated_by: string;
    ms: number;
  }>(
    `SELECT uid::DOUBLE AS uid, group_conflict, note, updated_by, epoch_ms(updated_at)::DOUBLE AS ms
     FROM review_notes WHERE list_contains($1::VARCHAR[]::BIGINT[], uid)`,
    [uids.map(String)],
  );
  return new Map(
    rows.map((r) => [
      r.uid,
      {
        uid: r.uid,
        groupConflict: r.group_conflict,
        note: r.note,
        updatedBy: r.updated_by,
        updatedAt: new Date(r.ms).toISOString(),
      },
    ]),
  );
}
