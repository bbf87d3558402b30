/** The loading line and the error box every data page shows; both are announced to screen readers. */
import type { ApiError } from "../api";

export function Loading(props: { loading: boolean; what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {props.loading ? `Loading ${props.what}…` : ""}
    </p>
  );
}

export function ErrorBox(props: { error: ApiError | null; title?: string }) {
  if (!props.error) return null;
  return (
    <div className="error" role="alert">
      <strong>{props.title ?? "Could not load the report"}:</strong> {props.error.message}
    </div>
  );
}
