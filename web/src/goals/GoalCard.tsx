/** One goal: what it asks, where it stands (status in words and colour), progress bars and the chart. */
import { useRef, useState } from "react";
import type { GoalStatus } from "../../../src/compstat/report.js";
import { formatCount, formatMean } from "../format";
import { GoalChart } from "./GoalChart";
import { elapsedPercent } from "./goal-path";

export const STATUS_TEXT: Record<GoalStatus["status"], { label: string; mark: string }> = {
  "on-track": { label: "On track", mark: "▲" },
  "off-track": { label: "Off track", mark: "▼" },
  met: { label: "Met", mark: "✓" },
  missed: { label: "Missed", mark: "✗" },
  "too-early": { label: "Too early to tell", mark: "…" },
};

const signed = (n: number) => `${n > 0 ? "+" : ""}${formatMean(n).replace(/\.0$/, "")}%`;

function areaText(group: string): string {
  if (group === "citywide") return "Citywide";
  const i = group.indexOf(":");
  return `${group.slice(0, i).replaceAll("_", " ")} ${group.slice(i + 1)}`;
}

export interface GoalCardProps {
  readonly goal: GoalStatus;
  readonly asOf: string;
  readonly metricLabel: string;
  /** Set for goals:write roles. */
  readonly onDelete?: (id: string) => Promise<void>;
}

export function GoalCard({ goal, asOf, metricLabel, onDelete }: GoalCardProps) {
  const status = STATUS_TEXT[goal.status];
  const elapsed = elapsedPercent(goal, asOf);
  const used = goal.targetCount > 0 ? Math.min(100, (goal.observed / goal.targetCount) * 100) : 100;
  const headingId = `goal-${goal.id}`;
  return (
    <article className="goal-card" aria-labelledby={headingId} data-goal={goal.id}>
      <header className="goal-head">
        <h2 id={headingId}>{goal.label}</h2>
        <p className={`goal-status status-${goal.status}`}>
          <span aria-hidden="true">{status.mark} </span>
          {status.label}
        </p>
      </header>
      <dl className="goal-facts">
        <div>
          <dt>Metric</dt>
          <dd>
            {metricLabel} <code>{goal.metric}</code>
          </dd>
        </div>
        <div>
          <dt>Area</dt>
          <dd>{areaText(goal.group)}</dd>
        </div>
        <div>
          <dt>Baseline</dt>
          <dd>
            {formatCount(goal.baseline.count)} ({goal.baseline.start} to {goal.baseline.end})
          </dd>
        </div>
        <div>
          <dt>Target</dt>
          <dd>
            {signed(goal.targetPercent)}, {goal.start} to {goal.deadline}:{" "}
            {goal.targetPercent <= 0 ? "at most" : "at least"} {formatMean(goal.targetCount)}
          </dd>
        </div>
        <div>
          <dt>Counted to date</dt>
          <dd>
            {formatCount(goal.observed)} vs {formatMean(goal.expected)} expected
            {goal.changeToDate === null ? "" : ` (${signed(goal.changeToDate)})`}
          </dd>
        </div>
        <div>
          <dt>Projected</dt>
          <dd>
            {formatMean(goal.projected)} by {goal.deadline} vs target {formatMean(goal.targetCount)}
          </dd>
        </div>
      </dl>
      <div className="goal-bars">
        <Bar label="Time gone" percent={elapsed} />
        <Bar label="Target allowance used" percent={used} />
      </div>
      <GoalChart goal={goal} asOf={asOf} />
      <p className="small">Seasonality: {goal.seasonality}.</p>
      {onDelete && <DeleteGoal id={goal.id} label={goal.label} onDelete={onDelete} />}
    </article>
  );
}

function Bar({ label, percent }: { label: string; percent: number }) {
  const text = `${percent.toFixed(0)}%`;
  return (
    <div className="goal-bar">
      <span className="goal-bar-label">{label}</span>
      <meter className="goal-bar-track" min={0} max={100} value={percent} aria-label={label}>
        {text}
      </meter>
      <span className="goal-bar-value">{text}</span>
    </div>
  );
}

/** Delete with an inline confirmation: the first button asks, the second removes. */
function DeleteGoal(props: { id: string; label: string; onDelete: (id: string) => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  if (!asking)
    return (
      <div className="actions no-print">
        <button
          ref={askRef}
          type="button"
          className="secondary"
          onClick={() => {
            setAsking(true);
            requestAnimationFrame(() => confirmRef.current?.focus());
          }}
        >
          Delete goal…
        </button>
      </div>
    );
  return (
    <fieldset className="actions no-print confirm">
      <legend>Delete “{props.label}” for everyone?</legend>
      <button
        ref={confirmRef}
        type="button"
        className="danger"
        aria-disabled={busy}
        onClick={async () => {
          if (busy) return;
          setBusy(true);
          try {
            await props.onDelete(props.id);
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        Yes, delete
      </button>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setAsking(false);
          requestAnimationFrame(() => askRef.current?.focus());
        }}
      >
        Cancel
      </button>
    </fieldset>
  );
}
