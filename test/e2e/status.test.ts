/**
 * End to end: the data-status and goals pages in Chromium against the real server on the small demo
 * city. Checks a count on screen against the API, adds a goal through the form, sees its status, deletes
 * it, and fails on any console error. Screenshots go to .tmp/e2e/status-*.png.
 * Skips with a message when Chromium or the web build is missing (launch pattern of web.test.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoDatabase } from "../../src/app/demo.js";
import { importIncidentFile } from "../../src/app/import-incidents.js";
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

describe.skipIf(!ready)("data status and goals pages in Chromium", () => {
  let dir: string;
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(".tmp", { recursive: true });
    dir = fs.mkdtempSync(path.join(".tmp", "e2e-status-"));
    const file = path.join(dir, "small.duckdb");
    await buildDemoDatabase(file, { size: "small", seed: 1 });
    const db = await Database.open(file);
    await addUser(db, { username: "analyst1", password: PASSWORD, role: "analyst" });
    // One import with a rejected row, so the rejects section has something to open.
    const csv = path.join(dir, "late.csv");
    fs.writeFileSync(
      csv,
      "incident_id,occurred_at,offense\nE1,2025-09-01 10:00,13A\nE2,2025-09-02 11:00,121\nE3,2025-09-03 12:00,120\n",
    );
    await importIncidentFile(db, csv, { format: "generic", rejectsPath: path.join(dir, "rejects.csv") });
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
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Username").fill("analyst1");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.endsWith("/login"));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shows each source's record count as the API gives it", async () => {
    await page.goto(`${server.url}/status`);
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
    await page.screenshot({ path: path.join(SHOTS, "status-page.png"), fullPage: true });
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
    await page.screenshot({ path: path.join(SHOTS, "status-rejects.png"), fullPage: true });
  });

  it("adds a goal through the form, shows its status, and deletes it", async () => {
    await page.goto(`${server.url}/goals`);
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
    await page.screenshot({ path: path.join(SHOTS, "status-goals.png"), fullPage: true });

    await card.getByRole("button", { name: "Delete goal…" }).click();
    await card.getByRole("button", { name: "Yes, delete" }).click();
    await card.waitFor({ state: "detached" });
    await page.getByText("No goals yet.").waitFor();
    await page.screenshot({ path: path.join(SHOTS, "status-goals-deleted.png"), fullPage: true });
  });

  it("logged no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
