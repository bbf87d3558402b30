/**
 * The incident model: one incident, several offenses (NIBRS allows up to 10 per incident), weapon codes,
 * people shot and killed, a location in three forms (source, WGS84, analysis CRS) and local times with
 * their precision.
 */
import { createHash } from "node:crypto";
import type { TimePrecision } from "./time.js";

export type Clearance = "arrest" | "exceptional";

export interface IncidentLocation {
  /** Coordinates as the source gave them, in `srcCrs`. */
  readonly srcX: number;
  readonly srcY: number;
  readonly srcCrs: string;
  /** WGS84, for display. */
  readonly lon: number;
  readonly lat: number;
  /** Metres in the city's analysis CRS, for every distance. */
  readonly x: number;
  readonly y: number;
}

export interface Incident {
  /** The source's own identifier; unique within `source`. */
  readonly incidentId: string;
  /** Naive local wall-clock milliseconds (see time.ts) and the precision they are known to. */
  readonly occurredMs: number;
  readonly occurredPrecision: TimePrecision;
  readonly reportedMs: number | null;
  readonly reportedPrecision: TimePrecision | null;
  /** NIBRS offense codes, upper-case, unique, sorted. */
  readonly offenses: readonly string[];
  /** NIBRS weapon/force codes, unique, sorted. */
  readonly weapons: readonly string[];
  readonly victimsShot: number | null;
  readonly victimsKilled: number | null;
  readonly location: IncidentLocation | null;
  readonly address: string | null;
  /** The district the source named, if any; otherwise the district layer decides. */
  readonly districtReported: string | null;
  readonly cleared: Clearance | null;
  readonly clearedMs: number | null;
  /** Columns the format does not map, kept verbatim. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** District name for incidents that have neither a usable location nor a reported district. */
export const UNKNOWN_DISTRICT = "Unknown";

/** The layer whose areas are the police districts. */
export const DISTRICT_LAYER = "district";

/**
 * A stable fingerprint of everything an incident says. Re-importing an unchanged record yields the same
 * hash (so nothing is written); any change in content yields a new version.
 */
export function incidentContentHash(i: Incident): string {
  const attrs = Object.keys(i.attributes)
    .sort()
    .map((k) => [k, i.attributes[k]]);
  const loc = i.location ? [i.location.srcX, i.location.srcY, i.location.srcCrs] : null;
  const canonical = JSON.stringify([
    i.incidentId,
    i.occurredMs,
    i.occurredPrecision,
    i.reportedMs,
    i.reportedPrecision,
    i.offenses,
    i.weapons,
    i.victimsShot,
    i.victimsKilled,
    loc,
    i.address,
    i.districtReported,
    i.cleared,
    i.clearedMs,
    attrs,
  ]);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 32);
}
