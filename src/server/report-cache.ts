/**
 * A cache of derived results (CompStat reports, map layers, analyses) keyed by the data version.
 *
 * Why: the full CompStat book takes 3-4 s on a city's whole history (docs/benchmarks.md) and the
 * dashboard asks for the same few reports all morning. The data only changes through an import, a metric
 * or a goal, so a key of (what changed last, today's date, the request) is exact: a stale answer is
 * impossible, not just unlikely. Identical requests that arrive together share one computation.
 */
import type { Database } from "../store/db.js";

export interface ReportCache {
  /**
   * The current data version (a few aggregates over small tables, about 2 ms, so it is remembered for
   * `versionTtlMs`; the server calls `invalidate` after every write it makes, and it holds the database
   * file alone, so nothing else can change the data in between).
   */
  version(db: Database): Promise<string>;
  /** Forget the remembered version: the next `version` call reads it again. */
  invalidate(): void;
  /** The cached value for (version, key), computing it once when absent. */
  get<T>(version: string, key: string, compute: () => Promise<T>): Promise<T>;
  /** Entries held (for tests and the status page). */
  readonly size: number;
}

export function createReportCache(
  opts: { maxEntries?: number; today?: () => string; versionTtlMs?: number } = {},
): ReportCache {
  const max = opts.maxEntries ?? 64;
  const ttl = opts.versionTtlMs ?? 2_000;
  let known: { version: string; at: number } | null = null;
  const today = opts.today ?? (() => new Date().toISOString().slice(0, 10));
  // Insertion order is recency order: a hit is deleted and set again (LRU).
  const entries = new Map<string, Promise<unknown>>();
  return {
    async version(db) {
      if (known && Date.now() - known.at < ttl) return known.version;
      const r = await db.one<{ v: string }>(
        `SELECT concat_ws('/',
           (SELECT coalesce(max(batch_id), 0) || '.' || count(*) FROM import_batches),
           (SELECT count(*) || '.' || coalesce(max(created_at)::VARCHAR, '') FROM metrics),
           (SELECT count(*) || '.' || coalesce(max(created_at)::VARCHAR, '') || '.' || coalesce(string_agg(id, ',' ORDER BY id), '') FROM goals),
           (SELECT count(*) FROM area_populations)) AS v`,
      );
      // Reports without an as-of date count up to today: the date is part of the version.
      const version = `${r?.v ?? ""}@${today()}`;
      known = { version, at: Date.now() };
      return version;
    },
    invalidate() {
      known = null;
    },
    get<T>(version: string, key: string, compute: () => Promise<T>): Promise<T> {
      const k = `${version}\u0000${key}`;
      const hit = entries.get(k);
      if (hit) {
        entries.delete(k);
        entries.set(k, hit);
        return hit as Promise<T>;
      }
      const p = compute();
      entries.set(k, p);
      // A failure is not cached: the next request tries again (and gets the same clear error).
      p.catch(() => entries.delete(k));
      while (entries.size > max) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
      return p;
    },
    get size() {
      return entries.size;
    },
  };
}
