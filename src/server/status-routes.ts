/**
 * Data status (imports, rejects, as-of times, definitions in use) and goals (goal-routes.ts).
 *
 * The summary holds counts only and is open to every signed-in role; the rejected rows themselves carry
 * raw values (addresses, names typed into the wrong column), so they go to the import roles, with a
 * purpose, and every page of them is written to the audit log.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { buildDataStatus, type DataStatus } from "../app/data-status.js";
import { can, requirePermission } from "../auth/roles.js";
import { AppError } from "../domain/errors.js";
import { batchExists, type IssueRecord, importIssuePage } from "../store/info.js";
import { cachedCompStat } from "./compstat-query.js";
import {
  type ApiApp,
  ERROR_RESPONSES,
  ErrorSchema,
  PurposeParam,
  type RouteContext,
  requirePurpose,
} from "./context.js";
import { registerGoalRoutes } from "./goal-routes.js";

/** The answer of GET /api/status: the summary, and whether the caller may open the rejected rows. */
export interface StatusAnswer extends DataStatus {
  readonly canViewIssues: boolean;
}

/** The answer of GET /api/status/imports/{batchId}/issues (the web page imports this type). */
export interface ImportIssuesPage {
  readonly batchId: number;
  /** Rows matching the filter in all pages. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly issues: readonly IssueRecord[];
}

const json = (name: string) => ({
  "application/json": { schema: z.record(z.string(), z.unknown()).openapi(name) },
});

const statusRoute = createRoute({
  method: "get",
  path: "/api/status",
  summary:
    "Data status: the city, each source's records and days covered, every import with its rejects counted by reason, layers, populations, the metric definitions in use",
  responses: { 200: { description: "the summary", content: json("DataStatus") }, ...ERROR_RESPONSES },
});

const IssuesParams = z.object({
  batchId: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: "batchId", in: "path" }, example: 2 }),
});

const IssuesQuery = z.object({
  reason: z.string().optional().openapi({ description: "only rows with exactly this reason" }),
  severity: z.enum(["reject", "warning"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  purpose: PurposeParam,
});

const issuesRoute = createRoute({
  method: "get",
  path: "/api/status/imports/{batchId}/issues",
  summary:
    "An import's rejected and warned rows with their raw values (import roles; purpose required; audited)",
  request: { params: IssuesParams, query: IssuesQuery },
  responses: {
    200: { description: "one page of issue rows", content: json("ImportIssues") },
    ...ERROR_RESPONSES,
    404: { description: "no such import", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerStatusRoutes(app: ApiApp, ctx: RouteContext): void {
  app.openapi(statusRoute, async (c) => {
    requirePermission(c.get("principal"), "compstat:read");
    // The default book: its coverage and definitions are the ones the CompStat page shows.
    const report = await cachedCompStat(ctx, {});
    const version = await ctx.lock(() => ctx.cache.version(ctx.db));
    const status = await ctx.cache.get(version, "status", () =>
      ctx.lock(() => buildDataStatus(ctx.db, report)),
    );
    const answer: StatusAnswer = { ...status, canViewIssues: can(c.get("principal"), "data:import") };
    return c.json(answer as unknown as Record<string, unknown>, 200);
  });

  app.openapi(issuesRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "data:import");
    const { batchId } = c.req.valid("param");
    const q = c.req.valid("query");
    const purpose = requirePurpose(q.purpose);
    const page = await ctx.lock(async () => {
      if (!(await batchExists(ctx.db, batchId)))
        throw new AppError("not-found", `no import batch ${batchId}: GET /api/status lists the imports`);
      return importIssuePage(ctx.db, batchId, q);
    });
    await ctx.audit({
      principal,
      action: "view-records",
      resource: `import-issues:${batchId}`,
      purpose,
      detail: {
        count: page.issues.length,
        batchId,
        reason: q.reason ?? null,
        severity: q.severity ?? null,
        offset: q.offset,
        limit: q.limit,
      },
    });
    const answer: ImportIssuesPage = { batchId, offset: q.offset, limit: q.limit, ...page };
    return c.json(answer as unknown as Record<string, unknown>, 200);
  });

  registerGoalRoutes(app, ctx);
}
