/**
 * The weekly shoot review (`/review`, review roles): every shooting of the window in impact-score order,
 * each with its explained score and context, the agenda (open and overdue actions, the last meeting's next
 * steps), and the packet to print. The review is record-level: it loads only after a stated purpose, and
 * every load is in the audit log. The date and window length live in the address bar.
 */
import "./ReviewPage.css";
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import { CreateActionForm } from "../actions/CreateActionForm";
import { ApiError } from "../api";
import { type ActionListAnswer, getActions } from "../api-actions";
import { getReview, packetHref, type ReviewShooting, type ShootReview } from "../api-review";
import { PurposeLoader } from "../components/PurposeLoader";
import { ErrorBox, Loading } from "../components/Status";
import type { PageProps } from "../page";
import { ShootingCard } from "../review/ShootingCard";
import { navigate } from "../router";

const REVIEW_ROLES = new Set(["admin", "analyst", "commander"]);
const ANNOTATE_ROLES = new Set(["admin", "analyst"]);
const PURPOSE_KEY = "peacestat:review-purpose";

function queryFromSearch(search: string) {
  const params = new URLSearchParams(search);
  return { date: params.get("date") ?? undefined, days: params.get("days") ?? undefined };
}

function Agenda(props: { review: ShootReview }) {
  const { agenda } = props.review;
  return (
    <section aria-labelledby="agenda-h" className="agenda">
      <h2 id="agenda-h">Agenda</h2>
      <ol>
        <li>New shootings, highest impact score first: {props.review.shootings.length}.</li>
        <li>
          Open actions: {agenda.openActions.length}, of which <strong>{agenda.overdue} overdue</strong>.
        </li>
        <li>
          Closed since {props.review.window.start}: {agenda.closedInWindow.length}
          {agenda.closedInWindow.length > 0 && (
            <ul className="closed-actions">
              {agenda.closedInWindow.map((a) => (
                <li key={a.id} data-action={a.id}>
                  {a.title} ({a.agency}): {a.status}
                </li>
              ))}
            </ul>
          )}
        </li>
        <li>
          {agenda.lastMeeting
            ? `Next steps of the last shoot review (${agenda.lastMeeting.heldOn}, ${agenda.lastMeeting.title}): ${agenda.lastMeeting.nextSteps.length}.`
            : "No earlier shoot-review meeting recorded."}
        </li>
      </ol>
      {agenda.openActions.length > 0 && (
        <table className="agenda-actions">
          <caption>Open actions, overdue first</caption>
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Agency</th>
              <th scope="col">Status</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody>
            {agenda.openActions.map((a) => (
              <tr key={a.id} data-action={a.id}>
                <th scope="row">
                  <a href={`/actions?id=${a.id}`}>{a.title}</a>
                </th>
                <td>{a.agency}</td>
                <td>
                  {a.status}
                  {a.overdue ? " (overdue)" : ""}
                </td>
                <td>{a.dueDate ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {agenda.lastMeeting && agenda.lastMeeting.nextSteps.length > 0 && (
        <ul className="next-steps">
          {agenda.lastMeeting.nextSteps.map((a) => (
            <li key={a.id}>
              {a.title} ({a.agency}): {a.status}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ReviewPage(props: PageProps) {
  const { me, onUnauthorized, search } = props;
  const id = useId();
  const query = queryFromSearch(search);
  // A new object on every load request (a purpose given, a change saved): the effect below runs again.
  const [load, setLoad] = useState<{ purpose: string } | null>(null);
  const purpose = load?.purpose ?? null;
  const [review, setReview] = useState<ShootReview | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [creating, setCreating] = useState<ReviewShooting | null>(null);
  const [choices, setChoices] = useState<ActionListAnswer | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [draft, setDraft] = useState({ date: query.date ?? "", days: query.days ?? "" });
  const allowed = REVIEW_ROLES.has(me.role);

  useEffect(() => {
    if (!load || !allowed) return;
    const controller = new AbortController();
    setLoading(true);
    getReview(queryFromSearch(search), load.purpose, controller.signal).then(
      (r) => {
        setReview(r);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        const err = e instanceof ApiError ? e : new ApiError(0, "internal", String(e));
        if (err.status === 401) onUnauthorized();
        setError(err);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [load, search, allowed, onUnauthorized]);

  // The create form needs the agencies and areas the server offers.
  useEffect(() => {
    if (!creating || choices) return;
    getActions({ status: "open" }).then(setChoices, () => undefined);
  }, [creating, choices]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const p = new URLSearchParams();
    if (draft.date) p.set("date", draft.date);
    if (draft.days) p.set("days", draft.days);
    const s = p.toString();
    navigate(`/review${s ? `?${s}` : ""}`);
  };
  const changed = useCallback(() => setLoad((l) => (l ? { ...l } : l)), []);

  if (!allowed) {
    return (
      <p className="notice">
        The shoot review shows record-level information and is open to analysts, commanders and
        administrators. Your agency's actions are on the <a href="/actions">Actions</a> page.
      </p>
    );
  }

  return (
    <>
      <form className="filters no-print" onSubmit={apply} aria-label="Review window">
        <div className="field">
          <label htmlFor={`${id}-date`}>Review date</label>
          <input
            id={`${id}-date`}
            type="date"
            value={draft.date}
            onChange={(e) => setDraft({ ...draft, date: e.target.value })}
          />
          <p className="hint">Last day of the window. Empty: the latest day with data.</p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-days`}>Days</label>
          <input
            id={`${id}-days`}
            type="number"
            min={1}
            max={31}
            value={draft.days}
            placeholder="7"
            onChange={(e) => setDraft({ ...draft, days: e.target.value })}
          />
        </div>
        <div className="actions">
          <button type="submit">Show window</button>
        </div>
      </form>
      <PurposeLoader
        what="the review"
        busy={loading}
        storageKey={PURPOSE_KEY}
        onLoad={(p) => setLoad({ purpose: p })}
      />
      <Loading loading={loading} what="the review" />
      <ErrorBox error={error} title="Could not load the review" />
      {created && (
        <p className="notice" role="status">
          {created}
        </p>
      )}
      {review && purpose && (
        <div className="review">
          <p className="asof">
            {review.city}: shootings from {review.window.start} to {review.window.end} ({review.window.days}{" "}
            days), scored with configuration v{review.config.version}.
          </p>
          <p className="packet-links no-print">
            Packet: <a href={packetHref(query, purpose, "html")}>HTML</a> ·{" "}
            <a href={packetHref(query, purpose, "pdf")}>PDF</a> (each download is logged)
          </p>
          <Agenda review={review} />
          <section aria-labelledby="shootings-h">
            <h2 id="shootings-h">Shootings, highest impact score first</h2>
            {review.shootings.length === 0 && <p>No shootings in this window.</p>}
            {creating && choices && (
              <CreateActionForm
                key={creating.uid}
                heading={`Action for incident ${creating.incidentId}`}
                agencies={choices.agencies}
                areas={choices.areas}
                initial={{
                  origin: "shooting",
                  incidents: String(creating.uid),
                  area: creating.district ? `district:${creating.district}` : "",
                  title: `Follow-up: ${creating.fatal ? "fatal" : "non-fatal"} shooting ${creating.occurredAt}`,
                }}
                onCreated={(actionId, agency) => {
                  setCreated(`Action ${actionId} created for ${agency}.`);
                  setCreating(null);
                  changed();
                }}
                onUnauthorized={onUnauthorized}
              />
            )}
            {review.shootings.map((s) => (
              <ShootingCard
                key={s.uid}
                s={s}
                canManage={REVIEW_ROLES.has(me.role)}
                canAnnotate={ANNOTATE_ROLES.has(me.role)}
                onCreateAction={setCreating}
                onChanged={changed}
              />
            ))}
          </section>
          <p className="small">{review.people.note}</p>
        </div>
      )}
    </>
  );
}
