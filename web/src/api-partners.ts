/**
 * The partnership's API client: agencies and vocabularies, partner activity, the operations registry and
 * the engagement log with its area summary. Types come from the server's modules (type-only imports).
 */
import type { ActivityEntry, ActivityEntryResult, ActivityRecord } from "../../src/partners/activity.js";
import type { Agency, AgencyInput } from "../../src/partners/agencies.js";
import type { Engagement, EngagementInput, EngagementSummary } from "../../src/partners/engagements.js";
import type { OperationView, OverlapWarning } from "../../src/partners/operation-views.js";
import type { Operation, OperationInput } from "../../src/partners/operations.js";
import type { ActivityGroup, OperationStatus } from "../../src/partners/vocabulary.js";
import { request } from "./api";

export type {
  ActivityEntry,
  ActivityEntryResult,
  ActivityRecord,
  Agency,
  Engagement,
  EngagementSummary,
  Operation,
  OperationView,
  OverlapWarning,
};

export interface PartnersAnswer {
  readonly agencies: readonly Agency[];
  readonly areas: readonly { layer: string; names: string[] }[];
  readonly vocabulary: {
    readonly agencyKinds: readonly string[];
    readonly activityTypes: readonly { id: string; group: ActivityGroup }[];
    readonly deconflictionSystems: readonly string[];
    readonly operationStatuses: readonly OperationStatus[];
    readonly engagementKinds: readonly string[];
  };
  readonly can: {
    readonly manageAgencies: boolean;
    readonly writeActivity: boolean;
    readonly readActivity: boolean;
    readonly readOperations: boolean;
    readonly writeOperations: boolean;
    readonly writeEngagement: boolean;
  };
  /** The caller's agency (partners), else null. */
  readonly agency: string | null;
}

const q = (params: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
};

export const getPartners = (signal?: AbortSignal) =>
  request<PartnersAnswer>("GET", "/api/agencies", undefined, signal);

export const createAgency = (input: Omit<AgencyInput, "id"> & { id: string }) =>
  request<{ agency: Agency }>("POST", "/api/agencies", input);

export const updateAgency = (id: string, patch: Partial<Omit<AgencyInput, "id">>) =>
  request<{ agency: Agency }>("PATCH", `/api/agencies/${encodeURIComponent(id)}`, patch);

export const enterActivity = (entries: readonly ActivityEntry[]) =>
  request<ActivityEntryResult>("POST", "/api/partner-activity", { entries });

export const getActivity = (purpose: string, signal?: AbortSignal) =>
  request<{ agency: string | null; rows: ActivityRecord[] }>(
    "GET",
    `/api/partner-activity${q({ purpose, limit: "50" })}`,
    undefined,
    signal,
  );

export const getOperations = (purpose: string, signal?: AbortSignal) =>
  request<{ agency: string | null; operations: OperationView[] }>(
    "GET",
    `/api/operations${q({ purpose })}`,
    undefined,
    signal,
  );

export const createOperation = (input: OperationInput) =>
  request<{ operation: Operation; overlaps: OverlapWarning[] }>("POST", "/api/operations", input);

export const setOperationStatus = (id: number, status: OperationStatus) =>
  request<{ operation: Operation }>("PATCH", `/api/operations/${id}`, { status });

export const getEngagements = (area: string, from: string, to: string, signal?: AbortSignal) =>
  request<{ engagements: Engagement[] }>(
    "GET",
    `/api/engagements${q({ area, from, to })}`,
    undefined,
    signal,
  );

export const createEngagement = (input: EngagementInput) =>
  request<{ engagement: Engagement }>("POST", "/api/engagements", input);

export const getEngagementSummary = (area: string, from: string, to: string, signal?: AbortSignal) => {
  const i = area.indexOf(":");
  const path = `/api/areas/${encodeURIComponent(area.slice(0, i))}/${encodeURIComponent(area.slice(i + 1))}/engagement-summary`;
  return request<EngagementSummary>("GET", `${path}${q({ from, to })}`, undefined, signal);
};
