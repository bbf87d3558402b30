/**
 * Accessibility, checked by a machine: axe-core (the engine behind Lighthouse's and Deque's audits) runs in
 * Chromium on every page of the dashboard, signed in, with the WCAG 2.0/2.1 A and AA rules (contrast,
 * labels, names, landmarks, ARIA). Any violation fails the test with its rule, impact and the elements
 * that break it. The tab order is checked too: Tab from the top reaches the skip link first, then the
 * navigation. A check by hand is still needed for what no rule can see (meaning, reading order).
 */
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { E2E_READY, e2eEnv } from "../helpers/e2e.js";

const require = createRequire(import.meta.url);
const AXE_SOURCE: string = (require("axe-core") as { source: string }).source;

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

/** Runs axe in the page. `evaluate` goes through the DevTools protocol, so the page's CSP does not block it. */
async function axe(page: Page): Promise<AxeResult["violations"]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const w = globalThis as unknown as {
      axe: { run(ctx: unknown, opts: unknown): Promise<AxeResult> };
      document: unknown;
    };
    return w.axe.run(w.document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
  });
  return result.violations;
}

const PAGES: [string, string][] = [
  ["/?asOf=2025-09-30&metric=homicides,nonfatal-shootings&period=ytd", ".report table"],
  ["/map?metric=part1-violent&period=ytd&asOf=2025-09-30&show=district,grid", ".map-view canvas"],
  ["/analysis", "form"],
  ["/goals", "h1"],
  ["/status", "table"],
  ["/review", "form.purpose-loader"],
  ["/actions", "h2"],
  ["/meetings", "h2"],
  ["/policies", "h2"],
  ["/partners", "nav.partners-tabs"],
];

describe.skipIf(!E2E_READY)("accessibility (axe-core, WCAG 2.1 AA)", () => {
  const env = e2eEnv("a11y");

  it("the check can fail: a page with an unlabelled input and grey-on-white text has violations", async () => {
    const page = await env.newPage();
    await page.setContent(
      '<html lang="en"><title>t</title><main><input type="text"><p style="color:#bbb">faint</p></main></html>',
    );
    const ids = (await axe(page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(["label", "color-contrast"]));
  });

  it("the sign-in and public pages have no violations", async () => {
    const page = await env.newPage();
    for (const [path, ready] of [
      ["/login", "form"],
      ["/public", "table"],
    ] as const) {
      await page.goto(`${env.url}${path}`);
      await page.locator(ready).first().waitFor();
      expect(await axe(page), path).toEqual([]);
    }
  });

  it("every signed-in page has no violations", async () => {
    const page = await env.newPage();
    await env.signIn(page, "analyst1");
    for (const [path, ready] of PAGES) {
      await page.goto(`${env.url}${path}`);
      await page.locator(ready).first().waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => {
        const d = (
          globalThis as unknown as {
            document: { querySelectorAll(s: string): { textContent: string | null }[] };
          }
        ).document;
        return [...d.querySelectorAll("p.loading")].every((p) => !p.textContent);
      });
      const violations = await axe(page);
      expect(
        violations.map(
          (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
        ),
        path,
      ).toEqual([]);
    }
  });

  it("the loaded shoot review has no violations", async () => {
    const page = await env.newPage();
    await env.signIn(page, "analyst1");
    await page.goto(`${env.url}/review?date=2025-09-30&days=31`);
    await page.getByLabel("Purpose").fill("accessibility check");
    await page.getByRole("button", { name: "Load the review" }).click();
    await page.locator("article.shooting").first().waitFor();
    expect(await axe(page)).toEqual([]);
  });

  it("Tab from the top reaches the skip link, then the navigation", async () => {
    const page = await env.newPage();
    await env.signIn(page, "analyst1");
    await page.goto(`${env.url}/status`);
    await page.locator("table").first().waitFor();
    await page.keyboard.press("Tab");
    const focused = () =>
      page.evaluate(() => {
        const el = (
          globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }
        ).document.activeElement;
        return el?.textContent?.trim() ?? "";
      });
    expect(await focused()).toBe("Skip to content");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("PeaceStat");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("CompStat");
  });

  it("logged no console errors", () => {
    expect(env.consoleErrors).toEqual([]);
  });
});
