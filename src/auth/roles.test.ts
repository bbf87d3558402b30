import { describe, expect, it } from "vitest";
import {
  ANONYMOUS,
  AuthError,
  can,
  canAccessAgency,
  PERMISSION_NAMES,
  type Permission,
  type Principal,
  type PrincipalRole,
  ROLES,
  requirePermission,
} from "./roles.js";

const principal = (role: PrincipalRole): Principal =>
  role === "public"
    ? ANONYMOUS
    : { username: `a-${role}`, role, agency: role === "partner" ? "Street Outreach" : null };

/** The matrix in roles.ts's doc comment, written out again on purpose: a change must change both. */
const EXPECTED: Record<Permission, readonly PrincipalRole[]> = {
  "aggregates:read": ["admin", "analyst", "commander", "partner", "community", "public"],
  "compstat:read": ["admin", "analyst", "commander", "partner", "community"],
  "records:read": ["admin", "analyst", "commander"],
  "partner-activity:read-own": ["partner"],
  "exports:create": ["admin", "analyst", "commander"],
  "analysis:run": ["admin", "analyst", "commander"],
  "goals:write": ["admin", "analyst"],
  "actions:write-own": ["partner", "community"],
  "data:import": ["admin", "analyst"],
  "users:manage": ["admin"],
  "audit:read": ["admin"],
  "review:configure": ["admin", "analyst"],
  "review:annotate": ["admin", "analyst"],
  "actions:manage": ["admin", "analyst", "commander"],
  "meetings:read": ["admin", "analyst", "commander", "partner", "community"],
  "meetings:write": ["admin", "analyst", "commander"],
  "documents:read": ["admin", "analyst", "commander", "partner", "community"],
  "documents:write": ["admin", "analyst", "commander"],
  "partner-activity:write": ["admin", "analyst", "partner"],
  "operations:read": ["admin", "analyst", "commander", "partner"],
  "operations:write": ["admin", "analyst", "commander", "partner"],
  "engagement:write": ["admin", "analyst", "commander", "partner", "community"],
  "agencies:manage": ["admin"],
};

describe("permission matrix", () => {
  const everyone: PrincipalRole[] = [...ROLES, "public"];
  for (const permission of PERMISSION_NAMES) {
    for (const role of everyone) {
      const granted = EXPECTED[permission].includes(role);
      it(`${role} ${granted ? "may" : "may not"} ${permission}`, () => {
        expect(can(principal(role), permission)).toBe(granted);
        if (granted) expect(() => requirePermission(principal(role), permission)).not.toThrow();
        else expect(() => requirePermission(principal(role), permission)).toThrow(AuthError);
      });
    }
  }
});

describe("requirePermission", () => {
  it("answers 401 to the anonymous principal and 403 to a signed-in one", () => {
    const anon = catchAuth(() => requirePermission(ANONYMOUS, "records:read"));
    expect(anon).toMatchObject({ status: 401, code: "unauthorized" });
    const community = catchAuth(() => requirePermission(principal("community"), "records:read"));
    expect(community).toMatchObject({ status: 403, code: "forbidden" });
  });
});

describe("fails closed on malformed principals", () => {
  it("a partner without an agency, or an unknown role, gets public rights only", () => {
    const noAgency: Principal = { username: "p", role: "partner", agency: null };
    expect(can(noAgency, "partner-activity:read-own")).toBe(false);
    expect(can(noAgency, "aggregates:read")).toBe(true);
    const odd = { username: "x", role: "superuser", agency: null } as unknown as Principal;
    expect(can(odd, "users:manage")).toBe(false);
    expect(can({ username: null, role: "admin", agency: null }, "users:manage")).toBe(false);
    expect(can({ username: "a", role: "admin", agency: "PD" }, "users:manage")).toBe(false);
  });
});

describe("canAccessAgency", () => {
  it("a community member may belong to an organisation; any other role with an agency is malformed", () => {
    const member: Principal = { username: "c", role: "community", agency: "CVI" };
    expect(can(member, "actions:write-own")).toBe(true);
    expect(can(member, "records:read")).toBe(false);
    expect(canAccessAgency(member, "CVI")).toBe(false); // partner-activity rows stay partners' own
    expect(can({ username: "k", role: "commander", agency: "PD" }, "records:read")).toBe(false);
  });

  it("review roles see every agency; a partner only its own; others none", () => {
    expect(canAccessAgency(principal("analyst"), "Street Outreach")).toBe(true);
    expect(canAccessAgency(principal("partner"), "Street Outreach")).toBe(true);
    expect(canAccessAgency(principal("partner"), "Hospital Program")).toBe(false);
    expect(canAccessAgency(principal("partner"), null)).toBe(false);
    expect(canAccessAgency(principal("community"), "Street Outreach")).toBe(false);
    expect(canAccessAgency(ANONYMOUS, "Street Outreach")).toBe(false);
  });
});

function catchAuth(fn: () => void): AuthError | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof AuthError) return e;
    throw e;
  }
  return undefined;
}
