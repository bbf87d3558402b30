/**
 * The goals page (`/goals`): every goal with its status, progress to date and projection as the CompStat
 * engine computes them, measured to the `asOf` day in the address bar (default: the CompStat book's).
 * Roles that may set goals get a form to add one and a delete button (with confirmation) on each.
 */
import { type FormEvent, useCallback, useEffect, useMemo, useState } from "react";
import { ApiError } from "../api";
import { deleteGoal, getGoals } from "../api-status";
import { ErrorBox, Loading } from "../components/Status";
import { GoalCard } from "../goals/GoalCard";
import { GoalForm } from "../goals/GoalForm";
import type { PageProps } from "../page";
import { navigate } from "../router";
import { useLoad } from "../status/useLoad";
import "./GoalsPage.css";

export function GoalsPage(props: PageProps) {
  const { search, onUnauthorized } = props;
  const asOf = new URLSearchParams(search).get("asOf") ?? undefined;
  const { data, loading, error, reload } = useLoad((signal) => getGoals(asOf, signal), asOf ?? "");
  const [draft, setDraft] = useState(asOf ?? "");
  const [message, setMessage] = useState("");
  const [actionError, setActionError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (error?.status === 401) onUnauthorized();
  }, [error, onUnauthorized]);
  useEffect(() => setDraft(asOf ?? ""), [asOf]);

  const labels = useMemo(() => new Map((data?.metrics ?? []).map((m) => [m.id, m.label])), [data]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    navigate(draft ? `/goals?asOf=${draft}` : "/goals");
  };
  const onAdded = useCallback(
    (id: string, label: string) => {
      setMessage(`Goal ${id} added: ${label}.`);
      reload();
    },
    [reload],
  );
  const onDelete = useCallback(
    async (id: string) => {
      setActionError(null);
      try {
        await deleteGoal(id);
        setMessage(`Goal ${id} deleted.`);
        reload();
      } catch (e) {
        setActionError(e instanceof ApiError ? e : new ApiError(0, "internal", String(e)));
      }
    },
    [reload],
  );

  return (
    <div className="goals-page">
      <form className="filters no-print" onSubmit={apply}>
        <div className="field">
          <label htmlFor="goals-asof">Measure to</label>
          <input id="goals-asof" type="date" value={draft} onChange={(e) => setDraft(e.target.value)} />
          <p className="hint">Empty: the last day of the CompStat book.</p>
        </div>
        <div className="actions">
          <button type="submit">Apply</button>
        </div>
      </form>
      <p className="sr-only" role="status" aria-live="polite">
        {message}
      </p>
      {message && (
        <p className="notice" aria-hidden="true">
          {message}
        </p>
      )}
      <Loading loading={loading} what="goals" />
      <ErrorBox error={error} title="Could not load the goals" />
      <ErrorBox error={actionError} title="Could not delete the goal" />
      {data && (
        <>
          <p className="asof">Measured to {data.asOf}.</p>
          {data.goals.length === 0 ? (
            <p className="empty">No goals yet.</p>
          ) : (
            <div className="goal-list" aria-busy={loading}>
              {data.goals.map((g) => (
                <GoalCard
                  key={g.id}
                  goal={g}
                  asOf={data.asOf}
                  metricLabel={labels.get(g.metric) ?? g.metric}
                  onDelete={data.canWrite ? onDelete : undefined}
                />
              ))}
            </div>
          )}
          {data.canWrite && <GoalForm metrics={data.metrics} areas={data.areas} onAdded={onAdded} />}
        </>
      )}
    </div>
  );
}
