/**
 * `peacestat review`: the weekly shoot review (docs/shoot-review.md) as text, JSON (`peacestat.review/1`),
 * the printable HTML packet or PDF; `review config show|set` (impact score configurations, a new version per
 * change) and `review note` (an analyst's group-conflict note on a shooting). An administrator's tool on
 * the database file: it checks no role (the HTTP API does, with purpose and audit).
 */
import fs from "node:fs";
import os from "node:os";
import type { Command } from "commander";
import { renderPdf } from "../compstat/render-pdf.js";
import { AppError } from "../domain/errors.js";
import { renderReviewHtml } from "../review/packet-html.js";
import { buildShootReview, type ShootReview } from "../review/review.js";
import { resolveIncidentUid, setReviewNote } from "../review/review-notes.js";
import {
  getActiveScoreConfig,
  getScoreConfig,
  listScoreConfigs,
  saveScoreConfig,
} from "../review/score-config.js";
import { Database } from "../store/db.js";
import { writeFileAtomic } from "./files.js";

async function withDb<T>(dbPath: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.open(dbPath);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

const wholeNumber = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new AppError("invalid-argument", `${flag} ${v}: expected a whole number`);
  return Number(v);
};

const fmt = (v: number) =>
  Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
const who = () => process.env.USER ?? os.userInfo().username;

/** The readable summary the command prints by default. */
export function formatReview(r: ShootReview): string {
  const out = [
    `Shoot review ${r.city}: ${r.window.start} to ${r.window.end} (${r.window.days} days, ${r.timeZone}), score configuration v${r.config.version}`,
    `${r.shootings.length} shootings (${r.shootings.filter((s) => s.fatal).length} fatal), in score order:`,
  ];
  for (const s of r.shootings) {
    const v = s.victims;
    out.push(
      `  ${String(s.rank).padStart(2)}. score ${fmt(s.score.score).padStart(5)}  ${s.occurredAt}  ${s.fatal ? "fatal" : "non-fatal"}  ${s.address ?? "no address"}, district ${s.district ?? "Unknown"}${s.focusAreas.length ? `, focus ${s.focusAreas.join("/")}` : ""}  [${s.incidentId}, uid ${s.uid}]`,
      `      victims ${v.count}${v.killed ? ` (${v.killed} killed)` : ""}, age ${v.ageBands.join("/") || "unknown"}; detections nearby ${s.detections.length}; prior shootings ${s.priorShootings.length}; near-repeat ${s.nearRepeat.length}; open actions ${s.openActions.length}`,
      `      = ${
        s.score.factors
          .filter((f) => f.contribution !== 0)
          .map((f) => `${f.name} ${fmt(f.value)}x${fmt(f.weight)}=${fmt(f.contribution)}`)
          .join(" + ") || "0"
      }`,
    );
  }
  const a = r.agenda;
  out.push(`Open actions: ${a.openActions.length} (${a.overdue} overdue against ${r.reviewDate})`);
  for (const x of a.openActions.slice(0, 15)) {
    out.push(
      `  #${x.id} ${x.overdue ? "OVERDUE " : ""}${x.status} ${x.agency}: ${x.title}${x.dueDate ? ` (due ${x.dueDate})` : ""}`,
    );
  }
  if (a.openActions.length > 15)
    out.push(`  ... ${a.openActions.length - 15} more (--json or --html for all)`);
  const m = a.lastMeeting;
  out.push(
    m
      ? `Last meeting: ${m.title} (${m.heldOn}), ${m.nextSteps.length} next steps:`
      : "Last meeting: none before this date",
  );
  for (const x of m?.nextSteps ?? [])
    out.push(`  #${x.id} ${x.status}${x.overdue ? " OVERDUE" : ""} ${x.agency}: ${x.title}`);
  out.push(r.people.note);
  if (r.stored)
    out.push(
      `Scores stored in review_scores (review date ${r.reviewDate}, configuration v${r.config.version}).`,
    );
  return out.join("\n");
}

interface ReviewFlags {
  db?: string;
  date?: string;
  days?: string;
  configVersion?: string;
  json?: boolean;
  html?: string;
  pdf?: string;
  store: boolean;
}

