/**
 * Meetings (CompStat, shoot review, community) with next steps as actions; policy drafts with versions and
 * redlines (document-routes.ts, registered from here).
 *
 * Shoot-review minutes discuss people (docs/domain.md, "People: safeguards"): without records:read such a
 * meeting is left out of the list and answers 404, exactly like one that does not exist; with it, reading
 * the minutes needs a purpose and writes a `view-records` audit entry. A next step of another agency shows
 * to partners and community members as the recap listed it (title, type, agency, due), without its owner
 * or progress, which only the agency itself and the review roles see.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { actionScope } from "../actions/model.js";
import { can, type Principal, requirePermission } from "../auth/roles.js";
import { AppError } from "../domain/errors.js";
import {
  createMeeting,
  getMeeting,
  listMeetings,
  MEETING_KINDS,
  type Meeting,
  MeetingInputSchema,
  type MeetingSummary,
  MeetingUpdateSchema,
  updateMeeting,
} from "../meetings/meetings.js";
import {
  type ApiApp,
  ERROR_RESPONSES,
  ErrorSchema,
  PurposeParam,
  type RouteContext,
  requirePurpose,
} from "./context.js";
import { IdParam, registerDocumentRoutes } from "./document-routes.js";

/** GET /api/meetings. */
export interface MeetingListAnswer {
  readonly meetings: readonly MeetingSummary[];
  /** May record and change meetings (meetings:write). */
  readonly canWrite: boolean;
  /** Shoot-review meetings are listed (records:read). */
  readonly shootReview: boolean;
}

/** GET, POST and PATCH /api/meetings/{id}. */
export interface MeetingAnswer {
  readonly meeting: Meeting;
  readonly canWrite: boolean;
}

const json = (name: string) => ({
  "application/json": { schema: z.record(z.string(), z.unknown()).openapi(name) },
});
const notFound = {
  404: {
    description: "no such meeting (or one the role may not read)",
    content: { "application/json": { schema: ErrorSchema } },
  },
};

const listRoute = createRoute({
  method: "get",
  path: "/api/meetings",
  summary: "Meetings, newest first (shoot-review meetings only for roles with records:read)",
  request: {
    query: z.object({
      kind: z
        .enum(MEETING_KINDS)
        .optional()
        .openapi({ description: MEETING_KINDS.join(", ") }),
    }),
  },
  responses: { 200: { description: "the meetings", content: json("MeetingList") }, ...ERROR_RESPONSES },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/meetings/{id}",
  summary: "A meeting's recap: attendees, agenda, minutes, decisions, next steps with their action status",
  request: { params: IdParam, query: z.object({ purpose: PurposeParam }) },
  responses: {
    200: { description: "the meeting", content: json("Meeting") },
    ...ERROR_RESPONSES,
    ...notFound,
  },
});

const createMeetingRoute = createRoute({
  method: "post",
  path: "/api/meetings",
  summary: "Record a meeting; each next step becomes an open action linked to it",
  request: { body: { content: { "application/json": { schema: MeetingInputSchema } }, required: true } },
  responses: {
    201: { description: "the meeting as stored", content: json("MeetingCreated") },
    ...ERROR_RESPONSES,
  },
});

const patchRoute = createRoute({
  method: "patch",
  path: "/api/meetings/{id}",
  summary: "Change a meeting; nextSteps adds new steps (existing ones change through /api/actions)",
  request: {
    params: IdParam,
    body: { content: { "application/json": { schema: MeetingUpdateSchema } }, required: true },
  },
  responses: {
    200: { description: "the meeting as stored", content: json("MeetingUpdated") },
    ...ERROR_RESPONSES,
    ...notFound,
  },
});

/** Whether the caller may see an agency's actions (owner, status) among a meeting's next steps. */
function agencyVisibility(principal: Principal): (agency: string) => boolean {
  const scope = actionScope(principal);
  return scope.kind === "all" ? () => true : (agency) => agency === scope.agency;
}

export function registerMeetingRoutes(app: ApiApp, ctx: RouteContext): void {
  app.openapi(listRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "meetings:read");
    const { kind } = c.req.valid("query");
    const shootReview = can(principal, "records:read");
    const meetings = await ctx.lock(() => listMeetings(ctx.db, { kind, includeShootReview: shootReview }));
    const answer: MeetingListAnswer = { meetings, canWrite: can(principal, "meetings:write"), shootReview };
    return c.json(answer as unknown as Record<string, unknown>, 200);
  });

  app.openapi(getRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "meetings:read");
    const id = Number(c.req.valid("param").id);
    const meeting = await ctx.lock(() => getMeeting(ctx.db, id, { seeAgency: agencyVisibility(principal) }));
    if (meeting.kind === "shoot-review") {
      if (!can(principal, "records:read"))
        throw new AppError("not-found", `no meeting ${id}: GET /api/meetings lists them`);
      const purpose = requirePurpose(c.req.valid("query").purpose);
      await ctx.audit({
        principal,
        action: "view-records",
        resource: `meeting:${id}`,
        purpose,
        detail: { kind: meeting.kind, heldOn: meeting.heldOn },
      });
    }
    const answer: MeetingAnswer = { meeting, canWrite: can(principal, "meetings:write") };
    return c.json(answer as unknown as Record<string, unknown>, 200);
  });

  app.openapi(createMeetingRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "meetings:write");
    const meeting = await ctx.lock(() =>
      createMeeting(ctx.db, c.req.valid("json"), principal.username ?? ""),
    );
    await ctx.audit({
      principal,
      action: "meeting-create",
      resource: `meeting:${meeting.id}`,
      detail: {
        kind: meeting.kind,
        heldOn: meeting.heldOn,
        title: meeting.title,
        actions: meeting.nextSteps.map((s) => s.actionId),
      },
    });
    const answer: MeetingAnswer = { meeting, canWrite: true };
    return c.json(answer as unknown as Record<string, unknown>, 201);
  });

  app.openapi(patchRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "meetings:write");
    const id = Number(c.req.valid("param").id);
    const body = c.req.valid("json");
    const { after, actionIds } = await ctx.lock(() =>
      updateMeeting(ctx.db, id, body, principal.username ?? ""),
    );
    await ctx.audit({
      principal,
      action: "meeting-update",
      resource: `meeting:${id}`,
      detail: {
        fields: Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined),
        actions: actionIds,
      },
    });
    const answer: MeetingAnswer = { meeting: after, canWrite: true };
    return c.json(answer as unknown as Record<string, unknown>, 200);
  });

  registerDocumentRoutes(app, ctx);
}
