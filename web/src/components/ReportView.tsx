/**
 * A whole CompStat report on the page: the as-of heading, the legend, every table in the report's order,
 * then what a reader needs to trust the numbers: the data as-of lines, the notes and the definitions.
 */
import { useMemo } from "react";
import {
  dataAsOfLines,
  formatLongDate,
  indexReport,
  reportColumns,
} from "../../../src/compstat/render-layout.js";
import type { CompStatReport } from "../../../src/compstat/report.js";
import { ReportTable } from "./ReportTable";

function Legend() {
  return (
    <p className="legend">
      Tinted changes are unlikely to be chance alone: Poisson z = 2(√current − √base) (Wheeler 2016);{" "}
      <strong>*</strong> |z| ≥ 2 elevated, <strong>**</strong> |z| ≥ 3 notable; orange up, blue down. Hover
      over a change for its z. Blank: both counts 0; “new”: none in the base period. Baseline averages have
      one decimal.
    </p>
  );
}

function Definitions(props: { report: CompStatReport }) {
  const d = props.report.definitions;
  return (
    <details className="definitions">
      <summary>Definitions</summary>
      <dl>
        {d.metrics.map((m) => (
          <div key={m.id}>
            <dt>{m.label}</dt>
            <dd>
              {m.definition} Source: {m.source}; counted: {m.unit}. {m.countingRule}
            </dd>
          </div>
        ))}
        {props.report.periods.map((p) => (
          <div key={p.id}>
            <dt>{p.label}</dt>
            <dd>
              {p.windows.map((w) => `${w.label}: ${w.start} to ${w.end} (${w.days} days)`).join("; ")}
              {p.baseline ? `; ${p.baseline.label}: the mean over ${p.baseline.years.join(", ")}` : ""}.
            </dd>
          </div>
        ))}
        {(
          [
            ["Counting rule", d.countingRule],
            ["Periods", d.periods],
            ["Change", d.change],
            ["Significance", d.significance],
          ] as const
        ).map(([term, text]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export function ReportView(props: { report: CompStatReport }) {
  const { report } = props;
  const index = useMemo(() => indexReport(report), [report]);
  const columns = useMemo(() => reportColumns(report), [report]);
  const asOfLines = useMemo(() => dataAsOfLines(report), [report]);
  return (
    <div className="report">
      <p className="asof">
        {report.city}, through {formatLongDate(report.asOf)}
        {report.snapshot ? ` (data as loaded at ${report.snapshot})` : ""}
      </p>
      <Legend />
      {report.tables.length === 0 ? (
        <p className="empty">No tables: no metric with data matches these filters.</p>
      ) : (
        report.tables.map((t) => <ReportTable key={t.id} table={t} columns={columns} index={index} />)
      )}
      <section className="report-foot" aria-label="Data as of and notes">
        <h2>Data as of</h2>
        <ul className="data-asof">
          {asOfLines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {report.notes.length > 0 && (
          <>
            <h2>Notes</h2>
            <ul className="notes">
              {report.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </>
        )}
        <p className="small">
          Generated {report.generatedAt} ({report.timeZone}).
        </p>
        <Definitions report={report} />
      </section>
    </div>
  );
}
