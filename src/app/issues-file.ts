/** The rejects file: one CSV line per rejected row or dropped value, for the analyst to fix and re-import. */
import fs from "node:fs";
import path from "node:path";
import { AppError } from "../domain/errors.js";
import type { RowIssue } from "../ingest/incident-rows.js";

function csvCell(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeIssuesFile(target: string, issues: readonly RowIssue[]): string {
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const sorted = [...issues].sort((a, b) => a.line - b.line);
  const lines = ["line,severity,column,value,reason"];
  for (const i of sorted) {
    lines.push([i.line, i.severity, i.column, i.value, i.reason].map(csvCell).join(","));
  }
  fs.writeFileSync(target, `${lines.join("\n")}\n`);
  return path.resolve(target);
}

/** Issues grouped by severity, column and reason, most frequent first. */
export function summariseIssues(
  issues: readonly RowIssue[],
): { severity: string; column: string | null; reason: string; count: number; firstLine: number }[] {
  const groups = new Map<
    string,
    { severity: string; column: string | null; reason: string; count: number; firstLine: number }
  >();
  for (const i of issues) {
    const key = `${i.severity}\u0000${i.column}\u0000${i.reason}`;
    const g = groups.get(key);
    if (g) {
      g.count++;
      g.firstLine = Math.min(g.firstLine, i.line);
    } else {
      groups.set(key, {
        severity: i.severity,
        column: i.column,
        reason: i.reason,
        count: 1,
        firstLine: i.line,
      });
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
}

/**
 * The one error for a file none of whose rows could be used (a wrong format, a wrong date convention):
 * the first problem, not thousands of them.
 */
export function assertSomeRowsUsable(
  fileName: string,
  read: number,
  rejected: number,
  issues: readonly RowIssue[],
): void {
  if (read === 0) throw new AppError("bad-file", `${fileName} has a header but no rows`);
  if (rejected < read) return;
  const first = issues.find((i) => i.severity === "reject")!;
  throw new AppError(
    "bad-file",
    `no row of ${fileName} could be imported (${read} rejected); first: line ${first.line}${first.column ? ` column ${first.column}` : ""} '${first.value ?? ""}': ${first.reason}`,
  );
}

/**
 * Writes the rejects file after an import: to `rejectsPath` when given, else (for a real run) beside the
 * database in rejects/; a dry run without `rejectsPath` writes nothing.
 */
export function writeImportIssues(
  issues: readonly RowIssue[],
  where: { rejectsPath?: string | undefined; dbPath: string; batchId: number | null; fileName: string },
): string | null {
  if (issues.length === 0) return null;
  if (where.rejectsPath) return writeIssuesFile(where.rejectsPath, issues);
  if (where.batchId === null) return null;
  return writeIssuesFile(
    path.join(path.dirname(where.dbPath), "rejects", `batch-${where.batchId}-${where.fileName}.issues.csv`),
    issues,
  );
}
