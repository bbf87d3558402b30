/** Words for the actions vocabulary; typed against the server's unions, so a new value must be named here. */
import type { ActionStatus, ActionType } from "../api-actions";

export const STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
  open: "Open",
  "in-progress": "In progress",
  blocked: "Blocked",
  done: "Done",
  cancelled: "Cancelled",
};

export const TYPE_LABELS: Readonly<Record<ActionType, string>> = {
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

export const STATUSES = Object.keys(STATUS_LABELS) as ActionStatus[];
export const TYPES = Object.keys(TYPE_LABELS) as ActionType[];

/** A history row in words: "status open → done", "assigned ATF → FBI", "due 2025-06-03 → 2025-06-05". */
export function eventText(e: { kind: string; from: string | null; to: string | null }): string {
  const label = (s: string | null) =>
    s && s in STATUS_LABELS ? STATUS_LABELS[s as ActionStatus] : (s ?? "none");
  switch (e.kind) {
    case "created":
      return "Created";
    case "status":
      return `Status ${label(e.from)} → ${label(e.to)}`;
    case "assigned":
      return `Assigned ${e.from ?? "none"} → ${e.to ?? "none"}`;
    case "due":
      return `Due date ${e.from ?? "none"} → ${e.to ?? "none"}`;
    default:
      return "Note";
  }
}
