/** Public record types of the demo city (re-exported by demo-city.ts). */

export type DemoSize = "small" | "city" | "large";

export interface DemoPolygon {
  readonly name: string;
  /** Polygon rings in the analysis CRS (metres); first ring outer, counter-clockwise, closed. */
  readonly rings: readonly (readonly [number, number])[][];
}

export interface DemoIncident {
  readonly incidentId: string;
  /** Naive local ms, minute precision. */
  readonly occurredMs: number;
  readonly reportedMs: number;
  /** NIBRS codes, sorted, unique. */
  readonly offenses: readonly string[];
  /** NIBRS weapon/force codes; empty for property and society offenses. */
  readonly weapons: readonly string[];
  /** People struck by gunfire (killed included) and killed: 0 for violent incidents, null where n/a. */
  readonly victimsShot: number | null;
  readonly victimsKilled: number | null;
  /** Null for about 1% with no usable location. */
  readonly x: number | null;
  readonly y: number | null;
  readonly address: string | null;
  readonly cleared: "arrest" | "exceptional" | null;
  readonly clearedMs: number | null;
  /**
   * Age band of each person struck by gunfire (";"-separated, one per victim), for the shoot review's
   * juvenile-victim factor; null when nobody was shot. Drawn from its own stream (incidents.ts).
   */
  readonly victimAgeBand: string | null;
}

export interface DemoDetection {
  readonly detectionId: string;
  readonly detectedMs: number;
  readonly rounds: number;
  readonly detectionType: "single" | "multiple";
  readonly x: number;
  readonly y: number;
}

export interface DemoCall {
  readonly callId: string;
  readonly receivedMs: number;
  readonly callType: string;
  readonly priority: number;
  readonly x: number | null;
  readonly y: number | null;
}

/** A record under construction (its id is set once the day's records are in time order). */
export type Mutable<T> = { -readonly [P in keyof T]: T[P] };
