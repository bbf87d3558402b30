import { describe, expect, it } from "vitest";
import { LoginLimiter } from "./rate-limit.js";

function clock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}
const MIN = 60_000;

describe("LoginLimiter", () => {
  it("locks a username after 5 failures until the window passes", () => {
    const c = clock();
    const limiter = new LoginLimiter({ now: c.now });
    const key = { username: "alice", ip: "10.0.0.1" };
    for (let i = 0; i < 5; i++) {
      expect(limiter.check({ ...key, ip: `10.0.0.${i}` }).allowed).toBe(true);
      limiter.fail({ ...key, ip: `10.0.0.${i}` });
      c.advance(MIN);
    }
    // Five failures from five addresses: the account is locked whatever the address.
    const locked = limiter.check({ username: "ALICE", ip: "192.168.1.1" });
    expect(locked).toEqual({ allowed: false, retryAfterSeconds: 10 * 60 });
    expect(limiter.check({ username: "bob", ip: "192.168.1.1" }).allowed).toBe(true);
    c.advance(10 * MIN - 1);
    expect(limiter.check(key).allowed).toBe(false);
    c.advance(1); // the first failure leaves the window
    expect(limiter.check(key).allowed).toBe(true);
  });

  it("locks an address after 20 failures across usernames", () => {
    const c = clock();
    const limiter = new LoginLimiter({ now: c.now });
    for (let i = 0; i < 19; i++) limiter.fail({ username: `user${i}`, ip: "10.9.9.9" });
    expect(limiter.check({ username: "someone", ip: "10.9.9.9" }).allowed).toBe(true);
    limiter.fail({ username: "user19", ip: "10.9.9.9" });
    expect(limiter.check({ username: "someone", ip: "10.9.9.9" })).toEqual({
      allowed: false,
      retryAfterSeconds: 15 * 60,
    });
    expect(limiter.check({ username: "someone", ip: "10.9.9.8" }).allowed).toBe(true);
    c.advance(15 * MIN);
    expect(limiter.check({ username: "someone", ip: "10.9.9.9" }).allowed).toBe(true);
  });

  it("success clears the username's count but not the address's", () => {
    const c = clock();
    const limiter = new LoginLimiter({ now: c.now, maxPerIp: 6 });
    const key = { username: "carol", ip: "10.1.1.1" };
    for (let i = 0; i < 4; i++) limiter.fail(key);
    limiter.succeed(key);
    for (let i = 0; i < 2; i++) limiter.fail({ username: "dave", ip: "10.1.1.1" });
    // carol: 0 of 5 after success; the address: 6 of 6, so still locked.
    expect(limiter.check({ username: "carol", ip: "10.2.2.2" }).allowed).toBe(true);
    expect(limiter.check(key).allowed).toBe(false);
  });

  it("forgets stale entries", () => {
    const c = clock();
    const limiter = new LoginLimiter({ now: c.now });
    limiter.fail({ username: "erin", ip: "10.0.0.1" });
    expect(limiter.size).toBe(2);
    c.advance(15 * MIN);
    expect(limiter.check({ username: "erin", ip: "10.0.0.1" }).allowed).toBe(true);
    expect(limiter.size).toBe(0);
  });
});
