/**
 * Local wall-clock times.
 *
 * PeaceStat counts events by the city's local calendar (domain.md: "Times are the city's local wall-clock
 * time"). A local time is held as a naive timestamp: milliseconds since 1970-01-01T00:00 of the wall clock,
 * with no zone attached, exactly what DuckDB's TIMESTAMP (without time zone) stores. Instants that arrive
 * with an offset are converted to the city's zone on the way in.
 *
 * Precision is data: a record known only to the day or the month keeps that precision, and its naive value
 * is the start of the window it can belong to.
 */

export type TimePrecision = "minute" | "day" | "month";

export interface LocalTime {
  /** Naive wall-clock milliseconds (as if the wall clock were UTC). */
  readonly ms: number;
  readonly precision: TimePrecision;
}

export type ParseTimeResult = { kind: "ok"; value: LocalTime } | { kind: "error"; reason: string };

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

const LOCAL_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const MONTH_RE = /^(\d{4})-(\d{1,2})$/;
const OFFSET_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checkParts(y: number, mo: number, d: number, h: number, mi: number, s: number): string | undefined {
  if (y < MIN_YEAR || y > MAX_YEAR) return `year ${y} is outside ${MIN_YEAR}-${MAX_YEAR}`;
  if (mo < 1 || mo > 12) return `month ${mo} does not exist`;
  if (d < 1 || d > daysInMonth(y, mo))
    return `day ${d} does not exist in ${y}-${String(mo).padStart(2, "0")}`;
  if (h > 23) return `hour ${h} is not 0-23`;
  if (mi > 59) return `minute ${mi} is not 0-59`;
  if (s > 59) return `second ${s} is not 0-59`;
  return undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows (e.g. America/Chicago). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at a UTC instant, as naive milliseconds. */
export function instantToLocalMs(utcMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const ms = ((utcMs % 1000) + 1000) % 1000;
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"), ms);
}

/**
 * The UTC instant of a local wall-clock time. In the repeated hour of a fall-back transition the earlier
 * instant is returned; a time in the skipped spring-forward hour maps to the instant one hour later.
 */
export function localMsToInstant(localMs: number, timeZone: string): number {
  let guess = localMs;
  for (let i = 0; i < 3; i++) {
    const offset = instantToLocalMs(guess, timeZone) - guess;
    const next = localMs - offset;
    if (next === guess) break;
    guess = next;
  }
  return guess;
}

/**
 * Parses a time as PeaceStat's formats write it: `YYYY-MM-DD HH:MM[:SS]` (local), ISO 8601 with an offset
 * (converted to `timeZone`), `YYYY-MM-DD` (day precision) or `YYYY-MM` (month precision).
 */
export function parseLocalTime(raw: string, timeZone: string): ParseTimeResult {
  const text = raw.trim();
  const off = OFFSET_RE.exec(text);
  if (off) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(off[i] ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const bad = checkParts(y, mo, d, h, mi, s);
    if (bad) return { kind: "error", reason: bad };
    const frac = off[7] ? Math.floor(Number(`0.${off[7]}`) * 1000) : 0;
    const instant = Date.parse(text.replace(/\.\d+/, "")) + frac;
    if (!Number.isFinite(instant)) return { kind: "error", reason: "not a valid ISO 8601 time" };
    return { kind: "ok", value: { ms: instantToLocalMs(instant, timeZone), precision: "minute" } };
  }
  const loc = LOCAL_RE.exec(text);
  if (loc) {
    const y = Number(loc[1]);
    const mo = Number(loc[2]);
    const d = Number(loc[3]);
    const hasTime = loc[4] !== undefined;
    const h = Number(loc[4] ?? 0);
    const mi = Number(loc[5] ?? 0);
    const s = Number(loc[6] ?? 0);
    const bad = checkParts(y, mo, d, h, mi, s);
    if (bad) return { kind: "error", reason: bad };
    const frac = loc[7] ? Math.floor(Number(`0.${loc[7]}`) * 1000) : 0;
    return {
      kind: "ok",
      value: { ms: Date.UTC(y, mo - 1, d, h, mi, s, frac), precision: hasTime ? "minute" : "day" },
    };
  }
  const mon = MONTH_RE.exec(text);
  if (mon) {
    const y = Number(mon[1]);
    const mo = Number(mon[2]);
    const bad = checkParts(y, mo, 1, 0, 0, 0);
    if (bad) return { kind: "error", reason: bad };
    return { kind: "ok", value: { ms: Date.UTC(y, mo - 1, 1), precision: "month" } };
  }
  return {
    kind: "error",
    reason: "expected YYYY-MM-DD HH:MM[:SS] (local time), ISO 8601 with an offset, YYYY-MM-DD or YYYY-MM",
  };
}

/** `YYYY-MM-DD HH:MM:SS` of a naive local time. */
export function formatLocal(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** `YYYY-MM-DD` of a naive local time. */
export function formatLocalDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The end (exclusive) of the window a time of this precision can belong to. */
export function precisionWindowEnd(t: LocalTime): number {
  const d = new Date(t.ms);
  switch (t.precision) {
    case "minute":
      return t.ms + 60_000;
    case "day":
      return t.ms + 86_400_000;
    case "month":
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    default: {
      const never: never = t.precision;
      throw new Error(`unknown precision ${String(never)}`);
    }
  }
}
