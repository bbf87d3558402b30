/** Data status (imports, rejects, as-of times, definitions in use) and goals. */
import type { ApiApp, RouteContext } from "./context.js";

export function registerStatusRoutes(_app: ApiApp, _ctx: RouteContext): void {}
