/**
 * The public transparency page (`/public`, no sign-in): citywide and district aggregates, year to date,
 * from GET /api/public/compstat, in the same tables as the CompStat page.
 */
import { getPublicCompStat } from "../api";
import { ReportView } from "../components/ReportView";
import { ErrorBox, Loading } from "../components/Status";
import { useReport } from "../useReport";

const QUERY = "?period=ytd";

export function PublicPage() {
  const { report, loading, error } = useReport(getPublicCompStat, QUERY);
  return (
    <>
      <p className="notice">
        This page shows aggregates only: citywide and district counts of homicides, non-fatal shootings,
        firearm violent crime and Part I crime, year to date against last year. It holds no record-level data,
        no names and no addresses.
      </p>
      <Loading loading={loading} what="the public report" />
      <ErrorBox error={error} />
      <div aria-busy={loading}>{report && <ReportView report={report} />}</div>
    </>
  );
}
