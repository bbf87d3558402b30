/**
 * The place analysis page (`/analysis`): hot spots, near repeats, concentration and displacement, one tab
 * each. A tab's form values live in the address bar (`/analysis?tab=near-repeat&metric=...`); an address
 * with values runs the analysis they describe, so a result can be reloaded, bookmarked and shared. Open to
 * the roles with analysis:run; everyone else gets a short explanation instead of an error.
 */
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { AnalysisForm } from "../analysis/AnalysisForm";
import { ConcentrationResult } from "../analysis/ConcentrationResult";
import { DisplacementView } from "../analysis/DisplacementView";
import { valuesFrom } from "../analysis/fields";
import { HotspotsResult } from "../analysis/HotspotsResult";
import { NearRepeatResult } from "../analysis/NearRepeatResult";
import { type AnalysisResult, useAnalysis } from "../analysis/useAnalysis";
import { ANALYSES, type AnalysisKind, type AreasAnswer, getAreas } from "../api-analysis";
import { ErrorBox, Loading } from "../components/Status";
import type { PageProps } from "../page";
import { navigate } from "../router";
import "./AnalysisPage.css";

const ROLES = ["admin", "analyst", "commander"];

const TABS: Record<AnalysisKind, { label: string; intro: string }> = {
  hotspots: {
    label: "Hot spots",
    intro:
      "Which blocks have more events than chance? Events are counted on a grid of cells and each cell's neighbourhood is tested with the Getis-Ord Gi* statistic.",
  },
  "near-repeat": {
    label: "Near repeat",
    intro:
      "Does one event raise the risk of another nearby soon after? The Knox test counts pairs of events close in space and time and compares them with the same events with their dates shuffled.",
  },
  concentration: {
    label: "Concentration",
    intro:
      "How few places hold most of the events? The share of events in the busiest areas, the Lorenz curve and the Gini.",
  },
  displacement: {
    label: "Displacement",
    intro:
      "After an intervention, did crime fall in the target area more than in a comparable control, and did it move to the buffer around it?",
  },
};

const isKind = (v: string | null): v is AnalysisKind => ANALYSES.includes(v as AnalysisKind);

export function AnalysisPage(props: PageProps) {
  const { search, me, onUnauthorized } = props;
  const allowed = ROLES.includes(me.role);
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const tab: AnalysisKind = isKind(params.get("tab")) ? (params.get("tab") as AnalysisKind) : "hotspots";
  // The API query: the address bar without `tab`; none (not run) when only the tab is named.
  const query = useMemo(() => {
    const q = new URLSearchParams(params);
    q.delete("tab");
    const s = q.toString();
    return s ? s : null;
  }, [params]);
  const [areas, setAreas] = useState<AreasAnswer | null>(null);
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});

  useEffect(() => {
    if (!allowed) return;
    const controller = new AbortController();
    getAreas(controller.signal).then(setAreas, () => undefined);
    return () => controller.abort();
  }, [allowed]);

  const state = useAnalysis(tab, allowed ? query : null);
  useEffect(() => {
    if (state.error?.status === 401) onUnauthorized();
  }, [state.error, onUnauthorized]);

  if (!allowed) {
    return (
      <p className="notice">
        Place analysis is open to commanders, analysts and administrators. Your role ({me.role}) can use the
        CompStat tables; ask your PeaceStat administrator if your work needs these analyses.
      </p>
    );
  }

  const select = (k: AnalysisKind) => navigate(`/analysis?tab=${k}`);
  const onKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = ANALYSES.indexOf(tab);
    const next =
      e.key === "ArrowRight"
        ? ANALYSES[(i + 1) % ANALYSES.length]
        : e.key === "ArrowLeft"
          ? ANALYSES[(i + ANALYSES.length - 1) % ANALYSES.length]
          : e.key === "Home"
            ? ANALYSES[0]
            : e.key === "End"
              ? ANALYSES[ANALYSES.length - 1]
              : undefined;
    if (!next) return;
    e.preventDefault();
    select(next);
    tabs.current[next]?.focus();
  };

  const names: Record<string, string> = Object.fromEntries(params);
  return (
    <div className="analysis-page">
      <div role="tablist" aria-label="Analyses" className="analysis-tabs no-print">
        {ANALYSES.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`tab-${k}`}
            aria-selected={k === tab}
            aria-controls={`panel-${k}`}
            tabIndex={k === tab ? 0 : -1}
            className={k === tab ? "current" : "secondary"}
            ref={(el) => {
              tabs.current[k] = el;
            }}
            onClick={() => select(k)}
            onKeyDown={onKey}
          >
            {TABS[k].label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="analysis-panel">
        <p className="analysis-intro">{TABS[tab].intro}</p>
        <AnalysisForm
          key={`${tab}?${search}`}
          kind={tab}
          initial={valuesFrom(tab, params)}
          areas={areas}
          busy={state.loading}
          onRun={(q) => navigate(`/analysis?tab=${tab}${q ? `&${q}` : ""}`)}
        />
        <Loading loading={state.loading} what={`the ${TABS[tab].label.toLowerCase()} analysis`} />
        <ErrorBox
          error={state.error}
          title={state.error?.status === 403 ? "Not available to your role" : "Could not run the analysis"}
        />
        <div aria-busy={state.loading} className={state.loading ? "stale" : undefined}>
          {state.result && state.result.kind === tab && (
            <AnalysisResultView result={state.result} query={query ?? ""} names={names} />
          )}
        </div>
      </div>
    </div>
  );
}

function AnalysisResultView(props: { result: AnalysisResult; query: string; names: Record<string, string> }) {
  const r = props.result;
  switch (r.kind) {
    case "hotspots":
      return <HotspotsResult answer={r.answer} query={props.query} />;
    case "near-repeat":
      return <NearRepeatResult answer={r.answer} />;
    case "concentration":
      return <ConcentrationResult answer={r.answer} />;
    case "displacement":
      return <DisplacementView answer={r.answer} names={props.names} />;
    default: {
      const never: never = r;
      return never;
    }
  }
}
