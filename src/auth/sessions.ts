/**
 * Browser sessions: a random token in an HttpOnly, SameSite=Strict cookie, and a separate CSRF token the
 * page sends back in a header on every state change. The database keeps only SHA-256 of the session
 * token, so a copy of the database file does not hand out live sessions.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";
import { agencyFits, isRole, type Principal } from "./roles.js";

export const SESSION_COOKIE = "peacestat_session";
export const DEFAULT_TTL_HOURS = 12;

/** 32 random bytes as base64url: 43 characters, 256 bits, nothing to guess. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface NewSession {
  /** Goes in the cookie only; never stored. */
  readonly token: string;
  /** Given to the page (not in a cookie); echoed in a header on every POST/PUT/PATCH/DELETE. */
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

export interface SessionOptions {
  readonly ttlHours?: number;
  /** The clock, for tests. */
  readonly now?: Date;
}

export interface LiveSession {
  readonly principal: Principal;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

const newToken = (): string => randomBytes(32).toString("base64url");
const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");

/** Starts a session for an enabled user (call after `authenticate`). Expired sessions are swept here. */
export async function createSession(
  db: Database,
  username: string,
  options: SessionOptions = {},
): Promise<NewSession> {
  const ttlHours = options.ttlHours ?? DEFAULT_TTL_HOURS;
  if (!(ttlHours > 0))
    throw new AppError("invalid-argument", `session lifetime must be positive, got ${ttlHours} hours`);
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
  const token = newToken();
  const csrfToken = newToken();
  await db.transaction(async () => {
    const user = await db.one<{ disabled: boolean }>("SELECT disabled FROM users WHERE username = $1", [
      username,
    ]);
    if (!user || user.disabled)
      throw new AppError("not-found", `no enabled user '${username}' to start a session for`);
    await db.run("DELETE FROM sessions WHERE expires_at <= $1::TIMESTAMPTZ", [now.toISOString()]);
    await db.run("INSERT INTO sessions VALUES ($1, $2, $3, $4::TIMESTAMPTZ, $5::TIMESTAMPTZ)", [
      sha256(token),
      username,
      csrfToken,
      now.toISOString(),
      expiresAt.toISOString(),
    ]);
  });
  return { token, csrfToken, expiresAt };
}

/**
 * The session behind a cookie token, or null when there is none, it has expired (its row is deleted) or
 * its user is disabled, removed or malformed. Reads only, except to delete a dead row.
 */
export async function sessionFromToken(
  db: Database,
  token: string | null | undefined,
  options: Pick<SessionOptions, "now"> = {},
): Promise<LiveSession | null> {
  if (!token || !TOKEN_PATTERN.test(token)) return null;
  const now = options.now ?? new Date();
  const tokenHash = sha256(token);
  const row = await db.one<{
    username: string;
    csrf_token: string;
    expires_at: Date;
    live: boolean;
    role: string | null;
    agency: string | null;
    disabled: boolean | null;
  }>(
    `SELECT s.username, s.csrf_token, s.expires_at, s.expires_at > $2::TIMESTAMPTZ AS live,
            u.role, u.agency, u.disabled
       FROM sessions s LEFT JOIN users u ON u.username = s.username
      WHERE s.token_hash = $1`,
    [tokenHash, now.toISOString()],
  );
  if (!row) return null;
  const role = row.role;
  const wellFormed = isRole(role) && agencyFits(role, row.agency);
  if (!row.live || row.disabled !== false || !wellFormed) {
    await db.run("DELETE FROM sessions WHERE token_hash = $1", [tokenHash]);
    return null;
  }
  return {
    principal: { username: row.username, role, agency: row.agency ?? null },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

/** Signs out: the token stops working at once. Unknown tokens are ignored. */
export async function deleteSession(db: Database, token: string): Promise<void> {
  if (!TOKEN_PATTERN.test(token)) return;
  await db.run("DELETE FROM sessions WHERE token_hash = $1", [sha256(token)]);
}

/** Deletes expired rows; returns how many. For a periodic sweep by the server. */
export async function purgeExpiredSessions(db: Database, now: Date = new Date()): Promise<number> {
  const r = await db.one<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM sessions WHERE expires_at <= $1::TIMESTAMPTZ",
    [now.toISOString()],
  );
  await db.run("DELETE FROM sessions WHERE expires_at <= $1::TIMESTAMPTZ", [now.toISOString()]);
  return r?.n ?? 0;
}

export interface CookieOptions {
  /** Add `Secure` (the browser sends it over HTTPS only). True whenever the server is behind TLS. */
  readonly secure: boolean;
  readonly maxAgeSeconds?: number;
}

/**
 * The Set-Cookie value. HttpOnly: page scripts cannot read it (XSS cannot steal it). SameSite=Strict: other
 * sites cannot make the browser send it (first line against CSRF; the CSRF token is the second).
 */
export function cookie(token: string, options: CookieOptions): string {
  const maxAge = Math.max(0, Math.floor(options.maxAgeSeconds ?? DEFAULT_TTL_HOURS * 3600));
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAge}${options.secure ? "; Secure" : ""}`;
}

/** The Set-Cookie value that makes the browser drop the session cookie (sign out). */
export function clearCookie(options: Pick<CookieOptions, "secure">): string {
  return cookie("", { secure: options.secure, maxAgeSeconds: 0 });
}

/** The session token from a Cookie request header, if any. */
export function tokenFromCookieHeader(header: string | null | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === SESSION_COOKIE) return part.slice(i + 1).trim() || null;
  }
  return null;
}

/**
 * Whether the CSRF token sent matches the session's. Both sides are hashed first, so the comparison is
 * constant-time and of equal length whatever was sent (timingSafeEqual throws on unequal lengths).
 */
export function checkCsrf(expected: string, given: string | null | undefined): boolean {
  if (!expected || !given) return false;
  const a = createHash("sha256").update(expected).digest();
  const b = createHash("sha256").update(given).digest();
  return timingSafeEqual(a, b);
}
