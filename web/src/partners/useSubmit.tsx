/**
 * A form's submit state: busy while the request runs (a second click is ignored), the server's error
 * message (which field, what was expected) kept until the next try.
 */
import { useCallback, useState } from "react";
import { ApiError } from "../api";

export function useSubmit(onUnauthorized: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(
    async <T,>(fn: () => Promise<T>): Promise<T | null> => {
      if (busy) return null;
      setBusy(true);
      setError(null);
      try {
        return await fn();
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(0, "internal", String(e));
        if (err.status === 401) onUnauthorized();
        setError(err);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [busy, onUnauthorized],
  );
  return { busy, error, run };
}

/** `LAYER:NAME` options grouped by layer, for an area select. */
export function AreaOptions(props: { areas: readonly { layer: string; names: string[] }[] }) {
  return (
    <>
      {props.areas
        .filter((l) => l.layer !== "city_limit")
        .map((l) => (
          <optgroup key={l.layer} label={l.layer}>
            {l.names.map((n) => (
              <option key={n} value={`${l.layer}:${n}`}>
                {l.layer} {n}
              </option>
            ))}
          </optgroup>
        ))}
    </>
  );
}
