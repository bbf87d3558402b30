/**
 * The CompStat page (`/`, signed in): the filters, then the report the API computes for them. The filters
 * live in the address bar, so reload, back/forward and shared links show the same tables.
 */
import { useCallback, useEffect, useMemo, useRef } from "react";
import { getCompStat } from "../api";
import { CompStatFilters } from "../components/CompStatFilters";
import { ReportView } from "../components/ReportView";
import { ErrorBox, Loading } from "../components/Status";
import { DEFAULT_METRICS, type Filters, filtersFromSearch, searchFromFilters } from "../filters";
import type { PageProps } from "../page";
import { navigate } from "../router";
import { useReport } from "../useReport";

export function CompStatPage(props: PageProps) {
  const { search, onUnauthorized } = props;
  const { report, loading, error } = useReport(getCompStat, search);
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const lastMetrics = useRef(DEFAULT_METRICS);

  // The city's own metrics join the built-in list once a report names them.
  const metrics = useMemo(() => {
    const known = new Map(lastMetrics.current.map((m) => [m.id, m.label] as const));
    for (const m of report?.definitions.metrics ?? []) known.set(m.id, m.label);
    const merged = [...known].map(([id, label]) => ({ id, label }));
    lastMetrics.current = merged;
    return merged;
  }, [report]);

  useEffect(() => {
    if (error?.status === 401) onUnauthorized();
  }, [error, onUnauthorized]);

  const apply = useCallback((f: Filters) => navigate(`/${searchFromFilters(f)}`), []);

  return (
    <>
      <CompStatFilters value={filters} metrics={metrics} onApply={apply} />
      <Loading loading={loading} what="CompStat" />
      <ErrorBox error={error} />
      <div aria-busy={loading} className={loading && report ? "stale" : undefined}>
        {report && <ReportView report={report} />}
      </div>
    </>
  );
}
