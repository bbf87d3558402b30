import type { Database } from "../store/db.js";

class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super("dry run: roll back");
  }
}

/**
 * Runs `fn` in a transaction and, for a dry run, rolls it back after it has done (and counted) everything,
 * so a dry run reports exactly what a real run would and writes nothing.
 */
export async function inTransaction<T>(db: Database, dryRun: boolean, fn: () => Promise<T>): Promise<T> {
  if (!dryRun) return db.transaction(fn);
  try {
    await db.transaction(async () => {
      throw new Rollback(await fn());
    });
  } catch (e) {
    if (e instanceof Rollback) return e.value as T;
    throw e;
  }
  throw new Error("unreachable");
}
