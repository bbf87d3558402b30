/**
 * The CompStat page (`/`, signed in): the filters, the export buttons, the report the API computes for
 * them, and the monthly trends. The filters live in the address bar, so reload, back/forward and shared
 * links show the same tables.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef } from "react";
import { OverdueBanner } from "../actions/OverdueBanner";
import { getCompStat } from "../api";
import { CompStatFilters } from "../components/CompStatFilters";
import { ExportBar } from "../components/ExportBar";
import { ReportView } from "../components/ReportView";
import { ErrorBox, Loading } from "../components/Status";
import { DEFAULT_METRICS, type Filters, filtersFromSearch, searchFromFilters } from "../filters";
import type { PageProps } from "../page";
import { navigate } from "../router";
import { useReport } from "../useReport";

// Observable Plot is loaded with the charts, after the tables: the tables are what the meeting waits for.
const TrendCharts = lazy(() => import("../components/TrendCharts").then((m) => ({ default: m.TrendCharts })));

/** Roles that may export (the server's `exports:create`; it checks again). */
const EXPORTERS = new Set(["admin", "analyst", "commander"]);
/** Charts for at most this many metrics: a wall of charts hides the ones that matter. */
const MAX_TRENDS = 4;

export function CompStatPage(props: PageProps) {
  const { search, onUnauthorized, me } = props;
  const { report, loading, error } = useReport(getCompStat, search);
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const lastMetrics = useRef(DEFAULT_METRICS);
  const lastAreas = useRef<readonly { id: string; label: string }[]>([]);

  // The city's own metrics join the built-in list once a report names them.
  const metrics = useMemo(() => {
    const known = new Map(lastMetrics.current.map((m) => [m.id, m.label] as const));
    for (const m of report?.definitions.metrics ?? []) known.set(m.id, m.label);
    const merged = [...known].map(([id, label]) => ({ id, label }));
    lastMetrics.current = merged;
    return merged;
  }, [report]);

  // Areas offered for "one area": every area a report has shown so far.
  const areas = useMemo(() => {
    const known = new Map(lastAreas.current.map((a) => [a.id, a.label] as const));
    for (const g of report?.groups ?? []) if (g.kind === "area") known.set(g.id, g.label);
    const merged = [...known].map(([id, label]) => ({ id, label }));
    lastAreas.current = merged;
    return merged;
  }, [report]);

  useEffect(() => {
    if (error?.status === 401) onUnauthorized();
  }, [error, onUnauthorized]);

  const apply = useCallback((f: Filters) => navigate(`/${searchFromFilters(f)}`), []);
  const trendMetrics =
    filters.metrics.length > 0 ? filters.metrics.slice(0, MAX_TRENDS) : ["homicides", "nonfatal-shootings"];

  return (
    <>
      <OverdueBanner role={me.role} />
      <CompStatFilters value={filters} metrics={metrics} areas={areas} onApply={apply} />
      {EXPORTERS.has(me.role) && <ExportBar search={search} />}
      <Loading loading={loading} what="CompStat" />
      <ErrorBox error={error} />
      <div aria-busy={loading} className={loading && report ? "stale" : undefined}>
        {report && <ReportView report={report} />}
      </div>
      {report && (
        <Suspense fallback={null}>
          <TrendCharts metrics={trendMetrics} area={filters.area} asOf={report.asOf} />
        </Suspense>
      )}
    </>
  );
}
