/**
 * The incident formats `peacestat import --format NAME` understands. Each maps a source's rows onto
 * IncidentRow through a documented mapping table (docs/formats/NAME.md); the import pipeline around it
 * (staging, merging, versioning, accounting, rejects) is the same for all.
 */
import { AppError } from "../domain/errors.js";
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

/**
 * The formats (incident or event) whose header check accepts this header: when a file was imported with
 * the wrong --format, the error can name the right one instead of leaving the analyst to guess.
 */
export function formatsAccepting(header: readonly string[], options: FormatOptions): string[] {
  const accepts = (f: { mapper: (h: readonly string[], o: FormatOptions) => unknown }) => {
    try {
      f.mapper(header, options);
      return true;
    } catch {
      return false;
    }
  };
  return [...INCIDENT_FORMATS, ...EVENT_FORMATS]
    .filter((f) => f.name !== "generic" && accepts(f))
    .map((f) => f.name);
}

/** Builds a format's row mapper; a header it refuses gets, when another format takes it, "try --format X". */
export function mapperFor<M>(
  format: { name: string; mapper: (h: readonly string[], o: FormatOptions) => M },
  header: readonly string[],
  options: FormatOptions,
): M {
  try {
    return format.mapper(header, options);
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== "bad-file") throw e;
    const others = formatsAccepting(header, options).filter((n) => n !== format.name);
    if (others.length === 0) throw e;
    throw new AppError(
      "bad-file",
      `${e.message}; this file looks like --format ${others.join(" or --format ")}`,
    );
  }
}
