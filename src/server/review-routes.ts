/** The weekly shoot review: the window's shootings with context, impact scores, the packet. */
import type { ApiApp, RouteContext } from "./context.js";

export function registerReviewRoutes(_app: ApiApp, _ctx: RouteContext): void {}
