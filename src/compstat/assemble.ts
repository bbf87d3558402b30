/**
 * From counts to report rows and tables: every change, z, p-value, rate, share and clearance rate is
 * derived here from the window counts, with the rules of domain.md (stats.ts holds the arithmetic).
 */
import { DISTRICT_LAYER } from "../domain/incident.js";
import type { CountTable } from "./counts.js";
import { type AreaFacts, byAreaName, populationOf, type ResolvedGroups } from "./groups.js";
import type { CompiledMetric } from "./metrics.js";
import type {
  ReportChange,
  ReportClearance,
  ReportGroup,
  ReportPeriod,
  ReportRate,
  ReportRow,
  ReportTable,
} from "./report.js";
import {
  changeLabel,
  percentChange,
  poissonTestBaseline,
  poissonZ,
  rateFlags,
  ratePer100k,
  significance,
} from "./stats.js";

export const DEFINITIONS = {
  periods:
    "Local wall-clock days of the city's time zone. Year to date: January 1 through the as-of date, the same month-day window in every year (Feb 29 maps to Feb 28 in other years). 28-day and week: the 28 (7) days ending on the as-of date, against the 28 (7) days before and the same days one year earlier. Full year: calendar years that have ended. Baseline: the mean of the same window over the years named. Records known only to the month count only in windows that hold their whole month.",
  change:
    "Percent change = (current - base) / base x 100, a whole number rounded half away from zero. Blank when both are 0; 'new' when the base is 0 and the current count is not.",
  significance:
    "Beside each change, the Poisson z-score 2(sqrt(current) - sqrt(base)) (Wheeler 2016): |z| >= 2 elevated, |z| >= 3 notable, in either direction. Against a multi-year baseline, the exact Poisson test of the current count against the baseline years (R's poisson.test, conditional binomial) gives a p-value.",
  rates:
    "Rate per 100,000 = count / population x 100,000, two decimals, from the population of the window's year (or the latest earlier year loaded). Rates are recomputed from counts, never summed. Flagged: population under 1,000 or count under 5. Share of city = the group's count / the citywide count.",
  clearance:
    "UCR clearance by arrest or exceptional means, counted per incident of the metric. Period rate = clearances dated in the window / incidents in the window (can exceed 100%: a clearance can belong to an older offense). Cohort rate = incidents of the window cleared by the as-of date.",
} as const;

interface AssembleInput {
  readonly metrics: readonly CompiledMetric[];
  readonly groups: readonly ReportGroup[];
  readonly periods: readonly ReportPeriod[];
  readonly counts: CountTable;
  /** Null when the data carries no clearance; `inPeriod` counts clearances by their date when known. */
  readonly clearance: { readonly datesKnown: boolean; readonly inPeriod: CountTable } | null;
  readonly facts: AreaFacts;
  /**
   * Per metric source, the first day its data covers. A window starting before it holds missing data,
   * not zeros: changes against it read "no data" instead of "new" or -100%.
   */
  readonly firstDay: ReadonlyMap<string, string | null>;
}

/** A change that cannot be computed because one side lies (partly) before the data begins. */
export const NO_DATA_CHANGE = (current: number, base: number): ReportChange => ({
  current,
  base,
  percent: null,
  label: "no data",
  z: null,
  significance: "none",
  pValue: null,
  rateRatio: null,
});

export function change(current: number, baseSum: number, baseYears: number, withTest: boolean): ReportChange {
  const base = baseSum / baseYears;
  const z = poissonZ(current, base);
  const test = withTest ? poissonTestBaseline(current, baseSum, baseYears) : null;
  return {
    current,
    base,
    percent: percentChange(current, baseSum, baseYears),
    label: changeLabel(current, baseSum, baseYears),
    z,
    significance: significance(z),
    pValue: test ? test.pValue : null,
    rateRatio: test ? test.rateRatio : null,
  };
}

export function assembleRows(input: AssembleInput): ReportRow[] {
  const { metrics, groups, periods, counts, facts } = input;
  const rows: ReportRow[] = [];
  const count = (group: string, windowId: string, i: number) =>
    counts.get(group)?.get(windowId)?.units[i] ?? 0;
  for (const [i, metric] of metrics.entries()) {
    for (const g of groups) {
      const c: Record<string, number> = {};
      const baselines: Record<string, { sum: number; years: number; mean: number }> = {};
      const changes: Record<string, ReportChange> = {};
      const rates: Record<string, ReportRate> = {};
      const share: Record<string, number | null> = {};
      const clearance: Record<string, ReportClearance> = {};
      for (const p of periods) {
        for (const w of p.windows) {
          const n = count(g.id, w.id, i);
          c[w.id] = n;
          const city = count("citywide", w.id, i);
          share[w.id] = city > 0 ? n / city : null;
          const pop = populationOf(facts, g, w.year);
          if (pop) {
            const f = rateFlags(n, pop.population);
            rates[w.id] = {
              per100k: ratePer100k(n, pop.population),
              population: pop.population,
              populationYear: pop.year,
              flags: [
                ...(f.smallPopulation ? ["small-population"] : []),
                ...(f.smallCount ? ["small-count"] : []),
              ],
            };
          }
          if (metric.clearance && input.clearance) {
            // Clearance is per incident: victims metrics still clear incidents.
            const incidents = counts.get(g.id)?.get(w.id)?.incidents[i] ?? 0;
            const cohort = counts.get(g.id)?.get(w.id)?.cleared[i] ?? 0;
            const inPeriod = input.clearance.datesKnown
              ? (input.clearance.inPeriod.get(g.id)?.get(w.id)?.units[i] ?? 0)
              : null;
            clearance[w.id] = {
              offenses: incidents,
              clearedCohort: cohort,
              cohortRate: incidents > 0 ? cohort / incidents : null,
              clearedInPeriod: inPeriod,
              periodRate: inPeriod !== null && incidents > 0 ? inPeriod / incidents : null,
            };
          }
        }
        if (p.baseline) {
          const sum = p.baseline.windows.reduce((a, w) => a + count(g.id, w.id, i), 0);
          const years = p.baseline.windows.length;
          baselines[p.baseline.id] = { sum, years, mean: sum / years };
        }
        const first = input.firstDay.get(metric.source) ?? null;
        const covered = (start: string) => first !== null && start >= first;
        for (const cmp of p.comparisons) {
          const current = c[cmp.current] ?? 0;
          const cur = p.windows.find((w) => w.id === cmp.current);
          if (cmp.baseIsBaseline) {
            const b = baselines[cmp.base]!;
            const ok =
              covered(cur?.start ?? "") && (p.baseline?.windows ?? []).every((w) => covered(w.start));
            changes[cmp.id] = ok ? change(current, b.sum, b.years, true) : NO_DATA_CHANGE(current, b.mean);
          } else {
            const base = p.windows.find((w) => w.id === cmp.base);
            const ok = covered(cur?.start ?? "") && covered(base?.start ?? "");
            changes[cmp.id] = ok
              ? change(current, c[cmp.base] ?? 0, 1, false)
              : NO_DATA_CHANGE(current, c[cmp.base] ?? 0);
          }
        }
      }
      rows.push({ metric: metric.id, group: g.id, counts: c, baselines, changes, rates, share, clearance });
    }
  }
  return rows;
}

