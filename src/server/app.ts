/**
 * The HTTP API: Hono routes validated with zod, the OpenAPI document generated from the same schemas
 * (`/api/openapi.json`), errors as `{ error: { code, message } }`. Every route names the permission it
 * needs; the principal comes from the session cookie (anonymous callers are the public role). The
 * server holds the database for its lifetime, so a CLI write while it runs fails with a clear "in use"
 * error instead of racing it.
 */
import fs from "node:fs";
import path from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { LoginLimiter } from "../auth/rate-limit.js";
import { isAuthError, requirePermission } from "../auth/roles.js";
import { parsePeriod, parseYears } from "../compstat/periods.js";
import { type AppErrorCode, isAppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";
import { registerActionRoutes } from "./action-routes.js";
import { registerAnalysisRoutes } from "./analysis-routes.js";
import { type Audit, type AuthVars, registerAuthRoutes, sessionMiddleware } from "./auth-routes.js";
import {
  CompStatQuery,
  cachedCompStat,
  cachedCompStatJson,
  compstatOptionsFromQuery,
} from "./compstat-query.js";
import { ERROR_RESPONSES, ErrorSchema, errorBody, type RouteContext } from "./context.js";
import { registerExportRoutes } from "./export-routes.js";
import { jsonBody, sendJson } from "./json-body.js";
import { registerMapRoutes } from "./map-routes.js";
import { registerMeetingRoutes } from "./meeting-routes.js";
import { registerPartnerRoutes } from "./partner-routes.js";
import { createReportCache, type ReportCache } from "./report-cache.js";
import { registerReviewRoutes } from "./review-routes.js";
import { registerStatusRoutes } from "./status-routes.js";

export const API_VERSION = "0.1.0";

const STATUS: Record<AppErrorCode, 400 | 401 | 403 | 404 | 409 | 422 | 423 | 500 | 501> = {
  "invalid-argument": 400,
  "bad-file": 422,
  unauthorized: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  busy: 423,
  unsupported: 501,
  database: 500,
};

export { ErrorSchema };

export interface AppOptions {
  readonly db: Database;
  /** Writes an audit entry; the server passes the hash-chained log. */
  readonly audit?: Audit;
  /** Mark cookies Secure (behind HTTPS). */
  readonly secureCookies?: boolean;
  readonly limiter?: LoginLimiter;
  /** Folder of the built web app (dist/web); its files are served and unknown non-API paths get index.html. */
  readonly webRoot?: string;
  /** Serialises database work: one DuckDB connection answers one query at a time. */
  readonly lock?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Shared across apps on one database (tests build several); default a fresh one. */
  readonly cache?: ReportCache;
  /** Basemap style URL for the map (`serve --basemap`); default none: boundaries on a plain background. */
  readonly basemapUrl?: string | null;
  /**
   * Compute the views everyone opens first (the default CompStat book, the public page) in the background
   * at start and after every write, so the first visitor does not wait for them. The server sets it.
   */
  readonly warm?: boolean;
}

/** A FIFO lock: requests wait their turn for the connection instead of interleaving statements. */
export function createLock(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

const compstatRoute = createRoute({
  method: "get",
  path: "/api/compstat",
  summary: "A CompStat report (schema peacestat.compstat/1, docs/compstat.md)",
  request: { query: CompStatQuery },
  responses: {
    200: {
      description: "the report",
      content: {
        "application/json": { schema: z.record(z.string(), z.unknown()).openapi("CompStatReport") },
      },
    },
    ...ERROR_RESPONSES,
  },
});

const PublicQuery = z
  .object({
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    period: z.string().optional(),
    years: z.string().optional(),
    metric: z.string().optional(),
  })
  .openapi("PublicQuery");

const publicRoute = createRoute({
  method: "get",
  path: "/api/public/compstat",
  summary: "The public transparency view: citywide and district aggregates of a few metrics, no sign-in",
  request: { query: PublicQuery },
  responses: {
    200: {
      description: "the report",
      content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
    },
    403: {
      description: "a metric outside the public view",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

const healthRoute = createRoute({
  method: "get",
  path: "/api/health",
  summary: "Liveness",
  responses: {
    200: {
      description: "the server is up and holds its database",
      content: { "application/json": { schema: z.object({ ok: z.boolean(), version: z.string() }) } },
    },
  },
});

/** The report options behind the public view. */
function publicOptions(q: { asOf?: string; period?: string; years?: string }, metrics = PUBLIC_METRICS) {
  return {
    asOf: q.asOf,
    periods: q.period ? q.period.split(",").map(parsePeriod) : undefined,
    years: q.years ? parseYears(q.years) : undefined,
    metrics,
    layers: ["district"],
  };
}

/** Metrics the anonymous public view may see, as citywide and district aggregates only. */
export const PUBLIC_METRICS = [
  "homicides",
  "nonfatal-shootings",
  "firearm-violent",
  "part1-violent",
  "part1-property",
  "part1-total",
];

export function createApp(opts: AppOptions): OpenAPIHono<{ Variables: AuthVars }> {
  const lock = opts.lock ?? createLock();
  // Audit writes take the connection lock too: a transaction must not interleave with another request.
  const write = opts.audit;
  const audit: Audit = write ? (e) => lock(() => write(e)) : async () => undefined;
  const app = new OpenAPIHono<{ Variables: AuthVars }>({
    defaultHook: (result, c: Context) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        return c.json(
          errorBody(
            "invalid-argument",
            `${issue?.path.join(".") || "request"}: ${issue?.message ?? "invalid"}`,
          ),
          400,
        );
      }
      return undefined;
    },
  });
  app.use("*", secureHeaders({ contentSecurityPolicy: contentSecurityPolicy(opts.basemapUrl ?? null) }));
  app.use("/api/*", sessionMiddleware(opts.db, lock));
  app.onError((e, c) => {
    if (isAppError(e)) return c.json(errorBody(e.code, e.message), STATUS[e.code]);
    if (isAuthError(e)) return c.json(errorBody(e.code, e.message), e.status);
    return c.json(errorBody("internal", "unexpected error: the server log has the details"), 500);
  });
  app.notFound((c) => c.json(errorBody("not-found", `no route ${c.req.method} ${c.req.path}`), 404));

  app.openapi(healthRoute, (c) => c.json({ ok: true, version: API_VERSION }, 200));

  const ctx: RouteContext = {
    db: opts.db,
    lock,
    audit,
    cache: opts.cache ?? createReportCache(),
    basemapUrl: opts.basemapUrl ?? null,
  };
  // A write through the API (a goal, an action, an import) changes the data: cached results are keyed by
  // the data version, so forgetting the remembered version is all it takes to never serve a stale one.
  app.use("/api/*", async (c, next) => {
    await next();
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && c.res.status < 400) {
      ctx.cache.invalidate();
      if (opts.warm) warmDefaults(ctx);
    }
  });
  if (opts.warm) warmDefaults(ctx);
  registerAuthRoutes(app, {
    db: opts.db,
    lock,
    audit,
    secureCookies: opts.secureCookies ?? false,
    limiter: opts.limiter,
  });

  app.openapi(compstatRoute, async (c) => {
    requirePermission(c.get("principal"), "compstat:read");
    const q = c.req.valid("query");
    return sendJson(c, await cachedCompStatJson(ctx, compstatOptionsFromQuery(q))) as never;
  });

  app.openapi(publicRoute, async (c) => {
    requirePermission(c.get("principal"), "aggregates:read");
    const q = c.req.valid("query");
    const metrics = q.metric ? q.metric.split(",").map((m) => m.trim()) : PUBLIC_METRICS;
    const refused = metrics.filter((m) => !PUBLIC_METRICS.includes(m));
    if (refused.length > 0) {
      return c.json(
        errorBody(
          "forbidden",
          `not in the public view: ${refused.join(", ")} (public metrics: ${PUBLIC_METRICS.join(", ")})`,
        ),
        403,
      );
    }
    const options = publicOptions(q, metrics);
    const version = await lock(() => ctx.cache.version(ctx.db));
    const body = await ctx.cache.get(version, `public-json:${JSON.stringify(options)}`, async () => {
      // Aggregates only: no goals, no partner ledger.
      const { goals: _g, partnerLedger: _l, ...rest } = await cachedCompStat(ctx, options);
      return jsonBody({ ...rest, goals: [], partnerLedger: null });
    });
    return sendJson(c, body) as never;
  });

  registerExportRoutes(app, ctx);
  registerMapRoutes(app, ctx);
  registerAnalysisRoutes(app, ctx);
  registerStatusRoutes(app, ctx);
  registerReviewRoutes(app, ctx);
  registerActionRoutes(app, ctx);
  registerMeetingRoutes(app, ctx);
  registerPartnerRoutes(app, ctx);

  if (opts.webRoot) {
    const root = opts.webRoot;
    const index = path.join(root, "index.html");
    app.use("/*", async (c, next) => {
      if (c.req.path.startsWith("/api/")) return next();
      return serveStatic({ root })(c, next);
    });
    // Client-side routes (/login, /public, ...) all load the app's one page.
    app.get("/*", async (c, next) => {
      if (c.req.path.startsWith("/api/") || !fs.existsSync(index)) return next();
      return c.html(fs.readFileSync(index, "utf8"));
    });
  }

  app.doc("/api/openapi.json", {
    openapi: "3.0.0",
    info: {
      title: "PeaceStat API",
      version: API_VERSION,
      description: "CompStat, place analysis and the partnership's data, by role.",
    },
  });
  return app;
}

/**
 * The Content-Security-Policy: scripts only from this server (the Vite build emits no inline script);
 * map workers from blob: (MapLibre builds its worker that way); images from data:/blob: (map sprites,
 * chart downloads); styles may be inline because Observable Plot writes a <style> into each chart. A
 * configured basemap adds its origin to connect-src and img-src, nothing else does.
 */
export function contentSecurityPolicy(basemapUrl: string | null) {
  let basemap: string[] = [];
  if (basemapUrl) {
    try {
      basemap = [new URL(basemapUrl).origin];
    } catch {
      basemap = [];
    }
  }
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:", "blob:", ...basemap],
    connectSrc: ["'self'", ...basemap],
    workerSrc: ["'self'", "blob:"],
    childSrc: ["'self'", "blob:"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

/**
 * Fills the cache with the default CompStat book and the public view (the pages opened first on a
 * Tuesday morning). Errors are dropped here: the same request from a browser reports them properly.
 */
function warmDefaults(ctx: RouteContext): void {
  setImmediate(() => {
    cachedCompStatJson(ctx, compstatOptionsFromQuery({}))
      .then(() => cachedCompStat(ctx, publicOptions({})))
      .catch(() => undefined);
  });
}
