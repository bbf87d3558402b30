/**
 * What the end-to-end tests share: the real server (port 0) on the small demo city (seed 1) in a fresh
 * `.tmp/e2e-<name>-*` folder, the built web app, Debian's Chromium driven by playwright-core with the same
 * flags as the PDF renderer, pages that record console errors and uncaught page errors, sign-in through
 * the login form, and screenshots into .tmp/e2e. Playwright gives every launch a fresh, temporary profile
 * (its own --user-data-dir).
 */
import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { buildDemoDatabase } from "../../src/app/demo.js";
import type { Role } from "../../src/auth/roles.js";
import { addUser } from "../../src/auth/users.js";
import { CHROMIUM_ARGS, findChromium } from "../../src/compstat/render-pdf.js";
import { type ServeOptions, startServer } from "../../src/server/serve.js";
import { Database } from "../../src/store/db.js";

const CHROMIUM = findChromium();
const WEB = path.resolve("dist/web/index.html");
const missing = [
  ...(CHROMIUM === null ? ["no Chromium (apt-get install chromium, or set PEACESTAT_CHROMIUM)"] : []),
  ...(fs.existsSync(WEB) ? [] : ["no web build in dist/web (npm run build)"]),
];

/** True when Chromium and the web build are both there; otherwise one warning says what is missing. */
export const E2E_READY = missing.length === 0;
if (!E2E_READY) console.warn(`e2e tests skipped: ${missing.join("; ")}`);

/** Where screenshots (and other files worth looking at after a run) go. */
export const SHOTS = path.resolve(".tmp/e2e");
/** Every e2e user's password. */
export const E2E_PASSWORD = "e2e-password-123";

export interface E2eUser {
  readonly username: string;
  readonly role: Role;
  readonly agency?: string;
}

export interface E2eOptions {
  /** Users added before the server starts; default one analyst, `analyst1`. */
  readonly users?: readonly E2eUser[];
  /** Runs on the open database after the users are added, before the server starts. */
  readonly prepare?: (db: Database, dir: string) => Promise<void>;
  /**
   * Also count failed requests as errors (a request the page itself aborted, net::ERR_ABORTED, when
   * leaving a page or replacing a selection, is not a failure). Default false.
   */
  readonly failedRequests?: boolean;
  /** Timeout of the beforeAll hook; default the configured hookTimeout. */
  readonly timeout?: number;
}

export interface E2eEnv {
  /** The server's base URL, e.g. http://127.0.0.1:12345. */
  readonly url: string;
  readonly browser: Browser;
  /** The temporary folder and the database file in it. */
  readonly dir: string;
  readonly file: string;
  /** Console errors, page errors (and failed requests when asked) of every page from newPage(). */
  readonly consoleErrors: string[];
  /** A 1400x1000 page whose errors go to consoleErrors. */
  newPage(): Promise<Page>;
  /** Signs in through the login form (opening /login unless the page is already there). */
  signIn(page: Page, username: string): Promise<void>;
  /** A screenshot to .tmp/e2e/<name>.png; full page unless told otherwise. */
  shot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<void>;
  /** Stops the server and starts it again on the same database (a new port) with other options. */
  restartServer(options: Pick<ServeOptions, "basemapUrl">): Promise<void>;
}

/**
 * Registers beforeAll/afterAll that build the demo city, start the server and launch Chromium. Call at the
 * top of a `describe.skipIf(!E2E_READY)` block; the returned object's fields are set once beforeAll has run.
 */
export function e2eEnv(name: string, options: E2eOptions = {}): E2eEnv {
  const users = options.users ?? [{ username: "analyst1", role: "analyst" }];
  let server: { url: string; close: () => Promise<void> } | undefined;
  const env = { consoleErrors: [] as string[] } as { -readonly [K in keyof E2eEnv]: E2eEnv[K] };

  const start = async (extra: Pick<ServeOptions, "basemapUrl"> = {}) => {
    server = await startServer({ dbPath: env.file, port: 0, host: "127.0.0.1", ...extra });
    env.url = server.url;
  };

  env.newPage = async () => {
    const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("console", (m) => {
      if (m.type() === "error") env.consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => env.consoleErrors.push(`${page.url()}: ${e.message}`));
    if (options.failedRequests)
      page.on("requestfailed", (r) => {
        if (r.failure()?.errorText !== "net::ERR_ABORTED")
          env.consoleErrors.push(`request failed: ${r.url()}`);
      });
    return page;
  };

  env.signIn = async (page, username) => {
    if (!page.url().startsWith(env.url) || new URL(page.url()).pathname !== "/login")
      await page.goto(`${env.url}/login`);
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(E2E_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.endsWith("/login"));
  };

  env.shot = async (page, shotName, shotOptions = {}) => {
    await page.screenshot({
      path: path.join(SHOTS, `${shotName}.png`),
      fullPage: shotOptions.fullPage ?? true,
    });
  };

  env.restartServer = async (extra) => {
    await server?.close();
    await start(extra);
  };

  beforeAll(async () => {
    fs.mkdirSync(".tmp", { recursive: true });
    env.dir = fs.mkdtempSync(path.join(".tmp", `e2e-${name}-`));
    env.file = path.join(env.dir, "small.duckdb");
    await buildDemoDatabase(env.file, { size: "small", seed: 1 });
    const db = await Database.open(env.file);
    try {
      for (const u of users) await addUser(db, { ...u, password: E2E_PASSWORD });
      await options.prepare?.(db, env.dir);
    } finally {
      db.close();
    }
    await start();
    env.browser = await chromium.launch({ executablePath: CHROMIUM!, args: CHROMIUM_ARGS });
    fs.mkdirSync(SHOTS, { recursive: true });
  }, options.timeout);

  afterAll(async () => {
    await env.browser?.close();
    await server?.close();
    if (env.dir) fs.rmSync(env.dir, { recursive: true, force: true });
  });

  return env;
}
