/**
 * End to end: the place analysis page in Chromium on the small demo city. An analyst runs each of the four
 * analyses from its form, and one number per analysis on screen is checked against the API's answer for
 * the query in the address bar; the tabs work from the keyboard; a partner gets a polite refusal; no
 * console errors. Screenshots go to .tmp/e2e/analysis-*.png. Skips when Chromium or dist/web is missing.
 */
import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoDatabase } from "../../src/app/demo.js";
import { addUser } from "../../src/auth/users.js";
import { findChromium } from "../../src/compstat/render-pdf.js";
import { startServer } from "../../src/server/serve.js";
import { Database } from "../../src/store/db.js";

const CHROMIUM = findChromium();
const WEB = path.resolve("dist/web/index.html");
const ready = CHROMIUM !== null && fs.existsSync(WEB);
if (!ready)
  console.warn(
    `e2e skipped: ${CHROMIUM ? "" : "no Chromium (apt-get install chromium); "}${fs.existsSync(WEB) ? "" : "no web build (npm run build)"}`,
  );

const SHOTS = path.resolve(".tmp/e2e");
const PASSWORD = "e2e-password-123";
const fixed = (x: number, d: number) =>
  x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

describe.skipIf(!ready)("place analysis page in Chromium", () => {
  let dir: string;
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(".tmp", { recursive: true });
    dir = fs.mkdtempSync(path.join(".tmp", "e2e-analysis-db-"));
    const file = path.join(dir, "small.duckdb");
    await buildDemoDatabase(file, { size: "small", seed: 1 });
    const db = await Database.open(file);
    await addUser(db, { username: "analyst1", password: PASSWORD, role: "analyst" });
    await addUser(db, { username: "partner1", password: PASSWORD, role: "partner", agency: "ATF" });
    db.close();
    server = await startServer({ dbPath: file, port: 0, host: "127.0.0.1" });
    browser = await chromium.launch({
      executablePath: CHROMIUM!,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    fs.mkdirSync(SHOTS, { recursive: true });
    page = await signIn("analyst1");
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function signIn(username: string): Promise<Page> {
    const p = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    p.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(`${p.url()}: ${m.text()}`);
    });
    p.on("pageerror", (e) => consoleErrors.push(`${p.url()}: ${e.message}`));
    await p.goto(`${server.url}/login`);
    await p.getByLabel("Username").fill(username);
    await p.getByLabel("Password").fill(PASSWORD);
    await p.getByRole("button", { name: "Sign in" }).click();
    await p.waitForURL((u) => !u.pathname.endsWith("/login"));
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
    await page.goto(`${server.url}/analysis`);
    await page.getByRole("tab", { name: "Hot spots" }).waitFor();
    await run("hotspot-summary");
    const api = await apiFor<{ hot: { p95: number } }>();
    const row = page.getByTestId("hotspot-summary").locator("tr", { hasText: "Hot spots" });
    expect((await row.locator("td").nth(1).textContent())?.trim()).toBe(api.hot.p95.toLocaleString("en-US"));
    expect(api.hot.p95).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, "analysis-hotspots.png"), fullPage: true });
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
    await page.screenshot({ path: path.join(SHOTS, "analysis-near-repeat.png"), fullPage: true });
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
    await page.screenshot({ path: path.join(SHOTS, "analysis-concentration.png"), fullPage: true });
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
    await page.screenshot({ path: path.join(SHOTS, "analysis-displacement.png"), fullPage: true });
  });

  it("tells a partner politely that the page is not for their role", async () => {
    const partner = await signIn("partner1");
    await partner.goto(`${server.url}/analysis`);
    await partner.getByText("Place analysis is open to commanders, analysts and administrators").waitFor();
    await partner.screenshot({ path: path.join(SHOTS, "analysis-partner.png") });
    await partner.close();
  });

  it("logged no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
