/**
 * The CompStat report as an Excel workbook laid out like the tables partners already know (the seed's
 * PSP report): one sheet per table, then Definitions, Goals, Partner ledger and the long Data. Numbers stay
 * numbers (a change is the fraction with format `0%`, not the text "-12%") so a user can sort, filter and
 * chart without retyping; only the seed's "new" is text, because it has no number.
 */
import ExcelJS from "exceljs";
import { LONG_COLUMNS, longRows } from "./render-csv.js";
import {
  cellOf,
  dataAsOfLines,
  indexReport,
  ledgerColumns,
  type ReportCell,
  type ReportIndex,
  reportColumns,
  rowHeading,
} from "./render-layout.js";
import type { CompStatReport, ReportChange, ReportTable } from "./report.js";

type Sheet = ExcelJS.Worksheet;

const BOLD: Partial<ExcelJS.Font> = { bold: true };
const THIN: Partial<ExcelJS.Border> = { style: "thin", color: { argb: "FF808080" } };
/** Shades for elevated / notable changes: orange up, blue down (direction, not good or bad). */
const FILLS = {
  up: { elevated: "FFFCE4D6", notable: "FFF8CBAD" },
  down: { elevated: "FFDDEBF7", notable: "FFBDD7EE" },
} as const;
const RESERVED = ["Definitions", "Goals", "Partner ledger", "Data", "History"];

/**
 * A legal, unique sheet name: Excel forbids []:*?/\, a leading or trailing apostrophe, more than 31
 * characters and names equal ignoring case.
 */
export function sheetName(title: string, taken: Set<string>): string {
  const clean = title
    .replace(/[[\]:*?/\\]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^'+|'+$/g, "");
  const base = truncate(clean, 31) || "Table";
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = `${base.slice(0, 31 - suffix.length).trimEnd()}${suffix}`;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** At most `max` characters, cut at a word boundary when one is near, so a name never ends mid-word. */
function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return (s[max] !== " " && space >= max - 12 ? cut.slice(0, space) : cut).trim();
}

/** A change cell: the rounded percent as a fraction, "new", or left blank when both counts are 0. */
function writeChange(cell: ExcelJS.Cell, c: ReportChange): void {
  if (c.percent !== null) {
    cell.value = c.percent / 100;
    cell.numFmt = "0%";
  } else if (c.label !== "") {
    cell.value = c.label;
  }
  cell.alignment = { horizontal: "right" };
  if (c.significance !== "none") {
    const argb = FILLS[(c.z ?? 0) > 0 ? "up" : "down"][c.significance];
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb } };
  }
}

function writeCell(cell: ExcelJS.Cell, content: ReportCell | null): void {
  if (!content) return;
  if (content.kind === "count") {
    cell.value = content.count;
    cell.numFmt = "#,##0";
  } else if (content.kind === "baseline") {
    cell.value = content.mean;
    cell.numFmt = "0.0";
  } else {
    writeChange(cell, content.change);
  }
}

function addTableSheet(
  wb: ExcelJS.Workbook,
  report: CompStatReport,
  index: ReportIndex,
  table: ReportTable,
  taken: Set<string>,
): void {
  const columns = reportColumns(report);
  const titled = table.blocks.some((b) => b.title !== null);
  const headerRows = titled ? 3 : 2;
  const ws = wb.addWorksheet(sheetName(table.title, taken), {
    views: [{ state: "frozen", xSplit: 1, ySplit: headerRows }],
  });
  ws.getCell(1, 1).value = table.title;
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  const head = ws.getRow(headerRows);
  head.getCell(1).value = rowHeading(table, index);
  table.blocks.forEach((block, b) => {
    const first = 2 + b * columns.length;
    if (titled && block.title !== null) {
      ws.mergeCells(2, first, 2, first + columns.length - 1);
      const c = ws.getCell(2, first);
      c.value = block.title;
      c.font = BOLD;
      c.alignment = { horizontal: "center" };
    }
    columns.forEach((col, i) => {
      head.getCell(first + i).value = col.label;
    });
    table.rowLabels.forEach((_, r) => {
      const row = index.row(table.rowMetrics?.[r] ?? table.metric, block.cells[r] ?? null);
      columns.forEach((col, i) => {
        writeCell(ws.getCell(headerRows + 1 + r, first + i), cellOf(row, col));
      });
    });
  });
  head.font = BOLD;
  head.height = 45;
  head.alignment = { wrapText: true, vertical: "bottom", horizontal: "center" };
  head.eachCell((c) => {
    c.border = { bottom: THIN };
  });
  table.rowLabels.forEach((label, r) => {
    const row = ws.getRow(headerRows + 1 + r);
    row.getCell(1).value = label;
    row.getCell(1).alignment = { horizontal: "left" };
    if (r === table.rowLabels.length - 1) {
      row.font = BOLD;
      for (let c = 1; c <= 1 + table.blocks.length * columns.length; c++)
        row.getCell(c).border = { top: THIN };
    }
  });
  let footer = headerRows + table.rowLabels.length + 2;
  for (const line of [
    "Shaded changes: Poisson |z| >= 2 (light) or >= 3 (dark); orange up, blue down.",
    ...dataAsOfLines(report),
  ]) {
    ws.getCell(footer++, 1).value = line;
  }
  ws.getColumn(1).width = Math.max(12, ...table.rowLabels.map((l) => l.length + 2));
  for (let c = 2; c <= 1 + table.blocks.length * columns.length; c++) ws.getColumn(c).width = 12;
}

