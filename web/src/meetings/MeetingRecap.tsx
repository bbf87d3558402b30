/**
 * One meeting's recap, in the order of the seed's recap email: attendees, agenda, minutes, decisions, next
 * steps (each an action, with its status) and the next meeting's date. Shoot-review minutes discuss people,
 * so they load only after the reader states a purpose, which the server writes to the audit log.
 */
import { type FormEvent, useEffect, useId, useState } from "react";
import type { MeetingSummary } from "../../../src/meetings/meetings.js";
import { getMeeting } from "../api-meetings";
import { ErrorBox, Loading } from "../components/Status";
import { useLoad } from "../status/useLoad";
import { ACTION_STATUS_LABELS, ACTION_TYPE_LABELS, MEETING_KIND_LABELS } from "./labels";

export function MeetingRecap(props: { summary: MeetingSummary; onUnauthorized: () => void }) {
  const { summary } = props;
  const needsPurpose = summary.kind === "shoot-review";
  const [purpose, setPurpose] = useState<string | null>(null);
  if (needsPurpose && purpose === null) return <PurposeForm summary={summary} onPurpose={setPurpose} />;
  return <Recap id={summary.id} purpose={purpose ?? undefined} onUnauthorized={props.onUnauthorized} />;
}

function PurposeForm(props: { summary: MeetingSummary; onPurpose: (p: string) => void }) {
  const id = useId();
  const [value, setValue] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim().length < 5) setProblem("Say why you need these minutes (at least 5 characters).");
    else props.onPurpose(value.trim());
  };
  return (
    <section className="meeting-recap" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        {props.summary.title} ({props.summary.heldOn})
      </h2>
      <form className="purpose-form no-print" onSubmit={submit}>
        <p>Shoot-review minutes discuss people. Opening them is logged with the purpose you give.</p>
        <div className="field">
          <label htmlFor={`${id}-p`}>Purpose</label>
          <input
            id={`${id}-p`}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
          />
          {problem && (
            <p className="problem" id={`${id}-problem`}>
              {problem}
            </p>
          )}
        </div>
        <button type="submit">Open the minutes</button>
      </form>
    </section>
  );
}

function Recap(props: { id: number; purpose: string | undefined; onUnauthorized: () => void }) {
  const { id, purpose, onUnauthorized } = props;
  const { data, loading, error } = useLoad((s) => getMeeting(id, purpose, s), `${id}:${purpose ?? ""}`);
  useEffect(() => {
    if (error?.status === 401) onUnauthorized();
  }, [error, onUnauthorized]);
  const m = data?.meeting;
  return (
    <section className="meeting-recap" aria-labelledby="meeting-recap-h" aria-busy={loading}>
      <Loading loading={loading} what="the meeting" />
      <ErrorBox error={error} title="Could not load the meeting" />
      {m && m.id === id && (
        <>
          <h2 id="meeting-recap-h">{m.title}</h2>
          <p className="meeting-meta">
            {MEETING_KIND_LABELS[m.kind]} meeting held on <time dateTime={m.heldOn}>{m.heldOn}</time>.
          </p>
          <h3>Attendees ({m.attendees.length})</h3>
          {m.attendees.length === 0 ? (
            <p className="empty">None recorded.</p>
          ) : (
            <ul className="attendees">
              {m.attendees.map((a, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in which a name may repeat.
                <li key={`${i}-${a.name}`}>
                  {a.name}
                  {a.agency ? ` (${a.agency})` : ""}
                </li>
              ))}
            </ul>
          )}
          <h3>Agenda</h3>
          {m.agenda.length === 0 ? <p className="empty">None recorded.</p> : <Ordered items={m.agenda} />}
          <h3>Minutes</h3>
          {m.minutes ? <p className="minutes">{m.minutes}</p> : <p className="empty">None recorded.</p>}
          <h3>Decisions</h3>
          {m.decisions.length === 0 ? (
            <p className="empty">None recorded.</p>
          ) : (
            <Ordered items={m.decisions} />
          )}
          <h3>Next steps</h3>
          {m.nextSteps.length === 0 ? (
            <p className="empty">None.</p>
          ) : (
            <div className="table-scroll">
              <table className="next-steps">
                <caption className="sr-only">
                  Next steps of this meeting and the status of their actions
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Step</th>
                    <th scope="col">Type</th>
                    <th scope="col">Agency</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Due</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {m.nextSteps.map((s) => (
                    <tr key={s.actionId}>
                      <th scope="row">{s.title}</th>
                      <td>{ACTION_TYPE_LABELS[s.type] ?? s.type}</td>
                      <td>{s.agency}</td>
                      <td>{s.owner ?? "—"}</td>
                      <td>{s.due ?? "—"}</td>
                      <td className={s.status ? `step-${s.status}` : undefined}>
                        {s.status
                          ? (ACTION_STATUS_LABELS[s.status] ?? s.status)
                          : "not shown (another agency's)"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>Next meeting</h3>
          <p>{m.nextMeeting ? <time dateTime={m.nextMeeting}>{m.nextMeeting}</time> : "Not set."}</p>
        </>
      )}
    </section>
  );
}

function Ordered(props: { items: readonly string[] }) {
  return (
    <ol>
      {props.items.map((t, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in which a line may repeat.
        <li key={`${i}-${t}`}>{t}</li>
      ))}
    </ol>
  );
}
