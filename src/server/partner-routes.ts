/**
 * The partnership: agencies and their people, partner activity reports (stored as import batches the
 * CompStat ledger counts), the operations registry with overlap warnings, and the community engagement
 * log with its area summary. Partners act for their own agency only (principal.agency); row-level reads
 * (activity rows, operations with their places) carry a purpose and write a view-records audit entry;
 * every write writes one audit entry.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { AuthError, can, type Principal, requirePermission } from "../auth/roles.js";
import { ACTIVITY_TYPES } from "../ingest/formats/partner-activity.js";
import { ActivityEntriesSchema, enterPartnerActivity, listPartnerActivity } from "../partners/activity.js";
import {
  AgencyInputSchema,
  AgencyPatchSchema,
  createAgency,
  listAgencies,
  updateAgency,
} from "../partners/agencies.js";
import { parseAreaRef } from "../partners/areas.js";
import {
  createEngagement,
  dateRange,
  EngagementInputSchema,
  engagementSummary,
  listEngagements,
} from "../partners/engagements.js";
import { operationsFor, overlapWarning, type RegistryViewer } from "../partners/operation-views.js";
import {
  createOperation,
  getOperation,
  OperationInputSchema,
  setOperationStatus,
} from "../partners/operations.js";
import {
  AGENCY_KINDS,
  activityGroup,
  DECONFLICTION_SYSTEMS,
  ENGAGEMENT_KINDS,
  OPERATION_STATUSES,
} from "../partners/vocabulary.js";
import { areaNames } from "../store/info.js";
import { type ApiApp, ERROR_RESPONSES, PurposeParam, type RouteContext, requirePurpose } from "./context.js";

const json = (name: string) => ({
  "application/json": { schema: z.record(z.string(), z.unknown()).openapi(name) },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});
const ok = (name: string, description: string) => ({
  200: { description, content: json(name) },
  ...ERROR_RESPONSES,
});
const created = (name: string, description: string) => ({
  201: { description, content: json(name) },
  ...ERROR_RESPONSES,
});
const idParam = (name: string) => z.string().openapi({ param: { name, in: "path" } });
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD")
  .openapi({ example: "2025-06-01" });
const Limit = z.coerce.number().int().min(1).max(1000).optional();

/** Answers as plain JSON objects (the routes document them as records; the page imports the types). */
const out = (v: unknown) => v as Record<string, unknown>;

const routes = {
  agencies: createRoute({
    method: "get",
    path: "/api/agencies",
    summary: "Agencies with their contacts, and the partnership's vocabularies for the forms",
    responses: ok("Agencies", "the agencies"),
  }),
  createAgency: createRoute({
    method: "post",
    path: "/api/agencies",
    summary: "Add an agency (and its contacts)",
    request: body(AgencyInputSchema),
    responses: created("Agency", "the agency as stored"),
  }),
  updateAgency: createRoute({
    method: "patch",
    path: "/api/agencies/{id}",
    summary: "Rename an agency, change its kind, or replace its contact list",
    request: { params: z.object({ id: idParam("id") }), ...body(AgencyPatchSchema) },
    responses: ok("Agency", "the agency as stored"),
  }),
  enterActivity: createRoute({
    method: "post",
    path: "/api/partner-activity",
    summary: "Enter partner activity (one import batch, format partner-activity, source web)",
    request: body(ActivityEntriesSchema),
    responses: created("ActivityEntry", "how many rows were new, replaced or unchanged, and the batch"),
  }),
  listActivity: createRoute({
    method: "get",
    path: "/api/partner-activity",
    summary: "Partner activity rows, newest first: a partner's own agency's, or all for review roles",
    request: { query: z.object({ purpose: PurposeParam, agency: z.string().optional(), limit: Limit }) },
    responses: ok("ActivityRows", "the rows"),
  }),
  operations: createRoute({
    method: "get",
    path: "/api/operations",
    summary: "Registered operations with their overlap warnings (a partner: its own agency's)",
    request: { query: z.object({ purpose: PurposeParam }) },
    responses: ok("Operations", "the operations"),
  }),
  createOperation: createRoute({
    method: "post",
    path: "/api/operations",
    summary: "Register an operation with its deconfliction reference; answers its overlap warnings",
    request: body(OperationInputSchema),
    responses: created("OperationCreated", "the operation and its overlap warnings"),
  }),
  updateOperation: createRoute({
    method: "patch",
    path: "/api/operations/{id}",
    summary: "Change an operation's status",
    request: {
      params: z.object({
        id: z.coerce
          .number()
          .int()
          .positive()
          .openapi({ param: { name: "id", in: "path" } }),
      }),
      ...body(z.object({ status: z.enum(OPERATION_STATUSES) })),
    },
    responses: ok("Operation", "the operation"),
  }),
  engagements: createRoute({
    method: "get",
    path: "/api/engagements",
    summary: "The community engagement log, newest first, by area and date range",
    request: {
      query: z.object({
        area: z.string().optional().openapi({ description: "LAYER:NAME" }),
        from: Day.optional(),
        to: Day.optional(),
        limit: Limit,
      }),
    },
    responses: ok("Engagements", "the engagements"),
  }),
  createEngagement: createRoute({
    method: "post",
    path: "/api/engagements",
    summary: "Log a community engagement (event, meeting ...) with its area and attendance",
    request: body(EngagementInputSchema),
    responses: created("Engagement", "the engagement as stored"),
  }),
  summary: createRoute({
    method: "get",
    path: "/api/areas/{layer}/{name}/engagement-summary",
    summary: "Engagement beside enforcement, complaints and use of force for one area and date range",
    request: {
      params: z.object({ layer: idParam("layer"), name: idParam("name") }),
      query: z.object({ from: Day, to: Day }),
    },
    responses: ok("EngagementSummary", "the summary"),
  }),
};

