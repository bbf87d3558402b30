/** Actions: assigned from shootings, places and meetings; status with history; overdue by agency. */
import type { ApiApp, RouteContext } from "./context.js";

export function registerActionRoutes(_app: ApiApp, _ctx: RouteContext): void {}
