/**
 * Policy and procedure drafts: documents with every version kept and the word-level redline between any
 * two versions (src/documents). Reading needs documents:read, writing documents:write; each write is one
 * audit entry (`document-create`, `document-version`).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { can, requirePermission } from "../auth/roles.js";
import {
  addVersion,
  createDocument,
  type DocumentDetail,
  DocumentInputSchema,
  type DocumentSummary,
  documentRedline,
  getDocument,
  getVersion,
  listDocuments,
  VersionInputSchema,
} from "../documents/documents.js";
import { type ApiApp, ERROR_RESPONSES, ErrorSchema, type RouteContext } from "./context.js";

/** GET /api/documents. */
export interface DocumentListAnswer {
  readonly documents: readonly DocumentSummary[];
  /** May create documents and add versions (documents:write). */
  readonly canWrite: boolean;
}

/** GET /api/documents/{id} and POST /api/documents. */
export interface DocumentAnswer {
  readonly document: DocumentDetail;
  readonly canWrite: boolean;
}

const json = (name: string) => ({
  "application/json": { schema: z.record(z.string(), z.unknown()).openapi(name) },
});
const notFound = {
  404: {
    description: "no such document or version",
    content: { "application/json": { schema: ErrorSchema } },
  },
};
/** A meeting or document id in the path. */
export const IdParam = z.object({
  id: z
    .string()
    .regex(/^\d{1,9}$/, "expected an id (a whole number)")
    .openapi({ param: { name: "id", in: "path" }, example: "1" }),
});

const VersionNumber = (what: string) =>
  z
    .string()
    .regex(/^\d{1,6}$/, "expected a version number (1, 2, ...)")
    .optional()
    .openapi({ description: what });

const listRoute = createRoute({
  method: "get",
  path: "/api/documents",
  summary: "Policy and procedure drafts, most recently revised first",
  responses: { 200: { description: "the documents", content: json("DocumentList") }, ...ERROR_RESPONSES },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/documents/{id}",
  summary: "A document and its versions (without their text)",
  request: { params: IdParam },
  responses: {
    200: { description: "the document", content: json("Document") },
    ...ERROR_RESPONSES,
    ...notFound,
  },
});

const versionRoute = createRoute({
  method: "get",
  path: "/api/documents/{id}/versions/{version}",
  summary: "One version with its text",
  request: {
    params: IdParam.extend({
      version: z
        .string()
        .regex(/^\d{1,6}$/, "expected a version number (1, 2, ...)")
        .openapi({ param: { name: "version", in: "path" }, example: "2" }),
    }),
  },
  responses: {
    200: { description: "the version", content: json("DocumentVersion") },
    ...ERROR_RESPONSES,
    ...notFound,
  },
});

const createDocumentRoute = createRoute({
  method: "post",
  path: "/api/documents",
  summary: "A new document with its first version",
  request: { body: { content: { "application/json": { schema: DocumentInputSchema } }, required: true } },
  responses: { 201: { description: "the document", content: json("DocumentCreated") }, ...ERROR_RESPONSES },
});

const addVersionRoute = createRoute({
  method: "post",
  path: "/api/documents/{id}/versions",
  summary: "The next version of a document (its full text)",
  request: {
    params: IdParam,
    body: { content: { "application/json": { schema: VersionInputSchema } }, required: true },
  },
  responses: {
    201: { description: "the version", content: json("DocumentVersionCreated") },
    ...ERROR_RESPONSES,
    ...notFound,
  },
});

const redlineRoute = createRoute({
  method: "get",
  path: "/api/documents/{id}/redline",
  summary: "The word-level redline between two versions: equal, insert and delete segments",
  request: {
    params: IdParam,
    query: z.object({
      from: VersionNumber("the older version (default: the one before `to`)"),
      to: VersionNumber("the newer version (default: the latest)"),
    }),
  },
  responses: {
    200: { description: "the redline", content: json("Redline") },
    ...ERROR_RESPONSES,
    ...notFound,
  },
});

export function registerDocumentRoutes(app: ApiApp, ctx: RouteContext): void {
  app.openapi(listRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "documents:read");
    const documents = await ctx.lock(() => listDocuments(ctx.db));
    const answer: DocumentListAnswer = { documents, canWrite: can(principal, "documents:write") };
    return c.json(answer as unknown as Record<string, unknown>, 200);
  });

  app.openapi(getRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "documents:read");
    const document = await ctx.lock(() => getDocument(ctx.db, Number(c.req.valid("param").id)));
    const answer: DocumentAnswer = { document, canWrite: can(principal, "documents:write") };
    return c.json(answer as unknown as Record<string, unknown>, 200);
  });

  app.openapi(versionRoute, async (c) => {
    requirePermission(c.get("principal"), "documents:read");
    const { id, version } = c.req.valid("param");
    const v = await ctx.lock(() => getVersion(ctx.db, Number(id), Number(version)));
    return c.json(v as unknown as Record<string, unknown>, 200);
  });

  app.openapi(createDocumentRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "documents:write");
    const document = await ctx.lock(() =>
      createDocument(ctx.db, c.req.valid("json"), principal.username ?? ""),
    );
    await ctx.audit({
      principal,
      action: "document-create",
      resource: `document:${document.id}`,
      detail: { title: document.title, kind: document.kind, version: 1 },
    });
    const answer: DocumentAnswer = { document, canWrite: true };
    return c.json(answer as unknown as Record<string, unknown>, 201);
  });

  app.openapi(addVersionRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "documents:write");
    const id = Number(c.req.valid("param").id);
    const v = await ctx.lock(() => addVersion(ctx.db, id, c.req.valid("json"), principal.username ?? ""));
    await ctx.audit({
      principal,
      action: "document-version",
      resource: `document:${id}`,
      detail: { version: v.version, chars: v.chars, note: v.note },
    });
    return c.json(v as unknown as Record<string, unknown>, 201);
  });

  app.openapi(redlineRoute, async (c) => {
    requirePermission(c.get("principal"), "documents:read");
    const id = Number(c.req.valid("param").id);
    const q = c.req.valid("query");
    const r = await ctx.lock(() =>
      documentRedline(
        ctx.db,
        id,
        q.from === undefined ? undefined : Number(q.from),
        q.to === undefined ? undefined : Number(q.to),
      ),
    );
    return c.json(r as unknown as Record<string, unknown>, 200);
  });
}
