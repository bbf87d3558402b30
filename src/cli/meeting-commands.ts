/**
 * `peacestat meetings list | show | add` and `peacestat documents list | add | version | redline`: the
 * partnership's meetings (with next steps that become actions) and its versioned policy drafts, from the
 * command line, through the same modules as the API. Like `peacestat review`, the CLI is an administrator's
 * tool on the database file: it checks no role, and it shows shoot-review meetings too.
 *
 * The helpers for JSON input files (`readJsonFile`, `fromFile`) are shared with partner-commands.ts, so a
 * bad file gives the same one line everywhere: `FILE: field: what is wrong`, exit code 4.
 */
import fs from "node:fs";
import type { Command } from "commander";
import type { z } from "zod";
import {
  addVersion,
  createDocument,
  DOCUMENT_KINDS,
  DocumentInputSchema,
  type DocumentKind,
  documentRedline,
  getDocument,
  listDocuments,
  parse,
  type Redline,
  VersionInputSchema,
} from "../documents/documents.js";
import { AppError } from "../domain/errors.js";
import {
  createMeeting,
  getMeeting,
  listMeetings,
  MEETING_KINDS,
  type Meeting,
  type MeetingInput,
  type MeetingKind,
} from "../meetings/meetings.js";
import { Database } from "../store/db.js";

export async function withDb<T>(dbPath: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.open(dbPath);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

export const write = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

export const printJson = (v: unknown): void => write(JSON.stringify(v, null, 2));

/** Who the history rows name: `cli:$USER`, as `peacestat actions` writes them. */
export function cliUser(): string {
  return `cli:${process.env.USER ?? process.env.USERNAME ?? "unknown"}`;
}

/** The modules' not-found messages point at the API; on the command line, point at the command. */
export function cliHint(e: unknown): unknown {
  if (!(e instanceof AppError)) return e;
  const m = e.message.replace(
    /GET \/api\/(meetings|documents|agencies|operations|engagements) lists them/,
    "'peacestat $1 list' lists them",
  );
  return m === e.message ? e : new AppError(e.code, m, { cause: e });
}

/** A positive whole-number argument (an id, a version). */
export function idArg(flag: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new AppError("invalid-argument", `${flag}: expected a whole number from 1, got '${v}'`);
  return Number(v);
}

/** A text file's content; a missing or unreadable file is a bad-file error naming it. */
export function readTextFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AppError(
      "bad-file",
      `${file}: ${code === "ENOENT" ? "no such file" : `cannot read it (${code ?? String(e)})`}`,
    );
  }
}

