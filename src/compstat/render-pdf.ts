/**
 * Prints the HTML packet to PDF with the system's Chromium through playwright-core. We use the distro's
 * browser rather than Playwright's download because deployments are often offline and a browser download is
 * hundreds of megabytes; the launch flags keep Chromium from reaching for the network at all.
 */
import { existsSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { chromium } from "playwright-core";
import { AppError } from "../domain/errors.js";

export interface PdfOptions {
  /** Path to a Chromium or Chrome executable; overrides PEACESTAT_CHROMIUM and the usual locations. */
  readonly chromium?: string;
}

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/**
 * Offline-safe flags. No --use-gl=swiftshader: printing needs no GL, and forcing it fails on some builds.
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const NO_CHROMIUM_MESSAGE =
  "PDF output needs Chromium: install it (Debian/Ubuntu: apt-get install chromium) or set PEACESTAT_CHROMIUM to its path; --html FILE writes the same packet without it";

/** The browser to use: an explicit path wins, then the environment, then the first usual location. */
export function findChromium(explicit?: string): string | null {
  const chosen = explicit ?? process.env.PEACESTAT_CHROMIUM;
  if (chosen !== undefined && chosen !== "") return existsSync(chosen) ? chosen : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** The packet as PDF bytes (US Letter, landscape, backgrounds printed). */
export async function renderPdfBuffer(html: string, options: PdfOptions = {}): Promise<Buffer> {
  const executablePath = findChromium(options.chromium);
  if (executablePath === null) throw new AppError("unsupported", NO_CHROMIUM_MESSAGE);
  const browser = await chromium
    .launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 })
    .catch((e: unknown) => {
      // Playwright's message is a page of flags; the first line says what went wrong.
      const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
      throw new AppError(
        "unsupported",
        `Chromium at ${executablePath} did not start (${why}). ${NO_CHROMIUM_MESSAGE}`,
        { cause: e },
      );
    });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({ format: "Letter", landscape: true, printBackground: true });
  } finally {
    await browser.close();
  }
}

/**
 * Writes `outFile` atomically: the PDF goes to a temporary file beside it, which is renamed over the
 * target only when complete, so a crash never leaves a half-written PDF where a reader expects one.
 */
export async function renderPdf(html: string, outFile: string, options: PdfOptions = {}): Promise<void> {
  const pdf = await renderPdfBuffer(html, options);
  const tmp = join(dirname(outFile), `.${basename(outFile)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, pdf);
    await rename(tmp, outFile);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
