/**
 * The CompStat report: what `peacestat compstat` computes and every output (JSON, CSV, XLSX, HTML, PDF)
 * renders. The JSON form IS this object; its schema is documented in docs/compstat.md and versioned by
 * `schema`: fields are only ever added within a version.
 *
 * Shape: periods define columns (count windows, N-year baselines, comparisons); groups define rows
 * (citywide, an area, a focus area x district cell, the rest of the city); one `ReportRow` per
 * metric x group holds every number. `tables` say how the meeting reads them (the seed's layouts).
 */

export const REPORT_SCHEMA = "peacestat.compstat/1";

export type PeriodKind = "week" | "28d" | "ytd" | "year" | "range";

/** A span of whole local days, inclusive at both ends. */
export interface ReportWindow {
  /** Stable id, e.g. `ytd:2019`, `year:2017`, `28d:0` (current), `28d:prior`, `28d:last-year`. */
  readonly id: string;
  readonly period: string;
  /** Column heading in the seed's style: "2019 (YTD)", "2017 (Full Year)", "Last 28 days". */
  readonly label: string;
  /** First and last local day, `YYYY-MM-DD`, both inclusive. */
  readonly start: string;
  readonly end: string;
  readonly days: number;
  /** The year whose population is used for rates (the year of `end`). */
  readonly year: number;
}

/** The mean of one window over several earlier years (the seed's "2007 - 2015 Average"). */
export interface ReportBaseline {
  /** e.g. `ytd:baseline:2014-2018`. */
  readonly id: string;
  readonly period: string;
  readonly label: string;
  readonly years: readonly number[];
  /** The windows averaged, one per year. */
  readonly windows: readonly ReportWindow[];
}

/** A change column: `current` against `base` (a window or a baseline id). */
export interface ReportComparison {
  /** e.g. `ytd:2017..2019`, `28d:prior..0`, `ytd:baseline..2019`. */
  readonly id: string;
  readonly period: string;
  /** "2017-19 (YTD % Change)" */
  readonly label: string;
  readonly current: string;
  readonly base: string;
  readonly baseIsBaseline: boolean;
}

export interface ReportPeriod {
  /** `week`, `28d`, `ytd`, `year` or `range:FROM..TO`. */
  readonly id: string;
  readonly kind: PeriodKind;
  readonly label: string;
  /** Display order: oldest first, the current window last. */
  readonly windows: readonly ReportWindow[];
  readonly baseline: ReportBaseline | null;
  readonly comparisons: readonly ReportComparison[];
}

export type GroupKind = "citywide" | "area" | "cross" | "rest";

export interface ReportGroup {
  /**
   * `citywide`; `LAYER:NAME` for an area (`district:3`, `focus_area:Center Street Corridor`);
   * `OUTER_LAYER:OUTER|LAYER:NAME` for a cross-tab cell; `rest:LAYER` for the city outside a layer's areas.
   */
  readonly id: string;
  readonly kind: GroupKind;
  readonly layer: string | null;
  readonly area: string | null;
  /** For a cross-tab cell: the outer area (a focus area) the cell lies in. */
  readonly within: { readonly layer: string; readonly area: string } | null;
  readonly label: string;
  /** Geodesic area of the polygon (null for citywide without a city_limit layer, cells and Unknown). */
  readonly squareMiles: number | null;
}

export interface MetricDefinitionSummary {
  readonly id: string;
  readonly label: string;
  /** incidents, gunshot detections, calls for service or partner activity. */
  readonly source: string;
  /** What is counted: incidents, victims, detections, calls, activities. */
  readonly unit: string;
  /** One plain sentence: which codes, weapons, injuries, call types. */
  readonly definition: string;
  /** Part I family members are reported with the family's counting rule. */
  readonly countingRule: string;
}

export type Significance = "notable" | "elevated" | "none";

export interface ReportChange {
  readonly current: number;
  /** The base count, or the baseline mean. */
  readonly base: number;
  /** Whole percent, half away from zero; null when the base is 0. */
  readonly percent: number | null;
  /**
   * The seed's cell text: "6%", "-12%", "new", or "" when both are 0; "no data" when a window starts before
   * the first day the metric's data covers (missing is not zero).
   */
  readonly label: string;
  /** Poisson z = 2(sqrt(current) - sqrt(base)) (Wheeler 2016); null with "no data". */
  readonly z: number | null;
  readonly significance: Significance;
  /** Against a baseline only: exact Poisson test p-value (R's poisson.test) and the rate ratio. */
  readonly pValue: number | null;
  readonly rateRatio: number | null;
}