/** A plain list sheet: bold frozen header, then rows, widths from content (capped so text wraps). */
function addListSheet(
  wb: ExcelJS.Workbook,
  name: string,
  header: string[],
  rows: (string | number | null)[][],
  formats: Record<number, string> = {},
): Sheet {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow(header).font = BOLD;
  for (const r of rows) {
    const row = ws.addRow(r);
    for (const [col, fmt] of Object.entries(formats)) row.getCell(Number(col)).numFmt = fmt;
  }
  header.forEach((h, i) => {
    const longest = Math.max(h.length, ...rows.map((r) => String(r[i] ?? "").length));
    const col = ws.getColumn(i + 1);
    col.width = Math.min(Math.max(longest + 2, 8), 90);
    col.alignment = { wrapText: true, vertical: "top" };
  });
  return ws;
}

function addLedgerSheet(wb: ExcelJS.Workbook, report: CompStatReport, index: ReportIndex): void {
  const ledger = report.partnerLedger;
  if (!ledger) return;
  const columns = ledgerColumns(report);
  const ws = addListSheet(
    wb,
    "Partner ledger",
    ["Agency", "Activity", ...columns.map((c) => c.label)],
    ledger.rows.map((r) => [r.agency, r.activityType]),
  );
  ledger.rows.forEach((r, i) => {
    columns.forEach((col, j) => {
      const cell = ws.getCell(i + 2, j + 3);
      const n = r.counts[col.id];
      if (col.kind === "count" && n !== undefined) writeCell(cell, { kind: "count", count: n });
      const change = r.changes[col.id];
      if (col.kind === "change" && change) writeChange(cell, change);
      ws.getColumn(j + 3).width = 12;
    });
  });
  ws.getRow(1).alignment = { wrapText: true, vertical: "bottom" };
  ws.addRow([]);
  ws.addRow([`Counted for: ${index.group(ledger.group)?.label ?? ledger.group}`]);
}

function addGoalsSheet(wb: ExcelJS.Workbook, report: CompStatReport, index: ReportIndex): void {
  if (report.goals.length === 0) return;
  const header = ["Goal", "Metric", "Area", "Baseline", "Baseline count", "Start", "Deadline", "Target %"];
  header.push(
    "Observed",
    "Expected",
    "Change to date %",
    "Projected",
    "Target count",
    "Status",
    "Seasonality",
  );
  const rows = report.goals.map((g) => [
    g.label,
    index.metricLabel(g.metric),
    index.group(g.group)?.label ?? g.group,
    `${g.baseline.start} to ${g.baseline.end}`,
    g.baseline.count,
    g.start,
    g.deadline,
    g.targetPercent,
    g.observed,
    g.expected,
    g.changeToDate,
    g.projected,
    g.targetCount,
    g.status,
    g.seasonality,
  ]);
  addListSheet(wb, "Goals", header, rows, { 10: "0.0", 11: "0.0", 12: "0.0" });
}

function definitionRows(report: CompStatReport): (string | number | null)[][] {
  const rows: (string | null)[][] = report.definitions.metrics.map((m) => [
    m.label,
    `${m.definition} Source: ${m.source}; counted: ${m.unit}. ${m.countingRule}`,
  ]);
  const d = report.definitions;
  rows.push(["Counting rule", d.countingRule], ["Periods", d.periods]);
  for (const p of report.periods) {
    const spans = p.windows.map((w) => `${w.label}: ${w.start} to ${w.end}`);
    if (p.baseline) spans.push(`${p.baseline.label}: mean of ${p.baseline.years.join(", ")}`);
    rows.push([p.label, spans.join("; ")]);
  }
  rows.push(
    ["Change", d.change],
    ["Significance", d.significance],
    ["Rates", d.rates],
    ["Clearance", d.clearance],
  );
  report.notes.forEach((n, i) => {
    rows.push([i === 0 ? "Notes" : "", n]);
  });
  for (const line of dataAsOfLines(report)) rows.push(["Data as of", line]);
  rows.push(["As of", report.asOf], ["Generated", report.generatedAt]);
  if (report.snapshot) rows.push(["Snapshot", report.snapshot]);
  return rows;
}

/** The workbook as a buffer; pure apart from exceljs, so the CLI decides where it goes. */
export async function renderXlsx(report: CompStatReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "PeaceStat";
  wb.title = `${report.city} CompStat ${report.asOf}`;
  // The report's own time, not the clock, so the same report always gives the same workbook metadata.
  const made = new Date(`${report.generatedAt.replace(" ", "T")}Z`);
  if (!Number.isNaN(made.getTime())) {
    wb.created = made;
    wb.modified = made;
  }
  const index = indexReport(report);
  const taken = new Set(RESERVED.map((n) => n.toLowerCase()));
  for (const table of report.tables) addTableSheet(wb, report, index, table, taken);
  addListSheet(wb, "Definitions", ["Item", "Definition"], definitionRows(report));
  addGoalsSheet(wb, report, index);
  addLedgerSheet(wb, report, index);
  const shareCol = LONG_COLUMNS.indexOf("share") + 1;
  const data = addListSheet(
    wb,
    "Data",
    [...LONG_COLUMNS],
    longRows(report).map((r) => LONG_COLUMNS.map((c) => r[c])),
    { [shareCol]: "0.0000" },
  );
  data.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LONG_COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
