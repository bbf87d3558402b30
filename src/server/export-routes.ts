/** CompStat exports (CSV, XLSX, HTML, PDF packet) and trend series. */
import type { ApiApp, RouteContext } from "./context.js";

export function registerExportRoutes(_app: ApiApp, _ctx: RouteContext): void {}
