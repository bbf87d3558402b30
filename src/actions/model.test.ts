import { describe, expect, it } from "vitest";
import { ANONYMOUS } from "../auth/roles.js";
import { AppError } from "../domain/errors.js";
import {
  ACTION_STATUSES,
  ActionLinkSchema,
  actionScope,
  CreateActionSchema,
  canTransition,
  checkTransition,
  TRANSITIONS,
  UpdateActionSchema,
} from "./model.js";

/** The table written out by hand: every (from, to) pair, so a change to TRANSITIONS must change this too. */
const ALLOWED = new Set([
  "open>in-progress",
  "open>done",
  "open>blocked",
  "open>cancelled",
  "in-progress>open",
  "in-progress>done",
  "in-progress>blocked",
  "in-progress>cancelled",
  "blocked>open",
  "blocked>in-progress",
  "blocked>cancelled",
  "done>open",
  "cancelled>open",
]);

describe("status transitions", () => {
  for (const from of ACTION_STATUSES) {
    for (const to of ACTION_STATUSES) {
      const ok = ALLOWED.has(`${from}>${to}`);
      it(`${from} -> ${to} is ${ok ? "allowed" : "refused"}`, () => {
        expect(canTransition(from, to)).toBe(ok);
        if (ok) expect(() => checkTransition(from, to)).not.toThrow();
        else {
          let err: unknown;
          try {
            checkTransition(from, to);
          } catch (e) {
            err = e;
          }
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).code).toBe("conflict");
          // The message says what is allowed instead.
          expect((err as AppError).message).toContain(
            `from ${from} it may go to: ${TRANSITIONS[from].join(", ")}`,
          );
          if (from === to) expect((err as AppError).message).toContain(`already ${to}`);
        }
      });
    }
  }
  it("has exactly the hand-written pairs", () => {
    const n = ACTION_STATUSES.reduce((s, f) => s + TRANSITIONS[f].length, 0);
    expect(n).toBe(ALLOWED.size);
  });
});

describe("schemas", () => {
  it("checks each link kind's reference", () => {
    expect(ActionLinkSchema.safeParse({ kind: "incident", ref: "123" }).success).toBe(true);
    expect(ActionLinkSchema.safeParse({ kind: "incident", ref: "abc" }).success).toBe(false);
    expect(ActionLinkSchema.safeParse({ kind: "area", ref: "district:3" }).success).toBe(true);
    expect(ActionLinkSchema.safeParse({ kind: "area", ref: "district" }).success).toBe(false);
    expect(ActionLinkSchema.safeParse({ kind: "place", ref: "-87.65,41.85" }).success).toBe(true);
    expect(ActionLinkSchema.safeParse({ kind: "place", ref: "near the park" }).success).toBe(false);
    expect(ActionLinkSchema.safeParse({ kind: "gang", ref: "x" }).success).toBe(false);
  });
  it("refuses impossible due dates and unknown types", () => {
    const base = { title: "t", type: "other", agency: "ATF", origin: "other" };
    expect(CreateActionSchema.safeParse({ ...base, due: "2025-02-28" }).success).toBe(true);
    expect(CreateActionSchema.safeParse({ ...base, due: "2025-02-30" }).success).toBe(false);
    expect(CreateActionSchema.safeParse({ ...base, type: "surveillance" }).success).toBe(false);
    expect(CreateActionSchema.safeParse({ ...base, agency: " " }).success).toBe(false);
  });
  it("refuses an empty change", () => {
    expect(UpdateActionSchema.safeParse({}).success).toBe(false);
    expect(UpdateActionSchema.safeParse({ note: "called" }).success).toBe(true);
  });
});

describe("actionScope", () => {
  it("gives review roles everything, with people only where records:read is held", () => {
    expect(actionScope({ username: "a", role: "analyst", agency: null })).toEqual({
      kind: "all",
      people: true,
    });
    expect(actionScope({ username: "c", role: "commander", agency: null })).toEqual({
      kind: "all",
      people: true,
    });
  });
  it("scopes partners and community members to their agency, never people", () => {
    expect(actionScope({ username: "p", role: "partner", agency: "ATF" })).toEqual({
      kind: "agency",
      agency: "ATF",
      people: false,
    });
    expect(actionScope({ username: "c", role: "community", agency: null })).toEqual({
      kind: "agency",
      agency: null,
      people: false,
    });
    expect(actionScope(ANONYMOUS).kind).toBe("agency");
  });
});
