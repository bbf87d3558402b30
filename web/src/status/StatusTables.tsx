/** The read-only tables of the data-status page: as-of per source, imports, layers, definitions. */
import type { StatusAnswer } from "../api-status";
import { formatCount } from "../format";
import { localTime } from "./useLoad";

type Status = StatusAnswer;

export function SourcesTable({ status }: { status: Status }) {
  return (
    <div className="table-scroll">
      <table className="compstat status-table">
        <caption>Data through, by source</caption>
        <thead>
          <tr>
            <th scope="col" className="rowhead">
              Source
            </th>
            <th scope="col">Records</th>
            <th scope="col">First day</th>
            <th scope="col">Data through</th>
            <th scope="col">Last loaded ({status.city.timeZone})</th>
          </tr>
        </thead>
        <tbody>
          {status.sources.map((s) => (
            <tr key={s.source} data-source={s.source}>
              <th scope="row">{s.source}</th>
              <td className="num">{formatCount(s.records)}</td>
              <td className="num">{s.first ?? "none"}</td>
              <td className="num">{s.last ?? "none"}</td>
              <td className="num">{s.lastLoaded ?? (s.records > 0 ? "not in the book" : "never")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportsTable({ status }: { status: Status }) {
  if (status.imports.length === 0) return <p className="empty">No imports yet.</p>;
  const tz = status.city.timeZone;
  return (
    <div className="table-scroll">
      <p className="small">Newest first; times in {tz}.</p>
      <table className="compstat status-table dense">
        <caption className="sr-only">Import batches, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Batch</th>
            <th scope="col" className="rowhead">
              File
            </th>
            <th scope="col" className="rowhead">
              Kind, format, source
            </th>
            <th scope="col">Started</th>
            <th scope="col">Finished</th>
            <th scope="col">Rows read</th>
            <th scope="col">New</th>
            <th scope="col">Updated</th>
            <th scope="col">Unchanged</th>
            <th scope="col">Rejected</th>
            <th scope="col">Warnings</th>
          </tr>
        </thead>
        <tbody>
          {status.imports.map((b) => (
            <tr key={b.batchId} data-batch={b.batchId}>
              <td className="num">{b.batchId}</td>
              <th scope="row">
                {b.fileName}
                <div className="small sha">
                  {b.sha256 ? (
                    <>
                      SHA-256 <code title={b.sha256}>{b.sha256.slice(0, 12)}…</code>,{" "}
                    </>
                  ) : null}
                  {formatCount(b.fileBytes)} bytes
                </div>
              </th>
              <td>
                {b.kind}, {b.format}, {b.source}
              </td>
              <td className="num">{localTime(b.startedAt, tz)}</td>
              <td className="num">{localTime(b.finishedAt, tz)}</td>
              <td className="num">{formatCount(b.rows.read)}</td>
              <td className="num">{formatCount(b.rows.new)}</td>
              <td className="num">{formatCount(b.rows.updated)}</td>
              <td className="num">{formatCount(b.rows.unchanged)}</td>
              <td className="num">{formatCount(b.rows.rejected)}</td>
              <td className="num">{formatCount(b.warnings)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 2015,2016,2017,2019 -> "2015-2017, 2019". */
export function yearRanges(years: readonly number[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < years.length) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j]! + 1) j++;
    out.push(j > i ? `${years[i]}-${years[j]}` : String(years[i]));
    i = j + 1;
  }
  return out.join(", ");
}

export function LayersTable({ status }: { status: Status }) {
  if (status.layers.length === 0) return <p className="empty">No area layers loaded.</p>;
  return (
    <div className="table-scroll">
      <table className="compstat status-table">
        <caption className="sr-only">Area layers and populations</caption>
        <thead>
          <tr>
            <th scope="col" className="rowhead">
              Layer
            </th>
            <th scope="col">Areas</th>
            <th scope="col">Square miles</th>
            <th scope="col" className="rowhead">
              Source CRS
            </th>
            <th scope="col" className="rowhead">
              Population years
            </th>
          </tr>
        </thead>
        <tbody>
          {status.layers.map((l) => (
            <tr key={l.layer}>
              <th scope="row">{l.layer}</th>
              <td className="num">{formatCount(l.areas)}</td>
              <td className="num">
                {l.squareMiles === null
                  ? "none"
                  : l.squareMiles.toLocaleString("en-US", { maximumFractionDigits: 1 })}
              </td>
              <td>{l.sourceCrs}</td>
              <td>{l.populationYears.length > 0 ? yearRanges(l.populationYears) : "none (no rates)"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DefinitionsTable({ status }: { status: Status }) {
  const { metrics, countingRule } = status.definitions;
  return (
    <>
      <p className="small">The metrics of the CompStat book as of {status.reportAsOf}.</p>
      <div className="table-scroll">
        <table className="compstat status-table definitions-table">
          <caption className="sr-only">Metric definitions in use</caption>
          <thead>
            <tr>
              <th scope="col" className="rowhead">
                Metric id
              </th>
              <th scope="col" className="rowhead">
                Label
              </th>
              <th scope="col" className="rowhead">
                Source
              </th>
              <th scope="col" className="rowhead">
                What it counts
              </th>
            </tr>
          </thead>
          <tbody>
            {metrics.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  <code>{m.id}</code>
                </th>
                <td>{m.label}</td>
                <td>
                  {m.source} ({m.unit})
                </td>
                <td>
                  {m.definition}
                  <div className="small">{m.countingRule}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small">Counting rule: {countingRule}</p>
    </>
  );
}
