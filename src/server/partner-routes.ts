/** The partnership: agencies and their people, partner activity reports, the operations registry with overlap warnings, community engagement. */
import type { ApiApp, RouteContext } from "./context.js";

export function registerPartnerRoutes(_app: ApiApp, _ctx: RouteContext): void {}
