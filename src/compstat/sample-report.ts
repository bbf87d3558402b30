/**
 * A hand-built CompStat report for the renderers' tests: the seed's homicide table (Milwaukee, January 1 -
 * September 29, 2017-2019), a PSP cross table with two focus-area blocks, a 2007-2015 baseline, a goal and
 * a partner ledger. Counts are the seed's where it has them; the rest (baselines, full years inside the
 * focus areas, populations, the ledger) are invented but consistent. Built by hand, not by the compute
 * code, so a renderer test never depends on it.
 */
import type {
  CompStatReport,
  ReportChange,
  ReportComparison,
  ReportGroup,
  ReportPeriod,
  ReportRate,
  ReportRow,
  ReportTable,
  ReportWindow,
} from "./report.js";
import { REPORT_SCHEMA } from "./report.js";

/** Exact two-sided binomial test as R's binom.test, which is what poisson.test runs for two counts. */
function poissonTestP(current: number, sum: number, years: number): number {
  const n = current + sum;
  const p = 1 / (1 + years);
  const pmf: number[] = [(1 - p) ** n];
  for (let k = 0; k < n; k++) pmf.push((pmf[k] ?? 0) * ((n - k) / (k + 1)) * (p / (1 - p)));
  const d = (pmf[current] ?? 0) * (1 + 1e-7);
  return Math.min(
    1,
    pmf.reduce((acc, x) => (x <= d ? acc + x : acc), 0),
  );
}

/** The domain's change rule (docs: whole percent half away from zero, Poisson z, |z| >= 2 / >= 3). */
export function change(
  current: number,
  base: number,
  baseline?: { sum: number; years: number },
): ReportChange {
  const raw = base === 0 ? null : ((current - base) / base) * 100;
  const percent = raw === null ? null : Math.sign(raw) * Math.round(Math.abs(raw)) || 0;
  const z = 2 * (Math.sqrt(current) - Math.sqrt(base));
  return {
    current,
    base,
    percent,
    label: percent !== null ? `${percent}%` : current > 0 ? "new" : "",
    z,
    significance: Math.abs(z) >= 3 ? "notable" : Math.abs(z) >= 2 ? "elevated" : "none",
    pValue: baseline ? poissonTestP(current, baseline.sum, baseline.years) : null,
    rateRatio: baseline && base > 0 ? current / base : null,
  };
}

/** A window of the seed's kind: the full year, or January 1 - September 29 (272 days in these years). */
function win(kind: "year" | "ytd", y: number): ReportWindow {
  const full = kind === "year";
  const end = full ? `${y}-12-31` : `${y}-09-29`;
  const label = `${y} (${full ? "Full Year" : "YTD"})`;
  return {
    id: `${kind}:${y}`,
    period: kind,
    label,
    start: `${y}-01-01`,
    end,
    days: full ? 365 : 272,
    year: y,
  };
}

const BASELINE_YEARS = [2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015];
const BASELINE_ID = "ytd:baseline:2007-2015";
const compare = (base: string, label: string): ReportComparison => ({
  id: `ytd:${base === BASELINE_ID ? "baseline" : base.slice(4)}..2019`,
  period: "ytd",
  label,
  current: "ytd:2019",
  base,
  baseIsBaseline: base === BASELINE_ID,
});

const PERIODS: ReportPeriod[] = [
  {
    id: "year",
    kind: "year",
    label: "Full year",
    windows: [win("year", 2017), win("year", 2018)],
    baseline: null,
    comparisons: [],
  },
  {
    id: "ytd",
    kind: "ytd",
    label: "Year to date (January 1 - September 29)",
    windows: [2017, 2018, 2019].map((y) => win("ytd", y)),
    baseline: {
      id: BASELINE_ID,
      period: "ytd",
      label: "2007 - 2015 Average",
      years: BASELINE_YEARS,
      windows: BASELINE_YEARS.map((y) => win("ytd", y)),
    },
    comparisons: [
      compare("ytd:2017", "2017-19 (YTD % Change)"),
      compare("ytd:2018", "2018-19 (YTD % Change)"),
      compare(BASELINE_ID, "2019 vs 2007-15 Average"),
    ],
  },
];

/** [2017 full, 2018 full, 2017 YTD, 2018 YTD, 2019 YTD, 2007-2015 YTD sum over 9 years]. */
type Counts = readonly [number, number, number, number, number, number];

