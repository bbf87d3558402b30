/**
 * The community engagement log and, beside it, the area summary: engagements and attendance next to the
 * partner activity logged in the same area and days, enforcement apart from complaints and use of force.
 * The area and dates live in the address bar.
 */
import { type FormEvent, useEffect, useId, useState } from "react";
import {
  createEngagement,
  type EngagementSummary,
  getEngagementSummary,
  getEngagements,
  type PartnersAnswer,
} from "../api-partners";
import { ErrorBox, Loading } from "../components/Status";
import { useLoad } from "../status/useLoad";
import { AreaOptions, useSubmit } from "./useSubmit";

export interface EngagementFilter {
  readonly area: string;
  readonly from: string;
  readonly to: string;
}

interface Props {
  readonly data: PartnersAnswer;
  readonly filter: EngagementFilter;
  readonly onFilter: (f: EngagementFilter) => void;
  readonly onChanged: (msg: string) => void;
  readonly onUnauthorized: () => void;
}

export function EngagementSection(props: Props) {
  const { data, filter } = props;
  const key = `${filter.area}|${filter.from}|${filter.to}`;
  const summary = useLoad((s) => getEngagementSummary(filter.area, filter.from, filter.to, s), key);
  const list = useLoad((s) => getEngagements(filter.area, filter.from, filter.to, s), key);
  const [draft, setDraft] = useState(filter);
  useEffect(() => setDraft(filter), [filter]);
  const { onUnauthorized } = props;
  useEffect(() => {
    if (summary.error?.status === 401 || list.error?.status === 401) onUnauthorized();
  }, [summary.error, list.error, onUnauthorized]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    props.onFilter(draft);
  };
  const onLogged = (msg: string) => {
    props.onChanged(msg);
    summary.reload();
    list.reload();
  };
  return (
    <section aria-labelledby="eng-h">
      <h2 id="eng-h">Community engagement</h2>
      <form className="filters no-print" onSubmit={apply}>
        <div className="field">
          <label htmlFor="eng-area">Area</label>
          <select
            id="eng-area"
            value={draft.area}
            onChange={(e) => setDraft({ ...draft, area: e.target.value })}
          >
            <AreaOptions areas={data.areas} />
          </select>
        </div>
        <div className="field">
          <label htmlFor="eng-from">From</label>
          <input
            id="eng-from"
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="eng-to">To</label>
          <input
            id="eng-to"
            type="date"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </div>
        <div className="actions">
          <button type="submit">Show</button>
        </div>
      </form>
      <div className="engagement-split">
        <div>
          <h3>Engagement log</h3>
          <Loading loading={list.loading} what="engagements" />
          <ErrorBox error={list.error} title="Could not load the engagements" />
          {list.data && list.data.engagements.length === 0 && (
            <p className="empty">No engagement logged in this area and range.</p>
          )}
          {list.data && list.data.engagements.length > 0 && (
            <ul className="engagement-list">
              {list.data.engagements.map((e) => (
                <li key={e.id}>
                  <strong>{e.heldOn}</strong> {e.title} ({e.kind}
                  {e.organisation ? `, ${e.organisation}` : ""}):{" "}
                  {e.attendance === null ? "attendance not recorded" : `${e.attendance} attended`}
                </li>
              ))}
            </ul>
          )}
          {data.can.writeEngagement && <EngagementForm {...props} onChanged={onLogged} />}
        </div>
        <div>
          <h3>Beside enforcement</h3>
          <Loading loading={summary.loading} what="the area summary" />
          <ErrorBox error={summary.error} title="Could not load the summary" />
          {summary.data && <SummaryTables s={summary.data} />}
        </div>
      </div>
    </section>
  );
}

const GROUP_LABEL = {
  engagement: "Engagement and referrals",
  enforcement: "Enforcement",
  accountability: "Complaints and use of force",
} as const;

