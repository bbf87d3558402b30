/**
 * The numbers a count table leaves out, for the same rows: square miles, population, rate per 100,000,
 * share of city and clearance, for one window (the current window of the longest period, the most stable
 * figure). The seed's own argument is such a row: the corridor held over 10% of the city's violent crime
 * on 2.3 of 96.8 square miles. Shared by the text and HTML outputs.
 */
import type { ReportIndex } from "./render-layout.js";
import type { CompStatReport, ReportTable, ReportWindow } from "./report.js";

export interface DetailRow {
  readonly label: string;
  readonly squareMiles: string;
  readonly population: string;
  readonly count: string;
  readonly rate: string;
  readonly share: string;
  readonly cohort: string;
  readonly period: string;
}

export interface Details {
  readonly title: string;
  readonly window: ReportWindow;
  readonly hasRates: boolean;
  readonly hasClearance: boolean;
  readonly rows: readonly DetailRow[];
}

export const DETAIL_HEADINGS = {
  squareMiles: "Sq mi",
  population: "Population",
  count: "Count",
  rate: "Per 100,000",
  share: "Share of city",
  cohort: "Cleared by as-of (cohort)",
  period: "Cleared in window (period rate)",
} as const;

/** The current window of the longest period in the report. */
export function detailWindow(report: CompStatReport): ReportWindow | null {
  let best: ReportWindow | null = null;
  for (const p of report.periods) {
    const w = p.windows.at(-1);
    if (w && (!best || w.days > best.days)) best = w;
  }
  return best;
}

const INT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "" : `${(x * 100).toFixed(1)}%`;

/** Details for an areas table (not cross or metrics tables); null when there is nothing to add. */
export function tableDetails(report: CompStatReport, index: ReportIndex, table: ReportTable): Details | null {
  if (table.kind !== "areas") return null;
  const w = detailWindow(report);
  if (!w) return null;
  const cells = table.blocks[0]?.cells ?? [];
  let hasRates = false;
  let hasClearance = false;
  let hasArea = false;
  const rows = table.rowLabels.map((label, r) => {
    const id = cells[r] ?? null;
    const row = index.row(table.metric, id);
    const g = id === null ? undefined : index.group(id);
    const rate = row?.rates[w.id];
    const cl = row?.clearance[w.id];
    if (rate) hasRates = true;
    if (cl) hasClearance = true;
    if (g?.squareMiles != null) hasArea = true;
    const flagged = rate && rate.flags.length > 0 ? "*" : "";
    return {
      label,
      squareMiles: g?.squareMiles == null ? "" : g.squareMiles.toFixed(1),
      population:
        rate?.population == null
          ? ""
          : `${INT.format(rate.population)}${rate.populationYear !== w.year ? ` (${rate.populationYear})` : ""}`,
      count: row ? INT.format(row.counts[w.id] ?? 0) : "",
      rate: rate?.per100k == null ? "" : `${rate.per100k.toFixed(2)}${flagged}`,
      share: pct(row?.share[w.id]),
      cohort: cl ? `${INT.format(cl.clearedCohort)} (${pct(cl.cohortRate)})` : "",
      period:
        cl && cl.clearedInPeriod !== null ? `${INT.format(cl.clearedInPeriod)} (${pct(cl.periodRate)})` : "",
    };
  });
  if (!hasRates && !hasClearance && !hasArea) return null;
  return {
    title: `${table.title}: rates, shares and clearance, ${w.label}`,
    window: w,
    hasRates,
    hasClearance,
    rows,
  };
}

/** The columns worth printing for these details, in order. */
export function detailColumns(d: Details): (keyof typeof DETAIL_HEADINGS)[] {
  return [
    "squareMiles",
    ...(d.hasRates ? (["population"] as const) : []),
    "count",
    ...(d.hasRates ? (["rate"] as const) : []),
    "share",
    ...(d.hasClearance ? (["cohort", "period"] as const) : []),
  ];
}

export const DETAIL_NOTE =
  "Rates marked * are unreliable (population under 1,000 or count under 5). A population year in brackets is the latest loaded before the window's year.";
