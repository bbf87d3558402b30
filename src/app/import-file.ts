/** `peacestat import FILE --format NAME`: incidents or another event stream, by the format's kind. */
import { AppError } from "../domain/errors.js";
import { EVENT_FORMATS, findEventFormat, findIncidentFormat, INCIDENT_FORMATS } from "../ingest/formats.js";
import type { Database } from "../store/db.js";
import { type EventImportReport, importEventFile } from "./import-events.js";
import { type ImportIncidentsOptions, type ImportReport, importIncidentFile } from "./import-incidents.js";

export const ALL_FORMAT_NAMES: readonly string[] = [...INCIDENT_FORMATS, ...EVENT_FORMATS].map((f) => f.name);

export async function importFile(
  db: Database,
  file: string,
  options: ImportIncidentsOptions & { format: string },
): Promise<ImportReport | EventImportReport> {
  if (findIncidentFormat(options.format)) return importIncidentFile(db, file, options);
  const event = findEventFormat(options.format);
  if (event) return importEventFile(db, file, event, options);
  throw new AppError(
    "invalid-argument",
    `--format ${options.format} is not known; formats: ${ALL_FORMAT_NAMES.join(", ")}`,
  );
}
