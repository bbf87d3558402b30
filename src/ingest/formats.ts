/**
 * The incident formats `peacestat import --format NAME` understands. Each maps a source's rows onto
 * IncidentRow through a documented mapping table (docs/formats/NAME.md); the import pipeline around it
 * (staging, merging, versioning, accounting, rejects) is the same for all.
 */
import type { EventFormatSpec } from "./event-rows.js";
import { callsFormat } from "./formats/calls.js";
import { chicagoAggravatedAssaultsFormat, chicagoFormat } from "./formats/chicago.js";
import { gvaFormat } from "./formats/gva.js";
import { mpdCompassFormat } from "./formats/mpd-compass.js";
import { partnerActivityFormat } from "./formats/partner-activity.js";
import { phlShootingsFormat, phlShootingsGeoJsonFormat } from "./formats/phl-shootings.js";
import { shotspotterFormat } from "./formats/shotspotter.js";
import { ukPoliceFormat } from "./formats/uk-police.js";
import { wibrFormat } from "./formats/wibr.js";
import { genericMapper, type RowMapper } from "./generic.js";

export interface FormatOptions {
  readonly fileName: string;
  readonly timeZone: string;
  readonly crs?: string | undefined;
}

export interface IncidentFormatSpec {
  readonly name: string;
  /** What the file should be, for error messages ("a generic incident CSV"). */
  readonly expected: string;
  /** How the file is read: CSV (default; also .csv.gz) or a GeoJSON FeatureCollection of points. */
  readonly reader?: "csv" | "geojson-points";
  /** Checks the header (one clear error for a wrong file) and returns the row mapper. */
  readonly mapper: (header: readonly string[], options: FormatOptions) => RowMapper;
}

export const INCIDENT_FORMATS: readonly IncidentFormatSpec[] = [
  { name: "generic", expected: "a generic incident CSV", mapper: genericMapper },
  wibrFormat,
  mpdCompassFormat,
  chicagoFormat,
  chicagoAggravatedAssaultsFormat,
  phlShootingsFormat,
  phlShootingsGeoJsonFormat,
  gvaFormat,
  ukPoliceFormat,
];

export function findIncidentFormat(name: string): IncidentFormatSpec | undefined {
  return INCIDENT_FORMATS.find((f) => f.name === name);
}

/** Formats of the other event streams: detections, calls for service, partner activity. */
export const EVENT_FORMATS: readonly EventFormatSpec[] = [
  shotspotterFormat,
  callsFormat,
  partnerActivityFormat,
];

export function findEventFormat(name: string): EventFormatSpec | undefined {
  return EVENT_FORMATS.find((f) => f.name === name);
}
