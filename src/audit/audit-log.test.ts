import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../domain/errors.js";
import {
  AUDIT_ACTIONS,
  auditEntryHash,
  canonicalJson,
  GENESIS_HASH,
  type JsonValue,
  normalizeAuditInput,
  parseAuditHead,
  toJsonValue,
} from "./audit-log.js";

const base = {
  seq: 1,
  at: "2024-05-01T12:00:00.123Z",
  username: "ana",
  role: "analyst",
  action: "export",
  resource: "people",
  purpose: "case 24-117 review",
  detail: { rows: 3, format: "csv" } as JsonValue,
};

/** Rebuilds an object with its keys in a shuffled order at every level. */
function shuffleKeys(v: JsonValue, rnd: () => number): JsonValue {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => shuffleKeys(x, rnd));
  const keys = Object.keys(v).sort(() => rnd() - 0.5);
  return Object.fromEntries(keys.map((k) => [k, shuffleKeys(v[k]!, rnd)]));
}

describe("canonicalJson", () => {
  it("sorts keys recursively and adds no whitespace", () => {
    expect(canonicalJson({ b: [{ z: 1, a: null }], a: "x" })).toBe('{"a":"x","b":[{"a":null,"z":1}]}');
  });

  it("is the same for any key order and parses back to the same value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (raw, seed) => {
        const v = toJsonValue(JSON.parse(JSON.stringify(raw)));
        let s = seed;
        const rnd = () => {
          s = (s * 1103515245 + 12345) % 2 ** 31;
          return (s & 0xffff) / 0x10000;
        };
        const c = canonicalJson(v);
        expect(canonicalJson(shuffleKeys(v, rnd))).toBe(c);
        expect(canonicalJson(JSON.parse(c) as JsonValue)).toBe(c);
      }),
    );
  });
});

describe("toJsonValue", () => {
  it("drops undefined properties and refuses what JSON cannot carry", () => {
    expect(toJsonValue({ a: 1, b: undefined })).toEqual({ a: 1 });
    expect(canonicalJson(toJsonValue(JSON.parse('{"__proto__":{"a":1}}')))).toBe('{"__proto__":{"a":1}}');
    for (const bad of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      1n,
      new Date(0),
      new Map(),
      [undefined],
      "\uD800",
    ]) {
      expect(() => toJsonValue(bad)).toThrow(AppError);
    }
  });
});

describe("auditEntryHash", () => {
  it("is sha256(prev_hash + newline + canonical JSON of the entry)", () => {
    const json =
      '{"action":"export","at":"2024-05-01T12:00:00.123Z","detail":{"format":"csv","rows":3},' +
      '"purpose":"case 24-117 review","resource":"people","role":"analyst","seq":1,"username":"ana"}';
    const expected = createHash("sha256").update(`${GENESIS_HASH}\n${json}`).digest("hex");
    expect(auditEntryHash(GENESIS_HASH, base)).toBe(expected);
  });

  it("does not depend on the key order of detail", () => {
    const a = auditEntryHash(GENESIS_HASH, {
      ...base,
      detail: { x: { q: 1, p: [2, { d: 1, c: 2 }] }, a: true },
    });
    const b = auditEntryHash(GENESIS_HASH, {
      ...base,
      detail: { a: true, x: { p: [2, { c: 2, d: 1 }], q: 1 } },
    });
    expect(a).toBe(b);
  });

  it("changes with every field and with prev_hash", () => {
    const h = auditEntryHash(GENESIS_HASH, base);
    expect(auditEntryHash("1".repeat(64), base)).not.toBe(h);
    const changes: Partial<typeof base>[] = [
      { seq: 2 },
      { at: "2024-05-01T12:00:00.124Z" },
      { username: "bo" },
      { role: "admin" },
      { action: "view-records" },
      { resource: "people/1" },
      { purpose: "other" },
      { detail: { rows: 4, format: "csv" } },
    ];
    for (const c of changes) expect(auditEntryHash(GENESIS_HASH, { ...base, ...c })).not.toBe(h);
    // null and "" are different values, not the same absent one.
    expect(auditEntryHash(GENESIS_HASH, { ...base, username: null })).not.toBe(
      auditEntryHash(GENESIS_HASH, { ...base, username: "" }),
    );
  });
});

describe("normalizeAuditInput", () => {
  const input = { username: "ana", role: "analyst", resource: "people", at: "2024-05-01T12:00:00.123456Z" };

  it("requires a purpose for views, searches and exports (28 CFR Part 23)", () => {
    for (const action of ["view-records", "search-records", "export"]) {
      for (const purpose of [undefined, null, "", "   "]) {
        expect(() => normalizeAuditInput({ ...input, action, purpose })).toThrow(/needs a purpose/);
      }
      expect(normalizeAuditInput({ ...input, action, purpose: "case 7" }).purpose).toBe("case 7");
    }
    expect(normalizeAuditInput({ ...input, action: "login" }).purpose).toBeNull();
  });

  it("accepts the vocabulary and any kebab-case action, nothing else", () => {
    for (const action of [...AUDIT_ACTIONS, "view-audit", "shoot-review2"]) {
      expect(() => normalizeAuditInput({ ...input, action, purpose: "p" })).not.toThrow();
    }
    for (const action of ["", "Export", "view_records", "-x", "x-", "a--b", "view records"]) {
      expect(() => normalizeAuditInput({ ...input, action, purpose: "p" })).toThrow(AppError);
    }
  });

  it("keeps time to the millisecond in UTC and requires a resource", () => {
    const e = normalizeAuditInput({ ...input, action: "login", at: "2024-05-01T07:00:00.123456-05:00" });
    expect(e.at).toBe("2024-05-01T12:00:00.123Z");
    expect(e.detail).toBeNull();
    expect(() => normalizeAuditInput({ ...input, action: "login", resource: "" })).toThrow(/resource/);
    expect(() => normalizeAuditInput({ ...input, action: "login", at: "yesterday" })).toThrow(/bad time/);
  });
});

describe("parseAuditHead", () => {
  it("reads SEQ:HASH and refuses anything else", () => {
    const hash = "AB".repeat(32);
    expect(parseAuditHead(` 42:${hash} `)).toEqual({ seq: 42, hash: hash.toLowerCase() });
    for (const bad of ["42", `x:${hash}`, "42:abc", `-1:${hash}`]) {
      expect(() => parseAuditHead(bad)).toThrow(AppError);
    }
  });
});
