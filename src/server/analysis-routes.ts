/** Place analysis over HTTP: hot spots, near repeat, concentration, displacement. */
import type { ApiApp, RouteContext } from "./context.js";

export function registerAnalysisRoutes(_app: ApiApp, _ctx: RouteContext): void {}
