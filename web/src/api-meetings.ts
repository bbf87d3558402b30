/** The client of the meetings and policy-draft endpoints (src/server/meeting-routes.ts, document-routes.ts). */
import type { DocumentVersion, Redline } from "../../src/documents/documents.js";
import type { MeetingInput, MeetingUpdate } from "../../src/meetings/meetings.js";
import type { DocumentAnswer, DocumentListAnswer } from "../../src/server/document-routes.js";
import type { MeetingAnswer, MeetingListAnswer } from "../../src/server/meeting-routes.js";
import { request, toSearch } from "./api";

export type {
  DocumentAnswer,
  DocumentListAnswer,
  DocumentVersion,
  MeetingAnswer,
  MeetingInput,
  MeetingListAnswer,
  Redline,
};

export function getMeetings(kind: string | undefined, signal?: AbortSignal): Promise<MeetingListAnswer> {
  return request("GET", `/api/meetings${toSearch({ kind })}`, undefined, signal);
}

/** `purpose` is needed (and audited) for shoot-review minutes only. */
export function getMeeting(
  id: number,
  purpose: string | undefined,
  signal?: AbortSignal,
): Promise<MeetingAnswer> {
  return request("GET", `/api/meetings/${id}${toSearch({ purpose })}`, undefined, signal);
}

export function createMeeting(input: MeetingInput): Promise<MeetingAnswer> {
  return request("POST", "/api/meetings", input);
}

export function updateMeeting(id: number, patch: MeetingUpdate): Promise<MeetingAnswer> {
  return request("PATCH", `/api/meetings/${id}`, patch);
}

export function getDocuments(signal?: AbortSignal): Promise<DocumentListAnswer> {
  return request("GET", "/api/documents", undefined, signal);
}

export function getDocument(id: number, signal?: AbortSignal): Promise<DocumentAnswer> {
  return request("GET", `/api/documents/${id}`, undefined, signal);
}

export function getVersion(id: number, version: number, signal?: AbortSignal): Promise<DocumentVersion> {
  return request("GET", `/api/documents/${id}/versions/${version}`, undefined, signal);
}

export function createDocument(input: {
  title: string;
  kind?: string;
  body: string;
  note?: string;
}): Promise<DocumentAnswer> {
  return request("POST", "/api/documents", input);
}

export function addVersion(id: number, input: { body: string; note?: string }): Promise<DocumentVersion> {
  return request("POST", `/api/documents/${id}/versions`, input);
}

export function getRedline(
  id: number,
  from: number | undefined,
  to: number | undefined,
  signal?: AbortSignal,
): Promise<Redline> {
  return request(
    "GET",
    `/api/documents/${id}/redline${toSearch({ from: from?.toString(), to: to?.toString() })}`,
    undefined,
    signal,
  );
}
