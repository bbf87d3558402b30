import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { initCity } from "../app/init-city.js";
import { Database } from "../store/db.js";
import { createReportCache } from "./report-cache.js";

describe("report cache", () => {
  it("computes once per (version, key), shares a computation in flight, and evicts the least recent", async () => {
    const cache = createReportCache({ maxEntries: 2 });
    let runs = 0;
    const compute = async () => {
      runs++;
      return runs;
    };
    const [a, b] = await Promise.all([cache.get("v1", "k", compute), cache.get("v1", "k", compute)]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    expect(await cache.get("v2", "k", compute)).toBe(2); // a new version recomputes
    await cache.get("v1", "k", compute); // touch: v1 is now the most recent
    await cache.get("v3", "k", compute); // evicts v2
    expect(cache.size).toBe(2);
    expect(await cache.get("v1", "k", compute)).toBe(1);
    expect(await cache.get("v2", "k", compute)).toBe(4);
  });

  it("does not keep a failure", async () => {
    const cache = createReportCache();
    await expect(cache.get("v", "k", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await cache.get("v", "k", async () => 7)).toBe(7);
  });

  it("remembers the version for its time to live, and forgets it on invalidate", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cache-"));
    const file = path.join(dir, "c.duckdb");
    await initCity(file, { timeZone: "America/Chicago" });
    const db = await Database.open(file);
    try {
      const cache = createReportCache({ versionTtlMs: 60_000, today: () => "2025-01-01" });
      const before = await cache.version(db);
      expect(before).toMatch(/@2025-01-01$/);
      await db.run("INSERT INTO metrics VALUES ('m', '{}', now())");
      expect(await cache.version(db)).toBe(before); // remembered
      cache.invalidate();
      const after = await cache.version(db);
      expect(after).not.toBe(before);
      await db.run("DELETE FROM metrics");
      expect(await createReportCache({ versionTtlMs: 0, today: () => "2025-01-01" }).version(db)).toBe(
        before,
      );
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
