/**
 * The review window: every fatal and non-fatal shooting of the days under review, each with what the
 * partnership knows around it: where (block address as stored, district, focus areas), who was hurt
 * (count, fatal, age band when the source gives one), gunshot detections nearby, prior shootings nearby,
 * and the shootings of the near-repeat window (Ratcliffe & Rengert 2008: shootings cluster within about a
 * block and two weeks of each other, so each one raises the near-term risk around it).
 *
 * What a shooting is follows the CompStat metric definitions (src/compstat/metrics.ts), so the review lists
 * exactly the events the CompStat tables count, under the city's own definitions when it has them:
 * - non-fatal: the `nonfatal-shootings` metric (someone struck by gunfire, nobody killed, no 09A/09);
 * - fatal: the `homicides` metric (09A/09) AND a firearm: someone struck by gunfire or a firearm weapon
 *   code (11-15), i.e. homicide by firearm.
 *
 * Nothing after the review date is used: a review regenerated later for the same date shows the same
 * shootings and context (as long as the records themselves were not corrected). Distances are Euclidean
 * on x/y in the city's analysis CRS (metres); times are local wall-clock times; every edge is inclusive.
 */
import { loadCityMetrics } from "../compstat/config.js";
import { type CompiledMetric, compileMetric, DEFAULT_METRICS, resolveMetrics } from "../compstat/metrics.js";
import { FIREARM_WEAPON_CODES } from "../domain/nibrs.js";
import type { Database } from "../store/db.js";
import type { ScoreParams } from "./score-config.js";
import { type AgeBand, ageBands } from "./victims.js";

export interface ShootingDefinition {
  /** SQL over an `incidents` row: true for a shooting (fatal or not). */
  readonly shootingSql: string;
  /** SQL over an `incidents` row: true for a fatal shooting (homicide by firearm). */
  readonly fatalSql: string;
  /** The definition in words, for the packet and the JSON. */
  readonly text: string;
}

function incidentMetric(resolved: readonly CompiledMetric[], id: string): CompiledMetric {
  const m = resolved.find((c) => c.id === id);
  if (m && m.source === "incidents") return m;
  // A city may redefine a metric; one that no longer counts incidents cannot select shootings.
  const builtIn = DEFAULT_METRICS.find((d) => d.id === id);
  if (!builtIn) throw new Error(`built-in metric ${id} missing`);
  return compileMetric(builtIn);
}

/** The shooting definition under the city's metrics (its own `homicides` / `nonfatal-shootings` win). */
export async function shootingDefinition(db: Database): Promise<ShootingDefinition> {
  const resolved = resolveMetrics(["homicides", "nonfatal-shootings"], await loadCityMetrics(db));
  const homicides = incidentMetric(resolved, "homicides");
  const nonFatal = incidentMetric(resolved, "nonfatal-shootings");
  const firearm = `list_has_any(weapons, [${FIREARM_WEAPON_CODES.map((c) => `'${c}'`).join(", ")}]::VARCHAR[])`;
  const fatalSql = `((${homicides.sql}) > 0 AND (coalesce(victims_shot, 0) >= 1 OR ${firearm}))`;
  return {
    fatalSql,
    shootingSql: `((${nonFatal.sql}) > 0 OR ${fatalSql})`,
    text: `Fatal shootings: ${homicides.definition} With someone struck by gunfire or a firearm weapon code (11-15): homicides by firearm. Non-fatal shootings: ${nonFatal.definition}`,
  };
}

export interface NearbyShooting {
  readonly uid: number;
  readonly incidentId: string;
  /** Local time, `YYYY-MM-DD HH:MM`. */
  readonly occurredAt: string;
  readonly fatal: boolean;
  readonly address: string | null;
  readonly distanceM: number;
  /** Signed: negative before the shooting under review, positive after. */
  readonly daysApart: number;
}

export interface NearbyDetection {
  readonly uid: number;
  readonly detectionId: string;
  readonly detectedAt: string;
  readonly rounds: number | null;
  readonly detectionType: string | null;
  readonly distanceM: number;
  /** Signed minutes from the shooting's time. */
  readonly minutesApart: number;
}

