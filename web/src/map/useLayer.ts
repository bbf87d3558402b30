/**
 * Loads one map layer when it is switched on, keeps its last answer while a new one loads, and aborts an
 * older request when the inputs change, so an answer can never arrive out of order.
 */
import { useEffect, useState } from "react";
import { ApiError } from "../api";

export interface LayerState<T> {
  readonly data: T | null;
  readonly loading: boolean;
  readonly error: ApiError | null;
}

/** `key` names the request (its inputs); `load` runs when `enabled` and the key changes. */
export function useLayer<T>(
  key: string,
  enabled: boolean,
  load: (signal: AbortSignal) => Promise<T>,
): LayerState<T> {
  const [state, setState] = useState<LayerState<T>>({ data: null, loading: false, error: null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for everything `load` reads
  useEffect(() => {
    if (!enabled) {
      setState({ data: null, loading: false, error: null });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    load(controller.signal).then(
      (data) => setState({ data, loading: false, error: null }),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        const error =
          e instanceof ApiError ? e : new ApiError(0, "internal", e instanceof Error ? e.message : String(e));
        setState({ data: null, loading: false, error });
      },
    );
    return () => controller.abort();
  }, [key, enabled]);
  return state;
}
