/**
 * Partner activity: the entry form (one line of the partner-activity log: agency, type, day, count, area,
 * reference) and the most recent rows. A partner enters and reads its own agency's activity only; the
 * entry is stored as an import batch and counted by the CompStat partner ledger.
 */
import { type FormEvent, useId, useState } from "react";
import type { ApiError } from "../api";
import { type ActivityRecord, enterActivity, getActivity, type PartnersAnswer } from "../api-partners";
import { PurposeLoader } from "../components/PurposeLoader";
import { ErrorBox } from "../components/Status";
import { AreaOptions, useSubmit } from "./useSubmit";

interface Props {
  readonly data: PartnersAnswer;
  readonly onChanged: (msg: string) => void;
  readonly onUnauthorized: () => void;
}

export function ActivitySection(props: Props) {
  const [rows, setRows] = useState<ActivityRecord[] | null>(null);
  const [purpose, setPurpose] = useState<string | null>(null);
  const load = useSubmit(props.onUnauthorized);
  const fetchRows = async (p: string) => {
    setPurpose(p);
    const r = await load.run(() => getActivity(p));
    if (r) setRows(r.rows);
  };
  const onEntered = (msg: string) => {
    props.onChanged(msg);
    if (purpose) void fetchRows(purpose);
  };
  return (
    <section aria-labelledby="activity-h">
      <h2 id="activity-h">Partner activity</h2>
      {props.data.can.writeActivity ? (
        <ActivityForm {...props} onChanged={onEntered} />
      ) : (
        <p className="notice">Your role reads partner activity in the CompStat book's partner ledger.</p>
      )}
      {props.data.can.readActivity && (
        <>
          <h3>Recent rows{props.data.agency ? ` of ${props.data.agency}` : ""}</h3>
          <PurposeLoader what="recent activity" busy={load.busy} onLoad={fetchRows} />
          <ErrorBox error={load.error as ApiError | null} title="Could not load the activity" />
          {rows && <ActivityTable rows={rows} />}
        </>
      )}
    </section>
  );
}

function ActivityTable(props: { rows: readonly ActivityRecord[] }) {
  if (props.rows.length === 0) return <p className="empty">No activity logged yet.</p>;
  return (
    <div className="table-scroll">
      <table className="compstat partners-table activity-rows">
        <caption>The {props.rows.length} most recent rows, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Agency</th>
            <th scope="col">Type</th>
            <th scope="col">Count</th>
            <th scope="col">Area</th>
            <th scope="col">Reference</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.uid}>
              <th scope="row">
                {r.precision === "month"
                  ? r.date.slice(0, 7)
                  : r.date.slice(0, r.precision === "day" ? 10 : 16)}
              </th>
              <td>{r.agency}</td>
              <td>{r.activityType}</td>
              <td className="num">{r.count}</td>
              <td>{r.area ?? (r.lon !== null ? "a point" : "citywide")}</td>
              <td>{r.reference ?? ""}</td>
              <td>
                {r.source} (batch {r.batchId})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ActivityForm(props: Props) {
  const { data } = props;
  const id = useId();
  const agencies = data.agency ? [data.agency] : data.agencies.map((a) => a.id);
  const empty = {
    agency: agencies[0] ?? "",
    activityType: "arrest",
    date: "",
    count: "1",
    area: "",
    reference: "",
  };
  const [v, setV] = useState(empty);
  const { busy, error, run } = useSubmit(props.onUnauthorized);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) =>
    setV((s) => ({ ...s, [k]: e.target.value }));
  const f = (k: string) => `${id}-${k}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await run(() =>
      enterActivity([
        {
          agency: v.agency,
          activityType: v.activityType,
          date: v.date,
          count: Number(v.count),
          ...(v.area ? { area: v.area } : {}),
          ...(v.reference ? { reference: v.reference } : {}),
        },
      ]),
    );
    if (r) {
      setV({ ...empty, agency: v.agency, activityType: v.activityType });
      const what =
        r.rows.new > 0 ? "entered" : r.rows.updated > 0 ? "replaced an earlier entry" : "already entered";
      props.onChanged(`Activity ${what} (batch ${r.batchId}). ${r.notes.join(" ")}`);
    }
  };
  return (
    <form className="partners-form no-print" onSubmit={submit} aria-labelledby={f("h")}>
      <h3 id={f("h")}>Enter activity</h3>
      <div className="partners-grid">
        <div className="field">
          <label htmlFor={f("agency")}>Agency</label>
          <select id={f("agency")} value={v.agency} onChange={set("agency")} disabled={agencies.length === 1}>
            {agencies.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f("type")}>Activity</label>
          <select id={f("type")} value={v.activityType} onChange={set("activityType")}>
            {data.vocabulary.activityTypes.map((t) => (
              <option key={t.id} value={t.id}>
                {t.id} ({t.group})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f("date")}>Day</label>
          <input id={f("date")} type="date" value={v.date} onChange={set("date")} required />
        </div>
        <div className="field">
          <label htmlFor={f("count")}>Count</label>
          <input
            id={f("count")}
            type="number"
            min={0}
            step={1}
            value={v.count}
            onChange={set("count")}
            required
          />
        </div>
        <div className="field">
          <label htmlFor={f("area")}>Area</label>
          <select id={f("area")} value={v.area} onChange={set("area")}>
            <option value="">Citywide (no area)</option>
            <AreaOptions areas={data.areas} />
          </select>
        </div>
        <div className="field">
          <label htmlFor={f("ref")}>Reference (optional)</label>
          <input
            id={f("ref")}
            value={v.reference}
            onChange={set("reference")}
            maxLength={200}
            aria-describedby={f("ref-h")}
          />
          <p className="hint" id={f("ref-h")}>
            Your case or report number: two entries alike in everything else need different references.
          </p>
        </div>
      </div>
      <ErrorBox error={error} title="Could not enter the activity" />
      <div className="actions">
        <button type="submit" aria-disabled={busy}>
          Enter activity
        </button>
      </div>
    </form>
  );
}
