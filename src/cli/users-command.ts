/**
 * `peacestat users add|list|disable|enable|passwd|remove`: local accounts for the web app and API.
 *
 * Passwords never come from a flag (flags show in `ps` and shell history): `--password-stdin` reads the
 * first line of standard input, otherwise the PEACESTAT_PASSWORD environment variable is used.
 */
import type { Command } from "commander";
import { ROLES } from "../auth/roles.js";
import { addUser, listUsers, removeUser, setDisabled, setPassword, type UserInfo } from "../auth/users.js";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";

type WithDb = <T>(dbPath: string, fn: (db: Database) => Promise<T>) => Promise<T>;

/** Where the commands read and write; replaceable for in-process tests. */
export interface UsersCommandIo {
  readonly readStdin: () => Promise<string>;
  readonly env: NodeJS.ProcessEnv;
  readonly write: (text: string) => void;
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

const DEFAULT_IO: UsersCommandIo = {
  readStdin: readAllStdin,
  env: process.env,
  write: (text) => process.stdout.write(text),
};

/** The password from stdin (first line, its line ending dropped) or $PEACESTAT_PASSWORD. */
async function readPassword(io: UsersCommandIo, fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin) {
    const text = await io.readStdin();
    const password = /^([^\r\n]*)/.exec(text)?.[1] ?? "";
    if (!password)
      throw new AppError("invalid-argument", "--password-stdin: standard input held no password");
    return password;
  }
  const password = io.env.PEACESTAT_PASSWORD;
  if (!password)
    throw new AppError(
      "invalid-argument",
      "no password given: pipe it in with --password-stdin, or set PEACESTAT_PASSWORD (never on the command line)",
    );
  return password;
}

function formatUsers(users: readonly UserInfo[]): string {
  if (users.length === 0)
    return "No users yet: add one with 'peacestat users add --username NAME --role admin'";
  const rows = users.map((u) => [
    u.username,
    u.role,
    u.agency ?? "-",
    u.disabled ? "disabled" : "active",
    u.displayName ?? "",
  ]);
  const head = ["USERNAME", "ROLE", "AGENCY", "STATUS", "NAME"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(head), ...rows.map(line)].join("\n");
}

export function registerUsersCommand(
  program: Command,
  withDb: WithDb,
  dbDefault: () => string,
  io: UsersCommandIo = DEFAULT_IO,
): void {
  const users = program
    .command("users")
    .description("local user accounts: roles, agencies, passwords (argon2id), disabling");

  users
    .command("add")
    .description("add a user; the password comes from --password-stdin or $PEACESTAT_PASSWORD")
    .requiredOption("--username <name>", "2-32 lower-case letters, digits, '.', '_', '-'")
    .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`)
    .option("--agency <name>", "the partner's agency (partners only, and required for them)")
    .option("--name <text>", "display name")
    .option("--password-stdin", "read the password (at least 12 characters) from standard input")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(
      async (o: {
        username: string;
        role: string;
        agency?: string;
        name?: string;
        passwordStdin?: boolean;
        db?: string;
        json?: boolean;
      }) => {
        const password = await readPassword(io, o.passwordStdin);
        const user = await withDb(o.db ?? dbDefault(), (db) =>
          addUser(db, {
            username: o.username,
            password,
            role: o.role,
            agency: o.agency,
            displayName: o.name,
          }),
        );
        io.write(
          o.json
            ? `${JSON.stringify(user, null, 2)}\n`
            : `added user ${user.username} (${user.role}${user.agency ? `, agency ${user.agency}` : ""})\n`,
        );
      },
    );

  users
    .command("list")
    .description("list users (never their password hashes)")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(async (o: { db?: string; json?: boolean }) => {
      const list = await withDb(o.db ?? dbDefault(), (db) => listUsers(db));
      io.write(o.json ? `${JSON.stringify(list, null, 2)}\n` : `${formatUsers(list)}\n`);
    });

  for (const [name, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    users
      .command(name)
      .description(
        disabled ? "stop a user signing in and end their sessions now" : "let a disabled user sign in again",
      )
      .argument("<username>")
      .option("--db <path>", "database file")
      .action(async (username: string, o: { db?: string }) => {
        await withDb(o.db ?? dbDefault(), (db) => setDisabled(db, username, disabled));
        io.write(`${disabled ? "disabled" : "enabled"} user ${username}\n`);
      });
  }

  users
    .command("passwd")
    .description("set a new password (ends the user's sessions)")
    .argument("<username>")
    .option("--password-stdin", "read the new password from standard input")
    .option("--db <path>", "database file")
    .action(async (username: string, o: { passwordStdin?: boolean; db?: string }) => {
      const password = await readPassword(io, o.passwordStdin);
      await withDb(o.db ?? dbDefault(), (db) => setPassword(db, username, password));
      io.write(`new password set for ${username}; their sessions were ended\n`);
    });

  users
    .command("remove")
    .description("delete a user and their sessions (prefer 'disable' for anyone who has used the system)")
    .argument("<username>")
    .option("--db <path>", "database file")
    .action(async (username: string, o: { db?: string }) => {
      await withDb(o.db ?? dbDefault(), (db) => removeUser(db, username));
      io.write(`removed user ${username}\n`);
    });
}
