/**
 * `peacestat serve`: the API (and, once built, the web app) on one port. The process opens the database
 * once and holds it until it stops (Ctrl-C or SIGTERM close it cleanly).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { appendAudit } from "../audit/audit-log.js";
import { AppError } from "../domain/errors.js";
import { Database } from "../store/db.js";
import { createApp } from "./app.js";

export interface ServeOptions {
  readonly dbPath: string;
  readonly port: number;
  readonly host: string;
  /** Folder of the built web app; default dist/web. */
  readonly webRoot?: string;
  /**
   * A MapLibre style URL drawn under the map's layers (`--basemap`, env PEACESTAT_BASEMAP_URL). Default
   * none: the map draws boundaries on a plain background and needs no tile server, so it works offline.
   */
  readonly basemapUrl?: string | null | undefined;
}

/**
 * The basemap style URL from the flag, else the environment; null when neither names one. Refuses
 * anything but an http(s) URL, naming where the bad value came from.
 */
export function basemapFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  const from = flag !== undefined ? "--basemap" : "PEACESTAT_BASEMAP_URL";
  const raw = (flag ?? env.PEACESTAT_BASEMAP_URL ?? "").trim();
  if (!raw) return null;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  if (url?.protocol !== "https:" && url?.protocol !== "http:")
    throw new AppError(
      "invalid-argument",
      `${from} '${raw}': expected an http(s) URL of a MapLibre style JSON`,
    );
  return url.href;
}

export async function startServer(opts: ServeOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const db = await Database.open(opts.dbPath);
  // dist/server/serve.js -> dist/web (built by `npm run build`); from the sources (tests),
  // src/server -> dist/web. The API alone when neither holds a build.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const webRoot =
    opts.webRoot ??
    [path.resolve(here, "..", "web"), path.resolve(here, "..", "..", "dist", "web")].find((d) =>
      fs.existsSync(path.join(d, "index.html")),
    ) ??
    path.resolve(here, "..", "web");
  const app = createApp({
    warm: true,
    db,
    basemapUrl: opts.basemapUrl ?? null,
    ...(fs.existsSync(path.join(webRoot, "index.html")) ? { webRoot } : {}),
    audit: async (e) => {
      await appendAudit(db, {
        username: e.principal.username,
        role: e.principal.role,
        action: e.action,
        resource: e.resource,
        ...(e.purpose ? { purpose: e.purpose } : {}),
        ...(e.detail ? { detail: e.detail } : {}),
      });
    },
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  const url = `http://${opts.host.includes(":") ? `[${opts.host}]` : opts.host}:${port}`;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await new Promise<void>((res) => server.close(() => res()));
    db.close();
  };
  return { url, close };
}
