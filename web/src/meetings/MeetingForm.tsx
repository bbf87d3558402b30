/**
 * Records a meeting (meetings:write roles only): one line per attendee ("Name, AGENCY"), agenda item and
 * decision, the minutes as text, and next steps as rows; each next step becomes an open action of its
 * agency. The server's message (which field, what was expected) is shown above the button.
 */
import { type FormEvent, useId, useState } from "react";
import type { ActionType } from "../../../src/actions/model.js";
import type { MeetingKind } from "../../../src/meetings/meetings.js";
import { ApiError } from "../api";
import { createMeeting } from "../api-meetings";
import { ErrorBox } from "../components/Status";
import { ACTION_TYPE_LABELS, ACTION_TYPES, MEETING_KIND_LABELS, MEETING_KINDS } from "./labels";

interface StepDraft {
  readonly key: number;
  title: string;
  type: ActionType;
  agency: string;
  owner: string;
  due: string;
}

const lines = (s: string) =>
  s
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** "Name, AGENCY" -> { name, agency }; a line without a comma is a name only. */
function attendee(line: string): { name: string; agency?: string } {
  const at = line.lastIndexOf(",");
  if (at < 0) return { name: line };
  const agency = line.slice(at + 1).trim();
  return agency ? { name: line.slice(0, at).trim(), agency } : { name: line.slice(0, at).trim() };
}

let nextKey = 1;
const emptyStep = (): StepDraft => ({
  key: nextKey++,
  title: "",
  type: "other",
  agency: "",
  owner: "",
  due: "",
});

export function MeetingForm(props: { onSaved: (id: number, title: string) => void }) {
  const id = useId();
  const f = (k: string) => `${id}-${k}`;
  const [kind, setKind] = useState<MeetingKind>("compstat");
  const [heldOn, setHeldOn] = useState("");
  const [title, setTitle] = useState("");
  const [attendees, setAttendees] = useState("");
  const [agenda, setAgenda] = useState("");
  const [minutes, setMinutes] = useState("");
  const [decisions, setDecisions] = useState("");
  const [nextMeeting, setNextMeeting] = useState("");
  const [steps, setSteps] = useState<StepDraft[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const setStep = (key: number, k: keyof Omit<StepDraft, "key">) => (e: { target: { value: string } }) =>
    setSteps((all) => all.map((s) => (s.key === key ? { ...s, [k]: e.target.value } : s)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const { meeting } = await createMeeting({
        kind,
        heldOn,
        title,
        attendees: lines(attendees).map(attendee),
        agenda: lines(agenda),
        minutes,
        decisions: lines(decisions),
        nextMeeting: nextMeeting || undefined,
        nextSteps: steps.map((s) => ({
          title: s.title,
          type: s.type,
          agency: s.agency,
          owner: s.owner || undefined,
          due: s.due || undefined,
        })),
      });
      setTitle("");
      setAttendees("");
      setAgenda("");
      setMinutes("");
      setDecisions("");
      setNextMeeting("");
      setSteps([]);
      props.onSaved(meeting.id, meeting.title);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "internal", String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="meeting-form no-print" onSubmit={submit} aria-labelledby={f("h")}>
      <h2 id={f("h")}>Record a meeting</h2>
      <div className="meeting-form-grid">
        <div className="field">
          <label htmlFor={f("kind")}>Kind</label>
          <select id={f("kind")} value={kind} onChange={(e) => setKind(e.target.value as MeetingKind)}>
            {MEETING_KINDS.map((k) => (
              <option key={k} value={k}>
                {MEETING_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f("held")}>Held on</label>
          <input
            id={f("held")}
            type="date"
            value={heldOn}
            onChange={(e) => setHeldOn(e.target.value)}
            required
          />
        </div>
        <div className="field wide">
          <label htmlFor={f("title")}>Title</label>
          <input
            id={f("title")}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={300}
          />
        </div>
        <div className="field wide">
          <label htmlFor={f("att")}>Attendees</label>
          <textarea
            id={f("att")}
            rows={3}
            value={attendees}
            onChange={(e) => setAttendees(e.target.value)}
            aria-describedby={f("att-hint")}
          />
          <p className="hint" id={f("att-hint")}>
            One per line: name, then a comma and the agency code (e.g. "Jamaal Smith, OVP").
          </p>
        </div>
        <div className="field wide">
          <label htmlFor={f("agenda")}>Agenda (one item per line)</label>
          <textarea id={f("agenda")} rows={3} value={agenda} onChange={(e) => setAgenda(e.target.value)} />
        </div>
        <div className="field wide">
          <label htmlFor={f("minutes")}>Minutes</label>
          <textarea id={f("minutes")} rows={5} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </div>
        <div className="field wide">
          <label htmlFor={f("dec")}>Decisions (one per line)</label>
          <textarea id={f("dec")} rows={2} value={decisions} onChange={(e) => setDecisions(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={f("next")}>Next meeting</label>
          <input
            id={f("next")}
            type="date"
            value={nextMeeting}
            onChange={(e) => setNextMeeting(e.target.value)}
          />
        </div>
      </div>
      <fieldset className="next-steps-fieldset">
        <legend>Next steps (each becomes an open action of its agency)</legend>
        {steps.length === 0 && <p className="empty">No next steps yet.</p>}
        {steps.map((s, i) => (
          <fieldset className="step-row" key={s.key}>
            <legend className="sr-only">Next step {i + 1}</legend>
            <div className="field wide">
              <label htmlFor={f(`st-${s.key}`)}>Step {i + 1}</label>
              <input
                id={f(`st-${s.key}`)}
                value={s.title}
                onChange={setStep(s.key, "title")}
                required
                maxLength={200}
              />
            </div>
            <div className="field">
              <label htmlFor={f(`sy-${s.key}`)}>Type</label>
              <select id={f(`sy-${s.key}`)} value={s.type} onChange={setStep(s.key, "type")}>
                {ACTION_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {ACTION_TYPE_LABELS[t]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={f(`sa-${s.key}`)}>Agency</label>
              <input
                id={f(`sa-${s.key}`)}
                value={s.agency}
                onChange={setStep(s.key, "agency")}
                required
                maxLength={40}
                size={8}
              />
            </div>
            <div className="field">
              <label htmlFor={f(`so-${s.key}`)}>Owner (optional)</label>
              <input
                id={f(`so-${s.key}`)}
                value={s.owner}
                onChange={setStep(s.key, "owner")}
                maxLength={120}
              />
            </div>
            <div className="field">
              <label htmlFor={f(`sd-${s.key}`)}>Due (optional)</label>
              <input id={f(`sd-${s.key}`)} type="date" value={s.due} onChange={setStep(s.key, "due")} />
            </div>
            <button
              type="button"
              className="secondary"
              onClick={() => setSteps((all) => all.filter((x) => x.key !== s.key))}
            >
              Remove step {i + 1}
            </button>
          </fieldset>
        ))}
        <button type="button" className="secondary" onClick={() => setSteps((all) => [...all, emptyStep()])}>
          Add a next step
        </button>
      </fieldset>
      <ErrorBox error={error} title="Could not record the meeting" />
      <div className="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? "Saving…" : "Record the meeting"}
        </button>
      </div>
    </form>
  );
}
