/**
 * One shooting of the review: what happened where, the impact score with every factor's value, weight and
 * contribution (the score is their sum, shown so anyone can check it), the context that fed it (prior
 * shootings, the near-repeat window, gunshot detections) and the open actions already linked to it. Review
 * roles create an action from here; analysts record a known group conflict.
 */
import { useId, useState } from "react";
import { ApiError } from "../api";
import type { ReviewShooting } from "../api-review";
import { setGroupConflict } from "../api-review";
import { ErrorBox } from "../components/Status";

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

function ScoreTable(props: { s: ReviewShooting }) {
  const { score } = props.s;
  return (
    <table className="score-table">
      <caption>
        Impact score <strong>{fmt(score.score)}</strong> (configuration v{score.configVersion})
      </caption>
      <thead>
        <tr>
          <th scope="col">Factor</th>
          <th scope="col">Found</th>
          <th scope="col">Value</th>
          <th scope="col">Weight</th>
          <th scope="col">Contribution</th>
        </tr>
      </thead>
      <tbody>
        {score.factors.map((f) => (
          <tr key={f.name}>
            <th scope="row">{f.label}</th>
            <td>{f.explanation}</td>
            <td className="num">
              {fmt(f.value)}
              {f.cap !== null && f.rawValue > f.cap ? ` (cap ${f.cap})` : ""}
            </td>
            <td className="num">× {fmt(f.weight)}</td>
            <td className="num">{fmt(f.contribution)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={4}>
            Sum
          </th>
          <td className="num">
            <strong>{fmt(score.score)}</strong>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function Nearby(props: { title: string; items: ReviewShooting["priorShootings"]; empty: string }) {
  return (
    <div className="nearby">
      <h4>
        {props.title} ({props.items.length})
      </h4>
      {props.items.length === 0 ? (
        <p className="small">{props.empty}</p>
      ) : (
        <ul>
          {props.items.slice(0, 8).map((n) => (
            <li key={n.uid}>
              {n.occurredAt}, {Math.round(n.distanceM)} m{n.fatal ? ", fatal" : ""}
              {n.address ? `, ${n.address}` : ""}
            </li>
          ))}
          {props.items.length > 8 && <li>and {props.items.length - 8} more</li>}
        </ul>
      )}
    </div>
  );
}

export function ShootingCard(props: {
  s: ReviewShooting;
  canManage: boolean;
  canAnnotate: boolean;
  onCreateAction: (s: ReviewShooting) => void;
  onChanged: () => void;
}) {
  const { s } = props;
  const id = useId();
  const [error, setError] = useState<ApiError | null>(null);
  const conflict = s.reviewNote?.groupConflict ?? false;
  const toggle = async () => {
    try {
      await setGroupConflict(s.uid, !conflict);
      props.onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "internal", String(e)));
    }
  };
  return (
    <article className="shooting" aria-labelledby={`${id}-h`} data-incident={s.incidentId}>
      <h3 id={`${id}-h`}>
        <span className="rank">#{s.rank}</span> {s.fatal ? "Fatal shooting" : "Non-fatal shooting"},{" "}
        {s.occurredAt}
      </h3>
      <p className="where">
        {s.address ?? "no address"} · District {s.district ?? "Unknown"}
        {s.focusAreas.length > 0 ? ` · ${s.focusAreas.join(", ")}` : ""} · incident {s.incidentId}
      </p>
      <p>
        Victims: {s.victims.count} struck{s.victims.killed > 0 ? `, ${s.victims.killed} killed` : ""}
        {s.victims.ageBands.length > 0 ? `; age ${s.victims.ageBands.join(", ")}` : "; age not recorded"}.
        Gunshot detections nearby: {s.detections.length}.
      </p>
      <ScoreTable s={s} />
      <div className="context">
        <Nearby
          title="Prior shootings nearby"
          items={s.priorShootings}
          empty="None within the distance and time."
        />
        <Nearby title="Near-repeat window" items={s.nearRepeat} empty="None within the near-repeat window." />
        <div className="nearby">
          <h4>Open actions linked ({s.openActions.length})</h4>
          {s.openActions.length === 0 ? (
            <p className="small">None yet.</p>
          ) : (
            <ul>
              {s.openActions.map((a) => (
                <li key={a.id}>
                  <a href={`/actions?id=${a.id}`}>{a.title}</a> ({a.agency}, {a.status}
                  {a.overdue ? ", overdue" : ""}
                  {a.dueDate ? `, due ${a.dueDate}` : ""})
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <div className="shooting-actions no-print">
        {props.canManage && (
          <button type="button" onClick={() => props.onCreateAction(s)}>
            Create an action
          </button>
        )}
        {props.canAnnotate && (
          <button type="button" className="secondary" onClick={toggle} aria-pressed={conflict}>
            {conflict ? "Group conflict recorded: clear" : "Record a group conflict"}
          </button>
        )}
      </div>
      <ErrorBox error={error} title="Could not save the note" />
    </article>
  );
}
