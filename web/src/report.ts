/**
 * The CompStat report as the API sends it (schema peacestat.compstat/1). A copy of the fields the web app
 * reads from src/compstat/report.ts, which the browser build cannot import; fields are only ever added
 * within a schema version, so a subset stays valid.
 */

export interface ReportWindow {
  readonly id: string;
  readonly period: string;
  readonly label: string;
  readonly start: string;
  readonly end: string;
  readonly days: number;
  readonly year: number;
}

export interface ReportBaseline {
  readonly id: string;
  readonly period: string;
  readonly label: string;
  readonly years: readonly number[];
  readonly windows: readonly ReportWindow[];
}

export interface ReportComparison {
  readonly id: string;
  readonly period: string;
  readonly label: string;
  readonly current: string;
  readonly base: string;
  readonly baseIsBaseline: boolean;
}

export interface ReportPeriod {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly windows: readonly ReportWindow[];
  readonly baseline: ReportBaseline | null;
  readonly comparisons: readonly ReportComparison[];
}

export interface ReportGroup {
  readonly id: string;
  readonly kind: "citywide" | "area" | "cross" | "rest";
  readonly layer: string | null;
  readonly area: string | null;
  readonly label: string;
}

export interface MetricDefinitionSummary {
  readonly id: string;
  readonly label: string;
  readonly source: string;
  readonly unit: string;
  readonly definition: string;
  readonly countingRule: string;
}

export type Significance = "notable" | "elevated" | "none";

export interface ReportChange {
  readonly current: number;
  readonly base: number;
  readonly percent: number | null;
  readonly label: string;
  readonly z: number;
  readonly significance: Significance;
  readonly pValue: number | null;
  readonly rateRatio: number | null;
}

export interface ReportRow {
  readonly metric: string;
  readonly group: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly baselines: Readonly<Record<string, { sum: number; years: number; mean: number }>>;
  readonly changes: Readonly<Record<string, ReportChange>>;
}

export interface ReportTable {
  readonly id: string;
  readonly title: string;
  readonly metric: string;
  readonly rowMetrics: readonly string[] | null;
  readonly kind: "areas" | "cross" | "metrics";
  readonly rowLabels: readonly string[];
  readonly blocks: readonly { readonly title: string | null; readonly cells: readonly (string | null)[] }[];
}

export interface CompStatReport {
  readonly schema: string;
  readonly city: string;
  readonly timeZone: string;
  readonly generatedAt: string;
  readonly asOf: string;
  readonly dataAsOf: Readonly<Record<string, string | null>>;
  readonly snapshot: string | null;
  readonly definitions: {
    readonly metrics: readonly MetricDefinitionSummary[];
    readonly countingRule: string;
    readonly periods: string;
    readonly change: string;
    readonly significance: string;
    readonly rates: string;
    readonly clearance: string;
  };
  readonly periods: readonly ReportPeriod[];
  readonly groups: readonly ReportGroup[];
  readonly rows: readonly ReportRow[];
  readonly tables: readonly ReportTable[];
  readonly notes: readonly string[];
}
