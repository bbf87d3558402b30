/**
 * Record-level lists (activity rows, operations with their places) load only with a stated purpose: every
 * load is written to the audit log with it. The purpose is kept for this browser tab.
 */
import { type FormEvent, useId, useState } from "react";

const KEY = "peacestat:partners-purpose";

export function PurposeLoader(props: { what: string; onLoad: (purpose: string) => void; busy: boolean }) {
  const id = useId();
  const [purpose, setPurpose] = useState(() => sessionStorage.getItem(KEY) ?? "");
  const [problem, setProblem] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = purpose.trim();
    if (p.length < 5) {
      setProblem("Say why you need these records (at least 5 characters).");
      return;
    }
    setProblem("");
    sessionStorage.setItem(KEY, p);
    props.onLoad(p);
  };
  return (
    <form className="purpose-loader no-print" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-p`}>Purpose</label>
        <input
          id={`${id}-p`}
          value={purpose}
          onChange={(e) => setPurpose(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-h ${id}-e`}
          maxLength={500}
        />
        <p className="hint" id={`${id}-h`}>
          Written to the audit log with each load.
        </p>
        <p className="problem" id={`${id}-e`} role="alert">
          {problem}
        </p>
      </div>
      <div className="actions">
        <button type="submit" aria-disabled={props.busy}>
          Load {props.what}
        </button>
      </div>
    </form>
  );
}
