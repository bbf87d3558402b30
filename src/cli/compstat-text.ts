/**
 * The terminal form of a CompStat report: each table as aligned text in the seed's layout, then goals,
 * the data as-of lines and the notes. Scripts use --json or --csv instead.
 */
import { cellOf, dataAsOfLines, indexReport, reportColumns, rowHeading } from "../compstat/render-layout.js";
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
    const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? "").length)));
    out.push(table.title);
    for (const l of lines)
      out.push(l.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join("  "));
    out.push("");
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
