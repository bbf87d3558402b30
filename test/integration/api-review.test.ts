/**
 * The shoot review over HTTP on the small demo city: who may open it, that each view needs a purpose and
 * is audited, that the answer is the review module's own, that an analyst's group-conflict note moves the
 * score by exactly its weight, and that a new configuration version rescores and is recorded.
 */
import { describe, expect, it } from "vitest";
import { listAudit, verifyAudit } from "../../src/audit/audit-log.js";
import { buildShootReview, type ShootReview } from "../../src/review/review.js";
import { apiHarness, roleMatrix } from "../helpers/api-harness.js";

const h = apiHarness("api-review");
const W = "date=2025-09-30&days=31";
const P = "purpose=weekly%20shoot%20review";

describe("roles x shoot review endpoints", () => {
  roleMatrix(h, [
    { method: "GET", path: `/api/review?${W}&${P}`, permission: "records:read" },
    { method: "GET", path: `/api/review/packet?format=html&${W}&${P}`, permission: "exports:create" },
    { method: "GET", path: "/api/review/config", permission: "records:read" },
    {
      method: "POST",
      path: "/api/review/config",
      body: { note: "same weights" },
      permission: "review:configure",
    },
  ]);
});

describe("the review", () => {
  it("needs a purpose, and each view is audited with the shootings it showed", async () => {
    const headers = await h.login("commander1");
    const refused = await h.app.request(`/api/review?${W}`, { headers });
    expect(refused.status).toBe(400);
    const r = await h.app.request(`/api/review?${W}&${P}`, { headers });
    expect(r.status).toBe(200);
    const review = (await r.json()) as ShootReview;
    expect(review.schema).toBe("peacestat.review/1");
    expect(review.window).toEqual({ start: "2025-08-31", end: "2025-09-30", days: 31 });
    expect(review.shootings.length).toBeGreaterThan(0);
    const same = await buildShootReview(h.db, { date: "2025-09-30", days: 31, store: false });
    expect(review.shootings.map((s) => [s.uid, s.score.score])).toEqual(
      same.shootings.map((s) => [s.uid, s.score.score]),
    );
    const [entry] = await listAudit(h.db, { limit: 1 });
    expect(entry).toMatchObject({
      username: "commander1",
      action: "view-records",
      resource: "review",
      purpose: "weekly shoot review",
    });
    expect((entry!.detail as { shootings: string[] }).shootings).toEqual(
      review.shootings.map((s) => s.incidentId),
    );
    expect((await verifyAudit(h.db)).ok).toBe(true);
  });

  it("an analyst's group-conflict note adds exactly the factor's weight, and the note is audited", async () => {
    const headers = await h.login("analyst1");
    const get = async () =>
      (await (await h.app.request(`/api/review?${W}&${P}`, { headers })).json()) as ShootReview;
    const before = await get();
    const target = before.shootings.at(-1)!;
    const weight = target.score.factors.find((f) => f.name === "group-conflict")!.weight;
    const put = await h.app.request(`/api/review/notes/${target.uid}`, {
      method: "PUT",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ groupConflict: true, note: "two crews, ongoing" }),
    });
    expect(put.status).toBe(200);
    const after = (await get()).shootings.find((s) => s.uid === target.uid)!;
    expect(after.score.score).toBeCloseTo(target.score.score + weight, 12);
    expect(after.reviewNote).toMatchObject({ groupConflict: true, note: "two crews, ongoing" });
    const commander = await h.login("commander1");
    const denied = await h.app.request(`/api/review/notes/${target.uid}`, {
      method: "PUT",
      headers: { ...commander, "content-type": "application/json" },
      body: JSON.stringify({ groupConflict: false }),
    });
    expect(denied.status).toBe(403);
    const audit = await listAudit(h.db, { action: "review-note", limit: 5 });
    expect(audit[0]).toMatchObject({ username: "analyst1", resource: `incident:${target.uid}` });
  });

  it("a new configuration version rescores, and each score names its version", async () => {
    const headers = { ...(await h.login("analyst1")), "content-type": "application/json" };
    const post = await h.app.request("/api/review/config", {
      method: "POST",
      headers,
      body: JSON.stringify({ weights: { fatal: 10 }, note: "fatal counts more" }),
    });
    expect(post.status).toBe(201);
    const { version } = (await post.json()) as { version: number };
    const review = (await (await h.app.request(`/api/review?${W}&${P}`, { headers })).json()) as ShootReview;
    expect(review.config.version).toBe(version);
    for (const s of review.shootings) {
      expect(s.score.configVersion).toBe(version);
      const fatal = s.score.factors.find((f) => f.name === "fatal")!;
      expect(fatal.contribution).toBe(s.fatal ? 10 : 0);
    }
    const stored = await h.db.all<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM review_scores WHERE review_date = '2025-09-30' AND config_version = $1",
      [version],
    );
    expect(stored[0]!.n).toBe(review.shootings.length);
    const bad = await h.app.request("/api/review/config", {
      method: "POST",
      headers,
      body: JSON.stringify({ weights: { race: 1 } }),
    });
    expect(bad.status).toBe(400);
  });

  it("the packet is an audited export, named by its date", async () => {
    const headers = await h.login("analyst1");
    const r = await h.app.request(`/api/review/packet?format=html&${W}&${P}`, { headers });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-disposition")).toContain("peacestat-shoot-review-2025-09-30.html");
    expect(await r.text()).toContain("<html");
    const [entry] = await listAudit(h.db, { limit: 1 });
    expect(entry).toMatchObject({ action: "export", resource: "review-packet.html" });
  });
});
