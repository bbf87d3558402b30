/**
 * What every route module shares: the database, the connection lock, the audit writer, the report cache,
 * and the helpers that make record-level access and exports carry a purpose. Route modules
 * (`register*Routes(app, ctx)`) take this context instead of reaching into app.ts, so each area of the API
 * lives in its own file.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";
import type { Audit, AuthVars, Lock } from "./auth-routes.js";
import type { ReportCache } from "./report-cache.js";

export type ApiApp = OpenAPIHono<{ Variables: AuthVars }>;

export interface RouteContext {
  readonly db: Database;
  /** Serialises database work on the one DuckDB connection. */
  readonly lock: Lock;
  /** Writes one hash-chained audit entry (already serialised on the lock). */
  readonly audit: Audit;
  /** CompStat reports and other derived results, keyed by the data version. */
  readonly cache: ReportCache;
  /** Basemap style URL for the map; null means the offline style (boundaries on a plain background). */
  readonly basemapUrl: string | null;
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi("Error");

/** Standard error responses for the OpenAPI document. */
export const ERROR_RESPONSES = {
  400: { description: "bad query", content: { "application/json": { schema: ErrorSchema } } },
  401: { description: "not signed in", content: { "application/json": { schema: ErrorSchema } } },
  403: { description: "the role may not do this", content: { "application/json": { schema: ErrorSchema } } },
} as const;

/** The `purpose` query parameter that record-level views and exports must carry (domain.md, People). */
export const PurposeParam = z.string().optional().openapi({
  description:
    "why the records are viewed or exported (at least 5 characters); written to the audit log with the request",
  example: "shoot review 2025-06-03",
});

/**
 * Returns the stated purpose or refuses the request: record-level data and exports are need-to-know, and
 * the audit log must say why each view happened, not only who and when.
 */
export function requirePurpose(purpose: string | undefined): string {
  const p = purpose?.trim() ?? "";
  if (p.length < 5) {
    throw new AppError(
      "invalid-argument",
      "purpose: say why you need these records (at least 5 characters, e.g. purpose=shoot review 2025-06-03); it is written to the audit log",
    );
  }
  if (p.length > 500) throw new AppError("invalid-argument", "purpose: at most 500 characters");
  return p;
}

/** Comma-separated query values; empty items dropped. */
export function csvParam(v: string | undefined): string[] | undefined {
  return v
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}