function SummaryTables(props: { s: EngagementSummary }) {
  const { s } = props;
  const area = `${s.area.layer} ${s.area.name}`;
  return (
    <div className="engagement-summary">
      <dl className="summary-facts">
        <div>
          <dt>Engagements</dt>
          <dd data-testid="summary-engagements">{s.engagements.count}</dd>
        </div>
        <div>
          <dt>Attendance</dt>
          <dd data-testid="summary-attendance">{s.engagements.attendance.toLocaleString("en-US")}</dd>
        </div>
        {(["enforcement", "accountability", "engagement"] as const).map((g) => (
          <div key={g}>
            <dt>{GROUP_LABEL[g]}</dt>
            <dd>{s.totals[g]}</dd>
          </div>
        ))}
      </dl>
      <table className="compstat partners-table">
        <caption>
          Partner activity in {area}, {s.from} to {s.to}
        </caption>
        <thead>
          <tr>
            <th scope="col">Activity</th>
            <th scope="col">Side</th>
            <th scope="col">Count</th>
          </tr>
        </thead>
        <tbody>
          {s.activity.length === 0 && (
            <tr>
              <td colSpan={3} className="empty">
                No partner activity logged here in this range.
              </td>
            </tr>
          )}
          {s.activity.map((a) => (
            <tr key={a.type} className={`side-${a.group}`}>
              <th scope="row">{a.type}</th>
              <td>{GROUP_LABEL[a.group]}</td>
              <td className="num">{a.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="notes small">
        {s.engagements.withoutAttendance > 0 && (
          <li>{s.engagements.withoutAttendance} engagement(s) without an attendance figure.</li>
        )}
        {s.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
}

function EngagementForm(props: Props) {
  const id = useId();
  const empty = {
    heldOn: "",
    kind: "event",
    title: "",
    organisation: "",
    attendance: "",
    area: props.filter.area,
  };
  const [v, setV] = useState(empty);
  const { busy, error, run } = useSubmit(props.onUnauthorized);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) =>
    setV((s) => ({ ...s, [k]: e.target.value }));
  const f = (k: string) => `${id}-${k}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await run(() =>
      createEngagement({
        heldOn: v.heldOn,
        kind: v.kind as never,
        title: v.title,
        ...(v.area ? { area: v.area } : {}),
        ...(v.organisation ? { organisation: v.organisation } : {}),
        ...(v.attendance ? { attendance: Number(v.attendance) } : {}),
      }),
    );
    if (r) {
      setV({ ...empty, area: v.area });
      props.onChanged(`Engagement "${r.engagement.title}" logged.`);
    }
  };
  return (
    <form className="partners-form no-print" onSubmit={submit} aria-labelledby={f("h")}>
      <h3 id={f("h")}>Log an engagement</h3>
      <div className="partners-grid">
        <div className="field wide">
          <label htmlFor={f("title")}>Title</label>
          <input id={f("title")} value={v.title} onChange={set("title")} required maxLength={300} />
        </div>
        <div className="field">
          <label htmlFor={f("day")}>Held on</label>
          <input id={f("day")} type="date" value={v.heldOn} onChange={set("heldOn")} required />
        </div>
        <div className="field">
          <label htmlFor={f("kind")}>Kind</label>
          <select id={f("kind")} value={v.kind} onChange={set("kind")}>
            {props.data.vocabulary.engagementKinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f("area")}>Area</label>
          <select id={f("area")} value={v.area} onChange={set("area")}>
            <AreaOptions areas={props.data.areas} />
          </select>
        </div>
        <div className="field">
          <label htmlFor={f("att")}>Attendance</label>
          <input
            id={f("att")}
            type="number"
            min={0}
            step={1}
            value={v.attendance}
            onChange={set("attendance")}
          />
        </div>
        <div className="field">
          <label htmlFor={f("org")}>Organisation (optional)</label>
          <input id={f("org")} value={v.organisation} onChange={set("organisation")} maxLength={200} />
        </div>
      </div>
      <ErrorBox error={error} title="Could not log the engagement" />
      <div className="actions">
        <button type="submit" aria-disabled={busy}>
          Log engagement
        </button>
      </div>
    </form>
  );
}
