/**
 * Actions over HTTP on the small demo city: the role matrix of every endpoint, every status transition of
 * the table (allowed ones 200, refused ones 409 with what is allowed), history rows in order, partner and
 * community scoping (another agency's action is 404, person links never shown), person links for review
 * roles only with a purpose, bad input, the inbox and overdue list against plain SQL, and one audit entry
 * per change.
 *
 * Community users: the user model gives them no agency yet (users.ts allows an agency for partners only),
 * so community1's scope is empty: an empty list and inbox, and 404 for every action.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ACTION_STATUSES, type ActionStatus, TRANSITIONS } from "../../src/actions/model.js";
import { listAudit } from "../../src/audit/audit-log.js";
import { PERMISSIONS, ROLES } from "../../src/auth/roles.js";
import { addUser } from "../../src/auth/users.js";
import type {
  ActionDetailAnswer,
  ActionInboxAnswer,
  ActionListAnswer,
} from "../../src/server/action-routes.js";
import { apiHarness, PASSWORD, roleMatrix } from "../helpers/api-harness.js";

const h = apiHarness("api-actions");
const headers = new Map<string, Record<string, string>>();
async function as(user: string): Promise<Record<string, string>> {
  let hd = headers.get(user);
  if (!hd) {
    hd = await h.login(user);
    headers.set(user, hd);
  }
  return hd;
}

async function call(user: string | null, method: string, url: string, body?: unknown) {
  const hd: Record<string, string> = user ? { ...(await as(user)) } : {};
  if (body !== undefined) hd["content-type"] = "application/json";
  const r = await h.app.request(url, {
    method,
    headers: hd,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return {
    status: r.status,
    body: (await r.json()) as Record<string, unknown> & { error?: { message: string } },
  };
}

const ATF_ACTION = {
  title: "Trace the recovered pistol",
  type: "nibin-lead",
  agency: "atf",
  due: "2025-06-10",
  origin: "shooting",
  links: [
    { kind: "area", ref: "district:3" },
    { kind: "person", ref: "P-0042" },
  ],
  note: "from the shoot review",
};
let atfId: number;
let fbiId: number;
let incidentUid: string;

async function create(body: Record<string, unknown>, user = "analyst1"): Promise<number> {
  const r = await call(user, "POST", "/api/actions", body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (r.body.action as { id: number }).id;
}

beforeAll(async () => {
  await h.db.run(
    "INSERT OR IGNORE INTO agencies VALUES ('FBI', 'Federal Bureau of Investigation', 'federal', now())",
  );
  const inc = await h.db.one<{ uid: string }>("SELECT min(uid)::VARCHAR AS uid FROM incidents");
  incidentUid = inc!.uid;
  atfId = await create({
    ...ATF_ACTION,
    links: [...ATF_ACTION.links, { kind: "incident", ref: incidentUid }],
  });
  fbiId = await create({
    title: "Serve the warrant",
    type: "warrant-service",
    agency: "FBI",
    origin: "meeting",
  });
});

describe("role matrix", () => {
  roleMatrix(h, [
    {
      method: "POST",
      path: "/api/actions",
      body: { title: "matrix", type: "other", agency: "ATF", origin: "other" },
      permission: "actions:manage",
    },
  ]);

  // The reads and PATCH are open to both action permissions (the handler scopes the rows): the review
  // roles (actions:manage) and partners and community (actions:write-own).
  const granted = new Set<string>([...PERMISSIONS["actions:manage"], ...PERMISSIONS["actions:write-own"]]);
  const endpoints = [
    { method: "GET", label: "/api/actions", path: () => "/api/actions", ownOnly: false },
    { method: "GET", label: "/api/actions/inbox", path: () => "/api/actions/inbox", ownOnly: false },
    { method: "GET", label: "/api/actions/{id}", path: () => `/api/actions/${atfId}`, ownOnly: true },
    {
      method: "PATCH",
      label: "/api/actions/{id}",
      path: () => `/api/actions/${atfId}`,
      ownOnly: true,
      body: { note: "matrix note" },
    },
  ] as const;
  for (const role of ["public", ...ROLES] as const) {
    for (const e of endpoints) {
      // community1 has no agency: the ATF action is not theirs, so it is "not found".
      const expected = !granted.has(role)
        ? role === "public"
          ? 401
          : 403
        : role === "community" && e.ownOnly
          ? 404
          : 200;
      it(`${role} ${e.method} ${e.label} -> ${expected}`, async () => {
        const r = await call(
          role === "public" ? null : `${role}1`,
          e.method,
          e.path(),
          "body" in e ? e.body : undefined,
        );
        expect(r.status, JSON.stringify(r.body)).toBe(expected);
      });
    }
  }
});

describe("status transitions through the API", () => {
  for (const from of ACTION_STATUSES) {
    for (const to of ACTION_STATUSES) {
      const allowed = TRANSITIONS[from].includes(to);
      it(`${from} -> ${to}: ${allowed ? "200" : "409"}`, async () => {
        const id = await create({ title: `${from} to ${to}`, type: "other", agency: "ATF", origin: "other" });
        if (from !== "open")
          expect((await call("analyst1", "PATCH", `/api/actions/${id}`, { status: from })).status).toBe(200);
        const r = await call("partner1", "PATCH", `/api/actions/${id}`, { status: to, note: "try" });
        if (allowed) {
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          expect((r.body.action as { status: ActionStatus }).status).toBe(to);
        } else {
          expect(r.status).toBe(409);
          expect(r.body.error?.message).toContain(
            `from ${from} it may go to: ${TRANSITIONS[from].join(", ")}`,
          );
          const row = await h.db.one<{ status: string }>("SELECT status FROM actions WHERE id = $1", [id]);
          expect(row!.status).toBe(from);
        }
      });
    }
  }
});

describe("history and scoping", () => {
  it("keeps the history in order with who, when, from and to", async () => {
    expect(
      (
        await call("partner1", "PATCH", `/api/actions/${atfId}`, {
          status: "in-progress",
          note: "lab booked",
        })
      ).status,
    ).toBe(200);
    expect(
      (await call("analyst1", "PATCH", `/api/actions/${atfId}`, { due: "2025-06-12", owner: "SA Ortiz" }))
        .status,
    ).toBe(200);
    expect(
      (await call("partner1", "PATCH", `/api/actions/${atfId}`, { status: "done", note: "hit on NIBIN" }))
        .status,
    ).toBe(200);
    const r = await call("analyst1", "GET", `/api/actions/${atfId}`);
    const a = (r.body as unknown as ActionDetailAnswer).action;
    const tail = a.history.filter((e) => e.note !== "matrix note");
    expect(tail.map((e) => [e.kind, e.username, e.from, e.to, e.note])).toEqual([
      ["created", "analyst1", null, "open", "from the shoot review"],
      ["status", "partner1", "open", "in-progress", "lab booked"],
      ["assigned", "analyst1", "ATF", "ATF", null],
      ["due", "analyst1", "2025-06-10", "2025-06-12", null],
      ["status", "partner1", "in-progress", "done", "hit on NIBIN"],
    ]);
    const times = a.history.map((e) => e.at);
    expect([...times].sort()).toEqual(times);
    const rows = await h.db.all<{ seq: number }>(
      "SELECT seq FROM action_events WHERE action_id = $1 ORDER BY seq",
      [atfId],
    );
    expect(a.history.map((e) => e.seq)).toEqual(rows.map((x) => x.seq));
    expect(a.status).toBe("done");
    expect(a.closedAt).not.toBeNull();
  });

  it("answers 404, not 403, when a partner asks for or changes another agency's action", async () => {
    const get = await call("partner1", "GET", `/api/actions/${fbiId}`);
    expect(get.status).toBe(404);
    const missing = await call("partner1", "GET", "/api/actions/999999");
    expect(get.body).toEqual({
      error: { ...missing.body.error, message: missing.body.error!.message.replace("999999", String(fbiId)) },
    });
    expect((await call("partner1", "PATCH", `/api/actions/${fbiId}`, { status: "done" })).status).toBe(404);
    const list = (await call("partner1", "GET", "/api/actions")).body as unknown as ActionListAnswer;
    const sql = await h.db.all<{ id: number }>("SELECT id FROM actions WHERE agency = 'ATF' ORDER BY id");
    expect(list.actions.map((x) => x.id).sort((x, y) => x - y)).toEqual(sql.map((x) => x.id));
    expect(list.canManage).toBe(false);
    expect(list.agencies).toEqual([]);
  });

  it("never shows a partner person links, nor lets it reassign", async () => {
    const a = ((await call("partner1", "GET", `/api/actions/${atfId}`)).body as unknown as ActionDetailAnswer)
      .action;
    expect(a.links.map((l) => l.kind).sort()).toEqual(["area", "incident"]);
    expect(a.hiddenPersonLinks).toBeUndefined();
    expect(JSON.stringify(a)).not.toContain("P-0042");
    const withPurpose = await call("partner1", "GET", `/api/actions/${atfId}?purpose=curious about it`);
    expect(JSON.stringify(withPurpose.body)).not.toContain("P-0042");
    const list = await call("partner1", "GET", "/api/actions");
    expect(JSON.stringify(list.body)).not.toContain("P-0042");
    const search = await call("partner1", "GET", "/api/actions?linkKind=person&linkRef=P-0042");
    expect(search.status).toBe(403);
    const move = await call("partner1", "PATCH", `/api/actions/${atfId}`, { agency: "FBI" });
    expect(move.status).toBe(403);
    expect(move.body.error?.message).toContain("only the status and notes");
  });

  it("shows review roles person links only with a purpose, and audits the view", async () => {
    const plain = (
      (await call("analyst1", "GET", `/api/actions/${atfId}`)).body as unknown as ActionDetailAnswer
    ).action;
    expect(plain.hiddenPersonLinks).toBe(1);
    expect(plain.links.some((l) => l.kind === "person")).toBe(false);
    expect((await call("analyst1", "GET", `/api/actions/${atfId}?purpose=x`)).status).toBe(400);
    const shown = await call("analyst1", "GET", `/api/actions/${atfId}?purpose=shoot review 2025-06-03`);
    expect((shown.body as unknown as ActionDetailAnswer).action.links).toContainEqual({
      kind: "person",
      ref: "P-0042",
    });
    const [entry] = await listAudit(h.db, { limit: 1 });
    expect(entry).toMatchObject({
      username: "analyst1",
      action: "view-records",
      resource: `action:${atfId}/people`,
      purpose: "shoot review 2025-06-03",
      detail: { count: 1 },
    });
    expect((await call("analyst1", "GET", "/api/actions?linkKind=person&linkRef=P-0042")).status).toBe(400);
    const found = await call(
      "analyst1",
      "GET",
      "/api/actions?linkKind=person&linkRef=P-0042&purpose=shoot review 2025-06-03",
    );
    expect((found.body as unknown as ActionListAnswer).actions.map((x) => x.id)).toEqual([atfId]);
    expect((await listAudit(h.db, { limit: 1 }))[0]).toMatchObject({
      action: "search-records",
      detail: { count: 1 },
    });
  });

  it("lets a community member of an organisation see and update that organisation's actions only", async () => {
    await addUser(h.db, { username: "cvi1", password: PASSWORD, role: "community", agency: "CVI" });
    const mine = await create({
      title: "Hospital visit for the victim's family",
      type: "hospital-outreach-referral",
      agency: "CVI",
      origin: "shooting",
      links: [{ kind: "person", ref: "P-0007" }],
    });
    const list = (await call("cvi1", "GET", "/api/actions")).body as unknown as ActionListAnswer;
    expect(list.actions.map((x) => x.id)).toEqual([mine]);
    const one = await call("cvi1", "GET", `/api/actions/${mine}`);
    expect(JSON.stringify(one.body)).not.toContain("P-0007");
    const done = await call("cvi1", "PATCH", `/api/actions/${mine}`, {
      status: "done",
      note: "family reached",
    });
    expect(done.status).toBe(200);
    const other = await call("cvi1", "GET", `/api/actions/${atfId}`);
    expect(other.status).toBe(404);
  });

  it("gives community1 (no agency) an empty list and inbox", async () => {
    expect(
      ((await call("community1", "GET", "/api/actions")).body as unknown as ActionListAnswer).actions,
    ).toEqual([]);
    const inbox = (await call("community1", "GET", "/api/actions/inbox"))
      .body as unknown as ActionInboxAnswer;
    expect(inbox).toMatchObject({ scope: "agency", agency: null, agencies: [], overdue: [] });
  });
});

describe("filters, overdue and the inbox against SQL", () => {
  let today: string;
  let lateId: number;
  beforeAll(async () => {
    today = ((await call("analyst1", "GET", "/api/actions")).body as unknown as ActionListAnswer).today;
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    lateId = await create({
      title: "Fix the lights",
      type: "place-remediation",
      agency: "ATF",
      origin: "place",
      due: yesterday,
    });
    await create({ title: "Due today", type: "victim-services", agency: "FBI", origin: "other", due: today });
  });

  it("measures today in the city's time zone", async () => {
    const zone = await h.db.one<{ time_zone: string }>("SELECT time_zone FROM city");
    const local = new Intl.DateTimeFormat("en-CA", { timeZone: zone!.time_zone }).format(new Date());
    expect(today).toBe(local);
  });

  it("lists overdue actions as SQL finds them", async () => {
    const r = (await call("analyst1", "GET", "/api/actions?overdue=true"))
      .body as unknown as ActionListAnswer;
    const sql = await h.db.all<{ id: number }>(
      "SELECT id FROM actions WHERE status NOT IN ('done','cancelled') AND due_date < $1::DATE ORDER BY id",
      [today],
    );
    expect(r.actions.map((a) => a.id).sort((x, y) => x - y)).toEqual(sql.map((x) => x.id));
    expect(r.actions.map((a) => a.id)).toContain(lateId);
    expect(r.actions.every((a) => a.overdue)).toBe(true);
  });

  it("filters by status, type, agency, link and due window", async () => {
    const q = async (s: string) =>
      ((await call("analyst1", "GET", `/api/actions?${s}`)).body as unknown as ActionListAnswer).actions.map(
        (a) => a.id,
      );
    const sql = async (where: string, p: string[] = []) =>
      (await h.db.all<{ id: number }>(`SELECT id FROM actions WHERE ${where} ORDER BY id`, p)).map(
        (x) => x.id,
      );
    const sorted = (ids: number[]) => [...ids].sort((x, y) => x - y);
    expect(sorted(await q("status=open,blocked"))).toEqual(await sql("status IN ('open','blocked')"));
    expect(sorted(await q("type=place-remediation&agency=atf"))).toEqual(
      await sql("type = 'place-remediation' AND agency = 'ATF'"),
    );
    expect(sorted(await q("origin=meeting"))).toEqual(await sql("origin = 'meeting'"));
    expect(await q(`linkKind=incident&linkRef=${incidentUid}`)).toEqual([atfId]);
    expect(sorted(await q(`dueAfter=${today}&dueBefore=${today}`))).toEqual(
      await sql("due_date = $1::DATE", [today]),
    );
  });

  it("counts each agency's inbox as SQL does, and a partner's only its own", async () => {
    const inbox = (await call("commander1", "GET", "/api/actions/inbox"))
      .body as unknown as ActionInboxAnswer;
    expect(inbox.scope).toBe("all");
    const sql = await h.db.all<{
      agency: string;
      open: number;
      ip: number;
      blocked: number;
      overdue: number;
    }>(
      `SELECT agency, count(*) FILTER (WHERE status = 'open')::INTEGER AS open,
         count(*) FILTER (WHERE status = 'in-progress')::INTEGER AS ip,
         count(*) FILTER (WHERE status = 'blocked')::INTEGER AS blocked,
         count(*) FILTER (WHERE status NOT IN ('done','cancelled') AND due_date < $1::DATE)::INTEGER AS overdue
       FROM actions GROUP BY agency ORDER BY agency`,
      [today],
    );
    // Every agency with actions, as SQL counts them; listed agencies without actions count zero.
    const withActions = new Set(sql.map((s) => s.agency));
    expect(
      inbox.agencies
        .filter((c) => withActions.has(c.agency))
        .map((c) => [c.agency, c.open, c.inProgress, c.blocked, c.overdue]),
    ).toEqual(sql.map((s) => [s.agency, s.open, s.ip, s.blocked, s.overdue]));
    const listed = await h.db.all<{ id: string }>("SELECT id FROM agencies");
    for (const { id } of listed.filter((a) => !withActions.has(a.id)))
      expect(inbox.agencies.find((c) => c.agency === id)).toMatchObject({ open: 0, overdue: 0 });
    expect(inbox.overdue.map((a) => a.id)).toContain(lateId);
    expect(inbox.agencies.find((c) => c.agency === "FBI")!.dueThisWeek).toBeGreaterThanOrEqual(1);
    const mine = (await call("partner1", "GET", "/api/actions/inbox")).body as unknown as ActionInboxAnswer;
    expect(mine.agencies.map((c) => c.agency)).toEqual(["ATF"]);
    expect(mine.overdue.every((a) => a.agency === "ATF")).toBe(true);
  });
});

describe("bad input", () => {
  it.each([
    ["an unknown agency", { agency: "NOPE" }, /agency: no agency 'NOPE' \(known: .*ATF.*FBI/],
    ["an unknown type", { type: "surveillance" }, /type/],
    ["a malformed area link", { links: [{ kind: "area", ref: "district" }] }, /LAYER:NAME/],
    ["an area that does not exist", { links: [{ kind: "area", ref: "district:99" }] }, /no area district:99/],
    [
      "an incident that does not exist",
      { links: [{ kind: "incident", ref: "987654321" }] },
      /no incident with uid/,
    ],
    ["an impossible due date", { due: "2025-02-30" }, /due: not a calendar date/],
  ])("refuses %s with 400 and says why", async (_what, patch, message) => {
    const r = await call("analyst1", "POST", "/api/actions", {
      title: "t",
      type: "other",
      agency: "ATF",
      origin: "other",
      ...patch,
    });
    expect(r.status).toBe(400);
    expect(r.body.error?.message).toMatch(message);
  });

  it("refuses bad filters and empty changes", async () => {
    const s = await call("analyst1", "GET", "/api/actions?status=opened");
    expect(s.status).toBe(400);
    expect(s.body.error?.message).toContain("status: unknown opened");
    expect((await call("analyst1", "GET", "/api/actions?linkKind=area")).status).toBe(400);
    expect((await call("analyst1", "GET", "/api/actions/abc")).status).toBe(400);
    expect((await call("analyst1", "PATCH", `/api/actions/${fbiId}`, {})).status).toBe(400);
  });
});

describe("audit", () => {
  it("writes one entry per change: action-create and action-update on action:ID", async () => {
    const id = await create({ title: "Audit me", type: "directed-patrol", agency: "ATF", origin: "other" });
    expect((await listAudit(h.db, { limit: 1 }))[0]).toMatchObject({
      username: "analyst1",
      action: "action-create",
      resource: `action:${id}`,
      detail: { agency: "ATF", type: "directed-patrol" },
    });
    await call("partner1", "PATCH", `/api/actions/${id}`, { status: "blocked", note: "waiting on overtime" });
    expect((await listAudit(h.db, { limit: 1 }))[0]).toMatchObject({
      username: "partner1",
      role: "partner",
      action: "action-update",
      resource: `action:${id}`,
      detail: { changes: ["status"], status: "blocked" },
    });
    const creates = await h.db.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM audit_log WHERE action = 'action-create'",
    );
    const actions = await h.db.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM actions");
    expect(creates!.n).toBe(actions!.n);
    const refused = await call("partner1", "PATCH", `/api/actions/${id}`, { status: "done" });
    expect(refused.status).toBe(409);
    expect((await listAudit(h.db, { limit: 1 }))[0]!.action).toBe("action-update");
    const updates = await h.db.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM audit_log WHERE action = 'action-update' AND resource = $1",
      [`action:${id}`],
    );
    expect(updates!.n).toBe(1);
  });
});
