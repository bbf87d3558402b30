/** The shoot review's API client (GET /api/review is record-level: it needs a purpose and is audited). */
import type { ShootReview } from "../../src/review/review.js";
import { request, toSearch } from "./api";

export type { ShootReview };
export type ReviewShooting = ShootReview["shootings"][number];

export interface ReviewQuery {
  readonly date?: string | undefined;
  readonly days?: string | undefined;
}

export function getReview(q: ReviewQuery, purpose: string, signal?: AbortSignal): Promise<ShootReview> {
  return request<ShootReview>("GET", `/api/review${toSearch({ ...q, purpose })}`, undefined, signal);
}

/** The packet's download address (a link: the browser sends the session cookie). */
export function packetHref(q: ReviewQuery, purpose: string, format: "html" | "pdf"): string {
  return `/api/review/packet${toSearch({ ...q, purpose, format })}`;
}

export function setGroupConflict(uid: number, groupConflict: boolean, note?: string): Promise<unknown> {
  return request("PUT", `/api/review/notes/${uid}`, { groupConflict, ...(note ? { note } : {}) });
}
