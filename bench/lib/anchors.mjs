/** Where the anchors live and whether the tools they need are installed here. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const ANCHORS = process.env.PEACESTAT_ANCHORS ?? path.resolve(ROOT, "..", "shared", "anchors");

export const anchorFile = (name) => path.join(ANCHORS, name);

const memo = new Map();

/** Rscript's version ("4.2.2"), or null when it is not installed. */
export function rVersion() {
  if (!memo.has("R")) {
    const r = spawnSync("Rscript", ["--version"], { encoding: "utf8" });
    const m = /version (\d+\.\d+\.\d+)/.exec(`${r.stdout ?? ""}${r.stderr ?? ""}`);
    memo.set("R", r.status === 0 && m ? m[1] : null);
  }
  return memo.get("R");
}

/** An R package's version, or null when R or the package is missing. */
export function rPackageVersion(pkg) {
  const key = `R:${pkg}`;
  if (!memo.has(key)) {
    let v = null;
    if (rVersion()) {
      const r = spawnSync("Rscript", ["-e", `cat(as.character(packageVersion("${pkg}")))`], {
        encoding: "utf8",
      });
      if (r.status === 0 && /^\d/.test(r.stdout.trim())) v = r.stdout.trim();
    }
    memo.set(key, v);
  }
  return memo.get(key);
}

/**
 * Why an R anchor cannot run here (null: it can). `packages`: R packages the script loads.
 * The line says how to install what is missing (Debian packages, as the anchors README).
 */
export function rAnchorUnavailable(script, packages = []) {
  if (!existsSync(anchorFile(script))) return `${anchorFile(script)} not found (set PEACESTAT_ANCHORS)`;
  if (!rVersion()) return "Rscript not installed (apt-get install r-base-core)";
  for (const p of packages)
    if (!rPackageVersion(p)) return `R package ${p} not installed (apt-get install r-cran-${p})`;
  return null;
}
