/**
 * The API client: same-origin JSON requests with the session cookie, the CSRF token (from the login and
 * /api/me answers) on every state change, and `{ error: { code, message } }` answers turned into thrown
 * `ApiError`s that carry the server's message.
 */
import type { CompStatReport } from "../../src/compstat/report.js";

export interface Me {
  readonly username: string | null;
  readonly role: string;
  readonly agency: string | null;
  readonly csrfToken: string | null;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Seconds to wait, from `Retry-After` (429). */
  readonly retryAfter: number | null;

  constructor(status: number, code: string, message: string, retryAfter: number | null = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

let csrfToken: string | null = null;

/** Remembers the session's CSRF token (login and /api/me hand it out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function errorFrom(res: Response, body: unknown): ApiError {
  const retry = res.headers.get("retry-after");
  const retryAfter = retry !== null && /^\d+$/.test(retry) ? Number(retry) : null;
  const err = isRecord(body) && isRecord(body.error) ? body.error : null;
  const code = typeof err?.code === "string" ? err.code : `http-${res.status}`;
  const message =
    typeof err?.message === "string" ? err.message : `the server answered ${res.status} ${res.statusText}`;
  return new ApiError(res.status, code, message, retryAfter);
}

/** One JSON request to the API (other modules' clients build on this). */
export async function request<T>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "network", "cannot reach the PeaceStat server: check the connection and try again");
  }
  const text = await res.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      if (res.ok) throw new ApiError(res.status, "bad-answer", "the server's answer is not JSON");
    }
  }
  if (!res.ok) throw errorFrom(res, parsed);
  return parsed as T;
}

export async function getMe(): Promise<Me> {
  const me = await request<Me>("GET", "/api/me");
  setCsrfToken(me.csrfToken);
  return me;
}

export async function login(username: string, password: string): Promise<Me> {
  const me = await request<Me>("POST", "/api/login", { username, password });
  setCsrfToken(me.csrfToken);
  return me;
}

export async function logout(): Promise<void> {
  await request<{ ok: boolean }>("POST", "/api/logout");
  setCsrfToken(null);
}

/** Query parameters of GET /api/compstat; empty values are left out (the server's defaults apply). */
export type CompStatQuery = Readonly<Record<string, string | undefined>>;

export function toSearch(query: CompStatQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : "";
}

export function getCompStat(query: CompStatQuery, signal?: AbortSignal): Promise<CompStatReport> {
  return request<CompStatReport>("GET", `/api/compstat${toSearch(query)}`, undefined, signal);
}

export function getPublicCompStat(query: CompStatQuery, signal?: AbortSignal): Promise<CompStatReport> {
  return request<CompStatReport>("GET", `/api/public/compstat${toSearch(query)}`, undefined, signal);
}
