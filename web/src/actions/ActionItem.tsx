/**
 * One action in the list: a disclosure (keyboard and screen-reader friendly <details>) whose summary says
 * what, who, status and due date, and which loads the history and links when opened. Roles that may change
 * the action get the status form; review roles can reveal person links by stating a purpose (audited).
 */
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import { ApiError } from "../api";
import { type Action, type ActionDetailAnswer, getAction } from "../api-actions";
import { ErrorBox, Loading } from "../components/Status";
import { localTime } from "../status/useLoad";
import { eventText, STATUS_LABELS, TYPE_LABELS } from "./labels";
import { UpdateForm } from "./UpdateForm";

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, "internal", String(e)));

function LinkList(props: { detail: ActionDetailAnswer; onPurpose: (p: string) => void }) {
  const { action } = props.detail;
  const [purpose, setPurpose] = useState("");
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onPurpose(purpose);
  };
  return (
    <div>
      <h4>Links</h4>
      {action.links.length === 0 ? (
        <p className="empty">No links{action.hiddenPersonLinks ? " shown" : ""}.</p>
      ) : (
        <ul className="action-links">
          {action.links.map((l) => (
            <li key={`${l.kind}:${l.ref}`}>
              <span className="link-kind">{l.kind}</span> {l.ref}
            </li>
          ))}
        </ul>
      )}
      {(action.hiddenPersonLinks ?? 0) > 0 && (
        <form className="purpose-form no-print" onSubmit={submit}>
          <label htmlFor={id}>
            {action.hiddenPersonLinks} person link{action.hiddenPersonLinks === 1 ? "" : "s"} hidden. Purpose
            to show
            {action.hiddenPersonLinks === 1 ? " it" : " them"} (written to the audit log)
          </label>
          <input
            id={id}
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            minLength={5}
            required
          />
          <button type="submit" className="secondary">
            Show person links
          </button>
        </form>
      )}
    </div>
  );
}

export function ActionItem(props: {
  action: Action;
  onChanged: (message: string) => void;
  onUnauthorized: () => void;
}) {
  const a = props.action;
  const [open, setOpen] = useState(() => window.location.hash === `#action-${a.id}`);
  const [detail, setDetail] = useState<ActionDetailAnswer | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (purpose?: string) => {
      setLoading(true);
      setError(null);
      try {
        setDetail(await getAction(a.id, purpose));
      } catch (e) {
        const err = asApiError(e);
        if (err.status === 401) props.onUnauthorized();
        setError(err);
      } finally {
        setLoading(false);
      }
    },
    [a.id, props.onUnauthorized],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new updatedAt (a change saved) loads the history again.
  useEffect(() => {
    if (open) void load();
  }, [open, load, a.updatedAt]);

  return (
    <li id={`action-${a.id}`} className="action-item" data-action={a.id} data-status={a.status}>
      <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <span className="action-title">
            #{a.id} {a.title}
          </span>
          <span className={`action-status status-${a.status}`}>{STATUS_LABELS[a.status]}</span>
          {a.overdue && <span className="overdue-tag">Overdue</span>}
          <span className="action-meta">
            {a.agency} · {TYPE_LABELS[a.type]} · {a.due ? `due ${a.due}` : "no due date"}
          </span>
        </summary>
        <div className="action-body">
          <Loading loading={loading} what="the action's history" />
          <ErrorBox error={error} title="Could not load the action" />
          {detail && (
            <>
              <dl className="action-facts">
                <div>
                  <dt>Owner</dt>
                  <dd>{detail.action.owner ?? "not named"}</dd>
                </div>
                <div>
                  <dt>From</dt>
                  <dd>{detail.action.origin}</dd>
                </div>
                <div>
                  <dt>Created</dt>
                  <dd>
                    {localTime(detail.action.createdAt, detail.timeZone)} by {detail.action.createdBy}
                  </dd>
                </div>
              </dl>
              <LinkList detail={detail} onPurpose={(p) => void load(p)} />
              <table className="action-history">
                <caption>History (times on the city's clock)</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.action.history.map((e) => (
                    <tr key={e.seq}>
                      <td>{localTime(e.at, detail.timeZone)}</td>
                      <td>{e.username ?? "unknown"}</td>
                      <td>{eventText(e)}</td>
                      <td>{e.note ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {detail.canUpdate && (
                <UpdateForm
                  action={detail.action}
                  next={detail.next}
                  onSaved={(msg) => props.onChanged(msg)}
                  onUnauthorized={props.onUnauthorized}
                />
              )}
            </>
          )}
        </div>
      </details>
    </li>
  );
}
