/**
 * Rejected and warned rows counted by reason, one expandable block per import that has any. The import
 * roles can load the rows themselves: raw values may hold addresses, so the request carries a purpose
 * and the server writes each page viewed to the audit log.
 */
import { type FormEvent, useId, useState } from "react";
import { ApiError } from "../api";
import { getImportIssues, type ImportIssuesPage, type StatusAnswer } from "../api-status";
import { ErrorBox, Loading } from "../components/Status";
import { formatCount } from "../format";

type Batch = StatusAnswer["imports"][number];
const PAGE = 50;

export function RejectsSection({ status }: { status: StatusAnswer }) {
  const withIssues = status.imports.filter((b) => b.reasons.length > 0);
  if (withIssues.length === 0) return <p className="empty">No import rejected or warned about any row.</p>;
  return (
    <>
      {withIssues.map((b) => (
        <BatchRejects key={b.batchId} batch={b} canView={status.canViewIssues} />
      ))}
    </>
  );
}

function BatchRejects({ batch, canView }: { batch: Batch; canView: boolean }) {
  const rejected = batch.reasons.filter((r) => r.severity === "reject").reduce((a, r) => a + r.count, 0);
  const warned = batch.reasons.filter((r) => r.severity !== "reject").reduce((a, r) => a + r.count, 0);
  return (
    <details className="rejects" data-batch={batch.batchId}>
      <summary>
        Import {batch.batchId} ({batch.fileName}): {formatCount(rejected)} rejected, {formatCount(warned)}{" "}
        {warned === 1 ? "warning" : "warnings"}, {batch.reasons.length}{" "}
        {batch.reasons.length === 1 ? "reason" : "reasons"}
      </summary>
      <div className="table-scroll">
        <table className="compstat status-table">
          <caption className="sr-only">Rows of import {batch.batchId} by reason</caption>
          <thead>
            <tr>
              <th scope="col" className="rowhead">
                Severity
              </th>
              <th scope="col" className="rowhead">
                Column
              </th>
              <th scope="col" className="rowhead">
                Reason
              </th>
              <th scope="col">Rows</th>
            </tr>
          </thead>
          <tbody>
            {batch.reasons.map((r) => (
              <tr key={`${r.severity}|${r.column}|${r.reason}`}>
                <td>{r.severity}</td>
                <td>{r.column ?? "(whole row)"}</td>
                <th scope="row">{r.reason}</th>
                <td className="num">{formatCount(r.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canView && <IssueViewer batch={batch} />}
    </details>
  );
}

function IssueViewer({ batch }: { batch: Batch }) {
  const id = useId();
  const [purpose, setPurpose] = useState("");
  const [reason, setReason] = useState("");
  const [page, setPage] = useState<ImportIssuesPage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const reasons = [...new Set(batch.reasons.map((r) => r.reason))];

  const load = async (offset: number) => {
    setLoading(true);
    setError(null);
    try {
      setPage(
        await getImportIssues(batch.batchId, {
          purpose,
          reason: reason || undefined,
          limit: PAGE,
          offset,
        }),
      );
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "internal", String(e)));
    } finally {
      setLoading(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load(0);
  };

  return (
    <div className="issue-viewer">
      <form className="filters no-print" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-purpose`}>Purpose</label>
          <input
            id={`${id}-purpose`}
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            required
            minLength={5}
            aria-describedby={`${id}-purpose-hint`}
          />
          <p className="hint" id={`${id}-purpose-hint`}>
            Why you need the raw values (written to the audit log with your name).
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason</label>
          <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">All reasons</option>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" aria-disabled={loading}>
            Show rejected rows
          </button>
        </div>
      </form>
      <Loading loading={loading} what="rejected rows" />
      <ErrorBox error={error} title="Could not load the rows" />
      {page && <IssueRows page={page} loading={loading} onPage={(offset) => void load(offset)} />}
    </div>
  );
}

function IssueRows(props: { page: ImportIssuesPage; loading: boolean; onPage: (offset: number) => void }) {
  const { page } = props;
  const last = page.offset + page.issues.length;
  return (
    <>
      <div className="table-scroll">
        <table className="compstat status-table issue-rows">
          <caption>
            Rows {page.total === 0 ? 0 : formatCount(page.offset + 1)}-{formatCount(last)} of{" "}
            {formatCount(page.total)}
          </caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col" className="rowhead">
                Severity
              </th>
              <th scope="col" className="rowhead">
                Column
              </th>
              <th scope="col" className="rowhead">
                Value
              </th>
              <th scope="col" className="rowhead">
                Reason
              </th>
            </tr>
          </thead>
          <tbody>
            {page.issues.map((i) => (
              <tr key={`${i.row}|${i.severity}|${i.column}|${i.reason}`}>
                <td className="num">{formatCount(i.row)}</td>
                <td>{i.severity}</td>
                <td>{i.column ?? "(whole row)"}</td>
                <td>
                  <code>{i.value ?? ""}</code>
                </td>
                <td>{i.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions no-print">
        <button
          type="button"
          className="secondary"
          disabled={page.offset === 0 || props.loading}
          onClick={() => props.onPage(Math.max(0, page.offset - page.limit))}
        >
          Previous rows
        </button>
        <button
          type="button"
          className="secondary"
          disabled={last >= page.total || props.loading}
          onClick={() => props.onPage(page.offset + page.limit)}
        >
          Next rows
        </button>
      </div>
    </>
  );
}
