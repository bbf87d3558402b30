/**
 * End to end: the actions loop in Chromium against the real server on the small demo city. An analyst
 * creates an overdue action for ATF through the form; partner1 (ATF) signs in, finds it in the inbox,
 * sets it done with a note; the analyst sees it closed with its history. Numbers on screen are checked
 * against the API; any console error fails. Screenshots go to .tmp/e2e/actions-*.png.
 * Set-up and tear-down: test/helpers/e2e.ts. Skips with a message when Chromium or the web build is missing.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { ActionInboxAnswer, ActionListAnswer } from "../../src/server/action-routes.js";
import { E2E_READY, e2eEnv } from "../helpers/e2e.js";

const TITLE = "E2E: trace the recovered pistol";

describe.skipIf(!E2E_READY)("actions page in Chromium", () => {
  const env = e2eEnv("actions", {
    users: [
      { username: "analyst1", role: "analyst" },
      { username: "partner1", role: "partner", agency: "ATF" },
    ],
  });
  let analyst: Page;
  let partner: Page;
  let actionId: number;

  const inboxOf = (page: Page) =>
    page.evaluate(async () => (await (await fetch("/api/actions/inbox")).json()) as ActionInboxAnswer);

  beforeAll(async () => {
    analyst = await env.newPage();
    await env.signIn(analyst, "analyst1");
  });

  it("lets the analyst create an overdue action for ATF", async () => {
    await analyst.goto(`${env.url}/actions`);
    const form = analyst.locator("form.create-action");
    await form.waitFor();
    const { today } = await analyst.evaluate(
      async () => (await (await fetch("/api/actions")).json()) as ActionListAnswer,
    );
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel("Title").fill(TITLE);
    await form.getByLabel("Type").selectOption("nibin-lead");
    await form.getByLabel("Agency").selectOption("ATF");
    await form.getByLabel("Owner (optional)").fill("SA Ortiz");
    await form.getByLabel("Due date (optional)").fill(yesterday);
    await form.getByLabel("Area (optional)").selectOption({ index: 1 });
    await form.getByLabel("Note (optional)").fill("From Tuesday's shoot review");
    await form.getByRole("button", { name: "Create action" }).click();
    await analyst
      .getByText(/Action \d+ created for ATF\./)
      .first()
      .waitFor();

    const item = analyst.locator("li.action-item", { hasText: TITLE });
    await item.waitFor();
    actionId = Number(await item.getAttribute("data-action"));
    expect(await item.locator(".overdue-tag").textContent()).toBe("Overdue");

    // The inbox row of ATF says how many are overdue, in words, as the API counts them.
    const inbox = await inboxOf(analyst);
    const atf = inbox.agencies.find((a) => a.agency === "ATF")!;
    expect(atf.overdue).toBe(1);
    const row = analyst.locator('tr[data-agency="ATF"]');
    await expect.poll(async () => (await row.locator("td").nth(3).textContent())?.trim()).toBe("1 overdue");
    expect((await row.locator("td").nth(0).textContent())?.trim()).toBe(String(atf.open));
    await env.shot(analyst, "actions-created");
  });

  it("shows partner1 the action in its inbox and lets it set it done with a note", async () => {
    partner = await env.newPage();
    await env.signIn(partner, "partner1");
    await partner.goto(`${env.url}/actions`);
    await partner.getByRole("heading", { name: "Inbox: ATF" }).waitFor();
    const inbox = await inboxOf(partner);
    expect(inbox.agencies.map((a) => a.agency)).toEqual(["ATF"]);
    expect(inbox.overdue.map((a) => a.id)).toEqual([actionId]);
    await partner.locator(".overdue-list").getByText(TITLE).waitFor();
    // No create form for a partner.
    expect(await partner.locator("form.create-action").count()).toBe(0);

    const item = partner.locator(`li[data-action="${actionId}"]`);
    await item.locator("summary").click();
    const form = item.locator("form.update-form");
    await form.waitFor();
    await form.getByLabel("New status").selectOption("done");
    await form.getByLabel("Note").fill("Trace done; lead sent to the NIBIN unit");
    await env.shot(partner, "actions-partner-before");
    await form.getByRole("button", { name: "Save update" }).click();
    await partner.getByText(`Action ${actionId} is now done.`, { exact: true }).first().waitFor();
    await expect.poll(() => item.getAttribute("data-status")).toBe("done");
    await expect.poll(async () => (await inboxOf(partner)).overdue.length).toBe(0);
    await env.shot(partner, "actions-partner-done");
  });

  it("shows the analyst the action closed, with its history", async () => {
    await analyst.goto(`${env.url}/actions?status=done`);
    const item = analyst.locator(`li[data-action="${actionId}"]`);
    await item.waitFor();
    expect(await item.locator(".action-status").textContent()).toBe("Done");
    expect(await item.locator(".overdue-tag").count()).toBe(0);
    await item.locator("summary").click();
    const rows = item.locator("table.action-history tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).locator("td").nth(2).textContent()).toBe("Created");
    expect(await rows.nth(1).locator("td").nth(1).textContent()).toBe("partner1");
    expect(await rows.nth(1).locator("td").nth(2).textContent()).toBe("Status Open → Done");
    expect(await rows.nth(1).locator("td").nth(3).textContent()).toBe(
      "Trace done; lead sent to the NIBIN unit",
    );
    // The address bar holds the filter: the select shows it after a reload.
    expect(await analyst.getByLabel("Status", { exact: true }).inputValue()).toBe("done");
    await env.shot(analyst, "actions-closed");
  });

  it("logged no console errors", () => {
    expect(env.consoleErrors).toEqual([]);
  });
});
