/**
 * The policies page (`/policies`): policy and procedure drafts, the versions of the chosen one, and the
 * redline between any two of its versions (by default the latest against the one before). Roles that may
 * write documents add versions and documents. Document and versions live in the address bar
 * (`?doc=1&from=1&to=2`), so a redline can be shared as a link and printed as a redline.
 */
import { useCallback, useEffect, useState } from "react";
import { getDocument, getDocuments, getRedline } from "../api-meetings";
import { ErrorBox, Loading } from "../components/Status";
import { AddVersionForm, NewDocumentForm } from "../documents/DocumentForms";
import { RedlineView } from "../documents/RedlineView";
import type { PageProps } from "../page";
import { Link, navigate } from "../router";
import { useLoad } from "../status/useLoad";
import "./PoliciesPage.css";

const positive = (v: string | null): number | undefined => {
  const n = Number(v);
  return v !== null && Number.isInteger(n) && n > 0 ? n : undefined;
};

function href(doc: number | undefined, from?: number, to?: number): string {
  const p = new URLSearchParams();
  if (doc !== undefined) p.set("doc", String(doc));
  if (from !== undefined) p.set("from", String(from));
  if (to !== undefined) p.set("to", String(to));
  const s = p.toString();
  return s ? `/policies?${s}` : "/policies";
}

export function PoliciesPage(props: PageProps) {
  const { search, onUnauthorized } = props;
  const params = new URLSearchParams(search);
  const doc = positive(params.get("doc"));
  const from = positive(params.get("from"));
  const to = positive(params.get("to"));
  const list = useLoad((s) => getDocuments(s), "");
  const [message, setMessage] = useState("");

  useEffect(() => {
    if (list.error?.status === 401) onUnauthorized();
  }, [list.error, onUnauthorized]);

  const onCreated = useCallback(
    (id: number) => {
      setMessage(`Document ${id} created.`);
      list.reload();
      navigate(href(id));
    },
    [list.reload],
  );

  return (
    <div className="policies-page">
      <p className="sr-only" role="status" aria-live="polite">
        {message}
      </p>
      {message && (
        <p className="notice" aria-hidden="true">
          {message}
        </p>
      )}
      <Loading loading={list.loading} what="documents" />
      <ErrorBox error={list.error} title="Could not load the documents" />
      {list.data && (
        <div className="policies-layout">
          <section className="documents-list" aria-labelledby="documents-h">
            <h2 id="documents-h">Documents</h2>
            {list.data.documents.length === 0 ? (
              <p className="empty">No policy or procedure drafts yet.</p>
            ) : (
              <ul>
                {list.data.documents.map((d) => (
                  <li key={d.id}>
                    <Link to={href(d.id)} current={d.id === doc}>
                      {d.title}
                    </Link>
                    <span className="small">
                      {" "}
                      {d.kind} · version {d.latestVersion} · {d.updatedAt.slice(0, 10)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <div className="document-detail">
            {doc === undefined ? (
              <p className="empty no-print">Choose a document to see its versions and redline.</p>
            ) : (
              <DocumentDetail
                key={doc}
                id={doc}
                from={from}
                to={to}
                canWrite={list.data.canWrite}
                onAdded={(v) => {
                  setMessage(`Version ${v} added.`);
                  list.reload();
                  navigate(href(doc, v - 1, v));
                }}
              />
            )}
          </div>
        </div>
      )}
      {list.data?.canWrite && <NewDocumentForm onCreated={onCreated} />}
    </div>
  );
}

function DocumentDetail(props: {
  id: number;
  from: number | undefined;
  to: number | undefined;
  canWrite: boolean;
  onAdded: (version: number) => void;
}) {
  const { id, from, to } = props;
  const detail = useLoad((s) => getDocument(id, s), String(id));
  const d = detail.data?.document;
  const latest = d?.latestVersion ?? 1;
  const hasTwo = latest >= 2;
  const red = useLoad(
    (s) => (hasTwo ? getRedline(id, from, to, s) : Promise.resolve(null)),
    `${id}:${from ?? ""}:${to ?? ""}:${latest}`,
  );
  const shownTo = red.data?.to.version ?? to ?? latest;
  const shownFrom = red.data?.from.version ?? from ?? Math.max(1, shownTo - 1);

  return (
    <section aria-labelledby="document-h">
      <Loading loading={detail.loading} what="the document" />
      <ErrorBox error={detail.error} title="Could not load the document" />
      {d && (
        <>
          <h2 id="document-h">{d.title}</h2>
          <div className="table-scroll">
            <table className="versions">
              <caption>Versions of this {d.kind}</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Saved</th>
                  <th scope="col">By</th>
                  <th scope="col">Note</th>
                  <th scope="col" className="num">
                    Characters
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.versions.map((v) => (
                  <tr key={v.version}>
                    <th scope="row">{v.version}</th>
                    <td>{v.createdAt.slice(0, 16).replace("T", " ")} UTC</td>
                    <td>{v.createdBy}</td>
                    <td>{v.note ?? ""}</td>
                    <td className="num">{v.chars.toLocaleString("en-US")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {hasTwo ? (
            <>
              <div className="filters no-print redline-pick">
                <div className="field">
                  <label htmlFor="redline-from">Compare version</label>
                  <select
                    id="redline-from"
                    value={shownFrom}
                    onChange={(e) =>
                      navigate(href(id, Number(e.target.value), Math.max(Number(e.target.value), shownTo)))
                    }
                  >
                    {d.versions.map((v) => (
                      <option key={v.version} value={v.version}>
                        {v.version}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="redline-to">with version</label>
                  <select
                    id="redline-to"
                    value={shownTo}
                    onChange={(e) =>
                      navigate(href(id, Math.min(shownFrom, Number(e.target.value)), Number(e.target.value)))
                    }
                  >
                    {d.versions.map((v) => (
                      <option key={v.version} value={v.version}>
                        {v.version}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <Loading loading={red.loading} what="the redline" />
              <ErrorBox error={red.error} title="Could not compute the redline" />
              {red.data && <RedlineView redline={red.data} />}
            </>
          ) : (
            <p className="empty">Only one version so far: add a version to see a redline.</p>
          )}
          {props.canWrite && <AddVersionForm documentId={id} latest={latest} onAdded={props.onAdded} />}
        </>
      )}
    </section>
  );
}
