/**
 * Who may do what. One table (PERMISSIONS) is the single source of truth: the server's route table names
 * a permission per endpoint, and the role x endpoint test matrix checks every cell against this table, so
 * a grant is never written twice in two places that can drift apart.
 *
 * The matrix (Y = granted; "own" = only rows or actions belonging to the principal or its agency):
 *
 * | permission                | admin | analyst | commander | partner | community | public |
 * |---------------------------|-------|---------|-----------|---------|-----------|--------|
 * | aggregates:read           |   Y   |    Y    |     Y     |    Y    |     Y     |   Y    |
 * | compstat:read             |   Y   |    Y    |     Y     |    Y    |     Y     |        |
 * | records:read              |   Y   |    Y    |     Y     |         |           |        |
 * | partner-activity:read-own |       |         |           |   own   |           |        |
 * | exports:create            |   Y   |    Y    |     Y     |         |           |        |
 * | analysis:run              |   Y   |    Y    |     Y     |         |           |        |
 * | goals:write               |   Y   |    Y    |           |         |           |        |
 * | actions:write-own         |       |         |           |   own   |    own    |        |
 * | data:import               |   Y   |    Y    |           |         |           |        |
 * | users:manage              |   Y   |         |           |         |           |        |
 * | audit:read                |   Y   |         |           |         |           |        |
 * | review:configure          |   Y   |    Y    |           |         |           |        |
 * | review:annotate           |   Y   |    Y    |           |         |           |        |
 * | actions:manage            |   Y   |    Y    |     Y     |         |           |        |
 * | meetings:read             |   Y   |    Y    |     Y     |    Y    |     Y     |        |
 * | meetings:write            |   Y   |    Y    |     Y     |         |           |        |
 * | documents:read            |   Y   |    Y    |     Y     |    Y    |     Y     |        |
 * | documents:write           |   Y   |    Y    |     Y     |         |           |        |
 * | partner-activity:write    |   Y   |    Y    |           |   own   |           |        |
 * | operations:read           |   Y   |    Y    |     Y     |    Y    |           |        |
 * | operations:write          |   Y   |    Y    |     Y     |   own   |           |        |
 * | engagement:write          |   Y   |    Y    |     Y     |    Y    |    own    |        |
 * | agencies:manage           |   Y   |         |           |         |           |        |
 *
 * The shoot review itself is record-level (places, victims, linked people): it needs records:read, a
 * purpose and an audit entry per view. Actions: the review roles create, assign and update any action
 * (actions:manage); partners and community members see and update only their own agency's actions
 * (actions:write-own), and never an action's links to people. Meetings of kind shoot-review also need
 * records:read. Operations are law-enforcement only; a partner registers its own agency's.
 *
 * Why this shape: record-level data (people, incidents with exact places) is need-to-know (docs/domain.md,
 * "People: safeguards"), so it goes to the roles that run the review and nobody else; a partner agency
 * sees its own activity rows only, and community members see aggregates and their own actions. The
 * public sees aggregates only, and the aggregate endpoints themselves offset or suppress sensitive crimes.
 * The "-own" permissions say only that the role may use the endpoint: the handler must still scope the
 * rows (see `canAccessAgency`).
 */

/** The roles a local user can hold. */
export const ROLES = ["admin", "analyst", "commander", "partner", "community"] as const;
export type Role = (typeof ROLES)[number];

/** The anonymous principal: anyone without a session. Not a role a user can be given. */
export const PUBLIC_ROLE = "public";
export type PrincipalRole = Role | typeof PUBLIC_ROLE;

/** Who is asking. `agency`: a partner's agency, or a community member's organisation (see `agencyRule`). */
export interface Principal {
  readonly username: string | null;
  readonly role: PrincipalRole;
  readonly agency: string | null;
}

/** The principal of a request without a (valid) session. */
export const ANONYMOUS: Principal = Object.freeze({ username: null, role: PUBLIC_ROLE, agency: null });

export const PERMISSION_NAMES = [
  "aggregates:read",
  "compstat:read",
  "records:read",
  "partner-activity:read-own",
  "exports:create",
  "analysis:run",
  "goals:write",
  "actions:write-own",
  "data:import",
  "users:manage",
  "audit:read",
  "review:configure",
  "review:annotate",
  "actions:manage",
  "meetings:read",
  "meetings:write",
  "documents:read",
  "documents:write",
  "partner-activity:write",
  "operations:read",
  "operations:write",
  "engagement:write",
  "agencies:manage",
] as const;
export type Permission = (typeof PERMISSION_NAMES)[number];