/** One shooting of the window with its context (the score is added by review.ts). */
export interface WindowShooting {
  readonly uid: number;
  readonly source: string;
  readonly incidentId: string;
  /** Local time, `YYYY-MM-DD HH:MM` (`YYYY-MM-DD` when only the day is known). */
  readonly occurredAt: string;
  readonly occurredPrecision: string;
  readonly fatal: boolean;
  readonly offenses: readonly string[];
  readonly weapons: readonly string[];
  /** The block address as stored (sources publish block-level addresses). */
  readonly address: string | null;
  /** WGS84 and analysis-CRS coordinates; null when the record has no usable location. */
  readonly location: { lon: number; lat: number; x: number; y: number } | null;
  readonly district: string | null;
  readonly focusAreas: readonly string[];
  /** Every area layer the shooting falls in. */
  readonly areas: readonly { layer: string; name: string }[];
  readonly victims: {
    /** People struck by gunfire, killed included (at least 1). */
    readonly count: number;
    readonly killed: number;
    /** Age bands as the source gives them (attributes victim_age_band or victim_age); empty when unknown. */
    readonly ageBands: readonly AgeBand[];
    readonly juvenile: boolean;
  };
  readonly detections: readonly NearbyDetection[];
  readonly priorShootings: readonly NearbyShooting[];
  readonly nearRepeat: readonly NearbyShooting[];
  /** Earlier shootings within the near-repeat distance, in the prior window but before the near-repeat window. */
  readonly sameBlockPrior: number;
}

export interface WindowRange {
  /** First local day, `YYYY-MM-DD`. */
  readonly start: string;
  /** The day after the last one (exclusive), `YYYY-MM-DD`. */
  readonly endExclusive: string;
}

type ShootingRow = {
  uid: number;
  source: string;
  incident_id: string;
  t: string;
  occurred_precision: string;
  fatal: boolean;
  offenses: string[];
  weapons: string[];
  address: string | null;
  lon: number | null;
  lat: number | null;
  x: number | null;
  y: number | null;
  shot: number | null;
  killed: number | null;
  attributes: string | null;
};

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Distance tolerance (metres): coordinates pass through a projection on import, which can leave a point
 * 1e-10 m off where the source put it; a shooting exactly at a configured distance is "within" it.
 */
export const DISTANCE_EPSILON_M = 1e-6;

