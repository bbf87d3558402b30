/**
 * The weekly shoot review (issue 7; the seed's Milwaukee shoot review: "violent crime from the past seven
 * days ... locations, suspects and victims", with impact scores that drive mitigation with federal partners,
 * researchers and community organisations). `buildShootReview` assembles the window's shootings with their
 * context, scores each one under the configuration in force, stores the scores (`review_scores`, keyed by
 * shooting, review date and configuration version) and builds the agenda. The JSON is `peacestat.review/1`
 * (docs/shoot-review.md).
 *
 * Record-level safeguard: this module takes no principal. The review holds exact places of individual
 * incidents; the HTTP layer checks `records:read`, a purpose and writes the audit entry, and the CLI is an
 * administrator's tool on the database file.
 */

import { defaultAsOf } from "../compstat/engine.js";
import { dateOf, dayNumber } from "../compstat/periods.js";
import { AppError } from "../domain/errors.js";
import { formatLocal, instantToLocalMs } from "../domain/time.js";
import { getCity } from "../store/city.js";
import type { Database } from "../store/db.js";
import { type LastMeeting, loadAgenda, type ReviewAgenda } from "./packet.js";
import { type LinkedAction, linkActions, type ReviewAction } from "./review-actions.js";
import { loadReviewNotes, type ReviewNote } from "./review-notes.js";
import { type ImpactScore, impactScore } from "./score.js";
import { getActiveScoreConfig, getScoreConfig, type ScoreConfig } from "./score-config.js";
import { loadWindowShootings, shootingDefinition, type WindowShooting } from "./window.js";

export const REVIEW_SCHEMA = "peacestat.review/1";

export type { ImpactScore, LastMeeting, LinkedAction, ReviewAction, ReviewAgenda, ReviewNote, ScoreConfig };

export interface ShootReviewOptions {
  /** The review date `YYYY-MM-DD` (last day of the window); default: the last day with incident data, at most yesterday. */
  readonly date?: string | undefined;
  /** Days in the window, ending on the review date (default 7, at most 31). */
  readonly days?: number | undefined;
  /** Score with this configuration version (default: the latest; version 1 is created on first use). */
  readonly configVersion?: number | undefined;
  /** Store the scores in review_scores (default true). */
  readonly store?: boolean | undefined;
  /** The clock: "today" for the default date, computed_at, generatedAt. */
  readonly now?: Date | undefined;
}

export interface ReviewShooting extends WindowShooting {
  /** 1 = highest score. */
  readonly rank: number;
  readonly score: ImpactScore;
  /** The analyst's note (group conflict), null when none was recorded. */
  readonly reviewNote: ReviewNote | null;
  /** Open actions already linked to the shooting, its prior shootings, its areas or its place. */
  readonly openActions: readonly LinkedAction[];
}

export interface ShootReview {
  readonly schema: typeof REVIEW_SCHEMA;
  readonly city: string;
  readonly timeZone: string;
  readonly reviewDate: string;
  /** Local days, inclusive. */
  readonly window: { readonly start: string; readonly end: string; readonly days: number };
  /** ISO 8601 instant. */
  readonly generatedAt: string;
  readonly config: ScoreConfig;
  /** Highest score first; ties by time, then uid. */
  readonly shootings: readonly ReviewShooting[];
  readonly agenda: ReviewAgenda;
  /** Suspects and linked people: not loaded (there is no people table). */
  readonly people: { readonly loaded: false; readonly note: string };
  readonly definitions: Readonly<Record<string, string>>;
  /** Whether the scores were written to review_scores. */
  readonly stored: boolean;
}

export const PEOPLE_NOTE =
  "Suspects and linked people are not loaded: PeaceStat has no people table yet, so the review lists none. Links from actions to people are counted, never shown.";