/** A JSON file's value; unreadable or malformed JSON is a bad-file error naming the file. */
export function readJsonFile(file: string): unknown {
  const text = readTextFile(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("bad-file", `${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * Runs a module call on a file's content: its refusals of the content (`field: message`, invalid-argument)
 * become bad-file errors that name the file; any other error keeps its code and gains the file's name.
 */
export async function fromFile<T>(file: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const err = cliHint(e);
    if (!(err instanceof AppError)) throw err;
    throw new AppError(err.code === "invalid-argument" ? "bad-file" : err.code, `${file}: ${err.message}`, {
      cause: err,
    });
  }
}

/** Runs a module call, pointing not-found messages at the CLI's own list commands. */
export async function cliCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw cliHint(e);
  }
}

/** Validates a file's parsed content against a module's zod schema (for modules that take parsed input). */
export function parseFile<S extends z.ZodType>(file: string, schema: S, input: unknown): z.output<S> {
  try {
    return parse(schema, input);
  } catch (e) {
    if (e instanceof AppError) throw new AppError("bad-file", `${file}: ${e.message}`, { cause: e });
    throw e;
  }
}

/**
 * Validates a document's text from FILE with its flags: a refused text (empty, too long) names the file
 * (bad-file), a refused flag names the flag.
 */
function textInput<S extends z.ZodType>(file: string, schema: S, input: unknown): z.output<S> {
  try {
    return parse(schema, input);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    if (e.message.startsWith("body:")) throw new AppError("bad-file", `${file}: ${e.message}`, { cause: e });
    throw new AppError(e.code, `--${e.message}`, { cause: e });
  }
}

/** A flag parser for a fixed list; throws AppError (one line, exit 2) rather than commander's error. */
function oneOf<T extends string>(flag: string, list: readonly T[]) {
  return (v: string): T => {
    if (!(list as readonly string[]).includes(v))
      throw new AppError("invalid-argument", `${flag} ${v}: expected one of ${list.join(", ")}`);
    return v as T;
  };
}

/** A meeting as text: the recap an administrator reads. */
export function formatMeeting(m: Meeting): string {
  const out = [
    `Meeting ${m.id} (${m.kind}) held ${m.heldOn}: ${m.title}`,
    `Next meeting: ${m.nextMeeting ?? "not set"}; recorded by ${m.createdBy}`,
    `Attendees (${m.attendees.length}): ${m.attendees.map((a) => (a.agency ? `${a.name} (${a.agency})` : a.name)).join(", ") || "none listed"}`,
  ];
  if (m.agenda.length) out.push("Agenda:", ...m.agenda.map((a, i) => `  ${i + 1}. ${a}`));
  if (m.decisions.length) out.push("Decisions:", ...m.decisions.map((d) => `  - ${d}`));
  out.push(`Next steps (${m.nextSteps.length}):`);
  for (const s of m.nextSteps)
    out.push(
      `  action ${s.actionId} ${s.status ?? ""} ${s.agency}${s.owner ? `/${s.owner}` : ""}${s.due ? ` due ${s.due}` : ""}: ${s.title}`,
    );
  if (m.minutes.trim())
    out.push(
      "Minutes:",
      ...m.minutes
        .trim()
        .split("\n")
        .map((l) => `  ${l}`),
    );
  return out.join("\n");
}

/** A redline as text: deleted words as [-...-], inserted as [+...+], the rest as it stands. */
export function formatRedline(r: Redline): string {
  const body = r.segments
    .map((s) => (s.op === "insert" ? `[+${s.text}+]` : s.op === "delete" ? `[-${s.text}-]` : s.text))
    .join("");
  return [
    `Document ${r.documentId} "${r.title}": version ${r.from.version} to ${r.to.version}, ${r.edits} token(s) inserted or deleted`,
    "",
    body,
  ].join("\n");
}

export function registerMeetingCommands(program: Command, dbDefault: () => string): void {
  const meetings = program
    .command("meetings")
    .description("the partnership's meetings: attendees, agenda, minutes, decisions, next steps (actions)");

  meetings
    .command("list")
    .description("meetings, newest first (shoot-review meetings included: an administrator's tool)")
    .option("--db <path>", "database file")
    .option("--kind <kind>", MEETING_KINDS.join(", "), oneOf("--kind", MEETING_KINDS))
    .option("--json", "print JSON")
    .action(async (o: { db?: string; kind?: MeetingKind; json?: boolean }) => {
      const list = await withDb(o.db ?? dbDefault(), (db) =>
        listMeetings(db, { kind: o.kind, includeShootReview: true }),
      );
      if (o.json) return printJson({ meetings: list });
      write(`${list.length} meeting(s)`);
      for (const m of list)
        write(
          [
            m.id,
            m.heldOn,
            m.kind,
            `${m.attendeeCount} attendee(s)`,
            `${m.nextStepCount} next step(s)`,
            m.title,
          ].join("\t"),
        );
    });

  meetings
    .command("show")
    .description("one meeting in full, with its next steps as the actions they became")
    .argument("<id>", "the meeting's id")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(async (id: string, o: { db?: string; json?: boolean }) => {
      const n = idArg("id", id);
      const m = await withDb(o.db ?? dbDefault(), (db) => cliCall(() => getMeeting(db, n)));
      if (o.json) return printJson(m);
      write(formatMeeting(m));
    });

  meetings
    .command("add")
    .description(
      "record a meeting from FILE.json (the body of POST /api/meetings); next steps become actions",
    )
    .argument(
      "<file>",
      "JSON: { kind, heldOn, title, attendees?, agenda?, minutes?, decisions?, nextMeeting?, nextSteps? }",
    )
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(async (file: string, o: { db?: string; json?: boolean }) => {
      const input = readJsonFile(file) as MeetingInput;
      // createMeeting validates with MeetingInputSchema and resolves the steps' agencies.
      const m = await withDb(o.db ?? dbDefault(), (db) =>
        fromFile(file, () => createMeeting(db, input, cliUser())),
      );
      if (o.json) return printJson(m);
      write(
        `Recorded meeting ${m.id} (${m.kind}, ${m.heldOn}): ${m.title}; ${m.nextSteps.length} next step(s) became action(s)${m.nextSteps.length ? ` ${m.nextSteps.map((s) => s.actionId).join(", ")}` : ""}`,
      );
    });

  const documents = program
    .command("documents")
    .description("policy and procedure drafts with every version kept, and redlines between versions");

  documents
    .command("list")
    .description("documents, most recently revised first")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(async (o: { db?: string; json?: boolean }) => {
      const list = await withDb(o.db ?? dbDefault(), (db) => listDocuments(db));
      if (o.json) return printJson({ documents: list });
      write(`${list.length} document(s)`);
      for (const d of list)
        write([d.id, d.kind, `v${d.latestVersion}`, d.updatedAt.slice(0, 10), d.title].join("\t"));
    });

  documents
    .command("add")
    .description("a new document with FILE.txt as its version 1")
    .argument("<file>", "the text (UTF-8)")
    .option("--db <path>", "database file")
    .requiredOption("--title <text>", "the document's title")
    .option("--kind <kind>", DOCUMENT_KINDS.join(", "), oneOf("--kind", DOCUMENT_KINDS), "policy")
    .option("--note <text>", "a note on this version")
    .option("--json", "print JSON")
    .action(
      async (
        file: string,
        o: { db?: string; title: string; kind: DocumentKind; note?: string; json?: boolean },
      ) => {
        const input = textInput(file, DocumentInputSchema, {
          title: o.title,
          kind: o.kind,
          body: readTextFile(file),
          note: o.note,
        });
        const d = await withDb(o.db ?? dbDefault(), (db) => createDocument(db, input, cliUser()));
        if (o.json) return printJson(d);
        write(`Created document ${d.id} (${d.kind}): ${d.title}, version 1 from ${file}`);
      },
    );

  documents
    .command("version")
    .description("add FILE.txt as the next version of document ID (versions are never edited)")
    .argument("<id>", "the document's id")
    .argument("<file>", "the new text (UTF-8)")
    .option("--db <path>", "database file")
    .option("--note <text>", "what changed and why")
    .option("--json", "print JSON")
    .action(async (id: string, file: string, o: { db?: string; note?: string; json?: boolean }) => {
      const n = idArg("id", id);
      const input = textInput(file, VersionInputSchema, { body: readTextFile(file), note: o.note });
      const v = await withDb(o.db ?? dbDefault(), (db) =>
        cliCall(async () => {
          await getDocument(db, n);
          // Left to refuse: a text identical to the latest version's ("body: identical to version N").
          return fromFile(file, () => addVersion(db, n, input, cliUser()));
        }),
      );
      if (o.json) {
        const { body: _b, ...summary } = v;
        return printJson(summary);
      }
      write(`Document ${v.documentId}: version ${v.version} added (${v.chars} characters)`);
    });

  documents
    .command("redline")
    .description("the word-level redline between two versions (default: the latest against the one before)")
    .argument("<id>", "the document's id")
    .option("--db <path>", "database file")
    .option("--from <n>", "the older version (default: the one before --to)")
    .option("--to <n>", "the newer version (default: the latest)")
    .option("--json", "print JSON (segments of op equal/insert/delete and text)")
    .action(async (id: string, o: { db?: string; from?: string; to?: string; json?: boolean }) => {
      const n = idArg("id", id);
      const r = await withDb(o.db ?? dbDefault(), (db) =>
        cliCall(async () => {
          return documentRedline(
            db,
            n,
            o.from === undefined ? undefined : idArg("--from", o.from),
            o.to === undefined ? undefined : idArg("--to", o.to),
            { from: "--from", to: "--to" },
          );
        }),
      );
      if (o.json) return printJson(r);
      write(formatRedline(r));
    });
}
