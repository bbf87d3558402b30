/**
 * The incident model: one incident, several offenses (NIBRS allows up to 10 per incident), weapon codes,
 * people shot and killed, a location in three forms (source, WGS84, analysis CRS) and local times with
 * their precision.
 */
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
 * One accepted row of an incident file, located: what every format's reader hands to the store. Rows that
 * share an incident id are merged into one incident there (offenses and weapons united; every other field
 * the first non-empty value in file order).
 */
export interface IncidentRowRecord {
  /** Line of the source file where the row starts (for reasons and rejects). */
  readonly line: number;
  readonly incidentId: string;
  readonly occurredMs: number;
  readonly occurredPrecision: TimePrecision;
  readonly reportedMs: number | null;
  readonly reportedPrecision: TimePrecision | null;
  readonly offenses: readonly string[];
  readonly weapons: readonly string[];
  readonly victimsShot: number | null;
  readonly victimsKilled: number | null;
  readonly location: IncidentLocation | null;
  readonly address: string | null;
  readonly districtReported: string | null;
  readonly cleared: Clearance | null;
  readonly clearedMs: number | null;
  readonly attributes: Readonly<Record<string, string>> | null;
  /**
   * For sources with one row per victim (Philadelphia's shooting victims): this row's victim. The
   * incident's victims_shot and victims_killed are then the sums over its rows.
   */
  readonly victimRow?: { readonly shot: 0 | 1; readonly killed: 0 | 1 } | undefined;
}
