/** Words for the meeting and action vocabularies (the server's codes stay in the data). */
import type { ActionStatus, ActionType } from "../../../src/actions/model.js";
import type { MeetingKind } from "../../../src/meetings/meetings.js";

export const MEETING_KIND_LABELS: Readonly<Record<MeetingKind, string>> = {
  compstat: "CompStat",
  "shoot-review": "Shoot review",
  community: "Community",
};

export const ACTION_TYPE_LABELS: Readonly<Record<ActionType, string>> = {
  "violence-interruption-referral": "Violence interruption referral",
  "hospital-outreach-referral": "Hospital-based outreach referral",
  "victim-services": "Victim services",
  "directed-patrol": "Directed patrol",
  "investigative-follow-up": "Investigative follow-up",
  "nibin-lead": "NIBIN lead follow-up",
  "warrant-service": "Warrant service",
  "place-remediation": "Place remediation",
  other: "Other",
};

export const ACTION_STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
  open: "Open",
  "in-progress": "In progress",
  done: "Done",
  blocked: "Blocked",
  cancelled: "Cancelled",
};

export const MEETING_KINDS = Object.keys(MEETING_KIND_LABELS) as MeetingKind[];
export const ACTION_TYPES = Object.keys(ACTION_TYPE_LABELS) as ActionType[];
