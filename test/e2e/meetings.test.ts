/**
 * End to end: the meetings and policies pages in Chromium against the real server on the small demo city.
 * Records a meeting with a next step through the form, finds it in the list with the step's action open
 * (checked against the API), opens the seed's SOP redline (seed 003) and finds an inserted word marked
 * <ins>, and fails on any console error. Screenshots go to .tmp/e2e/meetings-*.png.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { addVersion, createDocument } from "../../src/documents/documents.js";
import { SEED_SOP_TITLE, SEED_SOP_V1, SEED_SOP_V2 } from "../../src/documents/seed-sop.js";
import type { MeetingAnswer } from "../../src/server/meeting-routes.js";
import { E2E_READY, e2eEnv } from "../helpers/e2e.js";

describe.skipIf(!E2E_READY)("meetings and policies pages in Chromium", () => {
  const env = e2eEnv("meetings", {
    users: [
      { username: "analyst1", role: "analyst" },
      { username: "partner1", role: "partner", agency: "ATF" },
    ],
    prepare: async (db) => {
      const d = await createDocument(db, { title: SEED_SOP_TITLE, body: SEED_SOP_V1 }, "analyst1");
      await addVersion(db, d.id, { body: SEED_SOP_V2, note: "working group, 2020-10-05" }, "analyst1");
    },
  });
  let page: Page;

  beforeAll(async () => {
    page = await env.newPage();
    await env.signIn(page, "analyst1");
  });

  it("records a meeting with a next step and lists it with the step's action open", async () => {
    await page.goto(`${env.url}/meetings`);
    const form = page.locator("form.meeting-form");
    await form.waitFor();
    await form.getByLabel("Kind").selectOption("community");
    await form.getByLabel("Held on").fill("2020-10-05");
    await form.getByLabel("Title").fill("SOP working group");
    await form.getByLabel("Attendees").fill("Jamaal E. Smith, OVP\nPartner liaison, ATF");
    await form
      .getByLabel("Agenda (one item per line)")
      .fill("Revised Community Oriented Policing SOP language");
    await form.getByLabel("Next meeting").fill("2020-10-19");
    await form.getByRole("button", { name: "Add a next step" }).click();
    await form.getByLabel("Step 1").fill("Review Baltimore Community Oriented Policing Plan");
    await form.getByLabel("Agency").fill("ATF");
    await form.getByRole("button", { name: "Record the meeting" }).click();

    const link = page.locator(".meetings-list a", { hasText: "SOP working group" });
    await link.waitFor();
    expect(await link.getAttribute("aria-current")).toBe("page");
    const recap = page.locator(".meeting-recap");
    await recap.locator("h2", { hasText: "SOP working group" }).waitFor();
    const id = Number(new URL(page.url()).searchParams.get("id"));
    const api = await page.evaluate(
      async (mid) => (await (await fetch(`/api/meetings/${mid}`)).json()) as MeetingAnswer,
      id,
    );
    expect(api.meeting.nextSteps).toHaveLength(1);
    const rows = recap.locator("table.next-steps tbody tr");
    expect(await rows.count()).toBe(api.meeting.nextSteps.length);
    expect((await rows.first().locator("td").last().textContent())?.trim()).toBe("Open");
    expect(await recap.locator("h3", { hasText: "Attendees" }).textContent()).toBe(
      `Attendees (${api.meeting.attendees.length})`,
    );
    expect(await recap.textContent()).toContain("2020-10-19");
    await env.shot(page, "meetings-recap");
  });

  it("shows the seed SOP's redline with the inserted words marked <ins>", async () => {
    await page.goto(`${env.url}/policies`);
    await page.locator(".documents-list a", { hasText: SEED_SOP_TITLE }).click();
    const redline = page.locator(".redline");
    await redline.waitFor();
    const inserted = await redline.locator("ins").allTextContents();
    expect(inserted.some((t) => t.includes("oriented"))).toBe(true);
    expect(inserted.some((t) => t.includes("as determined by the Community Oriented Plan."))).toBe(true);
    expect(await redline.locator("del").count()).toBe(0);
    expect(await page.locator(".redline-figure .legend").textContent()).toContain(
      "was inserted in version 2",
    );
    expect(new URL(page.url()).searchParams.get("doc")).not.toBeNull();
    await env.shot(page, "meetings-redline");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("form.document-form").first().isVisible()).toBe(false);
    expect(await redline.locator("ins").first().isVisible()).toBe(true);
    await env.shot(page, "meetings-redline-print");
    await page.emulateMedia({ media: "screen" });
  });

  it("shows the partner the meeting without the record form", async () => {
    const p = await env.newPage();
    await env.signIn(p, "partner1");
    await p.goto(`${env.url}/meetings`);
    await p.locator(".meetings-list a", { hasText: "SOP working group" }).waitFor();
    expect(await p.locator("form.meeting-form").count()).toBe(0);
    await p.close();
  });

  it("logs no console errors", () => {
    expect(env.consoleErrors).toEqual([]);
  });
});
