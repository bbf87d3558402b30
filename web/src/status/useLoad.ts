/**
 * Loads one answer for a key (a query string, usually) and keeps the last one on screen while the next
 * loads; a newer key or a reload aborts the older request, so answers cannot arrive out of order.
 */
import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../api";

export interface LoadState<T> {
  readonly data: T | null;
  readonly loading: boolean;
  readonly error: ApiError | null;
  /** Loads the same key again (after a change the page itself made). */
  readonly reload: () => void;
}

export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: string): LoadState<T> {
  const [state, setState] = useState<Omit<LoadState<T>, "reload">>({
    data: null,
    loading: true,
    error: null,
  });
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `round` say when to load again; `load` is a fresh closure each render.
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    load(controller.signal).then(
      (data) => setState({ data, loading: false, error: null }),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        const error =
          e instanceof ApiError ? e : new ApiError(0, "internal", e instanceof Error ? e.message : String(e));
        setState((s) => ({ ...s, loading: false, error }));
      },
    );
    return () => controller.abort();
  }, [key, round]);
  return { ...state, reload };
}

/** An instant (ISO 8601, UTC) in the city's local time, `YYYY-MM-DD HH:MM`. */
export function localTime(iso: string | null, timeZone: string): string {
  if (!iso) return "never";
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}
