/**
 * Local users: argon2id password hashes in the `users` table (migration 4). Hashes never leave this
 * module; every change that could revoke access (disable, new password, removal) also ends the user's
 * sessions, so a stolen cookie dies with the old password.
 */
import { hash, verify } from "@node-rs/argon2";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";
import { agencyFits, agencyRule, isRole, type Principal, ROLES, type Role } from "./roles.js";

/** Lower-case, starts with a letter or digit, 2 to 32 characters: safe in logs, URLs and audit rows. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;
/**
 * Length is what makes a password strong, so 12 characters is the floor (NIST SP 800-63B allows 8; these
 * accounts open record-level data). The ceiling bounds the hashing work one request can ask for.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * An argon2id hash (library defaults: m=19456, t=2, p=1) of a random string nobody knows. Unknown
 * usernames are verified against it so a failed login costs the same time whether or not the user exists.
 */
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$cTsqe3jMdKfFrDrFExHQvQ$R7kYxIwuB4r+dHKOHVFjku7nI7I4dPd5pGho9sKjY9c";

export interface NewUser {
  readonly username: string;
  readonly password: string;
  /** Checked against ROLES here, so callers (CLI flags, API bodies) may pass what they were given. */
  readonly role: string;
  readonly agency?: string | null;
  readonly displayName?: string | null;
}

/** A user as anyone outside this module sees one: never the hash. */
export interface UserInfo {
  readonly username: string;
  readonly role: Role;
  readonly agency: string | null;
  readonly displayName: string | null;
  readonly disabled: boolean;
  readonly createdAt: string;
}

export function validateUsername(username: string): void {
  if (!USERNAME_PATTERN.test(username))
    throw new AppError(
      "invalid-argument",
      `username '${username}': use 2 to 32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
}

export function validatePassword(password: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    throw new AppError(
      "invalid-argument",
      `password too short (${length} characters): use at least ${MIN_PASSWORD_LENGTH}; a few unrelated words work well`,
    );
  if (length > MAX_PASSWORD_LENGTH)
    throw new AppError("invalid-argument", `password too long: at most ${MAX_PASSWORD_LENGTH} characters`);
}

/** Partners need their agency; a community member may name its organisation; other roles carry none. */
function validateRoleAgency(role: string, agency: string | null): Role {
  if (!isRole(role))
    throw new AppError("invalid-argument", `role '${role}': expected one of ${ROLES.join(", ")}`);
  if (agencyRule(role) === "required" && !agency)
    throw new AppError("invalid-argument", "a partner user needs an agency (--agency NAME)");
  if (agencyRule(role) === "none" && agency)
    throw new AppError(
      "invalid-argument",
      `only partner and community users belong to an agency or organisation; a ${role} sees data across agencies`,
    );
  return role;
}

const clean = (s: string | null | undefined): string | null => {
  const t = s?.trim();
  return t ? t : null;
};

export async function addUser(db: Database, user: NewUser): Promise<UserInfo> {
  validateUsername(user.username);
  validatePassword(user.password);
  const agency = clean(user.agency);
  const role = validateRoleAgency(user.role, agency);
  const passwordHash = await hash(user.password);
  await db.transaction(async () => {
    if (await db.one("SELECT 1 AS x FROM users WHERE username = $1", [user.username]))
      throw new AppError("conflict", `user '${user.username}' already exists`);
    await db.run("INSERT INTO users VALUES ($1, $2, $3, $4, $5, false, now())", [
      user.username,
      passwordHash,
      role,
      agency,
      clean(user.displayName),
    ]);
  });
  const added = await getUser(db, user.username);
  if (!added) throw new AppError("database", `user '${user.username}' was not stored`);
  return added;
}

interface UserRow extends Record<string, unknown> {
  username: string;
  role: string;
  agency: string | null;
  display_name: string | null;
  disabled: boolean;
  created_at: Date;
}

const USER_COLUMNS = "username, role, agency, display_name, disabled, created_at";

function toInfo(r: UserRow): UserInfo {
  return {
    username: r.username,
    // A role this version does not know (hand-edited row) is shown as is but can never sign in.
    role: r.role as Role,
    agency: r.agency,
    displayName: r.display_name,
    disabled: r.disabled,
    createdAt: r.created_at.toISOString(),
  };
}

export async function listUsers(db: Database): Promise<UserInfo[]> {
  const rows = await db.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`);
  return rows.map(toInfo);
}

export async function getUser(db: Database, username: string): Promise<UserInfo | null> {
  const row = await db.one<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE username = $1`, [username]);
  return row ? toInfo(row) : null;
}

async function requireUser(db: Database, username: string): Promise<void> {
  if (!(await db.one("SELECT 1 AS x FROM users WHERE username = $1", [username])))
    throw new AppError("not-found", `no user '${username}' ('peacestat users list' shows them)`);
}

/** Disabling ends the user's sessions at once; enabling does not restore them. */
export async function setDisabled(db: Database, username: string, disabled: boolean): Promise<void> {
  await requireUser(db, username);
  await db.transaction(async () => {
    await db.run("UPDATE users SET disabled = $2 WHERE username = $1", [username, disabled]);
    if (disabled) await db.run("DELETE FROM sessions WHERE username = $1", [username]);
  });
}

/** A new password ends every session of the user (whoever knew the old one is signed out). */
export async function setPassword(db: Database, username: string, password: string): Promise<void> {
  validatePassword(password);
  await requireUser(db, username);
  const passwordHash = await hash(password);
  await db.transaction(async () => {
    await db.run("UPDATE users SET password_hash = $2 WHERE username = $1", [username, passwordHash]);
    await db.run("DELETE FROM sessions WHERE username = $1", [username]);
  });
}

/**
 * Removes the user and their sessions. Audit rows keep the username (they are append-only), so prefer
 * disabling someone who has used the system; removal is for mistakes.
 */
export async function removeUser(db: Database, username: string): Promise<void> {
  await requireUser(db, username);
  await db.transaction(async () => {
    await db.run("DELETE FROM sessions WHERE username = $1", [username]);
    await db.run("DELETE FROM users WHERE username = $1", [username]);
  });
}

/**
 * The principal for a correct username and password, else null (unknown user, wrong password, disabled
 * user or a role this version does not know: the caller cannot tell which, and neither can an attacker
 * timing it, since exactly one argon2 verify runs either way). Usernames are matched case-insensitively.
 */
export async function authenticate(
  db: Database,
  username: string,
  password: string,
): Promise<Principal | null> {
  const name = username.trim().toLowerCase();
  // A stored password has at most MAX_PASSWORD_LENGTH code points (at most 2 UTF-16 units each), so longer
  // input cannot match: it skips the lookup, but still pays for one verify (of a truncated copy) below.
  const longest = MAX_PASSWORD_LENGTH * 2;
  const row =
    USERNAME_PATTERN.test(name) && password.length <= longest
      ? await db.one<{ password_hash: string; role: string; agency: string | null; disabled: boolean }>(
          "SELECT password_hash, role, agency, disabled FROM users WHERE username = $1",
          [name],
        )
      : undefined;
  let ok: boolean;
  try {
    ok = await verify(row?.password_hash ?? DUMMY_HASH, password.slice(0, longest));
  } catch {
    ok = false; // a malformed stored hash: nobody signs in with it
  }
  if (!row || !ok || row.disabled || !isRole(row.role)) return null;
  if (!agencyFits(row.role, row.agency)) return null;
  return { username: name, role: row.role, agency: row.agency ?? null };
}