export interface ReportRate {
  /** Per 100,000 residents, two decimals; null without a population. */
  readonly per100k: number | null;
  readonly population: number | null;
  /** The population year used (the window's year, or the latest loaded year before it). */
  readonly populationYear: number | null;
  /** `small-population` (< 1,000), `small-count` (< 5): unreliable, shown flagged. */
  readonly flags: readonly string[];
}

export interface ReportClearance {
  /** Incidents of the metric in the window. */
  readonly offenses: number;
  /** Cohort: of those, cleared by the report's as-of date. */
  readonly clearedCohort: number;
  readonly cohortRate: number | null;
  /** Period: clearances dated inside the window, whatever the offense's date; null when clearances carry no dates. */
  readonly clearedInPeriod: number | null;
  readonly periodRate: number | null;
}

export interface ReportRow {
  readonly metric: string;
  readonly group: string;
  /** Count per window id. */
  readonly counts: Readonly<Record<string, number>>;
  /** Per baseline id: the sum over its years, the number of years and the mean. */
  readonly baselines: Readonly<Record<string, { sum: number; years: number; mean: number }>>;
  /** Per comparison id. */
  readonly changes: Readonly<Record<string, ReportChange>>;
  /** Per window id; only for groups with populations loaded. */
  readonly rates: Readonly<Record<string, ReportRate>>;
  /** Per window id: this group's count / the citywide count (null when the city has none). */
  readonly share: Readonly<Record<string, number | null>>;
  /** Per window id; only for incident metrics when the data carries clearance. */
  readonly clearance: Readonly<Record<string, ReportClearance>>;
}

/**
 * How to lay the rows out: one table per metric and grouping. `blocks` sit side by side (the seed's PSP
 * tables have one block per focus area); `cells[b][r]` is the group id for row r in block b (null: no
 * such cell, printed blank).
 */
export interface ReportTable {
  readonly id: string;
  readonly title: string;
  readonly metric: string;
  /**
   * Set for a metrics-by-period table of one area (the seed's Table 1: crimes as rows, years as columns):
   * row r counts metric `rowMetrics[r]`; otherwise every row counts `metric`.
   */
  readonly rowMetrics: readonly string[] | null;
  readonly kind: "areas" | "cross" | "metrics";
  /** Row headings: area names, then "Total" (or "Citywide"). */
  readonly rowLabels: readonly string[];
  readonly blocks: readonly { readonly title: string | null; readonly cells: readonly (string | null)[] }[];
}

export interface PartnerLedgerRow {
  readonly agency: string;
  readonly activityType: string;
  /** Counts per window id (the report's windows). */
  readonly counts: Readonly<Record<string, number>>;
  readonly changes: Readonly<Record<string, ReportChange>>;
}

export interface PartnerLedger {
  /** The group the ledger counts (citywide or one area). */
  readonly group: string;
  readonly rows: readonly PartnerLedgerRow[];
}

export interface GoalStatus {
  readonly id: string;
  readonly label: string;
  readonly metric: string;
  readonly group: string;
  readonly baseline: { readonly start: string; readonly end: string; readonly count: number };
  readonly start: string;
  readonly deadline: string;
  /** Target change against the baseline level, percent (e.g. -20). */
  readonly targetPercent: number;
  /** Count from `start` to the as-of date (or the deadline, when past). */
  readonly observed: number;
  /** What the baseline level predicts for the same days, seasonally weighted. */
  readonly expected: number;
  /** observed / expected - 1, percent, one decimal. */
  readonly changeToDate: number | null;
  /** Count projected to the deadline: observed + the rest of the window at the current ratio. */
  readonly projected: number;
  /** The count the target allows over start..deadline. */
  readonly targetCount: number;
  readonly status: "met" | "missed" | "on-track" | "off-track" | "too-early";
  /** How the seasonal profile was taken ("area history 2010-2015, by month" ...). */
  readonly seasonality: string;
}

export interface CompStatReport {
  readonly schema: typeof REPORT_SCHEMA;
  readonly city: string;
  readonly timeZone: string;
  /** When the report was computed, local time `YYYY-MM-DD HH:MM:SS`. */
  readonly generatedAt: string;
  /** The last day counted, `YYYY-MM-DD`. */
  readonly asOf: string;
  /** When each source's data was last loaded (local time), the seed's "Homicide data: 9/30/2019 8:57:31 AM". */
  readonly dataAsOf: Readonly<Record<string, string | null>>;
  /** Set when the report was rebuilt from the database as it was at that instant (versioned incidents). */
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
  readonly partnerLedger: PartnerLedger | null;
  readonly goals: readonly GoalStatus[];
  /** Per source, the first and last local day of the data loaded (null when none). */
  readonly coverage: Readonly<Record<string, { readonly first: string; readonly last: string } | null>>;
  /** Caveats a reader must see: precision, missing populations, unknown locations. */
  readonly notes: readonly string[];
}
