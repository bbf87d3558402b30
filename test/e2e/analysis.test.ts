/**
 * End to end: the place analysis page in Chromium on the small demo city. An analyst runs each of the four
 * analyses from its form, and one number per analysis on screen is checked against the API's answer for
 * the query in the address bar; the tabs work from the keyboard; a partner gets a polite refusal; no
 * console errors. Screenshots go to .tmp/e2e/analysis-*.png. Skips when Chromium or dist/web is missing.
 * Set-up and tear-down: test/helpers/e2e.ts.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { E2E_READY, e2eEnv } from "../helpers/e2e.js";

const fixed = (x: number, d: number) =>
  x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

describe.skipIf(!E2E_READY)("place analysis page in Chromium", () => {
  const env = e2eEnv("analysis", {
    users: [
      { username: "analyst1", role: "analyst" },
      { username: "partner1", role: "partner", agency: "ATF" },
    ],
  });
  let page: Page;

  beforeAll(async () => {
    page = await signIn("analyst1");
  });

  /** A new page signed in as `username`. */
  async function signIn(username: string): Promise<Page> {
    const p = await env.newPage();
    await env.signIn(p, username);
    return p;
  }

  /** The API's answer for the analysis in the address bar, through the page's own session. */
  async function apiFor<T>(): Promise<T> {
    const q = new URL(page.url()).searchParams;
    const kind = q.get("tab") ?? "hotspots";
    q.delete("tab");
    return page.evaluate(
      async (url) => (await fetch(url)).json(),
      `/api/analysis/${kind}?${q}`,
    ) as Promise<T>;
  }

  const run = async (table: string) => {
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByTestId(table).waitFor({ timeout: 20_000 });
  };

  it("hot spots: the count of 95% hot cells on screen is the API's", async () => {
    await page.goto(`${env.url}/analysis`);
    await page.getByRole("tab", { name: "Hot spots" }).waitFor();
    await run("hotspot-summary");
    const api = await apiFor<{ hot: { p95: number } }>();
    const row = page.getByTestId("hotspot-summary").locator("tr", { hasText: "Hot spots" });
    expect((await row.locator("td").nth(1).textContent())?.trim()).toBe(api.hot.p95.toLocaleString("en-US"));
    expect(api.hot.p95).toBeGreaterThan(0);
    await env.shot(page, "analysis-hotspots");
  });

  it("near repeat: tabs move with the arrow keys; the first band's observed pairs are the API's", async () => {
    await page.getByRole("tab", { name: "Hot spots" }).focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForURL(/tab=near-repeat/);
    expect(await page.locator(":focus").textContent()).toBe("Near repeat");
    await page.getByLabel("Permutations").fill("99");
    await run("knox-table");
    const api = await apiFor<{ knox: { observed: number[][]; permutations: number } }>();
    expect(api.knox.permutations).toBe(99);
    // Row 2 is the first distance band after "Same location"; its first cell reads "observed / expected".
    const cell = page.getByTestId("knox-table").locator("tbody tr").nth(1).locator("td").first();
    const counts = (await cell.locator(".counts").first().textContent()) ?? "";
    expect(counts.split(" / ")[0]).toBe(api.knox.observed[1]![0]!.toLocaleString("en-US"));
    await env.shot(page, "analysis-near-repeat");
  });

  it("concentration: the generalized Gini on screen is the API's, with a Lorenz curve", async () => {
    await page.getByRole("tab", { name: "Concentration" }).click();
    await page.getByLabel("Places").selectOption("district");
    await run("concentration-gini");
    const api = await apiFor<{ result: { generalizedGiniUnbiased: number } }>();
    const gini = page
      .getByTestId("concentration-gini")
      .locator("tr", { hasText: "Generalized" })
      .locator("td");
    expect((await gini.textContent())?.trim()).toBe(fixed(api.result.generalizedGiniUnbiased, 3));
    expect(await page.locator(".lorenz-plot svg").count()).toBe(1);
    await env.shot(page, "analysis-concentration");
  });

  it("displacement: the WDD on screen is the API's", async () => {
    await page.getByRole("tab", { name: "Displacement" }).click();
    await page.getByLabel("Target area").selectOption("focus_area:Meridian Avenue Corridor");
    await page.getByLabel("Control area").selectOption("focus_area:Harbor Drive East");
    const range = async (name: string, from: string, to: string) => {
      const group = page.getByRole("group", { name });
      await group.getByLabel("From").fill(from);
      await group.getByLabel("to", { exact: true }).fill(to);
    };
    await range("Before", "2019-01-01", "2020-12-31");
    await range("After", "2021-01-01", "2022-12-31");
    await run("wdd-table");
    const api = await apiFor<{ wdd: { estTotal: number } }>();
    const wdd = page.getByTestId("wdd-table").locator("tr.total td").first();
    expect((await wdd.textContent())?.trim()).toBe(fixed(api.wdd.estTotal, 1));
    await env.shot(page, "analysis-displacement");
  });

  it("tells a partner politely that the page is not for their role", async () => {
    const partner = await signIn("partner1");
    await partner.goto(`${env.url}/analysis`);
    await partner.getByText("Place analysis is open to commanders, analysts and administrators").waitFor();
    await env.shot(partner, "analysis-partner", { fullPage: false });
    await partner.close();
  });

  it("logged no console errors", () => {
    expect(env.consoleErrors).toEqual([]);
  });
});