export function registerReviewCommand(program: Command, dbDefault: () => string): void {
  const review = program
    .command("review")
    .description("the weekly shoot review: shootings of the window, impact scores, actions, the packet")
    .option("--db <path>", "database file")
    .option(
      "--date <YYYY-MM-DD>",
      "review date, the window's last day (default: last day with data, at most yesterday)",
    )
    .option("--days <n>", "days in the window, ending on the review date", "7")
    .option("--config-version <n>", "score with this configuration version (default: the latest)")
    .option("--json", "print the review as JSON (schema peacestat.review/1, docs/shoot-review.md)")
    .option("--html <file>", "write the printable HTML packet")
    .option("--pdf <file>", "write the packet as PDF (needs Chromium)")
    .option("--no-store", "do not store the scores in review_scores")
    .action(async (o: ReviewFlags) => {
      const r = await withDb(o.db ?? dbDefault(), (db) =>
        buildShootReview(db, {
          date: o.date,
          days: wholeNumber("--days", o.days),
          configVersion: wholeNumber("--config-version", o.configVersion),
          store: o.store,
        }),
      );
      if (o.html) writeFileAtomic(o.html, renderReviewHtml(r));
      if (o.pdf) await renderPdf(renderReviewHtml(r), o.pdf);
      if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else if (o.html || o.pdf) {
        const files = [o.html, o.pdf].filter(Boolean).join(", ");
        process.stdout.write(
          `Shoot review ${r.window.start} to ${r.window.end}: ${r.shootings.length} shootings; packet written to ${files}\n`,
        );
      } else process.stdout.write(`${formatReview(r)}\n`);
    });

  const config = review
    .command("config")
    .description("impact score configurations (versioned; a change is a new version)");
  config
    .command("show")
    .description("the configuration in force (or one version, or all)")
    .option("--db <path>", "database file")
    .option("--config-version <n>", "one version")
    .option("--all", "every version")
    .action(async (o: { all?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals<{ db?: string; configVersion?: string }>();
      const out = await withDb(g.db ?? dbDefault(), async (db) => {
        const v = wholeNumber("--config-version", g.configVersion);
        if (o.all) {
          await getActiveScoreConfig(db);
          return listScoreConfigs(db);
        }
        return v === undefined ? getActiveScoreConfig(db) : getScoreConfig(db, v);
      });
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    });
  config
    .command("set")
    .description("store FILE.json as a new version, laid over the one in force (docs/shoot-review.md)")
    .argument("<file>", "JSON: { weights?: {...}, params?: {...}, note?: string }")
    .option("--db <path>", "database file")
    .option("--by <name>", "who makes the change (default: the system user)")
    .action(async (file: string, o: { by?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<{ db?: string }>();
      let input: unknown;
      try {
        input = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch (err) {
        throw new AppError(
          "bad-file",
          `${file}: not a readable JSON file (${err instanceof Error ? err.message : String(err)})`,
        );
      }
      const saved = await withDb(g.db ?? dbDefault(), (db) =>
        saveScoreConfig(db, input, { createdBy: o.by ?? who() }),
      );
      process.stdout.write(
        `Score configuration version ${saved.version} stored:\n${JSON.stringify(saved, null, 2)}\n`,
      );
    });

  review
    .command("note")
    .description("record an analyst's note on a shooting: a known group conflict (a score factor)")
    .requiredOption("--incident <id>", "incident uid or source incident id")
    .option("--group-conflict", "a known group conflict is behind the shooting")
    .option("--no-group-conflict", "no group conflict (clears the flag)")
    .option("--note <text>", "a short note")
    .option("--db <path>", "database file")
    .option("--by <name>", "who records it (default: the system user)")
    .action(
      async (o: { incident: string; groupConflict?: boolean; note?: string; by?: string }, cmd: Command) => {
        const g = cmd.optsWithGlobals<{ db?: string }>();
        if (o.groupConflict === undefined) {
          throw new AppError("invalid-argument", "say --group-conflict or --no-group-conflict");
        }
        const flag = o.groupConflict;
        const saved = await withDb(g.db ?? dbDefault(), async (db) =>
          setReviewNote(db, {
            uid: await resolveIncidentUid(db, o.incident),
            groupConflict: flag,
            note: o.note ?? null,
            updatedBy: o.by ?? who(),
          }),
        );
        process.stdout.write(
          `Review note on incident uid ${saved.uid}: group conflict ${saved.groupConflict ? "yes" : "no"}${saved.note ? `; ${saved.note}` : ""} (${saved.updatedBy})\n`,
        );
      },
    );
}
