/**
 * Login rate limiting, in memory (one server process holds the database, so one process sees every
 * login). Failures are counted per username (slows guessing one account from many addresses) and per
 * client address (slows one address trying many accounts). A key is locked once it has `max` failures
 * inside the sliding window, and unlocks when the oldest of them leaves the window.
 *
 * Callers: `check` before verifying the password (a locked key must not even learn whether the password
 * was right), `fail` after any failure, unknown usernames included (so the lockout does not reveal which
 * usernames exist), `succeed` after a success.
 */

export interface LoginKey {
  readonly username: string;
  readonly ip: string;
}

export type LimitDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface LoginLimiterOptions {
  readonly maxPerUsername?: number;
  readonly maxPerIp?: number;
  readonly windowMs?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

/** Above this many tracked keys, entries with no failure left in the window are swept (memory bound). */
const SWEEP_THRESHOLD = 10_000;

export class LoginLimiter {
  readonly maxPerUsername: number;
  readonly maxPerIp: number;
  readonly windowMs: number;
  private readonly now: () => number;
  /** Failure times per key, oldest first, at most `max` kept (older ones cannot matter). */
  private readonly failures = new Map<string, number[]>();

  constructor(options: LoginLimiterOptions = {}) {
    this.maxPerUsername = options.maxPerUsername ?? 5;
    this.maxPerIp = options.maxPerIp ?? 20;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether a login attempt may proceed; when not, how long until it may. */
  check(key: LoginKey): LimitDecision {
    const t = this.now();
    const wait = Math.max(
      this.lockedFor(userKey(key), this.maxPerUsername, t),
      this.lockedFor(ipKey(key), this.maxPerIp, t),
    );
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
  }

  /** Records a failed attempt against both the username and the address. */
  fail(key: LoginKey): void {
    const t = this.now();
    this.record(userKey(key), this.maxPerUsername, t);
    this.record(ipKey(key), this.maxPerIp, t);
    if (this.failures.size > SWEEP_THRESHOLD) this.sweep(t);
  }

  /**
   * Clears the username's failures. The address's stay: otherwise an attacker holding one valid account
   * could reset its address's count between guesses at other accounts.
   */
  succeed(key: LoginKey): void {
    this.failures.delete(userKey(key));
  }

  private record(k: string, max: number, t: number): void {
    const list = this.live(k, t) ?? [];
    list.push(t);
    while (list.length > max) list.shift();
    this.failures.set(k, list);
  }

  /** Milliseconds until the key has fewer than `max` failures in the window (0: not locked). */
  private lockedFor(k: string, max: number, t: number): number {
    const list = this.live(k, t);
    if (!list || list.length < max) return 0;
    const oldest = list[list.length - max] ?? t;
    return Math.max(0, oldest + this.windowMs - t);
  }

  /** The key's failures still inside the window (stale ones dropped), or undefined when none. */
  private live(k: string, t: number): number[] | undefined {
    const list = this.failures.get(k);
    if (!list) return undefined;
    while (list.length > 0 && (list[0] ?? 0) + this.windowMs <= t) list.shift();
    if (list.length === 0) {
      this.failures.delete(k);
      return undefined;
    }
    return list;
  }

  private sweep(t: number): void {
    for (const k of [...this.failures.keys()]) this.live(k, t);
  }

  /** How many keys are tracked (for tests and metrics). */
  get size(): number {
    return this.failures.size;
  }
}

/** Usernames are matched case-insensitively at login, so "Alice" and "alice" share one count. */
const userKey = (key: LoginKey): string => `u:${key.username.trim().toLowerCase()}`;
const ipKey = (key: LoginKey): string => `ip:${key.ip}`;
