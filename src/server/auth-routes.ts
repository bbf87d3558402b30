/**
 * Signing in and out, and who the caller is. The session cookie is HttpOnly and SameSite=Strict; every
 * state-changing request except the login itself must also carry the session's CSRF token in the
 * `x-csrf-token` header (a cross-site form cannot read it). Failed logins are limited per username and per
 * address (rate-limit.ts) and written to the audit log, as are logins and logouts.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { LoginLimiter } from "../auth/rate-limit.js";
import { ANONYMOUS, AuthError, type Principal } from "../auth/roles.js";
import {
  checkCsrf,
  clearCookie,
  cookie,
  createSession,
  deleteSession,
  sessionFromToken,
  tokenFromCookieHeader,
} from "../auth/sessions.js";
import { authenticate } from "../auth/users.js";
import type { Database } from "../store/db.js";

export interface AuthVars {
  principal: Principal;
  csrfToken: string | null;
  sessionToken: string | null;
}

export type Lock = <T>(fn: () => Promise<T>) => Promise<T>;
export type Audit = (entry: {
  principal: Principal;
  action: string;
  resource: string;
  purpose?: string;
  detail?: Record<string, unknown>;
}) => Promise<void>;

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "local";
}

/** Resolves the caller from the session cookie and enforces CSRF on state changes. */
export function sessionMiddleware(db: Database, lock: Lock): MiddlewareHandler<{ Variables: AuthVars }> {
  return async (c, next) => {
    const token = tokenFromCookieHeader(c.req.header("cookie"));
    const live = token ? await lock(() => sessionFromToken(db, token)) : null;
    c.set("principal", live?.principal ?? ANONYMOUS);
    c.set("csrfToken", live?.csrfToken ?? null);
    c.set("sessionToken", live ? token : null);
    if (STATE_CHANGING.has(c.req.method) && c.req.path !== "/api/login") {
      if (!live) throw new AuthError("unauthorized", "sign in first (POST /api/login)");
      if (!checkCsrf(live.csrfToken, c.req.header("x-csrf-token"))) {
        throw new AuthError(
          "forbidden",
          "missing or wrong x-csrf-token header (it comes with the login answer and GET /api/me)",
        );
      }
    }
    await next();
  };
}

const Me = z
  .object({
    username: z.string().nullable(),
    role: z.string(),
    agency: z.string().nullable(),
    csrfToken: z.string().nullable(),
  })
  .openapi("Me");

export function registerAuthRoutes(
  app: OpenAPIHono<{ Variables: AuthVars }>,
  deps: { db: Database; lock: Lock; audit: Audit; secureCookies: boolean; limiter?: LoginLimiter },
): void {
  const limiter = deps.limiter ?? new LoginLimiter();
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/login",
      summary: "Sign in: sets the session cookie and returns the CSRF token",
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({ username: z.string().min(1), password: z.string().min(1) }),
            },
          },
        },
      },
      responses: {
        200: { description: "signed in", content: { "application/json": { schema: Me } } },
        401: { description: "wrong username or password" },
        429: { description: "too many failed attempts" },
      },
    }),
    async (c) => {
      const { username, password } = c.req.valid("json");
      const key = { username: username.trim().toLowerCase(), ip: clientAddress(c) };
      const decision = limiter.check(key);
      if (!decision.allowed) {
        c.header("Retry-After", String(decision.retryAfterSeconds));
        return c.json(
          {
            error: {
              code: "busy",
              message: `too many failed sign-ins: try again in ${decision.retryAfterSeconds} s`,
            },
          },
          429,
        );
      }
      const principal = await deps.lock(() => authenticate(deps.db, username, password));
      if (!principal) {
        limiter.fail(key);
        await deps.audit({
          principal: ANONYMOUS,
          action: "login-failed",
          resource: "session",
          detail: { username: key.username },
        });
        throw new AuthError("unauthorized", "wrong username or password");
      }
      limiter.succeed(key);
      const s = await deps.lock(() => createSession(deps.db, principal.username!));
      await deps.audit({ principal, action: "login", resource: "session" });
      c.header("Set-Cookie", cookie(s.token, { secure: deps.secureCookies }));
      return c.json(
        {
          username: principal.username,
          role: principal.role,
          agency: principal.agency,
          csrfToken: s.csrfToken,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/logout",
      summary: "Sign out: ends the session",
      responses: {
        200: {
          description: "signed out",
          content: { "application/json": { schema: z.object({ ok: z.boolean() }) } },
        },
      },
    }),
    async (c) => {
      const token = c.get("sessionToken");
      if (token) await deps.lock(() => deleteSession(deps.db, token));
      await deps.audit({ principal: c.get("principal"), action: "logout", resource: "session" });
      c.header("Set-Cookie", clearCookie({ secure: deps.secureCookies }));
      return c.json({ ok: true }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/me",
      summary: "Who the caller is (public when not signed in)",
      responses: { 200: { description: "the caller", content: { "application/json": { schema: Me } } } },
    }),
    (c) => {
      const p = c.get("principal");
      return c.json(
        { username: p.username, role: p.role, agency: p.agency, csrfToken: c.get("csrfToken") },
        200,
      );
    },
  );
}
