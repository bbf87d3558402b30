/**
 * Runs one analysis for a query string and keeps the last answer on screen while the next one runs; a
 * newer query aborts the older request, so answers never arrive out of order. A null query means "not
 * run". The answer carries its kind, so a tab never draws another tab's answer while the next one loads.
 */
import { useEffect, useState } from "react";
import { ApiError } from "../api";
import { type AnalysisKind, type AnswerOf, runAnalysis } from "../api-analysis";

export type AnalysisResult = { [K in AnalysisKind]: { kind: K; answer: AnswerOf[K] } }[AnalysisKind];

export interface AnalysisState {
  readonly result: AnalysisResult | null;
  readonly loading: boolean;
  readonly error: ApiError | null;
}

export function useAnalysis(kind: AnalysisKind, query: string | null): AnalysisState {
  const [state, setState] = useState<AnalysisState>({ result: null, loading: false, error: null });
  useEffect(() => {
    if (query === null) {
      setState({ result: null, loading: false, error: null });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ result: s.result?.kind === kind ? s.result : null, loading: true, error: null }));
    runAnalysis(kind, query, controller.signal).then(
      (answer) => setState({ result: { kind, answer } as AnalysisResult, loading: false, error: null }),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        const error =
          e instanceof ApiError ? e : new ApiError(0, "internal", e instanceof Error ? e.message : String(e));
        setState({ result: null, loading: false, error });
      },
    );
    return () => controller.abort();
  }, [kind, query]);
  return state;
}
