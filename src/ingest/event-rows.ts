/**
 * Event streams that are not incidents: gunshot detections, calls for service and partner activity.
 * Each row is one record with its own identity; formats map source rows onto these shapes.
 */
import type { LocalTime } from "../domain/time.js";
import type { RowIssue } from "./incident-rows.js";

export type EventKind = "detection" | "call" | "partner-activity";

type Coords = { readonly x: number; readonly y: number; readonly crs: string } | null;

export interface DetectionRow {
  readonly kind: "detection";
  readonly line: number;
  readonly id: string;
  readonly detected: LocalTime;
  readonly rounds: number | null;
  readonly detectionType: string | null;
  readonly coords: Coords;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface CallRow {
  readonly kind: "call";
  readonly line: number;
  readonly id: string;
  readonly received: LocalTime;
  readonly callType: string;
  readonly priority: number | null;
  readonly coords: Coords;
  readonly address: string | null;
  readonly district: string | null;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface ActivityRow {
  readonly kind: "partner-activity";
  readonly line: number;
  readonly agency: string;
  readonly activityType: string;
  readonly date: LocalTime;
  readonly count: number;
  readonly area: { readonly layer: string; readonly name: string } | null;
  readonly coords: Coords;
  readonly reference: string | null;
  readonly attributes: Readonly<Record<string, string>>;
}

export type EventRow = DetectionRow | CallRow | ActivityRow;

export type EventRowResult =
  | { readonly kind: "ok"; readonly row: EventRow; readonly warnings: readonly RowIssue[] }
  | { readonly kind: "reject"; readonly issue: RowIssue };

export interface EventFormatSpec {
  readonly name: string;
  readonly kind: EventKind;
  readonly expected: string;
  readonly mapper: (
    header: readonly string[],
    options: { fileName: string; timeZone: string; crs?: string | undefined },
  ) => (fields: readonly string[], line: number) => EventRowResult;
}
