/** Meetings (CompStat, shoot review, community) with next steps as actions; policy drafts with versions and redlines. */
import type { ApiApp, RouteContext } from "./context.js";

export function registerMeetingRoutes(_app: ApiApp, _ctx: RouteContext): void {}
