/**
 * The operations registry (law enforcement only): register a planned operation with its deconfliction
 * reference, see at once whether it overlaps another registered operation in place and time, and list
 * the registry with each operation's warnings. A partner sees of another agency's operation only whose
 * it is, its dates and its deconfliction system.
 */
import { type FormEvent, useId, useState } from "react";
import {
  createOperation,
  getOperations,
  type OperationView,
  type OverlapWarning,
  type PartnersAnswer,
  setOperationStatus,
} from "../api-partners";
import { PurposeLoader } from "../components/PurposeLoader";
import { ErrorBox } from "../components/Status";
import { AreaOptions, useSubmit } from "./useSubmit";

interface Props {
  readonly data: PartnersAnswer;
  readonly onChanged: (msg: string) => void;
  readonly onUnauthorized: () => void;
}

export function Warnings(props: { warnings: readonly OverlapWarning[]; title: string }) {
  if (props.warnings.length === 0) return null;
  return (
    <div className="overlap-warning" role="alert">
      <strong>{props.title}</strong>
      <ul>
        {props.warnings.map((w) => (
          <li key={`${w.agency}-${w.startsAt}-${w.detail?.operation.id ?? ""}`}>{w.message}</li>
        ))}
      </ul>
    </div>
  );
}

export function OperationsSection(props: Props) {
  const [ops, setOps] = useState<OperationView[] | null>(null);
  const [purpose, setPurpose] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; warnings: OverlapWarning[] } | null>(null);
  const load = useSubmit(props.onUnauthorized);
  const change = useSubmit(props.onUnauthorized);
  const fetchOps = async (p: string) => {
    setPurpose(p);
    const r = await load.run(() => getOperations(p));
    if (r) setOps(r.operations);
  };
  const refresh = () => (purpose ? fetchOps(purpose) : undefined);
  const setStatus = async (op: OperationView, status: string) => {
    const r = await change.run(() => setOperationStatus(op.id, status as OperationView["status"]));
    if (r) {
      props.onChanged(`Operation ${op.id} is now ${status}.`);
      await refresh();
    }
  };
  return (
    <section aria-labelledby="ops-h">
      <h2 id="ops-h">Operations registry</h2>
      <p className="hint wide-hint">
        Register planned operations with their RISSafe, SAFETNet or Case Explorer reference. PeaceStat warns
        when two overlap in place and time; the deconfliction itself happens in that system.
      </p>
      {created && (
        <Warnings
          warnings={created.warnings}
          title={`"${created.name}" overlaps ${created.warnings.length} registered operation${created.warnings.length === 1 ? "" : "s"}`}
        />
      )}
      {props.data.can.writeOperations && (
        <OperationForm
          {...props}
          onCreated={(name, warnings) => {
            setCreated({ name, warnings });
            props.onChanged(
              warnings.length > 0
                ? `Operation ${name} registered with ${warnings.length} overlap warning(s).`
                : `Operation ${name} registered; no overlap with a registered operation.`,
            );
            void refresh();
          }}
        />
      )}
      <h3>Registered operations{props.data.agency ? ` of ${props.data.agency}` : ""}</h3>
      <PurposeLoader what="operations" busy={load.busy} onLoad={fetchOps} />
      <ErrorBox error={load.error} title="Could not load the operations" />
      <ErrorBox error={change.error} title="Could not change the status" />
      {ops && ops.length === 0 && <p className="empty">No operations registered.</p>}
      {ops && ops.length > 0 && (
        <div className="table-scroll">
          <table className="compstat partners-table">
            <caption>{ops.length} operations, by start</caption>
            <thead>
              <tr>
                <th scope="col">Operation</th>
                <th scope="col">Agency</th>
                <th scope="col">When</th>
                <th scope="col">Where</th>
                <th scope="col">Deconfliction</th>
                <th scope="col">Status</th>
                <th scope="col">Overlaps</th>
              </tr>
            </thead>
            <tbody>
              {ops.map((o) => (
                <tr key={o.id}>
                  <th scope="row">{o.name}</th>
                  <td>{o.agency}</td>
                  <td>
                    {o.startsAt.slice(0, 16)} to {o.endsAt.slice(0, 16)}
                  </td>
                  <td>
                    {o.area ? `${o.area.layer} ${o.area.name}` : ""}
                    {o.area && o.point ? "; " : ""}
                    {o.point
                      ? `${o.point.radiusM} m around ${o.point.lat.toFixed(5)}, ${o.point.lon.toFixed(5)}`
                      : ""}
                  </td>
                  <td>
                    {o.deconflictionSystem} {o.deconflictionRef}
                  </td>
                  <td>
                    <label className="sr-only" htmlFor={`op-status-${o.id}`}>
                      Status of {o.name}
                    </label>
                    <select
                      id={`op-status-${o.id}`}
                      value={o.status}
                      disabled={!props.data.can.writeOperations}
                      onChange={(e) => void setStatus(o, e.target.value)}
                    >
                      {props.data.vocabulary.operationStatuses.map((s) => (
                        <option key={s}>{s}</option>
                      ))}
                    </select>
                  </td>
                  <td className={o.overlaps.length > 0 ? "has-overlap" : ""}>
                    {o.overlaps.length === 0
                      ? "none"
                      : o.overlaps.map((w) => <div key={w.message}>{w.message}</div>)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function OperationForm(props: Props & { onCreated: (name: string, w: OverlapWarning[]) => void }) {
  const { data } = props;
  const id = useId();
  const agencies = data.agency ? [data.agency] : data.agencies.map((a) => a.id);
  const empty = {
    name: "",
    agency: agencies[0] ?? "",
    startsAt: "",
    endsAt: "",
    area: "",
    lat: "",
    lon: "",
    radiusM: "",
    system: data.vocabulary.deconflictionSystems[0] ?? "",
    ref: "",
  };
  const [v, setV] = useState(empty);
  const { busy, error, run } = useSubmit(props.onUnauthorized);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) =>
    setV((s) => ({ ...s, [k]: e.target.value }));
  const f = (k: string) => `${id}-${k}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const point =
      v.lat || v.lon || v.radiusM
        ? { lat: Number(v.lat), lon: Number(v.lon), radiusM: Number(v.radiusM) }
        : {};
    const r = await run(() =>
      createOperation({
        name: v.name,
        agency: v.agency,
        startsAt: v.startsAt,
        endsAt: v.endsAt,
        ...(v.area ? { area: v.area } : {}),
        ...point,
        deconflictionSystem: v.system as never,
        deconflictionRef: v.ref,
      }),
    );
    if (r) {
      setV({ ...empty, agency: v.agency, system: v.system });
      props.onCreated(r.operation.name, r.overlaps);
    }
  };
  return (
    <form className="partners-form no-print" onSubmit={submit} aria-labelledby={f("h")}>
      <h3 id={f("h")}>Register an operation</h3>
      <div className="partners-grid">
        <div className="field wide">
          <label htmlFor={f("name")}>Name</label>
          <input id={f("name")} value={v.name} onChange={set("name")} required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor={f("agency")}>Agency</label>
          <select id={f("agency")} value={v.agency} onChange={set("agency")} disabled={agencies.length === 1}>
            {agencies.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f("start")}>Starts</label>
          <input
            id={f("start")}
            type="datetime-local"
            value={v.startsAt}
            onChange={set("startsAt")}
            required
          />
        </div>
        <div className="field">
          <label htmlFor={f("end")}>Ends</label>
          <input id={f("end")} type="datetime-local" value={v.endsAt} onChange={set("endsAt")} required />
        </div>
        <div className="field">
          <label htmlFor={f("area")}>Area</label>
          <select id={f("area")} value={v.area} onChange={set("area")} aria-describedby={f("place-h")}>
            <option value="">No area (a point below)</option>
            <AreaOptions areas={data.areas} />
          </select>
          <p className="hint" id={f("place-h")}>
            An area, a point with a radius, or both.
          </p>
        </div>
        <div className="field">
          <label htmlFor={f("lat")}>Latitude</label>
          <input id={f("lat")} inputMode="decimal" value={v.lat} onChange={set("lat")} />
        </div>
        <div className="field">
          <label htmlFor={f("lon")}>Longitude</label>
          <input id={f("lon")} inputMode="decimal" value={v.lon} onChange={set("lon")} />
        </div>
        <div className="field">
          <label htmlFor={f("r")}>Radius (m)</label>
          <input id={f("r")} type="number" min={1} step="any" value={v.radiusM} onChange={set("radiusM")} />
        </div>
        <div className="field">
          <label htmlFor={f("sys")}>Deconfliction system</label>
          <select id={f("sys")} value={v.system} onChange={set("system")}>
            {data.vocabulary.deconflictionSystems.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f("ref")}>Deconfliction reference</label>
          <input id={f("ref")} value={v.ref} onChange={set("ref")} required maxLength={100} />
        </div>
      </div>
      <ErrorBox error={error} title="Could not register the operation" />
      <div className="actions">
        <button type="submit" aria-disabled={busy}>
          Register operation
        </button>
      </div>
    </form>
  );
}
