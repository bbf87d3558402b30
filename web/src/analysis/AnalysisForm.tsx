/**
 * One analysis's form, drawn from its field list (fields.ts): every control has a visible label, hints
 * and problems are tied to it with aria-describedby, and Run puts the values in the address bar (the page
 * then runs the analysis they describe), so a result can be bookmarked or shared.
 */
import { type FormEvent, type ReactNode, useId, useState } from "react";
import type { AnalysisKind, AreasAnswer } from "../api-analysis";
import { DEFAULT_METRICS, PERIODS } from "../filters";
import { FIELDS, type FieldSpec, type Options, problemsOf, queryFrom, type Values } from "./fields";

interface Props {
  readonly kind: AnalysisKind;
  readonly initial: Values;
  readonly areas: AreasAnswer | null;
  readonly busy: boolean;
  readonly onRun: (query: string) => void;
}

export function AnalysisForm(props: Props) {
  const { kind, areas } = props;
  const [values, setValues] = useState<Values>(props.initial);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const id = useId();
  const set = (name: string, v: string) => setValues((old) => ({ ...old, [name]: v }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = problemsOf(kind, values);
    setProblems(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    props.onRun(queryFrom(kind, values));
  };

  const field = (f: FieldSpec) => {
    const fid = `${id}-${f.name}`;
    const problem = problems[f.name];
    const hint = "hint" in f && f.hint ? f.hint : null;
    const describedBy = [hint ? `${fid}-hint` : "", problem ? `${fid}-problem` : ""]
      .filter(Boolean)
      .join(" ");
    const common = {
      id: fid,
      "aria-invalid": problem ? true : undefined,
      "aria-describedby": describedBy || undefined,
    };
    const value = values[f.name] ?? "";
    let control: ReactNode;
    if (f.kind === "checkbox") {
      return (
        <div className="field analysis-check" key={f.name}>
          <label htmlFor={fid}>
            <input
              type="checkbox"
              id={fid}
              checked={value === "true"}
              onChange={(e) => set(f.name, String(e.target.checked))}
            />{" "}
            {f.label}
          </label>
        </div>
      );
    }
    if (f.kind === "range") {
      const [from = "", to = ""] = value.split("..");
      return (
        <fieldset className="field analysis-range" key={f.name} aria-describedby={common["aria-describedby"]}>
          <legend>{f.label}</legend>
          <label htmlFor={fid}>
            From{" "}
            <input
              type="date"
              {...common}
              value={from}
              required={f.required}
              onChange={(e) => set(f.name, `${e.target.value}..${to}`)}
            />
          </label>
          <label htmlFor={`${fid}-to`}>
            to{" "}
            <input
              type="date"
              id={`${fid}-to`}
              aria-invalid={common["aria-invalid"]}
              value={to}
              required={f.required}
              onChange={(e) => set(f.name, `${from}..${e.target.value}`)}
            />
          </label>
          <p className="problem" id={`${fid}-problem`}>
            {problem ?? ""}
          </p>
        </fieldset>
      );
    }
    if (f.kind === "select") {
      control = (
        <select {...common} value={value} required={f.required} onChange={(e) => set(f.name, e.target.value)}>
          {f.empty !== undefined && <option value="">{f.empty}</option>}
          {optionsOf(f.options, value, areas)}
        </select>
      );
    } else {
      control = (
        <input
          {...common}
          type={f.kind}
          value={value}
          min={f.min}
          max={f.max}
          inputMode={f.kind === "text" ? "decimal" : undefined}
          onChange={(e) => set(f.name, e.target.value)}
        />
      );
    }
    return (
      <div className="field" key={f.name}>
        <label htmlFor={fid}>{f.label}</label>
        {control}
        {hint && (
          <p className="hint" id={`${fid}-hint`}>
            {hint}
          </p>
        )}
        <p className="problem" id={`${fid}-problem`}>
          {problem ?? ""}
        </p>
      </div>
    );
  };

  return (
    <form className="filters analysis-form no-print" onSubmit={submit} noValidate>
      {FIELDS[kind].map(field)}
      <div className="actions">
        <button type="submit" aria-disabled={props.busy || undefined}>
          Run
        </button>
      </div>
    </form>
  );
}

/** The choices of a select; the current value is kept even when the lists do not name it. */
function optionsOf(options: Options, value: string, areas: AreasAnswer | null): ReactNode {
  let list: { value: string; label: string }[];
  if (options === "areas") {
    const groups = (areas?.layers ?? []).map((l) => (
      <optgroup key={l.layer} label={l.layer}>
        {l.areas.map((a) => (
          <option key={a} value={`${l.layer}:${a}`}>
            {a}
          </option>
        ))}
      </optgroup>
    ));
    const known = (areas?.layers ?? []).some((l) => l.areas.some((a) => `${l.layer}:${a}` === value));
    return (
      <>
        {value && !known && <option value={value}>{value}</option>}
        {groups}
      </>
    );
  }
  if (options === "layers") list = (areas?.layers ?? []).map((l) => ({ value: l.layer, label: l.layer }));
  else if (options === "metrics") list = DEFAULT_METRICS.map((m) => ({ value: m.id, label: m.label }));
  else if (options === "periods") list = PERIODS.map((p) => ({ value: p.id, label: p.label }));
  else list = [...options];
  if (value && !list.some((o) => o.value === value)) list.push({ value, label: value });
  return list.map((o) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  ));
}