/** The seed's homicide table; the baseline sums are invented (district 3: the domain doc's 14 vs 119). */
const DISTRICTS: Record<string, Counts> = {
  "1": [2, 1, 2, 1, 1, 9],
  "2": [15, 13, 10, 12, 15, 100],
  "3": [21, 16, 17, 15, 14, 119],
  "4": [24, 11, 20, 7, 7, 130],
  "5": [25, 39, 17, 30, 18, 160],
  "6": [1, 2, 1, 2, 2, 12],
  "7": [31, 17, 24, 14, 14, 190],
};
const CITY: Counts = [119, 99, 91, 81, 71, 720];
/** Residents per window year (2017, 2018, 2019): invented, city about 594,000. */
const POPULATION: Record<string, readonly [number, number, number]> = {
  citywide: [594833, 592025, 590157],
  "1": [61200, 61000, 60800],
  "2": [98100, 97800, 97400],
  "3": [83500, 83100, 82800],
  "4": [101300, 101000, 100700],
  "5": [86200, 85900, 85600],
  "6": [92400, 92100, 91800],
  "7": [72133, 71125, 71057],
};

function rate(count: number, population: number | undefined, year: number): ReportRate {
  if (population === undefined) return { per100k: null, population: null, populationYear: null, flags: [] };
  return {
    per100k: Math.round((count / population) * 100000 * 100) / 100,
    population,
    populationYear: year,
    flags: [...(population < 1000 ? ["small-population"] : []), ...(count < 5 ? ["small-count"] : [])],
  };
}

function row(metric: string, group: string, c: Counts, city: Counts, pop?: readonly number[]): ReportRow {
  const ids = ["year:2017", "year:2018", "ytd:2017", "ytd:2018", "ytd:2019"];
  const popYear = [0, 1, 0, 1, 2];
  const counts: Record<string, number> = {};
  const rates: Record<string, ReportRate> = {};
  const share: Record<string, number | null> = {};
  ids.forEach((id, i) => {
    const n = c[i] ?? 0;
    const cityN = city[i] ?? 0;
    counts[id] = n;
    share[id] = cityN === 0 ? null : n / cityN;
    if (pop) rates[id] = rate(n, pop[popYear[i] ?? 0], 2017 + (popYear[i] ?? 0));
  });
  const baseline = { sum: c[5], years: BASELINE_YEARS.length, mean: c[5] / BASELINE_YEARS.length };
  return {
    metric,
    group,
    counts,
    baselines: { [BASELINE_ID]: baseline },
    changes: {
      "ytd:2017..2019": change(c[4], c[2]),
      "ytd:2018..2019": change(c[4], c[3]),
      "ytd:baseline..2019": change(c[4], baseline.mean, baseline),
    },
    rates,
    share,
    clearance: {},
  };
}

export interface SampleOptions {
  /** Name of the second focus area, to test escaping and quoting ("Capitol Drive East" by default). */
  readonly secondArea?: string;
}