interface TableInput {
  readonly metrics: readonly CompiledMetric[];
  readonly groups: readonly ReportGroup[];
  readonly resolved: ResolvedGroups;
  readonly rows: readonly ReportRow[];
}

/**
 * The seed's layouts: per metric, a table of each layer's areas with a total row (districts partition the
 * city, so their total is "Total"; other layers end with the rest of the city and "Citywide"); a table of
 * single areas; and a cross table per outer layer with one block per outer area, rows the inner areas
 * that have counts in any block.
 */
export function buildTables(input: TableInput): ReportTable[] {
  const { metrics, groups, resolved } = input;
  const tables: ReportTable[] = [];
  const hasCity = groups.some((g) => g.kind === "citywide");
  for (const m of metrics) {
    for (const layer of resolved.layers) {
      const areas = groups.filter((g) => g.kind === "area" && g.layer === layer);
      const rest = groups.filter((g) => g.kind === "rest" && g.layer === layer);
      const cells = [...areas, ...rest].map((g) => g.id);
      const labels = [...areas, ...rest].map((g) => g.label);
      if (hasCity) {
        cells.push("citywide");
        labels.push(layer === DISTRICT_LAYER ? "Total" : "Citywide");
      }
      tables.push({
        id: `${m.id}:${layer}`,
        title: `${m.label} by ${layer.replaceAll("_", " ")}`,
        metric: m.id,
        rowMetrics: null,
        kind: "areas",
        rowLabels: labels,
        blocks: [{ title: null, cells }],
      });
    }
    const singles = resolved.areas.filter((a) => !resolved.layers.includes(a.layer));
    if (singles.length > 0 && metrics.length === 1) {
      const ids = singles.map((a) => `${a.layer}:${a.area}`);
      tables.push({
        id: `${m.id}:areas`,
        title: singles.length === 1 ? `${m.label}: ${singles[0]!.area}` : `${m.label} by area`,
        metric: m.id,
        rowMetrics: null,
        kind: "areas",
        rowLabels: singles.map((a) => a.area),
        blocks: [{ title: null, cells: ids }],
      });
    }
    for (const c of resolved.cross) {
      const outers = groups.filter((g) => g.kind === "area" && g.layer === c.outer);
      const cellGroups = groups.filter(
        (g) => g.kind === "cross" && g.within?.layer === c.outer && g.layer === c.inner,
      );
      const metricRows = new Map(input.rows.filter((r) => r.metric === m.id).map((r) => [r.group, r]));
      const innerNames = [
        ...new Set(
          cellGroups
            .filter((g) => Object.values(metricRows.get(g.id)?.counts ?? {}).some((n) => n > 0))
            .map((g) => g.area!),
        ),
      ].sort(byAreaName);
      tables.push({
        id: `${m.id}:${c.outer}x${c.inner}`,
        title: `${m.label}: ${c.outer.replaceAll("_", " ")}s by ${c.inner.replaceAll("_", " ")}`,
        metric: m.id,
        rowMetrics: null,
        kind: "cross",
        rowLabels: [...innerNames, "Total"],
        blocks: outers.map((o) => ({
          title: o.area,
          cells: [
            ...innerNames.map((n) => {
              const id = `${c.outer}:${o.area}|${c.inner}:${n}`;
              return cellGroups.some((g) => g.id === id) ? id : null;
            }),
            o.id,
          ],
        })),
      });
    }
  }
  // One area and several metrics: the seed's Table 1 (crimes as rows, periods as columns).
  const singles = resolved.areas.filter((a) => !resolved.layers.includes(a.layer));
  if (singles.length > 0 && metrics.length > 1) {
    for (const a of singles) {
      tables.push({
        id: `metrics:${a.layer}:${a.area}`,
        title: a.area,
        metric: metrics[0]!.id,
        rowMetrics: metrics.map((m) => m.id),
        kind: "metrics",
        rowLabels: metrics.map((m) => m.label),
        blocks: [{ title: null, cells: metrics.map(() => `${a.layer}:${a.area}`) }],
      });
    }
  }
  return tables;
}