/** A partner acts for its own agency only; the review roles for any. */
function requireOwnAgency(principal: Principal, agency: string, what: string): void {
  if (principal.role !== "partner") return;
  if (principal.agency?.toUpperCase() !== agency.trim().toUpperCase())
    throw new AuthError(
      "forbidden",
      `a partner of ${principal.agency} may ${what} for ${principal.agency} only, not for ${agency.trim().toUpperCase()}`,
    );
}

const viewerOf = (p: Principal): RegistryViewer => ({ agency: p.role === "partner" ? p.agency : null });

export function registerPartnerRoutes(app: ApiApp, ctx: RouteContext): void {
  app.openapi(routes.agencies, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "compstat:read");
    const { agencies, areas } = await ctx.lock(async () => ({
      agencies: await listAgencies(ctx.db),
      areas: await areaNames(ctx.db),
    }));
    return c.json(
      out({
        agencies,
        areas,
        vocabulary: {
          agencyKinds: AGENCY_KINDS,
          activityTypes: Object.keys(ACTIVITY_TYPES).map((id) => ({ id, group: activityGroup(id) })),
          deconflictionSystems: DECONFLICTION_SYSTEMS,
          operationStatuses: OPERATION_STATUSES,
          engagementKinds: ENGAGEMENT_KINDS,
        },
        can: {
          manageAgencies: can(principal, "agencies:manage"),
          writeActivity: can(principal, "partner-activity:write"),
          readActivity: can(principal, "records:read") || can(principal, "partner-activity:read-own"),
          readOperations: can(principal, "operations:read"),
          writeOperations: can(principal, "operations:write"),
          writeEngagement: can(principal, "engagement:write"),
        },
        agency: principal.agency,
      }),
      200,
    );
  });

  app.openapi(routes.createAgency, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "agencies:manage");
    const agency = await ctx.lock(() => createAgency(ctx.db, c.req.valid("json")));
    await ctx.audit({
      principal,
      action: "agency-create",
      resource: `agency:${agency.id}`,
      detail: { ...agency },
    });
    return c.json(out({ agency }), 201);
  });

  app.openapi(routes.updateAgency, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "agencies:manage");
    const patch = c.req.valid("json");
    const agency = await ctx.lock(() => updateAgency(ctx.db, c.req.valid("param").id, patch));
    await ctx.audit({
      principal,
      action: "agency-update",
      resource: `agency:${agency.id}`,
      detail: { ...patch },
    });
    return c.json(out({ agency }), 200);
  });

  app.openapi(routes.enterActivity, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "partner-activity:write");
    const { entries } = c.req.valid("json");
    for (const e of entries) requireOwnAgency(principal, e.agency, "enter activity");
    const result = await ctx.lock(() =>
      enterPartnerActivity(ctx.db, entries, { username: principal.username! }),
    );
    await ctx.audit({
      principal,
      action: "partner-activity-enter",
      resource: `import-batch:${result.batchId}`,
      detail: { rows: result.rows, agencies: [...new Set(entries.map((e) => e.agency.toUpperCase()))] },
    });
    return c.json(out(result), 201);
  });

  app.openapi(routes.listActivity, async (c) => {
    const principal = c.get("principal");
    // Review roles read every agency's rows; a partner only its own (partner-activity:read-own).
    if (!can(principal, "records:read")) requirePermission(principal, "partner-activity:read-own");
    const q = c.req.valid("query");
    const purpose = requirePurpose(q.purpose);
    const own = can(principal, "records:read") ? null : principal.agency;
    if (own && q.agency) requireOwnAgency(principal, q.agency, "read activity");
    const agency = own ?? q.agency?.trim().toUpperCase() ?? null;
    const rows = await ctx.lock(() => listPartnerActivity(ctx.db, { agency, limit: q.limit ?? 100 }));
    await ctx.audit({
      principal,
      action: "view-records",
      resource: "partner-activity",
      purpose,
      detail: { count: rows.length, agency },
    });
    return c.json(out({ agency, rows }), 200);
  });

  app.openapi(routes.operations, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "operations:read");
    const purpose = requirePurpose(c.req.valid("query").purpose);
    const viewer = viewerOf(principal);
    const operations = await ctx.lock(() => operationsFor(ctx.db, viewer));
    await ctx.audit({
      principal,
      action: "view-records",
      resource: "operations",
      purpose,
      detail: { count: operations.length, agency: viewer.agency },
    });
    return c.json(out({ agency: viewer.agency, operations }), 200);
  });

  app.openapi(routes.createOperation, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "operations:write");
    const input = c.req.valid("json");
    requireOwnAgency(principal, input.agency, "register operations");
    const { operation, overlaps } = await ctx.lock(() =>
      createOperation(ctx.db, input, { username: principal.username! }),
    );
    const warnings = overlaps.map((o) => overlapWarning(o, viewerOf(principal)));
    await ctx.audit({
      principal,
      action: "operation-create",
      resource: `operation:${operation.id}`,
      detail: { agency: operation.agency, overlaps: overlaps.map((o) => o.operation.id) },
    });
    return c.json(out({ operation, overlaps: warnings }), 201);
  });

  app.openapi(routes.updateOperation, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "operations:write");
    const { id } = c.req.valid("param");
    const { status } = c.req.valid("json");
    const operation = await ctx.lock(async () => {
      requireOwnAgency(principal, (await getOperation(ctx.db, id)).agency, "change operations");
      return setOperationStatus(ctx.db, id, status);
    });
    await ctx.audit({
      principal,
      action: "operation-update",
      resource: `operation:${id}`,
      detail: { status },
    });
    return c.json(out({ operation }), 200);
  });

  app.openapi(routes.engagements, async (c) => {
    requirePermission(c.get("principal"), "compstat:read");
    const q = c.req.valid("query");
    if (q.from && q.to) dateRange(q.from, q.to);
    const area = q.area ? parseAreaRef(q.area) : undefined;
    const engagements = await ctx.lock(() =>
      listEngagements(ctx.db, { area, from: q.from, to: q.to, limit: q.limit ?? 200 }),
    );
    return c.json(out({ engagements }), 200);
  });

  app.openapi(routes.createEngagement, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "engagement:write");
    const input = c.req.valid("json");
    // A partner's engagement is its agency's unless it names the organisation that ran it.
    const organisation = input.organisation ?? principal.agency ?? undefined;
    const engagement = await ctx.lock(() =>
      createEngagement(ctx.db, { ...input, organisation }, { username: principal.username! }),
    );
    await ctx.audit({
      principal,
      action: "engagement-create",
      resource: `engagement:${engagement.id}`,
      detail: {
        ...engagement,
        area: engagement.area ? `${engagement.area.layer}:${engagement.area.name}` : null,
      },
    });
    return c.json(out({ engagement }), 201);
  });

  app.openapi(routes.summary, async (c) => {
    requirePermission(c.get("principal"), "compstat:read");
    const { layer, name } = c.req.valid("param");
    const { from, to } = c.req.valid("query");
    const summary = await ctx.lock(() => engagementSummary(ctx.db, { layer, name }, { from, to }));
    return c.json(out(summary), 200);
  });
}