export function sampleReport(options: SampleOptions = {}): CompStatReport {
  const csc = "Center Street Corridor";
  const cde = options.secondArea ?? "Capitol Drive East";
  const area = (layer: string, name: string, sq: number | null): ReportGroup => ({
    id: `${layer}:${name}`,
    kind: "area",
    layer,
    area: name,
    within: null,
    label: layer === "district" ? `District ${name}` : name,
    squareMiles: sq,
  });
  const cell = (focus: string, d: string): ReportGroup => ({
    id: `focus_area:${focus}|district:${d}`,
    kind: "cross",
    layer: "district",
    area: d,
    within: { layer: "focus_area", area: focus },
    label: `${focus}, District ${d}`,
    squareMiles: null,
  });
  // Invented focus-area counts: the seed's 2018/2019 YTD, earlier years made up to fit.
  const cross: [string, string, Counts][] = [
    [csc, "3", [6, 5, 5, 4, 5, 40]],
    [csc, "5", [7, 8, 6, 5, 2, 45]],
    [csc, "7", [3, 3, 2, 2, 2, 20]],
    [cde, "3", [0, 0, 0, 0, 0, 0]],
    [cde, "5", [5, 9, 4, 7, 1, 30]],
    [cde, "7", [0, 0, 0, 0, 0, 0]],
  ];
  const focusTotals: [string, Counts][] = [
    [csc, [16, 16, 13, 11, 9, 105]],
    [cde, [5, 9, 4, 7, 1, 30]],
  ];
  const groups: ReportGroup[] = [
    {
      id: "citywide",
      kind: "citywide",
      layer: null,
      area: null,
      within: null,
      label: "Citywide",
      squareMiles: 96.8,
    },
    ...Object.keys(DISTRICTS).map((d) => area("district", d, 13.8)),
    area("focus_area", csc, 2.3),
    area("focus_area", cde, 1.9),
    ...cross.map(([f, d]) => cell(f, d)),
  ];
  const rows: ReportRow[] = [
    row("homicides", "citywide", CITY, CITY, POPULATION.citywide),
    ...Object.entries(DISTRICTS).map(([d, c]) => row("homicides", `district:${d}`, c, CITY, POPULATION[d])),
    ...focusTotals.map(([f, c]) => row("homicides", `focus_area:${f}`, c, CITY)),
    ...cross.map(([f, d, c]) => row("homicides", `focus_area:${f}|district:${d}`, c, CITY)),
  ];
  const tables: ReportTable[] = [
    {
      id: "homicides:district",
      title: "Homicide Citywide",
      metric: "homicides",
      rowMetrics: null,
      kind: "areas",
      rowLabels: [...Object.keys(DISTRICTS), "Total"],
      blocks: [{ title: null, cells: [...Object.keys(DISTRICTS).map((d) => `district:${d}`), "citywide"] }],
    },
    {
      id: "homicides:focus_area x district",
      title: "Homicides PSP Areas",
      metric: "homicides",
      rowMetrics: null,
      kind: "cross",
      rowLabels: ["3", "5", "7", "Total"],
      blocks: [csc, cde].map((f) => ({
        title: f,
        cells: [...["3", "5", "7"].map((d) => `focus_area:${f}|district:${d}`), `focus_area:${f}`],
      })),
    },
  ];
  const ledgerRow = (agency: string, activityType: string, ytd: readonly [number, number, number]) => ({
    agency,
    activityType,
    counts: { "ytd:2017": ytd[0], "ytd:2018": ytd[1], "ytd:2019": ytd[2] },
    changes: { "ytd:2017..2019": change(ytd[2], ytd[0]), "ytd:2018..2019": change(ytd[2], ytd[1]) },
  });
  return {
    schema: REPORT_SCHEMA,
    city: "Milwaukee, WI",
    timeZone: "America/Chicago",
    generatedAt: "2019-09-30 09:05:12",
    coverage: { incidents: { first: "2017-01-01", last: "2019-09-29" } },
    asOf: "2019-09-29",
    dataAsOf: { incidents: "2019-09-30 08:57:31", partner_activity: "2019-09-27 16:00:00" },
    snapshot: null,
    definitions: {
      metrics: [
        {
          id: "homicides",
          label: "Homicides",
          source: "incidents",
          unit: "incidents",
          definition: "Incidents with a NIBRS 09A offense (murder and non-negligent manslaughter).",
          countingRule: "Every offense counted (no UCR hierarchy rule).",
        },
      ],
      countingRule: "Incidents, every offense counted (no UCR hierarchy rule).",
      periods:
        "Year to date: January 1 - September 29 in every year compared. Full year: January 1 - December 31.",
      change:
        'Percent change = (current - base) / base x 100, whole percent, half away from zero; blank when both are 0, "new" when the base is 0.',
      significance:
        "Poisson z = 2(sqrt(current) - sqrt(base)) (Wheeler 2016): |z| >= 2 elevated, >= 3 notable. Against a baseline, an exact Poisson test (R poisson.test).",
      rates: "Per 100,000 residents, two decimals; flagged under 1,000 residents or under 5 counts.",
      clearance:
        "Cohort: offenses of the window cleared by the as-of date. Period: clearances dated in the window / offenses in the window.",
    },
    periods: PERIODS,
    groups,
    rows,
    tables,
    partnerLedger: {
      group: `focus_area:${csc}`,
      rows: [
        ledgerRow("MPD", "Arrests", [212, 240, 265]),
        ledgerRow("ATF", "NIBIN leads", [31, 44, 52]),
        ledgerRow("FBI", "Search warrants", [6, 9, 8]),
        ledgerRow("Office for Violence Prevention", "Community events", [0, 0, 14]),
      ],
    },
    goals: [
      {
        id: "csc-homicides-2019",
        label: "Reduce homicides in the Center Street Corridor by 20%",
        metric: "homicides",
        group: `focus_area:${csc}`,
        baseline: { start: "2016-01-01", end: "2018-12-31", count: 45 },
        start: "2019-01-01",
        deadline: "2019-12-31",
        targetPercent: -20,
        observed: 9,
        expected: 11.3,
        changeToDate: -20.4,
        projected: 11.9,
        targetCount: 12,
        status: "on-track",
        seasonality: "area history 2010-2015, by month",
      },
    ],
    notes: [
      "Percent changes on counts under 10 move a lot by chance: read the z-score beside them.",
      "Incidents without a usable location count in citywide totals (district Unknown).",
    ],
  };
}
