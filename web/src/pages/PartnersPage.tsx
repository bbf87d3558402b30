/**
 * The partnership page (`/partners`): agencies and their liaisons, partner activity entry, the operations
 * registry with its overlap warnings (law-enforcement roles only), and the community engagement log beside
 * the enforcement activity, complaints and use of force of the same area. The section, area and dates are
 * in the address bar (`?tab=engagement&area=district:3&from=...&to=...`).
 */
import { useCallback, useEffect, useState } from "react";
import { getPartners } from "../api-partners";
import { ErrorBox, Loading } from "../components/Status";
import type { PageProps } from "../page";
import { ActivitySection } from "../partners/ActivitySection";
import { AgenciesSection } from "../partners/AgenciesSection";
import { type EngagementFilter, EngagementSection } from "../partners/EngagementSection";
import { OperationsSection } from "../partners/OperationsSection";
import { Link, navigate } from "../router";
import { useLoad } from "../status/useLoad";
import "./PartnersPage.css";

const TABS = [
  ["agencies", "Agencies"],
  ["activity", "Activity"],
  ["operations", "Operations"],
  ["engagement", "Engagement"],
] as const;
type Tab = (typeof TABS)[number][0];

const day = (d: Date) => d.toISOString().slice(0, 10);

export function PartnersPage(props: PageProps) {
  const { search, onUnauthorized } = props;
  const params = new URLSearchParams(search);
  const { data, loading, error, reload } = useLoad((s) => getPartners(s), "partners");
  const [message, setMessage] = useState("");
  useEffect(() => {
    if (error?.status === 401) onUnauthorized();
  }, [error, onUnauthorized]);
  const onChanged = useCallback(
    (msg: string) => {
      setMessage(msg);
      reload();
    },
    [reload],
  );

  const tabs = TABS.filter(([id]) => id !== "operations" || data?.can.readOperations !== false);
  const asked = params.get("tab") as Tab | null;
  const tab: Tab = tabs.some(([id]) => id === asked) ? asked! : "agencies";
  const href = (changes: Record<string, string>) => {
    const p = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) p.set(k, v);
    return `/partners?${p.toString()}`;
  };

  const firstArea = data?.areas.find((l) => l.layer === "district")?.names[0];
  const today = new Date();
  const filter: EngagementFilter = {
    area: params.get("area") ?? (firstArea ? `district:${firstArea}` : ""),
    from: params.get("from") ?? day(new Date(today.getTime() - 364 * 86_400_000)),
    to: params.get("to") ?? day(today),
  };

  return (
    <div className="partners-page">
      <nav aria-label="Partnership sections" className="partners-tabs no-print">
        <ul>
          {tabs.map(([id, label]) => (
            <li key={id}>
              <Link to={href({ tab: id })} current={id === tab}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="sr-only" role="status" aria-live="polite">
        {message}
      </p>
      {message && (
        <p className="notice" aria-hidden="true">
          {message}
        </p>
      )}
      <Loading loading={loading && !data} what="the partnership" />
      <ErrorBox error={error} title="Could not load the partnership" />
      {data && tab === "agencies" && (
        <AgenciesSection data={data} onChanged={onChanged} onUnauthorized={onUnauthorized} />
      )}
      {data && tab === "activity" && (
        <ActivitySection data={data} onChanged={onChanged} onUnauthorized={onUnauthorized} />
      )}
      {data && tab === "operations" && (
        <OperationsSection data={data} onChanged={onChanged} onUnauthorized={onUnauthorized} />
      )}
      {data && tab === "engagement" && filter.area && (
        <EngagementSection
          data={data}
          filter={filter}
          onFilter={(f) => navigate(href({ tab: "engagement", area: f.area, from: f.from, to: f.to }))}
          onChanged={onChanged}
          onUnauthorized={onUnauthorized}
        />
      )}
    </div>
  );
}
