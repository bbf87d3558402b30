/**
 * `peacestat agencies`, `operations` and `engagements`: the partnership's directory, the operations
 * registry with its overlap warnings, and the community engagement log with its area summary, from the
 * command line through the same modules as the API. An administrator's tool on the database file: it
 * checks no role and shows every overlap in full (a partner over HTTP sees less of another agency's
 * operation, src/partners/operation-views.ts).
 */
import type { Command } from "commander";
import { parse } from "../documents/documents.js";
import { AppError } from "../domain/errors.js";
import { AgencyInputSchema, createAgency, listAgencies } from "../partners/agencies.js";
import { type AreaRef, parseAreaRef } from "../partners/areas.js";
import {
  createEngagement,
  dateRange,
  type Engagement,
  EngagementInputSchema,
  type EngagementSummary,
  engagementSummary,
  listEngagements,
} from "../partners/engagements.js";
import { operationsFor, overlapWarning, type RegistryViewer } from "../partners/operation-views.js";
import { createOperation, type Operation, OperationInputSchema } from "../partners/operations.js";
import { AGENCY_KINDS } from "../partners/vocabulary.js";
import {
  cliCall,
  cliUser,
  fromFile,
  parseFile,
  printJson,
  readJsonFile,
  withDb,
  write,
} from "./meeting-commands.js";

/** The CLI sees the registry as a review role does: every operation and every overlap in full. */
const ADMIN: RegistryViewer = { agency: null };

const areaText = (a: AreaRef | null) => (a ? `${a.layer}:${a.name}` : "no area");

// Flag parsers throw AppError (not commander's InvalidArgumentError) for peacestat's one line and exit 2.
function dayArg(flag: string) {
  return (v: string): string => {
    try {
      return dateRange(v, v).from;
    } catch {
      throw new AppError("invalid-argument", `${flag} ${v}: expected a day YYYY-MM-DD`);
    }
  };
}

function areaArg(v: string): AreaRef {
  try {
    return parseAreaRef(v);
  } catch {
    throw new AppError("invalid-argument", `--area ${v}: expected LAYER:NAME, e.g. district:3`);
  }
}

function placeText(o: Operation): string {
  const parts: string[] = [];
  if (o.area) parts.push(areaText(o.area));
  if (o.point) parts.push(`${o.point.radiusM} m around ${o.point.lon},${o.point.lat}`);
  return parts.join(" and ");
}

function operationLine(o: Operation): string {
  return [
    o.id,
    o.status,
    o.agency,
    `${o.startsAt.slice(0, 16)} to ${o.endsAt.slice(0, 16)}`,
    placeText(o),
    `${o.deconflictionSystem} ${o.deconflictionRef}`,
    o.name,
  ].join("\t");
}

function engagementLine(e: Engagement): string {
  return [
    e.id,
    e.heldOn,
    e.kind,
    areaText(e.area),
    e.attendance === null ? "attendance not given" : `${e.attendance} attended`,
    e.organisation ?? "",
    e.title,
  ].join("\t");
}

export function formatEngagementSummary(s: EngagementSummary): string {
  const e = s.engagements;
  const out = [
    `Engagement summary for ${areaText(s.area)}, ${s.from} to ${s.to}`,
    `Engagements: ${e.count}, attendance ${e.attendance}${e.withoutAttendance ? ` (${e.withoutAttendance} without a figure)` : ""}`,
    ...e.byKind.map((k) => `  ${k.kind}: ${k.count}, attendance ${k.attendance}`),
    `Partner activity: enforcement ${s.totals.enforcement}, accountability ${s.totals.accountability}, engagement ${s.totals.engagement}`,
    ...s.activity.map((a) => `  ${a.group}\t${a.type}\t${a.count} (${a.rows} row(s))`),
    ...s.notes,
  ];
  return out.join("\n");
}

