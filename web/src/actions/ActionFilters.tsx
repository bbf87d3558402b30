/** The list's filters; applying them writes them to the address bar (reload and shared links keep them). */
import { type FormEvent, useEffect, useState } from "react";
import type { ActionQuery } from "../api-actions";
import { navigate } from "../router";
import { STATUS_LABELS, STATUSES, TYPE_LABELS, TYPES } from "./labels";

export function toActionsPath(q: ActionQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `/actions?${s}` : "/actions";
}

/** `agencies` empty (partners, community): no agency filter, their list is their own agency's anyway. */
export function ActionFilters(props: { query: ActionQuery; agencies: readonly string[] }) {
  const [v, setV] = useState(props.query);
  useEffect(() => setV(props.query), [props.query]);
  const set = (k: keyof ActionQuery) => (e: { target: { value: string } }) =>
    setV((s) => ({ ...s, [k]: e.target.value }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    navigate(toActionsPath(v));
  };
  return (
    <form className="filters no-print" onSubmit={apply} aria-label="Filter actions">
      <div className="field">
        <label htmlFor="af-status">Status</label>
        <select id="af-status" value={v.status ?? ""} onChange={set("status")}>
          <option value="">Any</option>
          <option value="open,in-progress,blocked">Not closed</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      {props.agencies.length > 0 && (
        <div className="field">
          <label htmlFor="af-agency">Agency</label>
          <select id="af-agency" value={v.agency ?? ""} onChange={set("agency")}>
            <option value="">Any</option>
            {props.agencies.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="af-type">Type</label>
        <select id="af-type" value={v.type ?? ""} onChange={set("type")}>
          <option value="">Any</option>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <span className="checks">
          <label>
            <input
              type="checkbox"
              checked={v.overdue === "true"}
              onChange={(e) => setV((s) => ({ ...s, overdue: e.target.checked ? "true" : undefined }))}
            />{" "}
            Overdue only
          </label>
        </span>
      </div>
      <div className="actions">
        <button type="submit">Apply</button>
        <button type="button" className="secondary" onClick={() => navigate("/actions")}>
          Clear
        </button>
      </div>
    </form>
  );
}
