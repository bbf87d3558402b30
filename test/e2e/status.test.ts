/**
 * End to end: the data-status and goals pages in Chromium against the real server on the small demo
 * city. Checks a count on screen against the API, adds a goal through the form, sees its status, deletes
 * it, and fails on any console error. Screenshots go to .tmp/e2e/status-*.png.
 * Set-up and tear-down: test/helpers/e2e.ts. Skips with a message when Chromium or the web build is missing.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { importIncidentFile } from "../../src/app/import-incidents.js";
import { E2E_READY, e2eEnv } from "../helpers/e2e.js";

describe.skipIf(!E2E_READY)("data status and goals pages in Chromium", () => {
  const env = e2eEnv("status", {
    // One import with a rejected row, so the rejects section has something to open.
    prepare: async (db, dir) => {
      const csv = path.join(dir, "late.csv");
      fs.writeFileSync(
        csv,
        "incident_id,occurred_at,offense\nE1,2025-09-01 10:00,13A\nE2,2025-09-02 11:00,121\nE3,2025-09-03 12:00,120\n",
      );
      await importIncidentFile(db, csv, { format: "generic", rejectsPath: path.join(dir, "rejects.csv") });
    },
  });
  let page: Page;

  beforeAll(async () => {
    page = await env.newPage();
    await env.signIn(page, "analyst1");
  });

  it("shows each source's record count as the API gives it", async () => {
    await page.goto(`${env.url}/status`);
    const row = page.locator('tr[data-source="incidents"]');
    await row.waitFor();
    const api = await page.evaluate(async () => {
      const r = await fetch("/api/status");
      return (await r.json()) as { sources: { source: string; records: number; last: string | null }[] };
    });
    const incidents = api.sources.find((s) => s.source === "incidents")!;
    expect(incidents.records).toBeGreaterThan(1000);
    expect((await row.locator("td").first().textContent())?.trim()).toBe(
      incidents.records.toLocaleString("en-US"),
    );
    expect((await row.locator("td").nth(2).textContent())?.trim()).toBe(incidents.last);
    await expect.poll(() => page.locator("table").count()).toBeGreaterThanOrEqual(4);
    await env.shot(page, "status-page");
  });

  it("opens the rejects of an import and loads the rows with a purpose", async () => {
    const block = page.locator("details.rejects").first();
    await block.locator("summary").click();
    await expect
      .poll(async () => (await block.locator("summary").textContent()) ?? "")
      .toContain("1 rejected");
    await block.getByLabel("Purpose").fill("checking the late file");
    await block.getByRole("button", { name: "Show rejected rows" }).click();
    const rows = block.locator("table.issue-rows tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect((await rows.first().locator("td").nth(3).textContent())?.trim()).toBe("121");
    await env.shot(page, "status-rejects");
  });

  it("adds a goal through the form, shows its status, and deletes it", async () => {
    await page.goto(`${env.url}/goals`);
    await page.getByText("No goals yet.").waitFor();
    await page.getByLabel("Short id").fill("e2e-fv");
    await page.getByLabel("Label (optional)").fill("Firearm violence down 10% in 2025");
    await page.getByLabel("Metric").selectOption("firearm-violent");
    await page.getByLabel("Area").selectOption("district:3");
    await page.getByLabel("From", { exact: true }).fill("2023-01-01");
    await page.getByLabel("to", { exact: true }).fill("2023-12-31");
    await page.getByLabel("Start").fill("2025-01-01");
    await page.getByLabel("Deadline").fill("2025-12-31");
    await page.getByLabel("Target change (%)").fill("-10");
    await page.getByRole("button", { name: "Add goal" }).click();

    const card = page.locator('article[data-goal="e2e-fv"]');
    await card.waitFor();
    const api = await page.evaluate(async () => {
      const r = await fetch("/api/goals");
      return (await r.json()) as { goals: { id: string; status: string; observed: number }[] };
    });
    const goal = api.goals.find((g) => g.id === "e2e-fv")!;
    const words: Record<string, string> = {
      "on-track": "On track",
      "off-track": "Off track",
      met: "Met",
      missed: "Missed",
      "too-early": "Too early to tell",
    };
    expect(await card.locator(".goal-status").textContent()).toContain(words[goal.status]);
    expect(
      await card.getByText("Counted to date").locator("xpath=following-sibling::dd").textContent(),
    ).toMatch(new RegExp(`^${goal.observed.toLocaleString("en-US")} vs`));
    expect(await card.locator("figure svg").count()).toBeGreaterThan(0);
    await env.shot(page, "status-goals");

    await card.getByRole("button", { name: "Delete goal…" }).click();
    await card.getByRole("button", { name: "Yes, delete" }).click();
    await card.waitFor({ state: "detached" });
    await page.getByText("No goals yet.").waitFor();
    await env.shot(page, "status-goals-deleted");
  });

  it("logged no console errors", () => {
    expect(env.consoleErrors).toEqual([]);
  });
});
