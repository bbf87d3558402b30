/**
 * Record-level data (the shoot review, activity rows, operations with their places) loads only with a
 * stated purpose: every load is written to the audit log with it. The purpose is kept for this browser tab
 * (per `storageKey`, so a purpose given for one page is not silently reused for another).
 */
import { type FormEvent, useId, useState } from "react";

export function PurposeLoader(props: {
  what: string;
  onLoad: (purpose: string) => void;
  busy: boolean;
  /** sessionStorage key for this page's purpose. */
  storageKey?: string;
}) {
  const id = useId();
  const key = props.storageKey ?? "peacestat:partners-purpose";
  const [purpose, setPurpose] = useState(() => sessionStorage.getItem(key) ?? "");
  const [problem, setProblem] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = purpose.trim();
    if (p.length < 5) {
      setProblem("Say why you need these records (at least 5 characters).");
      return;
    }
    setProblem("");
    sessionStorage.setItem(key, p);
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
