/**
 * The weekly packet's agenda, built from the data (issue 7): the new shootings in score order (from the
 * review), the open and overdue actions, and the next steps of the last shoot review meeting, with where
 * each one stands now, so the meeting starts with "did it get done".
 */
import { closedSql } from "../actions/model.js";
import { localMsToInstant } from "../domain/time.js";
import type { Database } from "../store/db.js";
import { loadOpenActions, loadReviewActions, type ReviewAction } from "./review-actions.js";

export interface LastMeeting {
  readonly id: number;
  /** `YYYY-MM-DD`. */
  readonly heldOn: string;
  readonly title: string;
  /** Actions of origin `meeting` linked to this meeting, any status. */
  readonly nextSteps: readonly ReviewAction[];
}

export interface ReviewAgenda {
  /** Every action not closed (done or cancelled), overdue first, then by due date. */
  readonly openActions: readonly ReviewAction[];
  /** How many of them are overdue against the review date. */
  readonly overdue: number;
  /**
   * Actions closed (done or cancelled) since the window began, up to now: the loop's "did it get done".
   * A packet for a past week therefore also shows what was closed after it (the packet is read today).
   */
  readonly closedInWindow: readonly ReviewAction[];
  /** The latest meeting of kind shoot-review held before the review date; null when there was none. */
  readonly lastMeeting: LastMeeting | null;
}

/** The instant a local day starts in the city's time zone, ISO 8601. */
function dayStart(day: string, timeZone: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(localMsToInstant(Date.UTC(y, m - 1, d), timeZone)).toISOString();
}

/**
 * The agenda's action and meeting parts for a review window starting on the local day `window.start` in
 * `timeZone` (closed_at is an instant: the window's start is turned into an instant, not the reverse).
 */
export async function loadAgenda(
  db: Database,
  reviewDate: string,
  window: { start: string; timeZone: string },
): Promise<ReviewAgenda> {
  const openActions = await loadOpenActions(db, reviewDate);
  const closedInWindow = await loadReviewActions(
    db,
    reviewDate,
    `${closedSql()} AND a.closed_at >= $2::TIMESTAMPTZ`,
    [dayStart(window.start, window.timeZone)],
  );
  const meeting = await db.one<{ id: number; held_on: string; title: string }>(
    `SELECT id, strftime(held_on, '%Y-%m-%d') AS held_on, title FROM meetings
     WHERE kind = 'shoot-review' AND held_on < $1::DATE ORDER BY held_on DESC, id DESC LIMIT 1`,
    [reviewDate],
  );
  const lastMeeting: LastMeeting | null = meeting
    ? {
        id: meeting.id,
        heldOn: meeting.held_on,
        title: meeting.title,
        nextSteps: await loadReviewActions(
          db,
          reviewDate,
          `a.origin = 'meeting' AND EXISTS (SELECT 1 FROM action_links l WHERE l.action_id = a.id AND l.kind = 'meeting' AND l.ref = $2)`,
          [String(meeting.id)],
        ),
      }
    : null;
  return { openActions, overdue: openActions.filter((a) => a.overdue).length, closedInWindow, lastMeeting };
}