/** Assembles, scores, stores and orders the review for one date. */
export async function buildShootReview(db: Database, options: ShootReviewOptions = {}): Promise<ShootReview> {
  const city = await getCity(db);
  const now = options.now ?? new Date();
  const today = formatLocal(instantToLocalMs(now.getTime(), city.timeZone)).slice(0, 10);
  const reviewDate = options.date ?? (await defaultAsOf(db, today));
  const day = dayNumber(reviewDate);
  const days = options.days ?? 7;
  if (!Number.isInteger(days) || days < 1 || days > 31) {
    throw new AppError("invalid-argument", `days: expected a whole number of days from 1 to 31, got ${days}`);
  }
  const config =
    options.configVersion === undefined
      ? await getActiveScoreConfig(db, { now })
      : await getScoreConfig(db, options.configVersion);
  const p = config.params;
  const window = { start: dateOf(day - days + 1), end: reviewDate, days };
  const def = await shootingDefinition(db);
  const found = await loadWindowShootings(db, { start: window.start, endExclusive: dateOf(day + 1) }, p, def);
  const notes = await loadReviewNotes(
    db,
    found.map((s) => s.uid),
  );
  const linked = await linkActions(db, reviewDate, found, {
    analysisCrs: city.analysisCrs,
    placeDistanceM: p.priorDistanceM,
  });
  const scored = found.map((s) => {
    const reviewNote = notes.get(s.uid) ?? null;
    const score = impactScore(
      {
        fatal: s.fatal,
        victims: s.victims.count,
        juvenile: s.victims.juvenile,
        nearRepeat: s.nearRepeat.length,
        sameBlockPrior: s.sameBlockPrior,
        groupConflict: reviewNote?.groupConflict ?? false,
        priorShootings: s.priorShootings.length,
      },
      config,
    );
    return { ...s, score, reviewNote, openActions: linked.get(s.uid) ?? [] };
  });
  // found is in time order, so a stable sort by score keeps time order (then uid) among ties.
  const shootings = scored
    .sort((a, b) => b.score.score - a.score.score)
    .map((s, i): ReviewShooting => ({ ...s, rank: i + 1 }));
  const store = options.store ?? true;
  if (store) await storeScores(db, reviewDate, config.version, shootings, now);
  return {
    schema: REVIEW_SCHEMA,
    city: city.name,
    timeZone: city.timeZone,
    reviewDate,
    window,
    generatedAt: now.toISOString(),
    config,
    shootings,
    agenda: await loadAgenda(db, reviewDate, { start: window.start, timeZone: city.timeZone }),
    people: { loaded: false, note: PEOPLE_NOTE },
    definitions: {
      shooting: def.text,
      window: `The ${days} local days ${window.start} to ${window.end}, inclusive (${city.timeZone}).`,
      detections: `Gunshot detections within ${p.detectionDistanceM} m and ${p.detectionMinutes} minutes either side of the shooting.`,
      priorShootings: `Shootings within ${p.priorDistanceM} m in the ${p.priorMonths} months before the shooting.`,
      nearRepeat: `Shootings within ${p.nearRepeatDistanceM} m and ${p.nearRepeatDays} days before or after, up to the review date (near-repeat window; Ratcliffe & Rengert 2008).`,
      openActions: `Actions not done or cancelled, linked to the shooting or its prior shootings, to an area it falls in, or to a place within ${p.priorDistanceM} m. Overdue: due before ${reviewDate}.`,
      score: `Impact score, configuration version ${config.version}: the sum of each factor's value x weight; counted factors are capped. Advisory: it orders the agenda; no protected attribute is a factor.`,
      distances: "Straight-line distance on the city's projected coordinates (metres).",
    },
    stored: store,
  };
}

/** The factors as stored: enough to re-explain the score without the configuration. */
function storedFactors(s: ReviewShooting): string {
  return JSON.stringify(
    s.score.factors.map((f) => ({
      name: f.name,
      rawValue: f.rawValue,
      value: f.value,
      cap: f.cap,
      weight: f.weight,
      contribution: f.contribution,
    })),
  );
}

/**
 * Writes the scores of (review date, version) in one transaction. Unchanged rows are left alone (their
 * computed_at too), so re-running with the same configuration gives the same rows; rows of shootings no
 * longer in the window (a corrected record) are removed.
 */
async function storeScores(
  db: Database,
  reviewDate: string,
  version: number,
  shootings: readonly ReviewShooting[],
  now: Date,
): Promise<void> {
  await db.transaction(async () => {
    const existing = await db.all<{ uid: number; score: number; factors: string }>(
      `SELECT uid::DOUBLE AS uid, score, factors::VARCHAR AS factors FROM review_scores
       WHERE review_date = $1::DATE AND config_version = $2`,
      [reviewDate, version],
    );
    const byUid = new Map(existing.map((r) => [r.uid, r]));
    const keep = new Set(shootings.map((s) => s.uid));
    for (const r of existing) {
      if (!keep.has(r.uid)) {
        await db.run(
          "DELETE FROM review_scores WHERE uid = $1 AND review_date = $2::DATE AND config_version = $3",
          [r.uid, reviewDate, version],
        );
      }
    }
    for (const s of shootings) {
      const factors = storedFactors(s);
      const old = byUid.get(s.uid);
      if (old && old.score === s.score.score && JSON.stringify(JSON.parse(old.factors)) === factors) continue;
      await db.run(
        `INSERT OR REPLACE INTO review_scores VALUES ($1, $2::DATE, $3, $4, $5::JSON, $6::TIMESTAMPTZ)`,
        [s.uid, reviewDate, version, s.score.score, factors, now.toISOString()],
      );
    }
  });
}
