/**
 * The weekly shoot review over HTTP. The review is record-level (block addresses, victims' age bands,
 * what is known about each shooting), so every view needs `records:read`, a stated purpose and one
 * `view-records` audit entry; the packet is an export (`exports:create` too) and is audited as one.
 * Scores are stored with the configuration version that made them each time the review is opened.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { requirePermission } from "../auth/roles.js";
import { renderPdfBuffer } from "../compstat/render-pdf.js";
import { renderReviewHtml } from "../review/packet-html.js";
import { buildShootReview, type ShootReview } from "../review/review.js";
import { resolveIncidentUid, setReviewNote } from "../review/review-notes.js";
import { getActiveScoreConfig, listScoreConfigs, saveScoreConfig } from "../review/score-config.js";
import { type ApiApp, ERROR_RESPONSES, PurposeParam, type RouteContext, requirePurpose } from "./context.js";

const json = (name: string) => ({
  "application/json": { schema: z.record(z.string(), z.unknown()).openapi(name) },
});

const ReviewQuery = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .openapi({ description: "the review date, last day of the window (default: the last day with data)" }),
    days: z.coerce
      .number()
      .int()
      .min(1)
      .max(31)
      .optional()
      .openapi({ description: "days in the window (default 7)" }),
    configVersion: z.coerce.number().int().min(1).optional(),
    purpose: PurposeParam,
  })
  .openapi("ReviewQuery");

const reviewRoute = createRoute({
  method: "get",
  path: "/api/review",
  summary: "The shoot review: the window's shootings in impact-score order with their context (audited)",
  request: { query: ReviewQuery },
  responses: {
    200: { description: "schema peacestat.review/1 (docs/shoot-review.md)", content: json("ShootReview") },
    ...ERROR_RESPONSES,
  },
});

const packetRoute = createRoute({
  method: "get",
  path: "/api/review/packet",
  summary: "The weekly packet as HTML or PDF (an export: audited with its purpose)",
  request: { query: ReviewQuery.extend({ format: z.enum(["html", "pdf"]) }) },
  responses: {
    200: {
      description: "the packet, as an attachment",
      content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...ERROR_RESPONSES,
  },
});

const configRoute = createRoute({
  method: "get",
  path: "/api/review/config",
  summary: "The impact score's active configuration and every earlier version",
  responses: {
    200: { description: "{ active, versions }", content: json("ScoreConfigs") },
    ...ERROR_RESPONSES,
  },
});

const configWriteRoute = createRoute({
  method: "post",
  path: "/api/review/config",
  summary: "A new configuration version (weights, caps, distances), laid over the current one",
  request: { body: { content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } } },
  responses: { 201: { description: "the new version", content: json("ScoreConfig") }, ...ERROR_RESPONSES },
});

const noteRoute = createRoute({
  method: "put",
  path: "/api/review/notes/{incident}",
  summary: "The analyst's note on a shooting: a known group conflict (a factor of the impact score)",
  request: {
    params: z.object({ incident: z.string().min(1).openapi({ description: "incident uid or incident id" }) }),
    body: {
      content: {
        "application/json": {
          schema: z
            .object({ groupConflict: z.boolean(), note: z.string().max(2000).optional() })
            .openapi("ReviewNoteBody"),
        },
      },
    },
  },
  responses: { 200: { description: "the note", content: json("ReviewNote") }, ...ERROR_RESPONSES },
});

export function registerReviewRoutes(app: ApiApp, ctx: RouteContext): void {
  const load = (q: {
    date?: string | undefined;
    days?: number | undefined;
    configVersion?: number | undefined;
  }) =>
    ctx.lock(() => buildShootReview(ctx.db, { date: q.date, days: q.days, configVersion: q.configVersion }));

  app.openapi(reviewRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "records:read");
    const q = c.req.valid("query");
    const purpose = requirePurpose(q.purpose);
    const review = await load(q);
    await ctx.audit({
      principal,
      action: "view-records",
      resource: "review",
      purpose,
      detail: summary(review),
    });
    return c.json(review as unknown as Record<string, unknown>, 200);
  });

  app.openapi(packetRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "records:read");
    requirePermission(principal, "exports:create");
    const q = c.req.valid("query");
    const purpose = requirePurpose(q.purpose);
    const review = await load(q);
    const html = renderReviewHtml(review);
    // Chromium prints outside the connection lock: other requests keep their turn.
    const body = q.format === "pdf" ? await renderPdfBuffer(html) : Buffer.from(html, "utf8");
    await ctx.audit({
      principal,
      action: "export",
      resource: `review-packet.${q.format}`,
      purpose,
      detail: { ...summary(review), bytes: body.byteLength },
    });
    const name = `peacestat-shoot-review-${review.reviewDate}.${q.format}`;
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        "content-type": q.format === "pdf" ? "application/pdf" : "text/html; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
      },
    }) as never;
  });

  app.openapi(configRoute, async (c) => {
    requirePermission(c.get("principal"), "records:read");
    const [active, versions] = await ctx.lock(async () => [
      await getActiveScoreConfig(ctx.db),
      await listScoreConfigs(ctx.db),
    ]);
    return c.json({ active, versions } as unknown as Record<string, unknown>, 200);
  });

  app.openapi(configWriteRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "review:configure");
    const body = c.req.valid("json");
    const config = await ctx.lock(() =>
      saveScoreConfig(ctx.db, body, { createdBy: principal.username ?? undefined }),
    );
    await ctx.audit({
      principal,
      action: "review-config",
      resource: `score-config:${config.version}`,
      detail: { weights: config.weights, params: config.params },
    });
    return c.json(config as unknown as Record<string, unknown>, 201);
  });

  app.openapi(noteRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "review:annotate");
    const { incident } = c.req.valid("param");
    const body = c.req.valid("json");
    const note = await ctx.lock(async () => {
      const uid = await resolveIncidentUid(ctx.db, incident);
      return setReviewNote(ctx.db, {
        uid,
        groupConflict: body.groupConflict,
        note: body.note,
        updatedBy: principal.username ?? "unknown",
      });
    });
    await ctx.audit({
      principal,
      action: "review-note",
      resource: `incident:${note.uid}`,
      detail: { groupConflict: note.groupConflict },
    });
    return c.json(note as unknown as Record<string, unknown>, 200);
  });
}

/** What the audit log keeps about a review view: which window, which shootings, which score version. */
function summary(r: ShootReview) {
  return {
    reviewDate: r.reviewDate,
    days: r.window.days,
    configVersion: r.config.version,
    shootings: r.shootings.map((s) => s.incidentId),
  };
}
