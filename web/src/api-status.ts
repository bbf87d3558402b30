/**
 * The client of the data-status and goals endpoints (GET /api/status, the import issues, /api/goals).
 * Answer types come from the server's own modules, so the page and the API cannot drift apart.
 */
import type { GoalInput } from "../../src/compstat/config.js";
import type { GoalsAnswer } from "../../src/server/goal-routes.js";
import type { ImportIssuesPage, StatusAnswer } from "../../src/server/status-routes.js";
import { request, toSearch } from "./api";

export type { GoalInput, GoalsAnswer, ImportIssuesPage, StatusAnswer };

export function getStatus(signal?: AbortSignal): Promise<StatusAnswer> {
  return request<StatusAnswer>("GET", "/api/status", undefined, signal);
}

export interface IssueQuery {
  readonly purpose: string;
  readonly reason?: string;
  readonly severity?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export function getImportIssues(
  batchId: number,
  q: IssueQuery,
  signal?: AbortSignal,
): Promise<ImportIssuesPage> {
  const search = toSearch({
    purpose: q.purpose,
    reason: q.reason,
    severity: q.severity,
    limit: q.limit === undefined ? undefined : String(q.limit),
    offset: q.offset === undefined ? undefined : String(q.offset),
  });
  return request<ImportIssuesPage>(
    "GET",
    `/api/status/imports/${batchId}/issues${search}`,
    undefined,
    signal,
  );
}

export function getGoals(asOf: string | undefined, signal?: AbortSignal): Promise<GoalsAnswer> {
  return request<GoalsAnswer>("GET", `/api/goals${toSearch({ asOf })}`, undefined, signal);
}

export function createGoal(input: GoalInput): Promise<{ goal: { id: string; label: string } }> {
  return request("POST", "/api/goals", input);
}

export function deleteGoal(id: string): Promise<{ ok: boolean; id: string }> {
  return request("DELETE", `/api/goals/${encodeURIComponent(id)}`);
}
