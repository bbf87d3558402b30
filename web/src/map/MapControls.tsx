/**
 * The map's controls: what is counted (metric, period, as-of date, cell size, search radius; applied on
 * submit, so a half-typed number never fires a request), which layers are shown (applied at once), and
 * the incident points, which load only with a stated purpose because every load is audited.
 */
import { type FormEvent, useEffect, useId, useState } from "react";
import { PERIODS } from "../filters";
import { layerLabel, OVERLAY_LABELS } from "./layers";
import type { MapView } from "./mapSearch";

const POSITIVE = /^\d+(\.\d+)?$/;

export interface IncidentControl {
  readonly shown: boolean;
  readonly loading: boolean;
  readonly load: (purpose: string) => void;
  readonly hide: () => void;
}

export function MapControls(props: {
  view: MapView;
  metrics: readonly { id: string; label: string }[];
  areaLayers: readonly string[];
  /** Hot spots (analysis:run) and incidents (records:read): the API refuses other roles anyway. */
  canAnalyse: boolean;
  canReadRecords: boolean;
  onApply: (v: MapView) => void;
  incidents: IncidentControl;
}) {
  const { view, onApply } = props;
  const id = useId();
  const [draft, setDraft] = useState(view);
  const [problem, setProblem] = useState<string | null>(null);
  const [purpose, setPurpose] = useState("");
  const [purposeProblem, setPurposeProblem] = useState<string | null>(null);
  useEffect(() => setDraft(view), [view]);

  const set = <K extends keyof MapView>(k: K, v: MapView[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad = (["cell", "bandwidth"] as const).find((k) => draft[k] && !POSITIVE.test(draft[k]));
    setProblem(
      bad ? `${bad === "cell" ? "Cell size" : "Search radius"}: a number of metres, or empty.` : null,
    );
    if (!bad) onApply({ ...draft, show: view.show });
  };
  const toggle = (layer: string, on: boolean) => {
    const show = on ? [...view.show, layer] : view.show.filter((s) => s !== layer);
    onApply({ ...view, show });
  };
  const loadIncidents = (e: FormEvent) => {
    e.preventDefault();
    if (purpose.trim().length < 5) {
      setPurposeProblem("Say why you need these records (at least 5 characters).");
      return;
    }
    setPurposeProblem(null);
    props.incidents.load(purpose.trim());
  };

  const overlays = (["grid", "density", "hotspots"] as const).filter(
    (o) => o !== "hotspots" || props.canAnalyse,
  );
  return (
    <div className="map-controls no-print">
      <form className="filters" onSubmit={submit} aria-label="What the map counts" noValidate>
        <div className="field">
          <label htmlFor={`${id}-metric`}>Metric</label>
          <select
            id={`${id}-metric`}
            value={draft.metric}
            onChange={(e) => set("metric", e.currentTarget.value)}
          >
            {props.metrics.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-period`}>Period</label>
          <select
            id={`${id}-period`}
            value={draft.period}
            onChange={(e) => set("period", e.currentTarget.value)}
          >
            {PERIODS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-asof`}>As-of date</label>
          <input
            id={`${id}-asof`}
            type="date"
            value={draft.asOf}
            onChange={(e) => set("asOf", e.currentTarget.value)}
            aria-describedby={`${id}-asof-hint`}
          />
          <p className="hint" id={`${id}-asof-hint`}>
            Empty: the latest day with data.
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-cell`}>Cell size (m)</label>
          <input
            id={`${id}-cell`}
            inputMode="decimal"
            placeholder="150"
            size={6}
            value={draft.cell}
            onChange={(e) => set("cell", e.currentTarget.value)}
            aria-describedby={`${id}-cell-hint`}
          />
          <p className="hint" id={`${id}-cell-hint`}>
            Grid and hot spot cells.
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-bw`}>Search radius (m)</label>
          <input
            id={`${id}-bw`}
            inputMode="decimal"
            placeholder="auto"
            size={6}
            value={draft.bandwidth}
            onChange={(e) => set("bandwidth", e.currentTarget.value)}
            aria-describedby={`${id}-bw-hint`}
          />
          <p className="hint" id={`${id}-bw-hint`}>
            Kernel density. Empty: from the events' spread.
          </p>
        </div>
        <div className="actions">
          <button type="submit">Show map</button>
        </div>
        <p className="problem" role="alert">
          {problem ?? ""}
        </p>
      </form>

      <fieldset className="checks map-layers">
        <legend>Layers</legend>
        {props.areaLayers.map((l) => (
          <label key={l}>
            <input
              type="checkbox"
              checked={view.show.includes(l)}
              onChange={(e) => toggle(l, e.currentTarget.checked)}
            />{" "}
            {layerLabel(l)}
          </label>
        ))}
        {overlays.map((o) => (
          <label key={o}>
            <input
              type="checkbox"
              checked={view.show.includes(o)}
              onChange={(e) => toggle(o, e.currentTarget.checked)}
            />{" "}
            {OVERLAY_LABELS[o]}
          </label>
        ))}
      </fieldset>

      {props.canReadRecords && (
        <form className="map-incidents" onSubmit={loadIncidents} aria-label="Incident points" noValidate>
          <div className="field">
            <label htmlFor={`${id}-purpose`}>Purpose for viewing incidents</label>
            <input
              id={`${id}-purpose`}
              value={purpose}
              placeholder="e.g. shoot review 2025-10-01"
              onChange={(e) => setPurpose(e.currentTarget.value)}
              aria-invalid={purposeProblem ? true : undefined}
              aria-describedby={`${id}-purpose-hint`}
            />
            <p className={purposeProblem ? "problem" : "hint"} id={`${id}-purpose-hint`}>
              {purposeProblem ??
                "Incident points are record-level data: each load is logged with your name and this purpose."}
            </p>
          </div>
          <div className="actions">
            <button type="submit" aria-disabled={props.incidents.loading || undefined}>
              {props.incidents.shown ? "Reload incidents" : "Show incidents"}
            </button>
            {props.incidents.shown && (
              <button type="button" className="secondary" onClick={props.incidents.hide}>
                Hide incidents
              </button>
            )}
          </div>
        </form>
      )}
    </div>
  );
}