/** The window's shootings with their context, in time order. */
export async function loadWindowShootings(
  db: Database,
  range: WindowRange,
  params: ScoreParams,
  def: ShootingDefinition,
): Promise<WindowShooting[]> {
  const S = `s AS (SELECT * , ${def.fatalSql} AS fatal FROM incidents WHERE valid_to IS NULL AND ${def.shootingSql})`;
  const W = `w AS (SELECT * FROM s WHERE occurred_at >= $1::TIMESTAMP AND occurred_at < $2::TIMESTAMP)`;
  const bounds = [range.start, range.endExclusive];
  const rows = await db.all<ShootingRow>(
    `WITH ${S}, ${W}
     SELECT uid::DOUBLE AS uid, source, incident_id, strftime(occurred_at, '%Y-%m-%d %H:%M') AS t,
       occurred_precision, fatal, offenses, weapons, address, lon, lat, x, y,
       victims_shot AS shot, victims_killed AS killed, attributes::VARCHAR AS attributes
     FROM w ORDER BY occurred_at, uid`,
    bounds,
  );
  if (rows.length === 0) return [];
  const uids = rows.map((r) => String(r.uid));

  const maxD = Math.max(params.priorDistanceM, params.nearRepeatDistanceM) + DISTANCE_EPSILON_M;
  const pairs = await db.all<{
    for_uid: number;
    uid: number;
    incident_id: string;
    t: string;
    fatal: boolean;
    address: string | null;
    d: number;
    minutes: number;
    in_prior: boolean;
  }>(
    `WITH ${S}, ${W}, p AS (
       SELECT w.uid AS for_uid, o.uid, o.incident_id, strftime(o.occurred_at, '%Y-%m-%d %H:%M') AS t, o.fatal,
         o.address, sqrt((o.x - w.x) * (o.x - w.x) + (o.y - w.y) * (o.y - w.y)) AS d,
         (epoch(o.occurred_at) - epoch(w.occurred_at)) / 60.0 AS minutes,
         o.occurred_at < w.occurred_at AND o.occurred_at >= w.occurred_at - to_months($3::INTEGER) AS in_prior
       FROM w JOIN s o ON o.uid <> w.uid AND o.x IS NOT NULL AND w.x IS NOT NULL
         AND o.occurred_at < $2::TIMESTAMP
         AND o.occurred_at >= w.occurred_at - to_months($3::INTEGER)
         AND o.occurred_at <= w.occurred_at + to_days($4::INTEGER)
         AND abs(o.x - w.x) <= $5 AND abs(o.y - w.y) <= $5)
     SELECT for_uid::DOUBLE AS for_uid, uid::DOUBLE AS uid, incident_id, t, fatal, address, d, minutes, in_prior
     FROM p WHERE d <= $5 ORDER BY for_uid, minutes, uid`,
    [...bounds, params.priorMonths, params.nearRepeatDays, maxD],
  );

  const detections = await db.all<{
    for_uid: number;
    uid: number;
    detection_id: string;
    t: string;
    rounds: number | null;
    detection_type: string | null;
    d: number;
    minutes: number;
  }>(
    `WITH ${S}, ${W}, p AS (
       SELECT w.uid AS for_uid, g.uid, g.detection_id, strftime(g.detected_at, '%Y-%m-%d %H:%M:%S') AS t, g.rounds,
         g.detection_type, sqrt((g.x - w.x) * (g.x - w.x) + (g.y - w.y) * (g.y - w.y)) AS d,
         (epoch(g.detected_at) - epoch(w.occurred_at)) / 60.0 AS minutes
       FROM w JOIN gunshot_detections g ON g.x IS NOT NULL AND w.x IS NOT NULL
         AND g.detected_at < $2::TIMESTAMP
         AND g.detected_at BETWEEN w.occurred_at - to_minutes($3::INTEGER) AND w.occurred_at + to_minutes($3::INTEGER)
         AND abs(g.x - w.x) <= $4 AND abs(g.y - w.y) <= $4)
     SELECT for_uid::DOUBLE AS for_uid, uid::DOUBLE AS uid, detection_id, t, rounds, detection_type, d, minutes
     FROM p WHERE d <= $4 ORDER BY for_uid, minutes, uid`,
    [...bounds, params.detectionMinutes, params.detectionDistanceM + DISTANCE_EPSILON_M],
  );

  const areas = await db.all<{ uid: number; layer: string; area: string }>(
    `SELECT uid::DOUBLE AS uid, layer, area FROM event_areas
     WHERE kind = 'incident' AND list_contains($1::VARCHAR[]::BIGINT[], uid) ORDER BY layer, area`,
    [uids],
  );

  const nearDays = params.nearRepeatDays * 1440;
  return rows.map((r): WindowShooting => {
    const mine = pairs.filter((p) => p.for_uid === r.uid);
    const nearby = (p: (typeof mine)[number]): NearbyShooting => ({
      uid: p.uid,
      incidentId: p.incident_id,
      occurredAt: p.t,
      fatal: p.fatal,
      address: p.address,
      distanceM: round1(p.d),
      daysApart: Math.round((p.minutes / 1440) * 100) / 100,
    });
    const within = (d: number, limit: number) => d <= limit + DISTANCE_EPSILON_M;
    const nearRepeat = mine.filter(
      (p) => within(p.d, params.nearRepeatDistanceM) && Math.abs(p.minutes) <= nearDays,
    );
    const myAreas = areas.filter((a) => a.uid === r.uid).map((a) => ({ layer: a.layer, name: a.area }));
    const bands = ageBands(r.attributes);
    const killed = r.killed ?? (r.fatal ? 1 : 0);
    return {
      uid: r.uid,
      source: r.source,
      incidentId: r.incident_id,
      occurredAt: r.occurred_precision === "minute" ? r.t : r.t.slice(0, 10),
      occurredPrecision: r.occurred_precision,
      fatal: r.fatal,
      offenses: r.offenses,
      weapons: r.weapons,
      address: r.address,
      location:
        r.x !== null && r.y !== null && r.lon !== null && r.lat !== null
          ? { lon: r.lon, lat: r.lat, x: r.x, y: r.y }
          : null,
      district: myAreas.find((a) => a.layer === "district")?.name ?? null,
      focusAreas: myAreas.filter((a) => a.layer === "focus_area").map((a) => a.name),
      areas: myAreas,
      victims: {
        count: Math.max(r.shot ?? 0, killed, 1),
        killed: Math.max(killed, r.fatal ? 1 : 0),
        ageBands: bands,
        juvenile: bands.includes("under 18"),
      },
      detections: detections
        .filter((d) => d.for_uid === r.uid)
        .map((d) => ({
          uid: d.uid,
          detectionId: d.detection_id,
          detectedAt: d.t,
          rounds: d.rounds,
          detectionType: d.detection_type,
          distanceM: round1(d.d),
          minutesApart: Math.round(d.minutes * 10) / 10,
        })),
      priorShootings: mine.filter((p) => p.in_prior && within(p.d, params.priorDistanceM)).map(nearby),
      nearRepeat: nearRepeat.map(nearby),
      sameBlockPrior: mine.filter(
        (p) => p.in_prior && within(p.d, params.nearRepeatDistanceM) && p.minutes < -nearDays,
      ).length,
    };
  });
}
