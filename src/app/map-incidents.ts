/**
 * Incident points for the dashboard map: the same selection as every place analysis (a metric's events in
 * the current window of a period, optionally inside one area; `pointsFromDb`), as WGS84 points with what a
 * reviewer needs to recognise each one. Record-level data: the HTTP layer checks the role, the purpose and
 * writes the audit entry; this function only reads.
 */
import type { FeatureCollection, Point } from "geojson";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";
import { type DbSelection, pointsFromDb, selectionSql } from "./analysis-input.js";
import { analysisMetric } from "./area-counts.js";

export interface IncidentPointProperties {
  readonly id: string;
  /** Local wall-clock time to its known precision: `YYYY-MM-DD HH:MM`, `YYYY-MM-DD` or `YYYY-MM`. */
  readonly occurredAt: string;
  readonly precision: string;
  readonly offenses: readonly string[];
  /** The address as stored (sources give block addresses; nothing is geocoded here). */
  readonly address: string | null;
  /** The district the incident is counted in (`Unknown` when it has none). */
  readonly district: string;
}

export interface IncidentPoints {
  readonly description: string;
  readonly from: string | null;
  readonly to: string | null;
  /** Located incidents of the selection. */
  readonly located: number;
  /** Incidents of the selection without a usable location (counted, not drawn). */
  readonly unlocated: number;
  /** Located incidents not sent because of the limit (the oldest ones). */
  readonly truncated: number;
  readonly limit: number;
  readonly geojson: FeatureCollection<Point, IncidentPointProperties>;
}

export interface IncidentPointOptions {
  /** At most this many points, newest first (default 5,000). */
  readonly limit?: number | undefined;
}

/** Located incidents of the selection, newest first, at most `limit`, with the number left out. */
export async function incidentPoints(
  db: Database,
  sel: DbSelection,
  opts: IncidentPointOptions = {},
): Promise<IncidentPoints> {
  const limit = opts.limit ?? 5000;
  const metric = await analysisMetric(db, sel.metric);
  if (metric.source !== "incidents") {
    throw new AppError(
      "invalid-argument",
      `metric: '${sel.metric}' counts ${metric.source}, not incidents; the incident layer shows incident metrics (e.g. nonfatal-shootings, part1-violent)`,
    );
  }
  // The analyses' own selection statement: the same events, window and area as every analysis.
  const input = await pointsFromDb(db, sel);
  const sql = await selectionSql(db, sel);
  const rows = await db.all<{
    id: string;
    at: string;
    precision: string;
    offenses: string;
    address: string | null;
    district: string | null;
    lon: number;
    lat: number;
  }>(
    `SELECT t.incident_id AS id, strftime(t.occurred_at, '%Y-%m-%d %H:%M') AS at, t.occurred_precision AS precision,
            array_to_string(t.offenses, ',') AS offenses, t.address, d.area AS district, t.lon, t.lat
     FROM (SELECT t.* FROM ${sql.from} AND t.x IS NOT NULL AND t.y IS NOT NULL AND t.lon IS NOT NULL AND t.lat IS NOT NULL) t
     LEFT JOIN event_areas d ON d.kind = 'incident' AND d.uid = t.uid AND d.layer = 'district'
     ORDER BY t.occurred_at DESC, t.incident_id
     LIMIT ${Math.max(0, Math.floor(limit))}`,
    [...sql.params],
  );
  return {
    description: input.description,
    from: input.from,
    to: input.to,
    located: input.points.length,
    unlocated: input.unlocated,
    truncated: Math.max(0, input.points.length - rows.length),
    limit,
    geojson: {
      type: "FeatureCollection",
      features: rows.map((r) => ({
        type: "Feature",
        geometry: { type: "Point", coordinates: [r.lon, r.lat] },
        properties: {
          id: r.id,
          occurredAt: r.at.slice(0, r.precision === "month" ? 7 : r.precision === "day" ? 10 : 16),
          precision: r.precision,
          offenses: r.offenses ? r.offenses.split(",") : [],
          address: r.address,
          district: r.district ?? "Unknown",
        },
      })),
    },
  };
}
