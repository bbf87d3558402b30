/**
 * Create an action (review roles): what, which type, which agency and owner, by when, where it came from,
 * and links to incidents (uids) and an area. The server checks every field; its message is shown here.
 */
import { type FormEvent, useId, useState } from "react";
import { ApiError } from "../api";
import { type ActionLink, type ActionListAnswer, type ActionType, createAction } from "../api-actions";
import { ErrorBox } from "../components/Status";
import { TYPE_LABELS, TYPES } from "./labels";

const ORIGINS = ["shooting", "place", "meeting", "other"] as const;
const EMPTY = {
  title: "",
  type: "other",
  agency: "",
  owner: "",
  due: "",
  origin: "shooting",
  incidents: "",
  area: "",
  note: "",
};

export function CreateActionForm(props: {
  agencies: ActionListAnswer["agencies"];
  areas: ActionListAnswer["areas"];
  onCreated: (id: number, agency: string) => void;
  onUnauthorized: () => void;
  /** Prefilled values (the shoot review starts an action from a shooting: its incident and district). */
  initial?: Partial<typeof EMPTY>;
  /** Heading; default "Create an action". */
  heading?: string;
}) {
  const id = useId();
  const f = (k: string) => `${id}-${k}`;
  const [v, setV] = useState({ ...EMPTY, agency: props.agencies[0] ?? "", ...props.initial });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setV((s) => ({ ...s, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const links: ActionLink[] = [
      ...v.incidents
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((ref) => ({ kind: "incident" as const, ref })),
      ...(v.area ? [{ kind: "area" as const, ref: v.area }] : []),
    ];
    setBusy(true);
    setError(null);
    try {
      const { action } = await createAction({
        title: v.title,
        type: v.type as ActionType,
        agency: v.agency,
        owner: v.owner || null,
        due: v.due || null,
        origin: v.origin as (typeof ORIGINS)[number],
        links,
        note: v.note || null,
      });
      setV({ ...EMPTY, agency: v.agency });
      props.onCreated(action.id, action.agency);
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, "internal", String(err));
      if (apiErr.status === 401) props.onUnauthorized();
      setError(apiErr);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="create-action no-print" onSubmit={submit} aria-labelledby={f("h")}>
      <h2 id={f("h")}>{props.heading ?? "Create an action"}</h2>
      <div className="create-grid">
        <div className="field wide">
          <label htmlFor={f("title")}>Title</label>
          <input id={f("title")} value={v.title} onChange={set("title")} required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor={f("type")}>Type</label>
          <select id={f("type")} value={v.type} onChange={set("type")}>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f("agency")}>Agency</label>
          {props.agencies.length > 0 ? (
            <select id={f("agency")} value={v.agency} onChange={set("agency")} required>
              {props.agencies.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          ) : (
            <input id={f("agency")} value={v.agency} onChange={set("agency")} required maxLength={40} />
          )}
        </div>
        <div className="field">
          <label htmlFor={f("owner")}>Owner (optional)</label>
          <input id={f("owner")} value={v.owner} onChange={set("owner")} maxLength={120} />
        </div>
        <div className="field">
          <label htmlFor={f("due")}>Due date (optional)</label>
          <input id={f("due")} type="date" value={v.due} onChange={set("due")} />
        </div>
        <div className="field">
          <label htmlFor={f("origin")}>From</label>
          <select id={f("origin")} value={v.origin} onChange={set("origin")}>
            {ORIGINS.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f("incidents")}>Incident ids (optional)</label>
          <input id={f("incidents")} value={v.incidents} onChange={set("incidents")} inputMode="numeric" />
          <p className="hint">Incident uids, separated by commas.</p>
        </div>
        <div className="field">
          <label htmlFor={f("area")}>Area (optional)</label>
          <select id={f("area")} value={v.area} onChange={set("area")}>
            <option value="">None</option>
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
        <div className="field wide">
          <label htmlFor={f("note")}>Note (optional)</label>
          <textarea id={f("note")} value={v.note} onChange={set("note")} rows={2} maxLength={2000} />
        </div>
        <div className="actions">
          <button type="submit" aria-disabled={busy}>
            Create action
          </button>
        </div>
      </div>
      <ErrorBox error={error} title="Could not create the action" />
    </form>
  );
}
