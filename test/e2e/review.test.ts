/**
 * End to end, the loop the issue names: an analyst runs the shoot review on the demo city (a stated
 * purpose, audited), creates an action for ATF from the highest-scoring shooting, partner1 (ATF) signs in
 * and completes it, and the next packet shows it closed. Numbers on screen are checked against the API;
 * any console error fails. Screenshots: .tmp/e2e/review-*.png. Set-up: test/helpers/e2e.ts.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { ShootReview } from "../../src/review/review.js";
import { E2E_READY, e2eEnv } from "../helpers/e2e.js";

const WINDOW = "date=2025-09-30&days=31";
const PURPOSE = "weekly shoot review (e2e)";

describe.skipIf(!E2E_READY)("the shoot review loop in Chromium", () => {
  const env = e2eEnv("review", {
    users: [
      { username: "analyst1", role: "analyst" },
      { username: "partner1", role: "partner", agency: "ATF" },
    ],
  });
  let analyst: Page;
  let actionId: number;
  let title: string;

  const reviewApi = (page: Page) =>
    page.evaluate(
      async ([w, p]) =>
        (await (
          await fetch(`/api/review?${w}&purpose=${encodeURIComponent(p as string)}`)
        ).json()) as ShootReview,
      [WINDOW, PURPOSE],
    );

  const openReview = async (page: Page) => {
    await page.goto(`${env.url}/review?${WINDOW}`);
    await page.getByLabel("Purpose").fill(PURPOSE);
    await page.getByRole("button", { name: "Load the review" }).click();
    await page.locator("article.shooting").first().waitFor();
  };

  beforeAll(async () => {
    analyst = await env.newPage();
    await env.signIn(analyst, "analyst1");
  });

  it("opens the week: shootings in score order, each score the sum of its factors, as the API says", async () => {
    await openReview(analyst);
    const api = await reviewApi(analyst);
    const cards = analyst.locator("article.shooting");
    await expect.poll(() => cards.count()).toBe(api.shootings.length);
    const first = api.shootings[0]!;
    expect(await cards.first().getAttribute("data-incident")).toBe(first.incidentId);
    const caption = await cards.first().locator(".score-table caption").textContent();
    expect(caption).toContain(String(first.score.score));
    const sum = first.score.factors.reduce((a, f) => a + f.contribution, 0);
    expect(sum).toBeCloseTo(first.score.score, 12);
    await env.shot(analyst, "review-week");
  });

  it("creates an action for ATF from the top shooting", async () => {
    const card = analyst.locator("article.shooting").first();
    await card.getByRole("button", { name: "Create an action" }).click();
    const form = analyst.locator("form.create-action");
    await form.waitFor();
    title = await form.getByLabel("Title").inputValue();
    expect(title).toMatch(/^Follow-up: /);
    await form.getByLabel("Type").selectOption("violence-interruption-referral");
    await form.getByLabel("Agency").selectOption("ATF");
    await form.getByRole("button", { name: "Create action" }).click();
    const notice = analyst.getByText(/Action \d+ created for ATF\./);
    await notice.waitFor();
    actionId = Number(/Action (\d+)/.exec((await notice.textContent()) ?? "")![1]);
    // The review reloads: the action is linked to the shooting and on the agenda.
    await analyst.locator(`.agenda-actions tr[data-action="${actionId}"]`).waitFor();
    const api = await reviewApi(analyst);
    expect(api.shootings[0]!.openActions.map((a) => a.id)).toContain(actionId);
    await env.shot(analyst, "review-action-created");
  });

  it("partner1 (ATF) finds it in the inbox and completes it", async () => {
    const partner = await env.newPage();
    await env.signIn(partner, "partner1");
    await partner.goto(`${env.url}/actions`);
    const item = partner.locator(`li[data-action="${actionId}"]`);
    await item.waitFor();
    await item.locator("summary").click();
    const form = item.locator("form.update-form");
    await form.getByLabel("New status").selectOption("done");
    await form.getByLabel("Note").fill("Referral made; family reached");
    await form.getByRole("button", { name: "Save update" }).click();
    await partner.getByText(`Action ${actionId} is now done.`, { exact: true }).first().waitFor();
    // The partner may not open the review itself.
    await partner.goto(`${env.url}/review`);
    await partner.getByText(/open to analysts, commanders and administrators/).waitFor();
    await env.shot(partner, "review-partner-done");
  });

  it("the next packet shows it closed", async () => {
    await openReview(analyst);
    const closed = analyst.locator(`.closed-actions li[data-action="${actionId}"]`);
    await closed.waitFor();
    expect(await closed.textContent()).toContain("done");
    expect(await analyst.locator(`.agenda-actions tr[data-action="${actionId}"]`).count()).toBe(0);
    const html = await analyst.evaluate(
      async ([w, p]) =>
        (
          await fetch(`/api/review/packet?format=html&${w}&purpose=${encodeURIComponent(p as string)}`)
        ).text(),
      [WINDOW, PURPOSE],
    );
    expect(html).toContain(`Closed since 2025-08-31`);
    expect(html).toContain(title.replaceAll("&", "&amp;"));
    await env.shot(analyst, "review-closed");
  });

  it("logged no console errors", () => {
    expect(env.consoleErrors).toEqual([]);
  });
});
