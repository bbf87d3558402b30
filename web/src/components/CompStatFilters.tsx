/**
 * The CompStat filters: as-of date, periods, years, metrics, layers, one area and the cross tab. The form edits a
 * draft and applies it on submit (Enter in any field works), so a half-typed year never fires a request.
 */
import { type FormEvent, useEffect, useId, useState } from "react";
import { DEFAULT_LAYERS, DEFAULT_PERIODS, type Filters, LAYERS, PERIODS, validateFilters } from "../filters";
import { CheckboxGroup } from "./CheckboxGroup";

export function CompStatFilters(props: {
  value: Filters;
  metrics: readonly { id: string; label: string }[];
  /** Areas to offer, `LAYER:NAME` with labels (from the reports seen so far). */
  areas: readonly { id: string; label: string }[];
  onApply: (f: Filters) => void;
}) {
  const [draft, setDraft] = useState<Filters>(props.value);
  const [problems, setProblems] = useState<ReturnType<typeof validateFilters>>({});
  const id = useId();
  // The address bar wins: back/forward or a shared link resets the form to what is shown.
  useEffect(() => setDraft(props.value), [props.value]);

  const set = <K extends keyof Filters>(key: K, v: Filters[K]) => setDraft((d) => ({ ...d, [key]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateFilters(draft);
    setProblems(found);
    if (Object.keys(found).length === 0) props.onApply(draft);
  };
  const reset = () => {
    const d: Filters = {
      asOf: "",
      periods: [...DEFAULT_PERIODS],
      years: "",
      metrics: [],
      layers: [...DEFAULT_LAYERS],
      cross: "",
      area: "",
    };
    setDraft(d);
    setProblems({});
    props.onApply(d);
  };

  return (
    <form className="filters no-print" onSubmit={submit} aria-label="CompStat filters" noValidate>
      <div className="field">
        <label htmlFor={`${id}-asof`}>As-of date</label>
        <input
          id={`${id}-asof`}
          type="date"
          value={draft.asOf}
          onChange={(e) => set("asOf", e.currentTarget.value)}
          aria-describedby={`${id}-asof-hint`}
        />
        <p className="hint" id={`${id}-asof-hint`}>
          Last day counted. Empty: the latest day with data.
        </p>
      </div>
      <CheckboxGroup
        legend="Periods"
        options={PERIODS}
        value={draft.periods}
        onChange={(v) => set("periods", v)}
        problem={problems.periods}
      />
      <div className="field">
        <label htmlFor={`${id}-years`}>Years</label>
        <input
          id={`${id}-years`}
          type="text"
          inputMode="numeric"
          placeholder="e.g. 2023-2025"
          value={draft.years}
          onChange={(e) => set("years", e.currentTarget.value)}
          aria-invalid={problems.years ? true : undefined}
          aria-describedby={`${id}-years-hint`}
        />
        <p className={problems.years ? "problem" : "hint"} id={`${id}-years-hint`}>
          {problems.years ?? "For year-to-date and full-year columns. Empty: this year and last."}
        </p>
      </div>
      <CheckboxGroup
        legend="Metrics"
        className="metrics"
        options={props.metrics}
        value={draft.metrics}
        onChange={(v) => set("metrics", v)}
        hint="None checked: every metric with data."
      />
      <CheckboxGroup
        legend="Areas"
        options={LAYERS}
        value={draft.layers}
        onChange={(v) => set("layers", v)}
        problem={problems.layers}
      />
      <div className="field">
        <label htmlFor={`${id}-area`}>One area</label>
        <select id={`${id}-area`} value={draft.area} onChange={(e) => set("area", e.currentTarget.value)}>
          <option value="">All areas of the layers</option>
          {props.areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
        <p className="hint">Metrics as rows for one district or focus area.</p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-cross`}>Cross tab</label>
        <select id={`${id}-cross`} value={draft.cross} onChange={(e) => set("cross", e.currentTarget.value)}>
          <option value="">None</option>
          <option value="district">By district</option>
        </select>
        <p className="hint">Each focus area split by district.</p>
      </div>
      <div className="actions">
        <button type="submit">Show report</button>
        <button type="button" className="secondary" onClick={reset}>
          Reset
        </button>
      </div>
    </form>
  );
}
