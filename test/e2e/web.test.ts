/**
 * End to end: the real server (port 0) on the small demo city, the built web app, Debian's Chromium driven
 * by playwright-core. Signs in, opens each page, checks the numbers on screen against the API, takes
 * screenshots into .tmp/e2e, and fails on any console error. Set-up and tear-down: test/helpers/e2e.ts.
 * Skips with a message when Chromium or the web build is missing.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { E2E_READY, e2eEnv, SHOTS } from "../helpers/e2e.js";

describe.skipIf(!E2E_READY)("web app in Chromium", () => {
  const env = e2eEnv("web");

  it("signs in and shows CompStat tables whose numbers equal the API's", async () => {
    const page = await env.newPage();
    await page.goto(`${env.url}/`);
    await page.waitForURL(/\/login$/);
    await env.signIn(page, "analyst1");
    await page.goto(`${env.url}/?asOf=2025-09-30&period=ytd&years=2024-2025&metric=homicides&layer=district`);
    const table = page.locator("table").first();
    await table.waitFor();
    await env.shot(page, "compstat");
    // The Total row's 2025 YTD cell against the API, through the page's own session.
    const api = await page.evaluate(async () => {
      const r = await fetch(
        "/api/compstat?asOf=2025-09-30&period=ytd&years=2024-2025&metric=homicides&layer=district",
      );
      return (await r.json()) as {
        rows: { metric: string; group: string; counts: Record<string, number> }[];
      };
    });
    const total = api.rows.find((r) => r.metric === "homicides" && r.group === "citywide")!.counts[
      "ytd:2025"
    ]!;
    const totalRow = table.locator("tr", { has: page.locator("th", { hasText: /^Total$/ }) });
    // Columns of the YTD period: 2024, 2025, then the change.
    expect((await totalRow.locator("td").nth(1).textContent())?.trim()).toBe(total.toLocaleString("en-US"));

    // The trend chart draws, and its table's last full month equals the API's count.
    await page.locator(".trend svg").first().waitFor();
    await env.shot(page, "compstat-trends");
    const trend = await page.evaluate(async () => {
      const r = await fetch("/api/compstat/trend?metric=homicides&asOf=2025-09-30&months=24&baselineYears=3");
      return (await r.json()) as { series: { points: { month: string; count: number | null }[] }[] };
    });
    const aug = trend.series[0]!.points.find((p) => p.month === "2025-08")!;
    const augRow = page.locator(".trend-table tr", { has: page.locator("th", { hasText: /^2025-08$/ }) });
    expect((await augRow.locator("td").first().textContent({ timeout: 5000 }))?.trim()).toBe(
      String(aug.count),
    );

    // Export: the buttons wait for a purpose, then download the CSV; the download is audited.
    await page.getByLabel("Purpose of the export").fill("e2e check of the export");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("peacestat-compstat-2025-09-30.csv");
    const saved = path.join(SHOTS, "export.csv");
    await download.saveAs(saved);
    expect(fs.readFileSync(saved, "utf8")).toContain(`,${total},`);
  });

  it("shows the public page without signing in", async () => {
    const page = await env.newPage();
    await page.goto(`${env.url}/public`);
    await page.locator("table").first().waitFor();
    expect(await page.locator("table").count()).toBeGreaterThan(0);
    await env.shot(page, "public");
  });

  it("logged no console errors", () => {
    expect(env.consoleErrors).toEqual([]);
  });
});
