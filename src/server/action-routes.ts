/**
 * Actions: assigned from shootings, places and meetings; status with history; overdue by agency.
 *
 * The review roles (actions:manage) see, create and change every action. Partners and community members
 * (actions:write-own) see only their own agency's actions and change only their status and notes; an
 * action of another agency answers 404, exactly like one that does not exist, so its existence does not
 * leak. Person links never reach them; the review roles see them only with a purpose, audited.
 */
import { createRoute, z } from "@hono/zod-openapi";
import {
  ACTION_ORIGINS,
  ACTION_STATUSES,
  ACTION_TYPES,
  type Action,
  type ActionDetail,
  type ActionFilter,
  type ActionStatus,
  actionScope,
  CreateActionSchema,
  DateSchema,
  LINK_KINDS,
  TRANSITIONS,
  UpdateActionSchema,
} from "../actions/model.js";
import { type ActionInbox, actionInbox, actionsToday, getAction, listActions } from "../actions/queries.js";
import { createAction, knownAgencies, updateAction } from "../actions/store.js";
import { can, type Principal, requirePermission } from "../auth/roles.js";
import { AppError } from "../domain/errors.js";
import { getCity } from "../store/city.js";
import { areaNames } from "../store/info.js";
import {
  type ApiApp,
  csvParam,
  ERROR_RESPONSES,
  ErrorSchema,
  PurposeParam,
  type RouteContext,
  requirePurpose,
} from "./context.js";

/** GET /api/actions (the page and the CLI's --json print this). */
export interface ActionListAnswer {
  /** The city's calendar day "overdue" is measured on. */
  readonly today: string;
  readonly actions: readonly Action[];
  /** May create actions and change any field (actions:manage). */
  readonly canManage: boolean;
  /** Agencies an action may be assigned to (for the create form; empty unless canManage). */
  readonly agencies: readonly string[];
  /** Area names by layer, for the create form's area link (empty unless canManage). */
  readonly areas: readonly { layer: string; names: string[] }[];
}

/** GET /api/actions/{id}. */
export interface ActionDetailAnswer {
  readonly action: ActionDetail;
  readonly canManage: boolean;
  /** May change the status (and add notes) of this action. */
  readonly canUpdate: boolean;
  /** The statuses the action may move to (TRANSITIONS). */
  readonly next: readonly ActionStatus[];
  /** The city's time zone, for showing the history's times on the city's clock. */
  readonly timeZone: string;
}

/** GET /api/actions/inbox. */
export interface ActionInboxAnswer extends ActionInbox {
  /** "all": every agency (review roles); "agency": the caller's own. */
  readonly scope: "all" | "agency";
  readonly agency: string | null;
}

const json = (name: string) => ({
  "application/json": { schema: z.record(z.string(), z.unknown()).openapi(name) },
});
const notFound = {
  description: "no such action, or not one of your agency's",
  content: { "application/json": { schema: ErrorSchema } },
};
const conflict = {
  description: "a status change the table refuses",
  content: { "application/json": { schema: ErrorSchema } },
};

const IdParam = z.object({
  id: z
    .string()
    .regex(/^\d{1,9}$/, "expected an action id (a whole number)")
    .openapi({ param: { name: "id", in: "path" }, example: "12" }),
});

const ListQuery = z.object({
  status: z
    .string()
    .optional()
    .openapi({ description: `comma-separated: ${ACTION_STATUSES.join(", ")}` }),
  agency: z.string().optional().openapi({ description: "agency code, e.g. ATF" }),
  type: z
    .string()
    .optional()
    .openapi({ description: `comma-separated: ${ACTION_TYPES.join(", ")}` }),
  origin: z
    .string()
    .optional()
    .openapi({ description: `comma-separated: ${ACTION_ORIGINS.join(", ")}` }),
  overdue: z.enum(["true", "false"]).optional(),
  linkKind: z.enum(LINK_KINDS).optional().openapi({ description: "with linkRef: only actions linked to it" }),
  linkRef: z.string().optional().openapi({ example: "district:3" }),
  dueBefore: DateSchema.optional().openapi({ description: "due on or before, YYYY-MM-DD" }),
  dueAfter: DateSchema.optional().openapi({ description: "due on or after, YYYY-MM-DD" }),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
  purpose: PurposeParam,
});

const listRoute = createRoute({
  method: "get",
  path: "/api/actions",
  summary: "Actions in the caller's scope, filtered (open first, then by due date)",
  request: { query: ListQuery },
  responses: { 200: { description: "the actions", content: json("ActionList") }, ...ERROR_RESPONSES },
});

const inboxRoute = createRoute({
  method: "get",
  path: "/api/actions/inbox",
  summary:
    "Counts by status per agency (the caller's own, or every agency for review roles) and the overdue list",
  responses: { 200: { description: "the inbox", content: json("ActionInbox") }, ...ERROR_RESPONSES },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/actions/{id}",
  summary: "One action with its links and history",
  request: {
    params: IdParam,
    query: z.object({
      purpose: PurposeParam.openapi({
        description: "review roles: give a purpose to see the action's person links (audited)",
      }),
    }),
  },
  responses: {
    200: { description: "the action", content: json("ActionDetail") },
    ...ERROR_RESPONSES,
    404: notFound,
  },
});

const createActionRoute = createRoute({
  method: "post",
  path: "/api/actions",
  summary: "Create an action (open), with links to incidents, areas, places, meetings, people, operations",
  request: { body: { content: { "application/json": { schema: CreateActionSchema } }, required: true } },
  responses: {
    201: { description: "the action as stored", content: json("ActionCreated") },
    ...ERROR_RESPONSES,
  },
});

