/**
 * The CompStat report as long, tidy CSV: one line per metric x group x column, so a spreadsheet pivot or
 * R's `tidyr::pivot_wider` rebuilds any table without knowing our layouts. RFC 4180: CRLF line ends, fields
 * quoted only when they hold a comma, quote or line break, no BOM (R and Python read a BOM into the first
 * header name). CSV has no comments, so what a reader needs to trust the numbers (as-of dates, counting
 * rule, definitions) goes to a second key,value file from `renderCsvMeta`.
 */
import { cellOf, indexReport, reportColumns } from "./render-layout.js";
import type { CompStatReport } from "./report.js";

export const LONG_COLUMNS = [
  "metric",
  "metric_label",
  "group",
  "group_kind",
  "layer",
  "area",
  "within",
  "period",
  "column_kind",
  "column",
  "column_label",
  "value",
  "percent",
  "z",
  "significance",
  "p_value",
  "rate_per_100k",
  "population",
  "share",
  "rate_flags",
  "cleared_cohort",
  "cohort_rate",
  "cleared_in_period",
  "period_rate",
  "as_of",
  "data_as_of",
  "counting_rule",
] as const;

export type LongColumn = (typeof LONG_COLUMNS)[number];

/** One long line with typed values; null prints as an empty field. Shared with the XLSX "Data" sheet. */
export type LongRow = Record<LongColumn, string | number | null>;

/** Round to `digits` decimals as a number, with -0 folded to 0 so "-0.00" never prints. */
export function roundTo(x: number, digits: number): number {
  const r = Number(x.toFixed(digits));
  return r === 0 ? 0 : r;
}

/**
 * Every number of the report as long rows, in report row order then column order. Values: a count, the
 * baseline mean (4 decimals), or the change's seed text ("-12%", "new", ""); z has 2 decimals, share is a
 * fraction with 4 decimals, the p-value keeps full precision. Rates, populations and shares exist only on
 * count columns, because only windows have them.
 */
export function longRows(report: CompStatReport): LongRow[] {
  const index = indexReport(report);
  const columns = reportColumns(report);
  const out: LongRow[] = [];
  const defs = new Map(report.definitions.metrics.map((m) => [m.id, m]));
  for (const row of report.rows) {
    const g = index.group(row.group);
    const metricDef = defs.get(row.metric);
    for (const column of columns) {
      const cell = cellOf(row, column);
      if (!cell) continue;
      const line: LongRow = {
        metric: row.metric,
        metric_label: index.metricLabel(row.metric),
        group: row.group,
        group_kind: g?.kind ?? null,
        layer: g?.layer ?? null,
        area: g?.area ?? null,
        within: g?.within?.area ?? null,
        period: column.period.id,
        column_kind: column.kind,
        column: column.id,
        column_label: column.label,
        value: null,
        percent: null,
        z: null,
        significance: null,
        p_value: null,
        rate_per_100k: null,
        population: null,
        share: null,
        rate_flags: null,
        cleared_cohort: null,
        cohort_rate: null,
        cleared_in_period: null,
        period_rate: null,
        // Every line carries its provenance, so a CSV cut out of the file still says what it counts.
        as_of: report.asOf,
        data_as_of: metricDef ? (report.dataAsOf[metricDef.source] ?? null) : null,
        counting_rule: metricDef?.countingRule ?? null,
      };
      if (cell.kind === "count") {
        line.value = cell.count;
        const rate = row.rates[column.id];
        line.rate_per_100k = rate?.per100k ?? null;
        line.population = rate?.population ?? null;
        const share = row.share[column.id];
        line.share = share === undefined || share === null ? null : roundTo(share, 4);
        line.rate_flags = rate && rate.flags.length > 0 ? rate.flags.join(";") : null;
        const cl = row.clearance[column.id];
        if (cl) {
          line.cleared_cohort = cl.clearedCohort;
          line.cohort_rate = cl.cohortRate === null ? null : roundTo(cl.cohortRate, 4);
          line.cleared_in_period = cl.clearedInPeriod;
          line.period_rate = cl.periodRate === null ? null : roundTo(cl.periodRate, 4);
        }
      } else if (cell.kind === "baseline") {
        line.value = roundTo(cell.mean, 4);
      } else {
        const c = cell.change;
        line.value = c.label;
        line.percent = c.percent;
        line.z = c.z === null ? null : roundTo(c.z, 2);
        line.significance = c.significance;
        line.p_value = c.pValue;
      }
      out.push(line);
    }
  }
  return out;
}

/** RFC 4180 field: quoted (inner quotes doubled) only when it must be. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  const s = typeof value === "number" ? formatNumber(value) : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Plain digits: no thousands separators, no exponent for the magnitudes a report holds. */
function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return "";
  return Object.is(n, -0) ? "0" : String(n);
}

function csvLines(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((r) => `${r.map(csvField).join(",")}\r\n`).join("");
}

/** Fixed-decimal text for the columns whose precision is part of the format (z, share, rates). */
function fixedText(row: LongRow): (string | number | null)[] {
  return LONG_COLUMNS.map((col) => {
    const v = row[col];
    if (typeof v !== "number") return v;
    if (col === "z" || col === "rate_per_100k") return v.toFixed(2);
    if (col === "share") return v.toFixed(4);
    return v;
  });
}

/** The long CSV: a header line, then one line per metric x group x column. */
export function renderCsv(report: CompStatReport): string {
  return csvLines([[...LONG_COLUMNS], ...longRows(report).map(fixedText)]);
}

/** The key,value pairs that travel with the data: provenance first, then every definition a reader needs. */
export function metaPairs(report: CompStatReport): [string, string][] {
  const d = report.definitions;
  const pairs: [string, string][] = [
    ["schema", report.schema],
    ["city", report.city],
    ["time_zone", report.timeZone],
    ["as_of", report.asOf],
    ["generated_at", report.generatedAt],
    ["snapshot", report.snapshot ?? ""],
  ];
  for (const [source, at] of Object.entries(report.dataAsOf)) pairs.push([`data_as_of.${source}`, at ?? ""]);
  pairs.push(
    ["counting_rule", d.countingRule],
    ["definition.periods", d.periods],
    ["definition.change", d.change],
    ["definition.significance", d.significance],
    ["definition.rates", d.rates],
    ["definition.clearance", d.clearance],
  );
  for (const p of report.periods) {
    for (const w of p.windows)
      pairs.push([`window.${w.id}`, `${w.label}: ${w.start} to ${w.end} (${w.days} days)`]);
    if (p.baseline)
      pairs.push([`baseline.${p.baseline.id}`, `${p.baseline.label}: ${p.baseline.years.join(", ")}`]);
    for (const c of p.comparisons)
      pairs.push([`comparison.${c.id}`, `${c.label}: ${c.current} against ${c.base}`]);
  }
  for (const m of d.metrics) {
    pairs.push(
      [`metric.${m.id}.label`, m.label],
      [`metric.${m.id}.definition`, m.definition],
      [`metric.${m.id}.source`, m.source],
      [`metric.${m.id}.unit`, m.unit],
      [`metric.${m.id}.counting_rule`, m.countingRule],
    );
  }
  report.notes.forEach((n, i) => {
    pairs.push([`note.${i + 1}`, n]);
  });
  return pairs;
}

/** The companion CSV: `key,value` lines (schema, city, as-of dates, counting rule, definitions, notes). */
export function renderCsvMeta(report: CompStatReport): string {
  return csvLines([["key", "value"], ...metaPairs(report)]);
}
