/**
 * End to end: the map page in Chromium (WebGL through SwiftShader) on the small demo city. Signs in as an
 * analyst, waits for MapLibre to draw, checks that features are rendered, that the side table's numbers
 * equal the API's, toggles density and hot spots, loads incident points with a purpose, opens a popup,
 * prints, takes screenshots into .tmp/e2e, and fails on any console error or failed request.
 * Set-up and tear-down: test/helpers/e2e.ts.
 * Skips with a message when Chromium or the web build is missing.
 */
import http from "node:http";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { E2E_READY, e2eEnv } from "../helpers/e2e.js";

const SEL = "metric=part1-violent&period=ytd&asOf=2025-09-30";

/** What the page's `.map-view` carries (typed here: the test's tsconfig has no DOM library). */
interface MapElement {
  readonly dataset: Record<string, string | undefined>;
  readonly maplibreMap?: {
    queryRenderedFeatures(o: { layers: string[] }): { geometry: { coordinates: [number, number] } }[];
    project(c: [number, number]): { x: number; y: number };
    getStyle(): { layers: { id: string }[] };
  };
}
type PageGlobal = { document: { querySelector(selector: string): MapElement | null } };

/** Rendered features of one map layer, counted in the page through the map instance on its container. */
function rendered(page: Page, layer: string): Promise<number> {
  return page.evaluate((id) => {
    const el = (globalThis as unknown as PageGlobal).document.querySelector(".map-view");
    return el?.maplibreMap?.queryRenderedFeatures({ layers: [id] }).length ?? -1;
  }, layer);
}

/** Waits until the map is idle with at least one feature of `layer` drawn. */
async function drawn(page: Page, layer: string): Promise<void> {
  await page.waitForFunction(
    (id) => {
      const el = (globalThis as unknown as PageGlobal).document.querySelector(".map-view");
      return (
        el?.dataset.idle === "true" &&
        (el.maplibreMap?.queryRenderedFeatures({ layers: [id] }).length ?? 0) > 0
      );
    },
    layer,
    { timeout: 15_000 },
  );
}

describe.skipIf(!E2E_READY)("map page in Chromium", () => {
  // A request the page itself aborted (leaving a page, a newer selection) is not a failure; others are.
  const env = e2eEnv("map", { failedRequests: true, timeout: 60_000 });
  let page: Page;

  beforeAll(async () => {
    page = await env.newPage();
  });

  it("draws boundaries and grid counts with WebGL; the table's busiest cell equals the API's", async () => {
    await env.signIn(page, "analyst1");
    await page.goto(`${env.url}/map?${SEL}`);
    await drawn(page, "grid");
    expect(await page.locator(".map-view canvas.maplibregl-canvas").count()).toBe(1);
    expect(await rendered(page, "area:district:line")).toBeGreaterThan(0);

    const api = await page.evaluate(async (q) => {
      const r = await fetch(`/api/map/grid?${q}`);
      return (await r.json()) as { geojson: { features: { properties: { count: number } }[] } };
    }, SEL);
    const max = Math.max(...api.geojson.features.map((f) => f.properties.count));
    const first = page.locator('table[data-layer="grid"] tbody tr').first().locator("td").first();
    expect((await first.textContent())?.trim()).toBe(max.toLocaleString("en-US"));
    await env.shot(page, "map-grid");
  });

  it("toggles kernel density and hot spots; the hot spot table's top z equals the API's", async () => {
    await page.getByLabel("Kernel density").check();
    await page.waitForURL(/show=.*density/);
    await drawn(page, "density");
    await page.getByLabel("Grid counts").uncheck();
    await page.getByLabel("Hot spots (Gi*)").check();
    await page.waitForURL(/show=.*hotspots/);
    await drawn(page, "hotspots");
    expect(await rendered(page, "grid")).toBe(0);

    const api = await page.evaluate(async (q) => {
      const r = await fetch(`/api/map/hotspots?${q}`);
      return (await r.json()) as { significant: { z: number; class: string }[] };
    }, SEL);
    const top = api.significant.find((c) => c.class.startsWith("hot"))!;
    const z = page.locator('table[data-layer="hotspots"] tbody tr').first().locator("td").nth(1);
    expect((await z.textContent())?.trim()).toBe(
      top.z.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    );
    await env.shot(page, "map-density-hotspots");
  });

  it("loads incident points only with a purpose, logs the view, and shows a popup on click", async () => {
    await page.getByRole("button", { name: "Show incidents" }).click();
    await expect.poll(() => page.locator(".map-incidents .problem").textContent()).toContain("at least 5");
    await page.getByLabel("Purpose for viewing incidents").fill("e2e map check");
    await page.getByRole("button", { name: "Show incidents" }).click();
    await drawn(page, "incidents");
    await expect.poll(() => page.locator(".notice").textContent()).toContain("audit log");
    const caption = await page.locator('table[data-layer="incidents"] caption').textContent();

    // The first point on screen, clicked where the map draws it.
    const at = await page.evaluate(() => {
      const el = (globalThis as unknown as PageGlobal).document.querySelector(".map-view")!;
      const f = el.maplibreMap!.queryRenderedFeatures({ layers: ["incidents"] })[0]!;
      return el.maplibreMap!.project(f.geometry.coordinates);
    });
    const box = (await page.locator(".map-view canvas").boundingBox())!;
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await expect.poll(() => page.locator(".map-popup").textContent()).toContain("Incident");
    await env.shot(page, "map-incidents");

    // The audit entry itself is checked in test/integration/api-map.test.ts (the server holds the database).
    expect(caption).toMatch(/[\d,]+ of [\d,]+ located incidents on the map/);
  });

  it("prints the map canvas without the controls", async () => {
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".map-controls").isVisible()).toBe(false);
    expect(await page.locator(".map-view canvas").isVisible()).toBe(true);
    await env.shot(page, "map-print");
    await page.emulateMedia({ media: "screen" });
  });

  it("draws a configured basemap style under the layers (serve --basemap)", async () => {
    // A style server of our own on another origin: one background layer in a colour we can recognise.
    const style = {
      version: 8,
      sources: {},
      layers: [{ id: "basemap-bg", type: "background", paint: { "background-color": "#d9e8f5" } }],
    };
    const tiles = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
      res.end(JSON.stringify(style));
    });
    await new Promise<void>((resolve) => tiles.listen(0, "127.0.0.1", resolve));
    const port = (tiles.address() as { port: number }).port;
    await env.restartServer({ basemapUrl: `http://127.0.0.1:${port}/style.json` });
    try {
      // Still signed in: sessions live in the database and cookies do not depend on the port.
      await page.goto(`${env.url}/map?${SEL}`);
      await drawn(page, "grid");
      const ids = await page.evaluate(() => {
        const el = (globalThis as unknown as PageGlobal).document.querySelector(".map-view")!;
        return el.maplibreMap!.getStyle().layers.map((l) => l.id);
      });
      expect(ids[0]).toBe("basemap-bg");
      expect(ids).toContain("grid");
      await env.shot(page, "map-basemap", { fullPage: false });
    } finally {
      await new Promise((resolve) => tiles.close(resolve));
    }
  });

  it("logged no console errors and showed no error box", async () => {
    expect(await page.locator(".error").allTextContents()).toEqual([]);
    expect(env.consoleErrors).toEqual([]);
  });
});
