/**
 * The form that adds a goal (goals:write roles only). The server applies the rules of
 * `peacestat goals add`; its message (which field, what was expected) is shown beside the form.
 */
import { type FormEvent, useId, useState } from "react";
import { ApiError } from "../api";
import { createGoal, type GoalsAnswer } from "../api-status";
import { ErrorBox } from "../components/Status";

const EMPTY = {
  id: "",
  label: "",
  metric: "",
  area: "",
  baselineFrom: "",
  baselineTo: "",
  start: "",
  deadline: "",
  target: "-10",
};

export function GoalForm(props: {
  metrics: GoalsAnswer["metrics"];
  areas: GoalsAnswer["areas"];
  onAdded: (id: string, label: string) => void;
}) {
  const id = useId();
  const [v, setV] = useState({ ...EMPTY, metric: props.metrics[0]?.id ?? "" });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setV((s) => ({ ...s, [k]: e.target.value }));
  const f = (k: string) => `${id}-${k}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const { goal } = await createGoal({
        id: v.id,
        label: v.label || undefined,
        metric: v.metric,
        area: v.area || undefined,
        baseline: `${v.baselineFrom}..${v.baselineTo}`,
        start: v.start,
        deadline: v.deadline,
        target: v.target,
      });
      setV({ ...EMPTY, metric: v.metric });
      props.onAdded(goal.id, goal.label);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "internal", String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="goal-form no-print" onSubmit={submit} aria-labelledby={f("h")}>
      <h2 id={f("h")}>Add a goal</h2>
      <div className="goal-form-grid">
        <div className="field">
          <label htmlFor={f("id")}>Short id</label>
          <input id={f("id")} value={v.id} onChange={set("id")} required maxLength={100} />
        </div>
        <div className="field wide">
          <label htmlFor={f("label")}>Label (optional)</label>
          <input id={f("label")} value={v.label} onChange={set("label")} maxLength={300} />
        </div>
        <div className="field">
          <label htmlFor={f("metric")}>Metric</label>
          <select id={f("metric")} value={v.metric} onChange={set("metric")} required>
            {props.metrics.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label} ({m.id})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f("area")}>Area</label>
          <select id={f("area")} value={v.area} onChange={set("area")}>
            <option value="">Citywide</option>
            {props.areas.map((l) => (
              <optgroup key={l.layer} label={l.layer}>
                {l.names.map((n) => (
                  <option key={n} value={`${l.layer}:${n}`}>
                    {l.layer} {n}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <fieldset className="field">
          <legend>Baseline window</legend>
          <div className="pair">
            <label htmlFor={f("bf")}>From</label>
            <input id={f("bf")} type="date" value={v.baselineFrom} onChange={set("baselineFrom")} required />
            <label htmlFor={f("bt")}>to</label>
            <input id={f("bt")} type="date" value={v.baselineTo} onChange={set("baselineTo")} required />
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor={f("start")}>Start</label>
          <input id={f("start")} type="date" value={v.start} onChange={set("start")} required />
        </div>
        <div className="field">
          <label htmlFor={f("deadline")}>Deadline</label>
          <input id={f("deadline")} type="date" value={v.deadline} onChange={set("deadline")} required />
        </div>
        <div className="field">
          <label htmlFor={f("target")}>Target change (%)</label>
          <input
            id={f("target")}
            type="number"
            step="any"
            min={-99.9}
            value={v.target}
            onChange={set("target")}
            required
            aria-describedby={f("target-hint")}
          />
          <p className="hint" id={f("target-hint")}>
            Negative for a reduction: -20 means 20% fewer than the baseline level.
          </p>
        </div>
      </div>
      <ErrorBox error={error} title="Could not add the goal" />
      <div className="actions">
        <button type="submit" aria-disabled={busy}>
          Add goal
        </button>
      </div>
    </form>
  );
}
