/** Map layers: area boundaries, incident points (audited), grid counts, kernel density and Gi* cells. */
import type { ApiApp, RouteContext } from "./context.js";

export function registerMapRoutes(_app: ApiApp, _ctx: RouteContext): void {}
