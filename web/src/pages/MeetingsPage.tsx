/**
 * The meetings page (`/meetings`): the partnership's meetings newest first (filter by kind), the recap of
 * the one chosen (`?id=`), with its next steps and their actions' status, and for roles that may record
 * meetings a form whose next steps become open actions. Kind and meeting live in the address bar.
 */
import { useCallback, useEffect, useState } from "react";
import type { MeetingKind } from "../../../src/meetings/meetings.js";
import { getMeetings } from "../api-meetings";
import { ErrorBox, Loading } from "../components/Status";
import { MEETING_KIND_LABELS, MEETING_KINDS } from "../meetings/labels";
import { MeetingForm } from "../meetings/MeetingForm";
import { MeetingRecap } from "../meetings/MeetingRecap";
import type { PageProps } from "../page";
import { Link, navigate } from "../router";
import { useLoad } from "../status/useLoad";
import "./MeetingsPage.css";

function href(kind: string | undefined, id: number | undefined): string {
  const p = new URLSearchParams();
  if (kind) p.set("kind", kind);
  if (id !== undefined) p.set("id", String(id));
  const s = p.toString();
  return s ? `/meetings?${s}` : "/meetings";
}

export function MeetingsPage(props: PageProps) {
  const { search, onUnauthorized } = props;
  const params = new URLSearchParams(search);
  const kindParam = params.get("kind");
  const kind =
    kindParam && (MEETING_KINDS as string[]).includes(kindParam) ? (kindParam as MeetingKind) : undefined;
  const idParam = Number(params.get("id"));
  const selected = Number.isInteger(idParam) && idParam > 0 ? idParam : undefined;
  const { data, loading, error, reload } = useLoad((s) => getMeetings(kind, s), kind ?? "");
  const [message, setMessage] = useState("");

  useEffect(() => {
    if (error?.status === 401) onUnauthorized();
  }, [error, onUnauthorized]);

  const onSaved = useCallback(
    (id: number, title: string) => {
      setMessage(`Meeting recorded: ${title}.`);
      reload();
      navigate(href(undefined, id));
    },
    [reload],
  );
  const summary = data?.meetings.find((m) => m.id === selected);

  return (
    <div className="meetings-page">
      <div className="filters no-print">
        <div className="field">
          <label htmlFor="meetings-kind">Kind</label>
          <select
            id="meetings-kind"
            value={kind ?? ""}
            onChange={(e) => navigate(href(e.target.value || undefined, selected))}
          >
            <option value="">All kinds</option>
            {MEETING_KINDS.filter((k) => k !== "shoot-review" || data?.shootReview).map((k) => (
              <option key={k} value={k}>
                {MEETING_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {message}
      </p>
      {message && (
        <p className="notice" aria-hidden="true">
          {message}
        </p>
      )}
      <Loading loading={loading} what="meetings" />
      <ErrorBox error={error} title="Could not load the meetings" />
      {data && (
        <div className="meetings-layout">
          <section aria-labelledby="meetings-list-h" className="meetings-list">
            <h2 id="meetings-list-h">Meetings</h2>
            {data.meetings.length === 0 ? (
              <p className="empty">No meetings recorded{kind ? ` of this kind` : ""}.</p>
            ) : (
              <ul>
                {data.meetings.map((m) => (
                  <li key={m.id}>
                    <Link to={href(kind, m.id)} current={m.id === selected}>
                      <time dateTime={m.heldOn}>{m.heldOn}</time> {m.title}
                    </Link>
                    <span className="small">
                      {" "}
                      {MEETING_KIND_LABELS[m.kind]} · {m.attendeeCount} attending · {m.nextStepCount} next
                      step
                      {m.nextStepCount === 1 ? "" : "s"}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <div className="meetings-detail">
            {selected !== undefined && !summary && !loading && (
              <p className="empty">Meeting {selected} is not in this list: choose another kind or meeting.</p>
            )}
            {summary && <MeetingRecap key={summary.id} summary={summary} onUnauthorized={onUnauthorized} />}
            {selected === undefined && data.meetings.length > 0 && (
              <p className="empty no-print">Choose a meeting to read its recap.</p>
            )}
          </div>
        </div>
      )}
      {data?.canWrite && <MeetingForm onSaved={onSaved} />}
    </div>
  );
}