const SIGNED_IN: readonly Role[] = ROLES;
const REVIEW: readonly Role[] = ["admin", "analyst", "commander"];

/** The grant table documented above. Anything not listed is denied. */
export const PERMISSIONS: Readonly<Record<Permission, readonly PrincipalRole[]>> = Object.freeze({
  "aggregates:read": [...SIGNED_IN, PUBLIC_ROLE],
  "compstat:read": SIGNED_IN,
  "records:read": REVIEW,
  "partner-activity:read-own": ["partner"],
  "exports:create": REVIEW,
  "analysis:run": REVIEW,
  "goals:write": ["admin", "analyst"],
  "actions:write-own": ["partner", "community"],
  "data:import": ["admin", "analyst"],
  "users:manage": ["admin"],
  "audit:read": ["admin"],
  "review:configure": ["admin", "analyst"],
  "review:annotate": ["admin", "analyst"],
  "actions:manage": REVIEW,
  "meetings:read": SIGNED_IN,
  "meetings:write": REVIEW,
  "documents:read": SIGNED_IN,
  "documents:write": REVIEW,
  "partner-activity:write": ["admin", "analyst", "partner"],
  "operations:read": [...REVIEW, "partner"],
  "operations:write": [...REVIEW, "partner"],
  "engagement:write": [...SIGNED_IN],
  "agencies:manage": ["admin"],
});

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * Whether the principal holds the permission. Fails closed: an unknown role, a partner without an agency
 * or a signed-in role without a username (a malformed principal, i.e. a bug) gets nothing beyond public.
 */
export function can(principal: Principal, permission: Permission): boolean {
  const granted = PERMISSIONS[permission];
  if (!granted) return false;
  if (principal.role !== PUBLIC_ROLE && !wellFormed(principal)) return granted.includes(PUBLIC_ROLE);
  return granted.includes(principal.role);
}

function wellFormed(p: Principal): boolean {
  if (!isRole(p.role) || !p.username) return false;
  return agencyFits(p.role, p.agency);
}

/**
 * Whether a role carries an agency: a partner acts for its agency (required); a community member may
 * belong to its organisation (optional: it then sees and updates that organisation's actions, nothing
 * more); every other role sees across agencies, so an agency on it would mislead (none).
 */
export function agencyRule(role: Role): "required" | "optional" | "none" {
  if (role === "partner") return "required";
  if (role === "community") return "optional";
  return "none";
}

/** Whether a role and an agency (null for none) go together under `agencyRule`. */
export function agencyFits(role: string, agency: string | null): boolean {
  if (!isRole(role)) return false;
  const rule = agencyRule(role);
  return rule === "required" ? !!agency : rule === "none" ? !agency : true;
}

/**
 * Whether the principal may see record-level rows owned by `agency`: the review roles see every agency's
 * rows, a partner only its own agency's partner-activity rows, everybody else none.
 */
export function canAccessAgency(principal: Principal, agency: string | null): boolean {
  if (can(principal, "records:read")) return true;
  return can(principal, "partner-activity:read-own") && agency !== null && principal.agency === agency;
}

/**
 * An authentication or authorisation failure, kept apart from AppError (whose codes describe bad input,
 * not access) so the server can answer 401/403 with `{ error: { code, message } }`.
 */
export class AuthError extends Error {
  override readonly name = "AuthError";
  readonly status: 401 | 403;
  readonly code: "unauthorized" | "forbidden";

  constructor(code: "unauthorized" | "forbidden", message: string) {
    super(message);
    this.code = code;
    this.status = code === "unauthorized" ? 401 : 403;
  }
}

export function isAuthError(e: unknown): e is AuthError {
  return e instanceof AuthError;
}

/**
 * Throws unless the principal holds the permission: 401 "unauthorized" for the anonymous principal
 * (signing in may help), 403 "forbidden" for a signed-in one (it will not).
 */
export function requirePermission(principal: Principal, permission: Permission): void {
  if (can(principal, permission)) return;
  if (principal.role === PUBLIC_ROLE || !principal.username)
    throw new AuthError("unauthorized", `sign in to do this (${permission})`);
  throw new AuthError("forbidden", `role ${principal.role} may not do this (${permission})`);
}