const patchRoute = createRoute({
  method: "patch",
  path: "/api/actions/{id}",
  summary:
    "Change an action: review roles any field; partners and community the status and notes of their own",
  request: {
    params: IdParam,
    body: { content: { "application/json": { schema: UpdateActionSchema } }, required: true },
  },
  responses: {
    200: { description: "the action after the change", content: json("ActionUpdated") },
    ...ERROR_RESPONSES,
    404: notFound,
    409: conflict,
  },
});

/** Both kinds of action users may read: review roles (manage) and partners/community (write-own). */
function requireActions(principal: Principal): void {
  if (can(principal, "actions:manage")) return;
  requirePermission(principal, "actions:write-own");
}

/** A comma-separated query value whose items must come from `allowed`. */
function listParam<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T[] | undefined {
  const items = csvParam(value);
  const bad = items?.filter((v) => !(allowed as readonly string[]).includes(v)) ?? [];
  if (bad.length > 0)
    throw new AppError(
      "invalid-argument",
      `${name}: unknown ${bad.join(", ")} (one or more of ${allowed.join(", ")})`,
    );
  return items as T[] | undefined;
}

const body = (v: unknown) => v as Record<string, unknown>;

export function registerActionRoutes(app: ApiApp, ctx: RouteContext): void {
  // Before /api/actions/{id}, so "inbox" is never read as an id.
  app.openapi(inboxRoute, async (c) => {
    const principal = c.get("principal");
    requireActions(principal);
    const scope = actionScope(principal);
    const inbox = await ctx.lock(() => actionInbox(ctx.db, scope));
    const answer: ActionInboxAnswer = {
      ...inbox,
      scope: scope.kind,
      agency: scope.kind === "agency" ? scope.agency : null,
    };
    return c.json(body(answer), 200);
  });

  app.openapi(listRoute, async (c) => {
    const principal = c.get("principal");
    requireActions(principal);
    const q = c.req.valid("query");
    if ((q.linkKind === undefined) !== (q.linkRef === undefined))
      throw new AppError(
        "invalid-argument",
        "linkKind and linkRef: give both (e.g. linkKind=area&linkRef=district:3)",
      );
    const filter: ActionFilter = {
      status: listParam("status", q.status, ACTION_STATUSES),
      type: listParam("type", q.type, ACTION_TYPES),
      origin: listParam("origin", q.origin, ACTION_ORIGINS),
      agency: q.agency?.trim() || undefined,
      overdue: q.overdue === undefined ? undefined : q.overdue === "true",
      link: q.linkKind && q.linkRef ? { kind: q.linkKind, ref: q.linkRef } : undefined,
      dueBefore: q.dueBefore,
      dueAfter: q.dueAfter,
      limit: q.limit,
    };
    const scope = actionScope(principal);
    // Looking actions up by person is a search of intelligence on an individual: purpose and audit.
    const purpose = filter.link?.kind === "person" && scope.people ? requirePurpose(q.purpose) : undefined;
    const canManage = can(principal, "actions:manage");
    const { actions, agencies, areas, today } = await ctx.lock(async () => ({
      actions: await listActions(ctx.db, filter, scope),
      agencies: canManage ? await knownAgencies(ctx.db) : [],
      areas: canManage ? await areaNames(ctx.db) : [],
      today: await actionsToday(ctx.db),
    }));
    if (purpose)
      await ctx.audit({
        principal,
        action: "search-records",
        resource: "actions?person",
        purpose,
        detail: { count: actions.length, link: filter.link },
      });
    const answer: ActionListAnswer = { today, actions, canManage, agencies, areas };
    return c.json(body(answer), 200);
  });

  app.openapi(getRoute, async (c) => {
    const principal = c.get("principal");
    requireActions(principal);
    const id = Number(c.req.valid("param").id);
    const { purpose: raw } = c.req.valid("query");
    const scope = actionScope(principal);
    const purpose = raw !== undefined && scope.people ? requirePurpose(raw) : undefined;
    const { action, timeZone } = await ctx.lock(async () => ({
      action: await getAction(ctx.db, id, scope, { people: purpose !== undefined }),
      timeZone: (await getCity(ctx.db)).timeZone,
    }));
    if (purpose)
      await ctx.audit({
        principal,
        action: "view-records",
        resource: `action:${id}/people`,
        purpose,
        detail: { count: action.links.filter((l) => l.kind === "person").length },
      });
    const answer: ActionDetailAnswer = {
      action,
      canManage: can(principal, "actions:manage"),
      canUpdate: true,
      next: TRANSITIONS[action.status],
      timeZone,
    };
    return c.json(body(answer), 200);
  });

  app.openapi(createActionRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "actions:manage");
    const input = c.req.valid("json");
    const action = await ctx.lock(async () => {
      const id = await createAction(ctx.db, input, { by: principal.username ?? "unknown" });
      return getAction(ctx.db, id, actionScope(principal));
    });
    await ctx.audit({
      principal,
      action: "action-create",
      resource: `action:${action.id}`,
      detail: { agency: action.agency, type: action.type, due: action.due, links: input.links.length },
    });
    return c.json(body({ action }), 201);
  });

  app.openapi(patchRoute, async (c) => {
    const principal = c.get("principal");
    requireActions(principal);
    const id = Number(c.req.valid("param").id);
    const input = c.req.valid("json");
    const scope = actionScope(principal);
    const r = await ctx.lock(() =>
      updateAction(ctx.db, id, input, scope, { by: principal.username ?? "unknown" }),
    );
    if (r.changed.length > 0)
      await ctx.audit({
        principal,
        action: "action-update",
        resource: `action:${id}`,
        detail: { changes: r.changed, status: r.action.status, agency: r.action.agency },
      });
    return c.json(body({ action: r.action, changed: r.changed }), 200);
  });
}
