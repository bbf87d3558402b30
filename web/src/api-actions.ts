/**
 * The client of the actions endpoints (/api/actions, /api/actions/inbox, /api/actions/{id}). Answer and
 * input types come from the server's own modules, so the page and the API cannot drift apart.
 */
import type {
  Action,
  ActionDetail,
  ActionEvent,
  ActionLink,
  ActionStatus,
  ActionType,
  CreateActionInput,
  UpdateActionInput,
} from "../../src/actions/model.js";
import type { InboxCounts } from "../../src/actions/queries.js";
import type {
  ActionDetailAnswer,
  ActionInboxAnswer,
  ActionListAnswer,
} from "../../src/server/action-routes.js";
import { request, toSearch } from "./api";

export type {
  Action,
  ActionDetail,
  ActionDetailAnswer,
  ActionEvent,
  ActionInboxAnswer,
  ActionLink,
  ActionListAnswer,
  ActionStatus,
  ActionType,
  CreateActionInput,
  InboxCounts,
  UpdateActionInput,
};

/** The list's filters as they stand in the address bar (and are sent to the API). */
export interface ActionQuery {
  readonly status?: string;
  readonly agency?: string;
  readonly type?: string;
  readonly overdue?: string;
}

export function getActions(q: ActionQuery, signal?: AbortSignal): Promise<ActionListAnswer> {
  return request<ActionListAnswer>("GET", `/api/actions${toSearch({ ...q })}`, undefined, signal);
}

export function getActionInbox(signal?: AbortSignal): Promise<ActionInboxAnswer> {
  return request<ActionInboxAnswer>("GET", "/api/actions/inbox", undefined, signal);
}

/** One action; with a purpose, review roles also get its person links (the view is audited). */
export function getAction(id: number, purpose?: string, signal?: AbortSignal): Promise<ActionDetailAnswer> {
  return request<ActionDetailAnswer>("GET", `/api/actions/${id}${toSearch({ purpose })}`, undefined, signal);
}

export function createAction(input: CreateActionInput): Promise<{ action: ActionDetail }> {
  return request("POST", "/api/actions", input);
}

export function updateAction(
  id: number,
  change: UpdateActionInput,
): Promise<{ action: ActionDetail; changed: string[] }> {
  return request("PATCH", `/api/actions/${id}`, change);
}