export function registerPartnerCommands(program: Command, dbDefault: () => string): void {
  const agencies = program
    .command("agencies")
    .description("partner agencies (the codes actions, users and partner activity carry) and their contacts");

  agencies
    .command("list")
    .description("every agency with its contacts")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(async (o: { db?: string; json?: boolean }) => {
      const list = await withDb(o.db ?? dbDefault(), (db) => listAgencies(db));
      if (o.json) return printJson({ agencies: list });
      write(`${list.length} agencies`);
      for (const a of list)
        write(
          [
            a.id,
            a.kind,
            a.name,
            a.contacts.map((c) => (c.title ? `${c.name} (${c.title})` : c.name)).join("; "),
          ]
            .filter((x) => x !== "")
            .join("\t"),
        );
    });

  agencies
    .command("add")
    .description("add an agency")
    .option("--db <path>", "database file")
    .requiredOption("--id <code>", "short code: letters, digits, - or _ (stored upper-case, e.g. ATF)")
    .requiredOption("--name <name>", "the agency's name")
    .requiredOption("--kind <kind>", AGENCY_KINDS.join(", "))
    .option("--json", "print JSON")
    .action(async (o: { db?: string; id: string; name: string; kind: string; json?: boolean }) => {
      let input: ReturnType<typeof AgencyInputSchema.parse>;
      try {
        input = parse(AgencyInputSchema, { id: o.id, name: o.name, kind: o.kind });
      } catch (e) {
        // The schema's fields are the flags' names.
        if (e instanceof AppError) throw new AppError(e.code, `--${e.message}`, { cause: e });
        throw e;
      }
      const a = await withDb(o.db ?? dbDefault(), (db) => cliCall(() => createAgency(db, input)));
      if (o.json) return printJson(a);
      write(`Added agency ${a.id} (${a.kind}): ${a.name}`);
    });

  const operations = program
    .command("operations")
    .description("the operations registry: deconfliction references and overlap warnings");

  operations
    .command("list")
    .description("every registered operation with its live overlaps, in full")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(async (o: { db?: string; json?: boolean }) => {
      const list = await withDb(o.db ?? dbDefault(), (db) => operationsFor(db, ADMIN));
      if (o.json) return printJson({ operations: list });
      write(`${list.length} operation(s)`);
      for (const op of list) {
        write(operationLine(op));
        for (const w of op.overlaps) write(`  WARNING: ${w.message}`);
      }
    });

  operations
    .command("add")
    .description(
      "register an operation from FILE.json (the body of POST /api/operations); prints its overlaps",
    )
    .argument(
      "<file>",
      "JSON: { name, agency, startsAt, endsAt, area? | lon, lat, radiusM, deconflictionSystem, deconflictionRef, status? }",
    )
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(async (file: string, o: { db?: string; json?: boolean }) => {
      const input = parseFile(file, OperationInputSchema, readJsonFile(file));
      const r = await withDb(o.db ?? dbDefault(), (db) =>
        fromFile(file, () => createOperation(db, input, { username: cliUser() })),
      );
      const overlaps = r.overlaps.map((x) => overlapWarning(x, ADMIN));
      if (o.json) return printJson({ operation: r.operation, overlaps });
      write(`Registered operation ${operationLine(r.operation)}`);
      if (overlaps.length === 0) write("No overlap with a planned or active operation.");
      for (const w of overlaps) write(`WARNING: ${w.message}`);
    });

  const engagements = program
    .command("engagements")
    .description("the community engagement log, and engagement beside enforcement by area");

  engagements
    .command("list")
    .description("engagements, newest first")
    .option("--db <path>", "database file")
    .option("--area <LAYER:NAME>", "only this area's (a bare name is a district)", areaArg)
    .option("--from <date>", "from this day (YYYY-MM-DD, inclusive)", dayArg("--from"))
    .option("--to <date>", "to this day (inclusive)", dayArg("--to"))
    .option("--json", "print JSON")
    .action(async (o: { db?: string; area?: AreaRef; from?: string; to?: string; json?: boolean }) => {
      if (o.from && o.to) dateRange(o.from, o.to);
      const list = await withDb(o.db ?? dbDefault(), (db) =>
        listEngagements(db, { area: o.area, from: o.from, to: o.to }),
      );
      if (o.json) return printJson({ engagements: list });
      write(`${list.length} engagement(s)`);
      for (const e of list) write(engagementLine(e));
    });

  engagements
    .command("add")
    .description("log an engagement from FILE.json (the body of POST /api/engagements)")
    .argument("<file>", "JSON: { heldOn, kind, title, organisation?, area?, attendance?, notes? }")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(async (file: string, o: { db?: string; json?: boolean }) => {
      const input = parseFile(file, EngagementInputSchema, readJsonFile(file));
      const e = await withDb(o.db ?? dbDefault(), (db) =>
        fromFile(file, () => createEngagement(db, input, { username: cliUser() })),
      );
      if (o.json) return printJson(e);
      write(`Logged engagement ${e.id}: ${engagementLine(e)}`);
    });

  engagements
    .command("summary")
    .description("one area and date range: engagements beside enforcement, complaints and use of force")
    .option("--db <path>", "database file")
    .requiredOption("--area <LAYER:NAME>", "the area (a bare name is a district)", areaArg)
    .requiredOption("--from <date>", "first day (YYYY-MM-DD)", dayArg("--from"))
    .requiredOption("--to <date>", "last day (inclusive)", dayArg("--to"))
    .option("--json", "print JSON")
    .action(async (o: { db?: string; area: AreaRef; from: string; to: string; json?: boolean }) => {
      const s = await withDb(o.db ?? dbDefault(), (db) =>
        engagementSummary(db, o.area, { from: o.from, to: o.to }),
      );
      if (o.json) return printJson(s);
      write(formatEngagementSummary(s));
    });
}
