/**
 * End to end: the partnership page on the small demo city in Chromium. A partner (ATF) registers an
 * operation that overlaps an FBI operation and sees the warning (whose, when, which system; never the
 * FBI operation's name); an analyst logs an engagement and sees it counted in the area summary, whose
 * numbers equal the API's. Screenshots into .tmp/e2e; fails on any console error.
 */
import { describe, expect, it } from "vitest";
import { enterPartnerActivity } from "../../src/partners/activity.js";
import { createOperation } from "../../src/partners/operations.js";
import { E2E_READY, e2eEnv } from "../helpers/e2e.js";

describe.skipIf(!E2E_READY)("partnership page in Chromium", () => {
  const env = e2eEnv("partners", {
    users: [
      { username: "analyst1", role: "analyst" },
      { username: "partner1", role: "partner", agency: "ATF" },
    ],
    prepare: async (db) => {
      await createOperation(
        db,
        {
          name: "Operation Nightjar",
          agency: "FBI",
          startsAt: "2026-04-06 06:00",
          endsAt: "2026-04-10",
          area: "district:2",
          deconflictionSystem: "RISSafe",
          deconflictionRef: "RS-99",
        },
        { username: "analyst1" },
      );
      await enterPartnerActivity(
        db,
        [
          { agency: "LPD", activityType: "arrest", date: "2025-06-10", count: 6, area: "district:3" },
          { agency: "LPD", activityType: "citizen-complaint", date: "2025-06-12", area: "district:3" },
        ],
        { username: "analyst1" },
      );
    },
  });

  it("a partner registers an overlapping operation and sees the warning, not the other's name", async () => {
    const page = await env.newPage();
    await env.signIn(page, "partner1");
    await page.goto(`${env.url}/partners?tab=operations`);
    await page.getByLabel("Name", { exact: true }).fill("ATF follow-up");
    await page.getByLabel("Starts").fill("2026-04-08T08:00");
    await page.getByLabel("Ends").fill("2026-04-08T18:00");
    await page.getByLabel("Area", { exact: true }).selectOption("district:2");
    await page.getByLabel("Deconfliction system").selectOption("SAFETNet");
    await page.getByLabel("Deconfliction reference").fill("SN-123");
    await page.getByRole("button", { name: "Register operation" }).click();
    const warning = page.locator(".overlap-warning");
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/FBI.*RISSafe/);
    expect(await page.content()).not.toContain("Nightjar");
    await env.shot(page, "partners-operation-warning");

    // The registry after a purpose: the partner's own operation with the redacted warning beside it.
    await page.getByLabel("Purpose").fill("e2e deconfliction check");
    await page.getByRole("button", { name: "Load operations" }).click();
    const row = page.locator("tr", { has: page.locator("th", { hasText: "ATF follow-up" }) });
    await expect.poll(async () => (await row.locator("td.has-overlap").textContent()) ?? "").toMatch(/FBI/);
    expect(await page.content()).not.toContain("Nightjar");
  });

  it("an analyst logs an engagement and sees it in the area summary, equal to the API", async () => {
    const page = await env.newPage();
    await env.signIn(page, "analyst1");
    await page.goto(`${env.url}/partners?tab=engagement&area=district:3&from=2025-06-01&to=2025-06-30`);
    await page.getByTestId("summary-engagements").waitFor();
    expect((await page.getByTestId("summary-engagements").textContent())?.trim()).toBe("0");
    await page.getByLabel("Title").fill("Peace walk on Main");
    await page.getByLabel("Held on").fill("2025-06-14");
    await page.getByLabel("Attendance").fill("35");
    await page.getByRole("button", { name: "Log engagement" }).click();
    await expect
      .poll(async () => (await page.getByTestId("summary-engagements").textContent())?.trim())
      .toBe("1");
    const api = await page.evaluate(async () => {
      const r = await fetch("/api/areas/district/3/engagement-summary?from=2025-06-01&to=2025-06-30");
      return (await r.json()) as { engagements: { count: number; attendance: number } };
    });
    expect(api.engagements).toMatchObject({ count: 1, attendance: 35 });
    expect((await page.getByTestId("summary-attendance").textContent())?.trim()).toBe(
      String(api.engagements.attendance),
    );
    await expect
      .poll(async () => await page.locator(".engagement-list").textContent())
      .toContain("Peace walk on Main");
    await env.shot(page, "partners-engagement");

    await page.goto(`${env.url}/partners?tab=agencies`);
    await page.locator("table").first().waitFor();
    await env.shot(page, "partners-agencies");
  });

  it("logged no console errors", () => {
    expect(env.consoleErrors).toEqual([]);
  });
});
