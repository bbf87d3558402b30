/**
 * The terminal form of a CompStat report: each table as aligned text in the seed's layout, then goals,
 * the data as-of lines and the notes. Scripts use --json or --csv instead.
 */

import { DETAIL_HEADINGS, detailColumns, tableDetails } from "../compstat/render-details.js";
import {
  cellOf,
  dataAsOfLines,
  indexReport,
  ledgerColumns,
  reportColumns,
  rowHeading,
} from "../compstat/render-layout.js";
import type { CompStatReport } from "../compstat/report.js";

function cellText(cell: ReturnType<typeof cellOf>): string {
  if (!cell) return "";
  if (cell.kind === "count") return cell.count.toLocaleString("en-US");
  if (cell.kind === "baseline")
    return cell.mean.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const c = cell.change;
  const mark = c.significance === "notable" ? "**" : c.significance === "elevated" ? "*" : "";
  return `${c.label}${mark}`;
}

export function formatCompStat(report: CompStatReport): string {
  const index = indexReport(report);
  const columns = reportColumns(report);
  const out: string[] = [`${report.city} CompStat, as of ${report.asOf}`, ""];
  for (const table of report.tables) {
    const blocks = table.blocks.length;
    const header = [rowHeading(table, index)];
    for (const b of table.blocks)
      for (const c of columns) header.push(blocks > 1 && b.title ? `${b.title}: ${c.label}` : c.label);
    const lines: string[][] = [header];
    table.rowLabels.forEach((label, r) => {
      const line = [label];
      for (const b of table.blocks) {
        const row = index.row(table.rowMetrics?.[r] ?? table.metric, b.cells[r] ?? null);
        for (const c of columns) line.push(cellText(cellOf(row, c)));
      }
      lines.push(line);
    });
    out.push(...aligned(table.title, lines, 1), "");
    const d = tableDetails(report, index, table);
    if (d) {
      const cols = detailColumns(d);
      const rows = [
        ["", ...cols.map((c) => DETAIL_HEADINGS[c])],
        ...d.rows.map((r) => [r.label, ...cols.map((c) => r[c])]),
      ];
      out.push(...aligned(d.title, rows, 1), "");
    }
  }
  if (report.partnerLedger && report.partnerLedger.rows.length > 0) {
    const cols = ledgerColumns(report);
    const lines: string[][] = [["Agency", "Activity", ...cols.map((c) => c.label)]];
    for (const r of report.partnerLedger.rows) {
      lines.push([
        r.agency,
        r.activityType,
        ...cols.map((c) =>
          c.kind === "count" ? (r.counts[c.id] ?? 0).toLocaleString("en-US") : (r.changes[c.id]?.label ?? ""),
        ),
      ]);
    }
    out.push(...aligned(`Partner ledger (${report.partnerLedger.group})`, lines, 2), "");
  }
  for (const g of report.goals) {
    out.push(
      `Goal ${g.label}: ${g.status}; ${g.observed} so far vs ${g.expected} expected (${g.changeToDate ?? "-"}%), projected ${g.projected} vs target ${g.targetCount} by ${g.deadline}`,
    );
  }
  out.push("* |z| >= 2 (elevated), ** |z| >= 3 (notable): Poisson z = 2(sqrt(current) - sqrt(base))");
  out.push(...dataAsOfLines(report));
  for (const n of report.notes) out.push(`Note: ${n}`);
  return out.join("\n");
}

/** A title and rows of cells: the first `textColumns` left-aligned, numbers right-aligned. */
function aligned(title: string, lines: readonly string[][], textColumns: number): string[] {
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? "").length)));
  return [
    title,
    ...lines.map((l) =>
      l.map((v, i) => (i < textColumns ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join("  "),
    ),
  ];
}
