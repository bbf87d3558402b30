/** Change an action's status with a note, or add a note alone (the statuses offered are the allowed ones). */
import { type FormEvent, useId, useState } from "react";
import { ApiError } from "../api";
import { type ActionDetail, type ActionStatus, updateAction } from "../api-actions";
import { ErrorBox } from "../components/Status";
import { STATUS_LABELS } from "./labels";

export function UpdateForm(props: {
  action: ActionDetail;
  next: readonly ActionStatus[];
  onSaved: (message: string) => void;
  onUnauthorized: () => void;
}) {
  const id = useId();
  const [status, setStatus] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const a = props.action;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!status && !note.trim()) {
      setError(new ApiError(400, "invalid-argument", "choose a new status or write a note"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await updateAction(a.id, {
        ...(status ? { status: status as ActionStatus } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setStatus("");
      setNote("");
      props.onSaved(
        status
          ? `Action ${a.id} is now ${STATUS_LABELS[r.action.status].toLowerCase()}.`
          : `Note added to action ${a.id}.`,
      );
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, "internal", String(err));
      if (apiErr.status === 401) props.onUnauthorized();
      setError(apiErr);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="update-form no-print" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>Update action #{a.id}</h4>
      <div className="update-grid">
        <div className="field">
          <label htmlFor={`${id}-status`}>New status</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Keep: {STATUS_LABELS[a.status]}</option>
            {props.next.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field wide">
          <label htmlFor={`${id}-note`}>Note</label>
          <textarea
            id={`${id}-note`}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={2}
            maxLength={2000}
          />
        </div>
        <div className="actions">
          <button type="submit" aria-disabled={busy}>
            Save update
          </button>
        </div>
      </div>
      <ErrorBox error={error} title="Could not update the action" />
    </form>
  );
}
