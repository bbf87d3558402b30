import { describe, expect, it } from "vitest";
import { findOffenseCode, findWeaponCode, isFirearmWeapon, OFFENSES, part1Class } from "./nibrs.js";

describe("NIBRS codes", () => {
  it("accepts codes case-insensitively and refuses invented ones", () => {
    expect(findOffenseCode(" 13a ")).toBe("13A");
    expect(findOffenseCode("09a")).toBe("09A");
    expect(findOffenseCode("121")).toBeUndefined();
    expect(findOffenseCode("armed robbery")).toBeUndefined();
    expect(findOffenseCode("9A")).toBeUndefined();
  });

  it("has unique codes, Group A and Group B", () => {
    const codes = OFFENSES.map((o) => o.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(OFFENSES.filter((o) => o.group === "B").map((o) => o.code)).toContain("90Z");
  });

  it("weapon codes: firearms 11-15 with optional A (automatic), knife 20", () => {
    expect(findWeaponCode("12a")).toBe("12A");
    expect(findWeaponCode("20")).toBe("20");
    expect(findWeaponCode("20A")).toBeUndefined();
    expect(findWeaponCode("16")).toBeUndefined();
    expect(isFirearmWeapon("13A")).toBe(true);
    expect(isFirearmWeapon("20")).toBe(false);
  });

  it("rolls offenses up to UCR Part I classes", () => {
    expect(part1Class("09A")).toBe("homicide");
    expect(part1Class("11C")).toBe("rape");
    expect(part1Class("23F")).toBe("larceny");
    expect(part1Class("13B")).toBeUndefined();
  });
});
