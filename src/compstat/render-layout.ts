/**
 * What every renderer shares (CSV, XLSX, HTML, and the web app, which imports this file): the column order
 * of a CompStat table, lookups from ids to rows, groups and metrics, and the seed's date style. Kept in one
 * place so the outputs of one report can never disagree about which number sits in which column.
 */
import type {
  CompStatReport,
  ReportChange,
  ReportGroup,
  ReportPeriod,
  ReportRow,
  ReportTable,
} from "./report.js";

export type ColumnKind = "count" | "baseline" | "change";

/** One column of a table block: a window (count), a baseline (mean) or a comparison (change). */
export interface ReportColumn {
  readonly kind: ColumnKind;
  /** The window, baseline or comparison id. */
  readonly id: string;
  readonly label: string;
  readonly period: ReportPeriod;
}

/** A table cell's content, before any output formats it. */
export type ReportCell =
  | { readonly kind: "count"; readonly count: number }
  | { readonly kind: "baseline"; readonly mean: number }
  | { readonly kind: "change"; readonly change: ReportChange };

/**
 * The contract's column order: per period, its windows, then its baseline, then its comparisons. The seed's
 * tables read exactly this way ("2017 (Full Year)" ... "2019 (YTD)", "2017-19 (YTD % Change)").
 */
export function reportColumns(report: CompStatReport): ReportColumn[] {
  const columns: ReportColumn[] = [];
  for (const period of report.periods) {
    for (const w of period.windows) columns.push({ kind: "count", id: w.id, label: w.label, period });
    if (period.baseline) {
      columns.push({ kind: "baseline", id: period.baseline.id, label: period.baseline.label, period });
    }
    for (const c of period.comparisons) columns.push({ kind: "change", id: c.id, label: c.label, period });
  }
  return columns;
}

/** The cell of `row` in `column`, or null when the row has no such value (printed blank). */
export function cellOf(row: ReportRow | undefined, column: ReportColumn): ReportCell | null {
  if (!row) return null;
  if (column.kind === "count") {
    const count = row.counts[column.id];
    return count === undefined ? null : { kind: "count", count };
  }
  if (column.kind === "baseline") {
    const b = row.baselines[column.id];
    return b === undefined ? null : { kind: "baseline", mean: b.mean };
  }
  const change = row.changes[column.id];
  return change === undefined ? null : { kind: "change", change };
}

/** Fast lookups from the ids a table names to the objects that hold the numbers. */
export interface ReportIndex {
  readonly row: (metric: string, group: string | null) => ReportRow | undefined;
  readonly group: (id: string) => ReportGroup | undefined;
  readonly metricLabel: (id: string) => string;
}

export function indexReport(report: CompStatReport): ReportIndex {
  const rows = new Map<string, ReportRow>();
  for (const r of report.rows) rows.set(`${r.metric}\u0000${r.group}`, r);
  const groups = new Map(report.groups.map((g) => [g.id, g] as const));
  const metrics = new Map(report.definitions.metrics.map((m) => [m.id, m.label] as const));
  return {
    row: (metric, group) => (group === null ? undefined : rows.get(`${metric}\u0000${group}`)),
    group: (id) => groups.get(id),
    metricLabel: (id) => metrics.get(id) ?? id,
  };
}

/**
 * The heading over a table's row labels, from the layer of its cells ("district" -> "District"); the seed
 * says "Present District", which is the city's wording, not something the report knows.
 */
export function rowHeading(table: ReportTable, index: ReportIndex): string {
  if (table.kind === "metrics") return "Metric";
  for (const block of table.blocks) {
    for (const id of block.cells) {
      const g = id === null ? undefined : index.group(id);
      if (g?.layer && g.kind !== "rest") return humanize(g.layer);
    }
  }
  return table.kind === "cross" ? "Area" : "Group";
}

/** `focus_area` -> "Focus area". */
export function humanize(id: string): string {
  const words = id.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A local `YYYY-MM-DD HH:MM[:SS]` in the seed's US style ("9/30/2019 8:57:31 AM"); anything else is
 * returned unchanged, since a reader is better served by the raw text than by nothing.
 */
export function formatUsDateTime(local: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(local);
  if (!m) return local;
  const [, y, mo, d, h, mi, s] = m;
  const date = `${Number(mo)}/${Number(d)}/${y}`;
  if (h === undefined || mi === undefined) return date;
  const hour = Number(h);
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${date} ${h12}:${mi}:${s ?? "00"} ${hour < 12 ? "AM" : "PM"}`;
}

/** `2019-09-29` -> "September 29, 2019" (no time-zone shift: the date is already local). */
export function formatLongDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const months = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ];
  return `${months[Number(m[2]) - 1] ?? m[2]} ${Number(m[3])}, ${m[1]}`;
}

const normalize = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, "_");

/**
 * The seed's footer lines: one per metric whose source has a load time ("Homicides data: 9/30/2019 8:57:31
 * AM"), then any source no metric uses, so no load time is ever left out.
 */
export function dataAsOfLines(report: CompStatReport): string[] {
  const lines: string[] = [];
  for (const [key, at] of Object.entries(report.dataAsOf)) {
    const when = at === null ? "not loaded" : formatUsDateTime(at);
    // The seed names each metric ("Homicide data: ..."); a long list of metrics of one source gets one line.
    const metrics = report.definitions.metrics.filter((m) => normalize(m.source) === normalize(key));
    const labels = metrics.length > 0 && metrics.length <= 3 ? metrics.map((m) => m.label) : [humanize(key)];
    for (const label of labels) lines.push(`${label} data: ${when}`);
  }
  return lines;
}

/** Window and comparison ids the partner ledger uses, in the report's column order. */
export function ledgerColumns(report: CompStatReport): ReportColumn[] {
  const rows = report.partnerLedger?.rows ?? [];
  return reportColumns(report).filter((c) =>
    c.kind === "count"
      ? rows.some((r) => r.counts[c.id] !== undefined)
      : c.kind === "change" && rows.some((r) => r.changes[c.id] !== undefined),
  );
}
