/**
 * Meetings and policy drafts over HTTP on the small demo city: the role matrix, next steps becoming open
 * actions linked to their meeting (checked with SQL), shoot-review minutes hidden from partners and
 * community members, the seed's SOP redline (seed 003) through the API, bad input and audit entries.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../src/audit/audit-log.js";
import type { Redline } from "../../src/documents/documents.js";
import { applySide } from "../../src/documents/redline.js";
import {
  SEED_SOP_INSERTIONS,
  SEED_SOP_TITLE,
  SEED_SOP_V1,
  SEED_SOP_V2,
} from "../../src/documents/seed-sop.js";
import type { MeetingAnswer, MeetingListAnswer } from "../../src/server/meeting-routes.js";
import { apiHarness, roleMatrix } from "../helpers/api-harness.js";

const h = apiHarness("api-meetings");
const PURPOSE = "purpose=weekly shoot review";

const MEETING = {
  kind: "community",
  heldOn: "2020-10-05",
  title: "Community Oriented Policing SOP working group",
  attendees: [
    { name: "Jamaal E. Smith", agency: "OVP" },
    { name: "Partner liaison", agency: "ATF" },
  ],
  agenda: ["Revised Community Oriented Policing SOP language"],
  minutes: "Reviewed the Purpose, Policy and Definition paragraphs.",
  decisions: ["Adopt 'community oriented policing' throughout"],
  nextMeeting: "2020-10-19",
  nextSteps: [
    { title: "Review Baltimore Community Oriented Policing Plan", agency: "atf", due: "2020-10-19" },
    {
      title: "Review Tucson Community Oriented Policing policy",
      agency: "ATF",
      type: "investigative-follow-up",
    },
  ],
};

const call = async (method: string, url: string, user: string, body?: unknown) => {
  const headers: Record<string, string> = await h.login(user);
  if (body !== undefined) headers["content-type"] = "application/json";
  return h.app.request(url, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
};

let meetingId: number;
let shootReviewId: number;
let docId: number;
let drafts = 0;

beforeAll(async () => {
  const r = await call("POST", "/api/meetings", "analyst1", MEETING);
  expect(r.status, await r.clone().text()).toBe(201);
  meetingId = ((await r.json()) as MeetingAnswer).meeting.id;
  const s = await call("POST", "/api/meetings", "commander1", {
    kind: "shoot-review",
    heldOn: "2020-10-06",
    title: "Weekly shoot review",
    minutes: "Discussed the victim of the Tuesday shooting and his associates.",
  });
  expect(s.status).toBe(201);
  shootReviewId = ((await s.json()) as MeetingAnswer).meeting.id;
  const d = await call("POST", "/api/documents", "analyst1", { title: SEED_SOP_TITLE, body: SEED_SOP_V1 });
  expect(d.status, await d.clone().text()).toBe(201);
  docId = ((await d.json()) as { document: { id: number } }).document.id;
  const v = await call("POST", `/api/documents/${docId}/versions`, "analyst1", {
    body: SEED_SOP_V2,
    note: "OVP working group, 2020-10-05",
  });
  expect(v.status, await v.clone().text()).toBe(201);
  const m = await call("POST", "/api/documents", "analyst1", { title: "Matrix draft", body: "draft 0" });
  expect(((await m.json()) as { document: { id: number } }).document.id).toBe(2);
}, 120_000);

describe("role matrix", () => {
  roleMatrix(h, [
    { method: "GET", path: "/api/meetings", permission: "meetings:read" },
    { method: "GET", path: "/api/meetings/1", permission: "meetings:read" },
    {
      method: "POST",
      path: "/api/meetings",
      body: { ...MEETING, nextSteps: [] },
      permission: "meetings:write",
    },
    { method: "PATCH", path: "/api/meetings/1", body: { minutes: "Amended." }, permission: "meetings:write" },
    { method: "GET", path: "/api/documents", permission: "documents:read" },
    { method: "GET", path: "/api/documents/1", permission: "documents:read" },
    { method: "GET", path: "/api/documents/1/versions/1", permission: "documents:read" },
    { method: "GET", path: "/api/documents/1/redline?from=1&to=2", permission: "documents:read" },
    {
      method: "POST",
      path: "/api/documents",
      body: { title: "Matrix", body: "x" },
      permission: "documents:write",
    },
    // Document 2 takes the matrix's versions; each request sends a new text (an identical one is refused).
    {
      method: "POST",
      path: "/api/documents/2/versions",
      body: { toJSON: () => ({ body: `draft ${++drafts}` }) },
      permission: "documents:write",
    },
  ]);
});

describe("meetings", () => {
  it("turns each next step into an open action linked to the meeting, with its created event", async () => {
    const rows = await h.db.all<{
      id: number;
      title: string;
      type: string;
      agency: string;
      status: string;
      origin: string;
      due: string | null;
      events: number;
      kinds: string;
    }>(
      `SELECT a.id, a.title, a.type, a.agency, a.status, a.origin, strftime(a.due_date, '%Y-%m-%d') AS due,
         (SELECT count(*)::INTEGER FROM action_events e WHERE e.action_id = a.id) AS events,
         (SELECT string_agg(kind, ',') FROM action_events e WHERE e.action_id = a.id) AS kinds
       FROM actions a JOIN action_links l ON l.action_id = a.id AND l.kind = 'meeting' AND l.ref = $1
       ORDER BY a.id`,
      [String(meetingId)],
    );
    expect(
      rows.map((r) => [r.title, r.type, r.agency, r.status, r.origin, r.due, r.events, r.kinds]),
    ).toEqual([
      [MEETING.nextSteps[0]!.title, "other", "ATF", "open", "meeting", "2020-10-19", 1, "created"],
      [MEETING.nextSteps[1]!.title, "investigative-follow-up", "ATF", "open", "meeting", null, 1, "created"],
    ]);
    const r = await call("GET", `/api/meetings/${meetingId}`, "partner1");
    const { meeting } = (await r.json()) as MeetingAnswer;
    expect(meeting.nextSteps.map((s) => [s.actionId, s.status])).toEqual(rows.map((x) => [x.id, "open"]));
    expect(meeting.nextMeeting).toBe("2020-10-19");
    expect(meeting.attendees).toEqual(MEETING.attendees);
  });

  it("shows other agencies' steps to a community member without owner or status", async () => {
    const { meeting } = (await (
      await call("GET", `/api/meetings/${meetingId}`, "community1")
    ).json()) as MeetingAnswer;
    expect(meeting.nextSteps).toHaveLength(2);
    expect(meeting.nextSteps.every((s) => s.status === null && s.owner === null)).toBe(true);
  });

  it("lists meetings newest first, filtered by kind; shoot reviews only for records:read", async () => {
    const count = async (user: string, q = "") => {
      const a = (await (await call("GET", `/api/meetings${q}`, user)).json()) as MeetingListAnswer;
      return a.meetings;
    };
    const all = await h.db.all<{ id: number }>("SELECT id FROM meetings ORDER BY held_on DESC, id DESC");
    expect((await count("analyst1")).map((m) => m.id)).toEqual(all.map((r) => r.id));
    const open = await h.db.all<{ id: number }>(
      "SELECT id FROM meetings WHERE kind <> 'shoot-review' ORDER BY held_on DESC, id DESC",
    );
    expect((await count("partner1")).map((m) => m.id)).toEqual(open.map((r) => r.id));
    expect(await count("community1", "?kind=shoot-review")).toEqual([]);
    expect((await count("analyst1", "?kind=shoot-review")).map((m) => m.id)).toEqual([shootReviewId]);
    const first = (await count("analyst1", "?kind=community")).find((m) => m.id === meetingId);
    expect(first?.nextStepCount).toBe(2);
  });

  it("hides a shoot review from partner and community (404) and audits the review roles' view", async () => {
    for (const user of ["partner1", "community1"]) {
      const r = await call("GET", `/api/meetings/${shootReviewId}`, user);
      expect(r.status).toBe(404);
      expect(await r.text()).not.toContain("victim");
    }
    const noPurpose = await call("GET", `/api/meetings/${shootReviewId}`, "analyst1");
    expect(noPurpose.status).toBe(400);
    expect(((await noPurpose.json()) as { error: { message: string } }).error.message).toMatch(/^purpose:/);
    const ok = await call("GET", `/api/meetings/${shootReviewId}?${PURPOSE}`, "analyst1");
    expect(ok.status).toBe(200);
    const [entry] = await listAudit(h.db, { action: "view-records", limit: 1 });
    expect(entry).toMatchObject({
      username: "analyst1",
      resource: `meeting:${shootReviewId}`,
      purpose: "weekly shoot review",
    });
  });

  it("updates fields and adds steps as new actions, audited", async () => {
    const before = await h.db.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM actions");
    const r = await call("PATCH", `/api/meetings/${meetingId}`, "commander1", {
      decisions: ["Adopt the revision"],
      nextSteps: [{ title: "Send the Zoom link", agency: "ATF", owner: "J. Smith" }],
    });
    expect(r.status, await r.clone().text()).toBe(200);
    const { meeting } = (await r.json()) as MeetingAnswer;
    expect(meeting.decisions).toEqual(["Adopt the revision"]);
    expect(meeting.title).toBe(MEETING.title);
    expect(meeting.nextSteps).toHaveLength(3);
    const after = await h.db.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM actions");
    expect(after!.n).toBe(before!.n + 1);
    const [entry] = await listAudit(h.db, { action: "meeting-update", limit: 1 });
    expect(entry).toMatchObject({ username: "commander1", resource: `meeting:${meetingId}` });
    expect(entry!.detail).toEqual({
      fields: ["decisions", "nextSteps"],
      actions: [meeting.nextSteps[2]!.actionId],
    });
    const [created] = await listAudit(h.db, { action: "meeting-create", limit: 10 }).then((e) =>
      e.filter((x) => x.resource === `meeting:${meetingId}`),
    );
    expect(created).toMatchObject({ username: "analyst1" });
  });

  it("refuses bad input with the field and what was expected", async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...MEETING, kind: "briefing" }, /^kind: /],
      [{ ...MEETING, heldOn: "2020-02-30" }, /^heldOn: not a calendar date/],
      [{ ...MEETING, nextMeeting: "2020-10-01" }, /^nextMeeting: must come after heldOn/],
      [
        { ...MEETING, nextSteps: [{ title: "x", agency: "NOPE" }] },
        /^nextSteps\.0\.agency: no agency 'NOPE'/,
      ],
      [{ ...MEETING, nextSteps: [{ title: "x", agency: "ATF", type: "raid" }] }, /^nextSteps\.0\.type: /],
      [{ ...MEETING, title: "  " }, /^title: /],
    ];
    const n = await h.db.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM meetings");
    for (const [body, re] of cases) {
      const r = await call("POST", "/api/meetings", "analyst1", body);
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(re);
    }
    // A refused step leaves neither the meeting nor any action behind.
    expect((await h.db.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM meetings"))!.n).toBe(n!.n);
    expect((await call("GET", "/api/meetings/9999", "analyst1")).status).toBe(404);
    expect((await call("PATCH", `/api/meetings/${meetingId}`, "analyst1", {})).status).toBe(400);
  });
});

describe("documents and the redline", () => {
  it("gives the seed's SOP redline: exactly the italic insertions, and both versions rebuilt", async () => {
    const r = await call("GET", `/api/documents/${docId}/redline?from=1&to=2`, "community1");
    expect(r.status).toBe(200);
    const red = (await r.json()) as Redline;
    const words = (s: string) =>
      s
        .replace(/[^\p{L}\p{N}' ]+/gu, " ")
        .trim()
        .split(/\s+/)
        .join(" ");
    expect(red.segments.filter((s) => s.op === "delete")).toEqual([]);
    expect(red.segments.filter((s) => s.op === "insert").map((s) => words(s.text))).toEqual(
      SEED_SOP_INSERTIONS.map(words),
    );
    expect(applySide(red.segments, "before")).toBe(SEED_SOP_V1);
    expect(applySide(red.segments, "after")).toBe(SEED_SOP_V2);
    expect([red.from.version, red.to.version]).toEqual([1, 2]);
    // Defaults: the latest version against the one before it.
    const d = (await (await call("GET", `/api/documents/${docId}/redline`, "partner1")).json()) as Redline;
    expect(d.to.version).toBeGreaterThanOrEqual(2);
    expect(d.from.version).toBe(d.to.version - 1);
  });

  it("lists versions as stored and serves each text", async () => {
    const rows = await h.db.all<{ version: number; n: number }>(
      "SELECT version, length(body)::INTEGER AS n FROM document_versions WHERE document_id = $1 ORDER BY version",
      [docId],
    );
    const { document } = (await (await call("GET", `/api/documents/${docId}`, "partner1")).json()) as {
      document: { versions: { version: number; chars: number }[] };
    };
    expect(document.versions.map((v) => [v.version, v.chars])).toEqual(rows.map((r) => [r.version, r.n]));
    const v2 = (await (await call("GET", `/api/documents/${docId}/versions/2`, "community1")).json()) as {
      body: string;
    };
    expect(v2.body).toBe(SEED_SOP_V2);
  });

  it("refuses bad input and audits each write", async () => {
    const bad: [string, string, unknown, number, RegExp][] = [
      ["POST", "/api/documents", { title: "", body: "x" }, 400, /^title: /],
      ["POST", "/api/documents", { title: "T", body: "   " }, 400, /^body: the text is empty/],
      [
        "POST",
        `/api/documents/${docId}/versions`,
        { body: SEED_SOP_V2 },
        400,
        /^body: identical to version 2/,
      ],
      ["GET", `/api/documents/${docId}/redline?from=2&to=1`, undefined, 400, /^from: version 2 comes after/],
      ["GET", `/api/documents/${docId}/redline?from=1&to=99`, undefined, 404, /has no version 99/],
      ["GET", `/api/documents/${docId}/redline?from=x`, undefined, 400, /^from: expected a version number/],
      ["GET", "/api/documents/9999", undefined, 404, /^no document 9999/],
    ];
    for (const [method, url, body, status, re] of bad) {
      const r = await call(method, url, "analyst1", body);
      expect(r.status, url).toBe(status);
      expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(re);
    }
    const entries = (await listAudit(h.db, { limit: 200 })).filter((e) => e.resource === `document:${docId}`);
    expect(entries.map((e) => e.action).sort()).toEqual(["document-create", "document-version"]);
    expect(entries.find((e) => e.action === "document-version")?.detail).toMatchObject({ version: 2 });
  });
});
