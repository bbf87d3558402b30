/**
 * CSV records with their line numbers. Handles what real exports do: a UTF-8 BOM, CR-only (old Mac),
 * LF or CRLF line endings (detected), quoted fields with embedded newlines and doubled quotes, gzip.
 */
import { parse } from "csv-parse";
import { AppError } from "../domain/errors.js";
import { type FileFacts, openTextStream } from "./text-file.js";

export interface CsvRecord {
  /** Line of the file where the record starts (the header is line 1), as a spreadsheet shows it. */
  readonly line: number;
  readonly fields: readonly string[];
}

const LINE_BREAK = /\r\n|\r|\n/g;

export interface CsvFile {
  readonly header: readonly string[];
  records(): AsyncIterable<CsvRecord>;
}

/** Opens a CSV file and reads its header; the records are streamed by `records()`, once. */
export async function openCsv(facts: FileFacts, expected: string): Promise<CsvFile> {
  const text = await openTextStream(facts, expected);
  const parser = text.pipe(
    parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }),
  );
  const it = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  let first: IteratorResult<{ record: string[]; info: { lines: number } }>;
  try {
    first = await it.next();
  } catch (e) {
    throw csvError(facts, e);
  }
  if (first.done) throw new AppError("bad-file", `${facts.name} is empty: expected ${expected}`);
  const header = first.value.record.map((h) => h.trim());
  return {
    header,
    async *records() {
      try {
        for (;;) {
          const next = await it.next();
          if (next.done) return;
          const { record, info } = next.value;
          // info.lines is where the record ends; subtract the line breaks inside its quoted fields.
          let inner = 0;
          for (const f of record) inner += f.match(LINE_BREAK)?.length ?? 0;
          yield { line: info.lines - inner, fields: record };
        }
      } catch (e) {
        throw csvError(facts, e);
      }
    },
  };
}

function csvError(facts: FileFacts, e: unknown): AppError {
  const err = e as { message?: string; lines?: number };
  const where = err.lines ? ` near line ${err.lines}` : "";
  return new AppError("bad-file", `${facts.name}${where}: not readable as CSV: ${err.message ?? String(e)}`, {
    cause: e,
  });
}
