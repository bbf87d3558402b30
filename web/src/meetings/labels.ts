/** Words for the meeting and action vocabularies (the server's codes stay in the data). */
// The actions' words are the actions page's own: one list, so the two pages never name a type differently.
export {
  STATUS_LABELS as ACTION_STATUS_LABELS,
  TYPE_LABELS as ACTION_TYPE_LABELS,
  TYPES as ACTION_TYPES,
} from "../actions/labels";

import type { MeetingKind } from "../../../src/meetings/meetings.js";

export const MEETING_KIND_LABELS: Readonly<Record<MeetingKind, string>> = {
  compstat: "CompStat",
  "shoot-review": "Shoot review",
  community: "Community",
};

export const MEETING_KINDS = Object.keys(MEETING_KIND_LABELS) as MeetingKind[];
