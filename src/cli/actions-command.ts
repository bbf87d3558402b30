/**
 * `peacestat actions list | add | update`: the partnership's actions from the command line, through the
 * same store as the API. The CLI runs with the database owner's rights (it can open the file), so it acts
 * as a review role: every agency, any field; person links are never printed (use the API with a purpose).
 */
import { type Command, InvalidArgumentError } from "commander";
import {
  ACTION_STATUSES,
  type Action,
  type ActionScope,
  type ActionStatus,
  LINK_KINDS,
} from "../actions/model.js";
import { actionsToday, getAction, listActions } from "../actions/queries.js";
import { createAction, updateAction } from "../actions/store.js";
import { AppError } from "../domain/errors.js";
import { Database } from "../store/db.js";

/** The CLI's scope: every agency, person links counted but not shown. */
const CLI_SCOPE: ActionScope = { kind: "all", people: true };

async function withDb<T>(dbPath: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.open(dbPath);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

const write = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

function cliUser(): string {
  return `cli:${process.env.USER ?? process.env.USERNAME ?? "unknown"}`;
}

function statusArg(v: string): ActionStatus {
  if (!(ACTION_STATUSES as readonly string[]).includes(v))
    throw new InvalidArgumentError(`expected one of ${ACTION_STATUSES.join(", ")}`);
  return v as ActionStatus;
}

function linkArg(v: string, prev: { kind: string; ref: string }[] = []) {
  const i = v.indexOf("=");
  const kind = i > 0 ? v.slice(0, i) : "";
  if (!(LINK_KINDS as readonly string[]).includes(kind))
    throw new InvalidArgumentError(`expected KIND=REF with KIND one of ${LINK_KINDS.join(", ")}`);
  return [...prev, { kind, ref: v.slice(i + 1) }];
}

/** One line per action: id, status (with OVERDUE), due, agency, type, title. */
export function formatActionLine(a: Action): string {
  const status = a.overdue ? `${a.status} OVERDUE` : a.status;
  return [a.id, status, a.due ?? "no due date", a.agency, a.type, a.title].join("\t");
}

export function registerActionsCommand(program: Command, dbDefault: () => string): void {
  const actions = program
    .command("actions")
    .description("actions from shootings, places and meetings: who does what by when, and did it get done");

  actions
    .command("list")
    .description("actions, open ones first by due date")
    .option("--db <path>", "database file")
    .option("--agency <code>", "only this agency's")
    .option("--status <list>", `comma-separated: ${ACTION_STATUSES.join(", ")}`)
    .option("--overdue", "only overdue ones (not closed, due before today in the city's time zone)")
    .option("--json", "print JSON")
    .action(
      async (o: { db?: string; agency?: string; status?: string; overdue?: boolean; json?: boolean }) => {
        const status = o.status?.split(",").map((s) => statusArg(s.trim()));
        const r = await withDb(o.db ?? dbDefault(), async (db) => ({
          today: await actionsToday(db),
          actions: await listActions(
            db,
            { agency: o.agency, status, overdue: o.overdue ? true : undefined },
            CLI_SCOPE,
          ),
        }));
        if (o.json) return write(JSON.stringify(r, null, 2));
        write(`${r.actions.length} action(s); today is ${r.today} in the city`);
        for (const a of r.actions) write(formatActionLine(a));
      },
    );

  actions
    .command("add")
    .description("create an action (open)")
    .option("--db <path>", "database file")
    .requiredOption("--title <text>", "what is to be done")
    .requiredOption("--type <type>", "e.g. violence-interruption-referral, nibin-lead, place-remediation")
    .requiredOption("--agency <code>", "the agency that owns it (e.g. ATF)")
    .option("--owner <name>", "the person in the agency")
    .option("--due <date>", "due date YYYY-MM-DD")
    .option("--origin <origin>", "shooting, place, meeting or other", "other")
    .option("--link <KIND=REF>", "a link, repeatable: incident=UID, area=district:3, place=LON,LAT", linkArg)
    .option("--note <text>", "a first note")
    .option("--json", "print JSON")
    .action(
      async (o: {
        db?: string;
        title: string;
        type: string;
        agency: string;
        owner?: string;
        due?: string;
        origin: string;
        link?: { kind: string; ref: string }[];
        note?: string;
        json?: boolean;
      }) => {
        const a = await withDb(o.db ?? dbDefault(), async (db) => {
          const id = await createAction(
            db,
            // The store validates the whole input with zod: an unknown type or origin is an AppError.
            {
              title: o.title,
              type: o.type as never,
              agency: o.agency,
              owner: o.owner,
              due: o.due,
              origin: o.origin as never,
              links: (o.link ?? []) as never,
              note: o.note,
            },
            { by: cliUser() },
          );
          return getAction(db, id, CLI_SCOPE);
        });
        if (o.json) return write(JSON.stringify(a, null, 2));
        write(`Created action ${a.id} for ${a.agency}: ${a.title}`);
      },
    );

  actions
    .command("update")
    .description("change an action's status (with a note), or add a note")
    .argument("<id>", "the action's id")
    .option("--db <path>", "database file")
    .option("--status <status>", ACTION_STATUSES.join(", "), statusArg)
    .option("--note <text>", "a note (why, what happened)")
    .option("--json", "print JSON")
    .action(async (id: string, o: { db?: string; status?: ActionStatus; note?: string; json?: boolean }) => {
      if (!/^\d+$/.test(id))
        throw new AppError("invalid-argument", `id: expected a whole number, got '${id}'`);
      const r = await withDb(o.db ?? dbDefault(), (db) =>
        updateAction(db, Number(id), { status: o.status, note: o.note }, CLI_SCOPE, { by: cliUser() }),
      );
      if (o.json) return write(JSON.stringify(r.action, null, 2));
      write(`Action ${r.action.id} is ${r.action.status}${r.changed.length ? "" : " (nothing changed)"}`);
    });
}
