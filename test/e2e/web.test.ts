/**
 * End to end: the real server (port 0) on the small demo city, the built web app, Debian's Chromium driven
 * by playwright-core. Signs in, opens each page, checks the numbers on screen against the API, takes
 * screenshots into .tmp/e2e, and fails on any console error. Playwright gives every launch a fresh,
 * temporary profile (its own --user-data-dir).
 * Skips with a message when Chromium or the web build is missing.
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

describe.skipIf(!ready)("web app in Chromium", () => {
  let dir: string;
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(".tmp", { recursive: true });
    dir = fs.mkdtempSync(path.join(".tmp", "e2e-db-"));
    const file = path.join(dir, "small.duckdb");
    await buildDemoDatabase(file, { size: "small", seed: 1 });
    const db = await Database.open(file);
    await addUser(db, { username: "analyst1", password: PASSWORD, role: "analyst" });
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
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function newPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
    return page;
  }

  it("signs in and shows CompStat tables whose numbers equal the API's", async () => {
    const page = await newPage();
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel("Username").fill("analyst1");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.endsWith("/login"));
    await page.goto(
      `${server.url}/?asOf=2025-09-30&period=ytd&years=2024-2025&metric=homicides&layer=district`,
    );
    const table = page.locator("table").first();
    await table.waitFor();
    await page.screenshot({ path: path.join(SHOTS, "compstat.png"), fullPage: true });
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
    await page.screenshot({ path: path.join(SHOTS, "compstat-trends.png"), fullPage: true });
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
    const page = await newPage();
    await page.goto(`${server.url}/public`);
    await page.locator("table").first().waitFor();
    expect(await page.locator("table").count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, "public.png"), fullPage: true });
  });

  it("logged no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
