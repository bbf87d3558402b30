/**
 * Structured logs (pino, JSON lines on stderr). Quiet by default so the CLI's own output stays readable;
 * PEACESTAT_LOG_LEVEL=info (or debug) shows what each use-case did and how long it took.
 */
import pino from "pino";

export const log = pino(
  { name: "peacestat", level: process.env.PEACESTAT_LOG_LEVEL ?? "warn" },
  pino.destination({ dest: 2, sync: true }),
);
