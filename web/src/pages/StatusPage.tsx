/**
 * The data-status page (`/status`): how current the data is (per source and the last import) first,
 * because every number elsewhere depends on it; then every import with its row accounting, the rejects
 * by reason, the area layers and populations, and the metric definitions the CompStat book uses.
 */
import { useEffect } from "react";
import { getStatus } from "../api-status";
import { ErrorBox, Loading } from "../components/Status";
import { formatCount } from "../format";
import type { PageProps } from "../page";
import { Link } from "../router";
import { RejectsSection } from "../status/RejectsSection";
import { DefinitionsTable, ImportsTable, LayersTable, SourcesTable } from "../status/StatusTables";
import { localTime, useLoad } from "../status/useLoad";
import "./StatusPage.css";

export function StatusPage(props: PageProps) {
  const { onUnauthorized } = props;
  const { data: status, loading, error } = useLoad(getStatus, "status");

  useEffect(() => {
    if (error?.status === 401) onUnauthorized();
  }, [error, onUnauthorized]);

  return (
    <div className="status-page">
      <Loading loading={loading} what="the data status" />
      <ErrorBox error={error} title="Could not load the data status" />
      {status && (
        <>
          <section aria-labelledby="asof-h">
            <h2 id="asof-h">As of</h2>
            <p className="asof">
              {status.city.name}: last import finished {localTime(status.lastImport, status.city.timeZone)} (
              {status.city.timeZone}); analysis CRS {status.city.analysisCrs ?? "not chosen yet"}.
            </p>
            <SourcesTable status={status} />
            {status.notes.length > 0 && (
              <ul className="notes">
                {status.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="imports-h">
            <h2 id="imports-h">Imports</h2>
            <ImportsTable status={status} />
          </section>
          <section aria-labelledby="rejects-h">
            <h2 id="rejects-h">Rejected and warned rows by reason</h2>
            <RejectsSection status={status} />
          </section>
          <section aria-labelledby="layers-h">
            <h2 id="layers-h">Areas and populations</h2>
            <LayersTable status={status} />
          </section>
          <section aria-labelledby="defs-h">
            <h2 id="defs-h">Definitions in use</h2>
            <DefinitionsTable status={status} />
            <p>
              Goals set: {formatCount(status.goals)} (<Link to="/goals">see the goals</Link>).
            </p>
          </section>
        </>
      )}
    </div>
  );
}
