/**
 * The partnership's records through the real CLI (dist/cli/main.js as a child process) on the small demo
 * city: a meeting whose next step becomes an action, a policy draft with a redline between versions, two
 * overlapping operations and the warning on the second, an engagement and its area summary against plain
 * SQL, and a bad JSON file refused in one line that names the file and the field.
 *
 * Run `npx tsc -p tsconfig.build.json` first so dist is current.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Action } from "../../src/actions/model.js";
import type { Redline } from "../../src/documents/documents.js";
import { applySide } from "../../src/documents/redline.js";
import type { MeetingSummary } from "../../src/meetings/meetings.js";
import type { EngagementSummary } from "../../src/partners/engagements.js";
import type { OperationView, OverlapWarning } from "../../src/partners/operation-views.js";
import type { Operation } from "../../src/partners/operations.js";
import { Database, type Row } from "../../src/store/db.js";
import { tmpDir } from "../helpers/synthetic-files.js";

const CLI = path.resolve("dist/cli/main.js");
const dir = tmpDir("cli-loop");
const dbPath = path.join(dir, "small.duckdb");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(args: readonly string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args, "--db", dbPath], {
    encoding: "utf8",
    env: { ...process.env, USER: "tester" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function cliJson<T>(args: readonly string[]): T {
  const r = cli([...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

function file(name: string, content: unknown): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return f;
}

async function sql<T extends Row>(query: string): Promise<T[]> {
  const db = await Database.open(dbPath);
  try {
    return await db.all<T>(query);
  } finally {
    db.close();
  }
}

beforeAll(() => {
  const r = spawnSync(process.execPath, [CLI, "demo", "--db", dbPath, "--size", "small", "--json"], {
    encoding: "utf8",
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}, 120_000);

describe("peacestat meetings", () => {
  it("records a meeting from a JSON file; its next step becomes an open action linked to it", async () => {
    const f = file("meeting.json", {
      kind: "shoot-review",
      heldOn: "2025-09-29",
      title: "Weekly shoot review",
      attendees: [{ name: "Cmdr. Dana Reyes", agency: "LPD" }, { name: "SA Morgan Tate" }],
      agenda: ["Shootings of the week", "Open actions"],
      decisions: ["Trace every recovered gun"],
      nextMeeting: "2025-10-06",
      nextSteps: [{ title: "Follow the NIBIN lead", agency: "atf", due: "2025-10-06", type: "nibin-lead" }],
    });
    const r = cli(["meetings", "add", f]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Recorded meeting (\d+) \(shoot-review, 2025-09-29\)/);

    // The CLI is an administrator's tool: shoot-review meetings are listed.
    const { meetings } = cliJson<{ meetings: MeetingSummary[] }>(["meetings", "list"]);
    const m = meetings.find((x) => x.title === "Weekly shoot review");
    expect(m).toMatchObject({ kind: "shoot-review", attendeeCount: 2, nextStepCount: 1 });
    expect(
      cliJson<{ meetings: MeetingSummary[] }>(["meetings", "list", "--kind", "community"]).meetings,
    ).toEqual([]);

    const shown = cliJson<{ nextSteps: { actionId: number }[]; createdBy: string }>([
      "meetings",
      "show",
      String(m!.id),
    ]);
    expect(shown.createdBy).toBe("cli:tester");
    const actionId = shown.nextSteps[0]!.actionId;

    const { actions } = cliJson<{ actions: Action[] }>(["actions", "list"]);
    const a = actions.find((x) => x.id === actionId);
    expect(a).toMatchObject({
      title: "Follow the NIBIN lead",
      agency: "ATF",
      type: "nibin-lead",
      status: "open",
      origin: "meeting",
      due: "2025-10-06",
      createdBy: "cli:tester",
    });
    expect(a!.links).toContainEqual(expect.objectContaining({ kind: "meeting", ref: String(m!.id) }));

    const text = cli(["meetings", "show", String(m!.id)]);
    expect(text.stdout).toContain(`action ${actionId} open ATF due 2025-10-06: Follow the NIBIN lead`);
  });

  it("refuses a bad JSON file in one line naming the file and the field, exit code 4, writing nothing", async () => {
    const before = await sql<{ n: number }>("SELECT count(*)::INTEGER AS n FROM meetings");
    const f = file("bad-meeting.json", {
      kind: "compstat",
      heldOn: "2025-10-01",
      title: "CompStat",
      nextSteps: [{ title: "Walk the block", agency: "LPD", due: "2025-13-40" }],
    });
    const r = cli(["meetings", "add", f]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^peacestat: .*bad-meeting\.json: nextSteps\.0\.due: /);

    const unknownAgency = cli([
      "meetings",
      "add",
      file("bad-agency.json", {
        kind: "compstat",
        heldOn: "2025-10-01",
        title: "CompStat",
        nextSteps: [{ title: "x", agency: "NOPE" }],
      }),
    ]);
    expect(unknownAgency.code).toBe(4);
    expect(unknownAgency.stderr).toMatch(/bad-agency\.json: nextSteps\.0\.agency: no agency 'NOPE'/);

    const malformed = cli(["meetings", "add", file("broken.json", '{"kind": "compstat",')]);
    expect(malformed.code).toBe(4);
    expect(malformed.stderr).toMatch(/^peacestat: .*broken\.json: not valid JSON/);
    expect(malformed.stderr.trimEnd().split("\n")).toHaveLength(1);

    const missing = cli(["meetings", "add", path.join(dir, "nowhere.json")]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/nowhere\.json: no such file/);

    const after = await sql<{ n: number }>("SELECT count(*)::INTEGER AS n FROM meetings");
    expect(after).toEqual(before);

    const notFound = cli(["meetings", "show", "9999"]);
    expect(notFound.code).toBe(3);
    expect(notFound.stderr).toBe("peacestat: no meeting 9999: 'peacestat meetings list' lists them\n");
  });
});

describe("peacestat documents", () => {
  it("adds a document and a version; the redline's segments spell both texts", () => {
    const v1 = "Officers shall record every stop.\nThe review is monthly.\n";
    const v2 = "Officers must record every stop and its reason.\nThe review is monthly.\n";
    const add = cli(["documents", "add", "--title", "Stop policy", file("v1.txt", v1)]);
    expect(add.stderr).toBe("");
    const id = Number(/^Created document (\d+) \(policy\)/.exec(add.stdout)?.[1]);
    expect(id).toBeGreaterThan(0);
    const ver = cliJson<{ version: number; createdBy: string }>([
      "documents",
      "version",
      String(id),
      file("v2.txt", v2),
      "--note",
      "reasons recorded",
    ]);
    expect(ver).toMatchObject({ version: 2, createdBy: "cli:tester" });

    const r = cliJson<Redline>(["documents", "redline", String(id)]);
    expect(r.from.version).toBe(1);
    expect(r.to.version).toBe(2);
    expect(r.segments).toEqual([
      { op: "equal", text: "Officers " },
      { op: "delete", text: "shall" },
      { op: "insert", text: "must" },
      { op: "equal", text: " record every stop" },
      { op: "insert", text: " and its reason" },
      { op: "equal", text: ".\nThe review is monthly.\n" },
    ]);
    expect(applySide(r.segments, "before")).toBe(v1);
    expect(applySide(r.segments, "after")).toBe(v2);

    const text = cli(["documents", "redline", String(id), "--from", "1", "--to", "2"]);
    expect(text.stdout).toContain("Officers [-shall-][+must+] record every stop[+ and its reason+].");

    const list = cliJson<{ documents: { id: number; latestVersion: number }[] }>(["documents", "list"]);
    expect(list.documents.find((d) => d.id === id)?.latestVersion).toBe(2);

    const same = cli(["documents", "version", String(id), path.join(dir, "v2.txt")]);
    expect(same.code).toBe(4);
    expect(same.stderr).toMatch(/v2\.txt: body: identical to version 2/);
    const backwards = cli(["documents", "redline", String(id), "--from", "2", "--to", "1"]);
    expect(backwards.code).toBe(2);
  });
});

describe("peacestat operations", () => {
  it("registers two overlapping operations and prints the warning on the second in full", () => {
    const first = cliJson<{ operation: Operation; overlaps: OverlapWarning[] }>([
      "operations",
      "add",
      file("op1.json", {
        name: "Operation North Star",
        agency: "ATF",
        startsAt: "2025-10-01",
        endsAt: "2025-10-05",
        area: "district:1",
        deconflictionSystem: "RISSafe",
        deconflictionRef: "R-100",
      }),
    ]);
    expect(first.overlaps).toEqual([]);
    expect(first.operation.createdBy).toBe("cli:tester");

    const second = cli([
      "operations",
      "add",
      file("op2.json", {
        name: "Warrant sweep",
        agency: "usms",
        startsAt: "2025-10-04 18:00",
        endsAt: "2025-10-04 23:00",
        area: "district:1",
        deconflictionSystem: "SAFETNet",
        deconflictionRef: "S-7",
      }),
    ]);
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      'WARNING: Overlaps ATF\'s operation "Operation North Star" (2025-10-01 00:00 to 2025-10-05 23:59, in the same area), RISSafe R-100: deconflict before it starts.',
    );

    const { operations } = cliJson<{ operations: OperationView[] }>(["operations", "list"]);
    const north = operations.find((o) => o.name === "Operation North Star")!;
    const sweep = operations.find((o) => o.name === "Warrant sweep")!;
    expect(sweep.agency).toBe("USMS");
    // In full: the other operation's name, place and reference (an administrator's view).
    expect(north.overlaps.map((w) => w.detail?.operation.id)).toEqual([sweep.id]);
    expect(sweep.overlaps[0]?.detail).toMatchObject({
      operation: { id: north.id, deconflictionRef: "R-100" },
      place: "same-area",
    });

    const noPlace = cli([
      "operations",
      "add",
      file("op-bad.json", { name: "x", agency: "ATF", startsAt: "2025-10-01", endsAt: "2025-10-02" }),
    ]);
    expect(noPlace.code).toBe(4);
    expect(noPlace.stderr).toMatch(/^peacestat: .*op-bad\.json: deconflictionSystem: /);
  });
});

describe("peacestat engagements", () => {
  it("logs an engagement; the area summary matches SQL over engagements and partner activity", async () => {
    const csv = file(
      "activity.csv",
      [
        "agency,activity_type,date,count,area,layer,reference",
        "LPD,arrest,2025-06-03,4,2,district,A1",
        "LPD,citizen-complaint,2025-06-05,1,2,district,C1",
        "ATF,gun-recovery,2025-06-07,2,2,district,G1",
        "LPD,arrest,2025-06-07,9,3,district,A2",
        "LPD,arrest,2025-08-01,5,2,district,A3",
        "",
      ].join("\n"),
    );
    const imp = cli(["import", csv, "--format", "partner-activity", "--json"]);
    expect(imp.stderr).toBe("");
    expect(imp.code).toBe(0);

    for (const [name, body] of [
      [
        "e1.json",
        { heldOn: "2025-06-10", kind: "vigil", title: "Peace walk", area: "district:2", attendance: 45 },
      ],
      ["e2.json", { heldOn: "2025-06-12", kind: "event", title: "Block party", area: "district:2" }],
      [
        "e3.json",
        { heldOn: "2025-06-12", kind: "event", title: "Elsewhere", area: "district:3", attendance: 9 },
      ],
    ] as const) {
      const e = cliJson<{ id: number; createdBy: string }>(["engagements", "add", file(name, body)]);
      expect(e.createdBy).toBe("cli:tester");
    }
    const listed = cliJson<{ engagements: { title: string }[] }>([
      "engagements",
      "list",
      "--area",
      "district:2",
      "--from",
      "2025-06-01",
      "--to",
      "2025-06-30",
    ]);
    expect(listed.engagements.map((e) => e.title)).toEqual(["Block party", "Peace walk"]);

    const s = cliJson<EngagementSummary>([
      "engagements",
      "summary",
      "--area",
      "district:2",
      "--from",
      "2025-06-01",
      "--to",
      "2025-06-30",
    ]);
    const [eng] = await sql<{ n: number; att: number; missing: number }>(
      `SELECT count(*)::INTEGER AS n, coalesce(sum(attendance), 0)::INTEGER AS att,
              count(*) FILTER (WHERE attendance IS NULL)::INTEGER AS missing
       FROM engagements WHERE area_layer = 'district' AND area_name = '2'
         AND held_on BETWEEN DATE '2025-06-01' AND DATE '2025-06-30'`,
    );
    expect(s.engagements).toMatchObject({
      count: eng!.n,
      attendance: eng!.att,
      withoutAttendance: eng!.missing,
    });
    expect(eng).toEqual({ n: 2, att: 45, missing: 1 });

    const activity = await sql<{ type: string; n: number; rows: number }>(
      `SELECT activity_type AS type, sum(count)::DOUBLE AS n, count(*)::INTEGER AS rows FROM partner_activity
       WHERE area_layer = 'district' AND area_name = '2'
         AND activity_date >= TIMESTAMP '2025-06-01' AND activity_date < TIMESTAMP '2025-07-01'
       GROUP BY 1 ORDER BY 1`,
    );
    expect(activity).toEqual([
      { type: "arrest", n: 4, rows: 1 },
      { type: "citizen-complaint", n: 1, rows: 1 },
      { type: "gun-recovery", n: 2, rows: 1 },
    ]);
    expect(
      s.activity
        .map(({ type, count, rows }) => ({ type, n: count, rows }))
        .sort((a, b) => a.type.localeCompare(b.type)),
    ).toEqual(activity);
    expect(s.totals).toEqual({ enforcement: 6, accountability: 1, engagement: 0 });

    const text = cli([
      "engagements",
      "summary",
      "--area",
      "district:2",
      "--from",
      "2025-06-01",
      "--to",
      "2025-06-30",
    ]);
    expect(text.stdout).toContain("Engagements: 2, attendance 45 (1 without a figure)");
    expect(text.stdout).toContain("Partner activity: enforcement 6, accountability 1, engagement 0");

    const badDay = cli([
      "engagements",
      "summary",
      "--area",
      "district:2",
      "--from",
      "2025-13-01",
      "--to",
      "2025-06-30",
    ]);
    expect(badDay.code).toBe(2);
    expect(badDay.stderr).toBe("peacestat: --from 2025-13-01: expected a day YYYY-MM-DD\n");
  });
});

describe("peacestat agencies", () => {
  it("adds an agency and lists it; a taken id is a conflict", () => {
    const a = cliJson<{ id: string; kind: string }>([
      "agencies",
      "add",
      "--id",
      "usao",
      "--name",
      "U.S. Attorney's Office",
      "--kind",
      "prosecutor",
    ]);
    expect(a).toMatchObject({ id: "USAO", kind: "prosecutor" });
    const { agencies } = cliJson<{ agencies: { id: string }[] }>(["agencies", "list"]);
    expect(agencies.map((x) => x.id)).toContain("USAO");
    const again = cli(["agencies", "add", "--id", "USAO", "--name", "x", "--kind", "prosecutor"]);
    expect(again.code).toBe(6);
    const badKind = cli(["agencies", "add", "--id", "NEW", "--name", "x", "--kind", "bakery"]);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(/^peacestat: --kind: /);
  });
});
