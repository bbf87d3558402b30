/**
 * Loads a report for a query string and keeps the last one on screen while the next loads; a newer
 * query aborts the older request, so an answer can never arrive out of order.
 */
import { useEffect, useState } from "react";
import type { CompStatReport } from "../../src/compstat/report.js";
import { ApiError, type CompStatQuery } from "./api";

export type Fetcher = (query: CompStatQuery, signal: AbortSignal) => Promise<CompStatReport>;

export interface ReportState {
  readonly report: CompStatReport | null;
  readonly loading: boolean;
  readonly error: ApiError | null;
}

export function useReport(fetcher: Fetcher, search: string, enabled = true): ReportState {
  const [state, setState] = useState<ReportState>({ report: null, loading: enabled, error: null });
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const query = Object.fromEntries(new URLSearchParams(search));
    setState((s) => ({ ...s, loading: true, error: null }));
    fetcher(query, controller.signal).then(
      (report) => setState({ report, loading: false, error: null }),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        const error =
          e instanceof ApiError ? e : new ApiError(0, "internal", e instanceof Error ? e.message : String(e));
        setState((s) => ({ ...s, loading: false, error }));
      },
    );
    return () => controller.abort();
  }, [fetcher, search, enabled]);
  return state;
}
