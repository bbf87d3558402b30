/**
 * The partnership's fixed words (issue 7's data contract): agency kinds, deconfliction systems, operation
 * statuses, engagement kinds, and how the partner-activity vocabulary of the importer
 * (src/ingest/formats/partner-activity.ts) reads beside community engagement. Fixed lists so that every
 * agency's numbers add up the same way and every form offers the same choices.
 */
import { ACTIVITY_TYPES } from "../ingest/formats/partner-activity.js";

export const AGENCY_KINDS = [
  "police",
  "federal",
  "prosecutor",
  "health",
  "community",
  "research",
  "other",
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** External deconfliction systems: PeaceStat records their reference and warns; it does not replace them. */
export const DECONFLICTION_SYSTEMS = ["RISSafe", "SAFETNet", "Case Explorer"] as const;
export type DeconflictionSystem = (typeof DECONFLICTION_SYSTEMS)[number];

/** Planned and active operations are compared for overlaps; completed and cancelled ones are history. */
export const OPERATION_STATUSES = ["planned", "active", "completed", "cancelled"] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
export const LIVE_OPERATION_STATUSES: readonly OperationStatus[] = ["planned", "active"];

export const ENGAGEMENT_KINDS = ["event", "meeting", "canvass", "vigil", "other"] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

/** The activity-type vocabulary, taken from the importer so there is one list. */
export const ACTIVITY_TYPE_IDS: readonly string[] = Object.keys(ACTIVITY_TYPES);

/**
 * Which side of the area summary an activity type sits on: enforcement (arrests, warrants, seizures and
 * proactive police work), accountability (citizen complaints, use of force: the costs the seed's CompStat
 * reads beside enforcement) or engagement (community events, service referrals).
 */
export type ActivityGroup = "enforcement" | "accountability" | "engagement";

const NOT_ENFORCEMENT: Readonly<Record<string, ActivityGroup>> = {
  "citizen-complaint": "accountability",
  "use-of-force": "accountability",
  "community-event": "engagement",
  "outreach-referral": "engagement",
};

export function activityGroup(type: string): ActivityGroup {
  return NOT_ENFORCEMENT[type] ?? "enforcement";
}
