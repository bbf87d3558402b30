import { describe, expect, it } from "vitest";
import {
  mapChicagoOffense,
  mapChicagoWeapon,
  normaliseChicagoDistrict,
  parseChicagoDate,
} from "./chicago.js";

describe("Chicago codes", () => {
  it("maps FBI codes, refined by IUCR where the IUCR is specific; pads dropped zeros", () => {
    expect(mapChicagoOffense("01A", "0110")).toEqual({ code: "09A" });
    expect(mapChicagoOffense("6", "860")).toEqual({ code: "23C" });
    expect(mapChicagoOffense("06", "0820")).toEqual({ code: "23" });
    expect(mapChicagoOffense("04B", "041A")).toEqual({ code: "13A" });
    expect(mapChicagoOffense("08A", "2820")).toEqual({ code: "13C" });
    expect(mapChicagoOffense("2", "281")).toEqual({ code: "11A" });
    expect(mapChicagoOffense("26", "1330")).toEqual({ code: "90J" });
    expect(mapChicagoOffense("19", "1661")).toEqual({
      error: expect.stringMatching(/^FBI code 19 \(IUCR 1661\) has no NIBRS mapping/),
    });
    expect(mapChicagoOffense("99", "9999")).toHaveProperty("error");
  });

  it("reads weapons from the IUCR description only where it names one", () => {
    expect(mapChicagoWeapon("ARMED: HANDGUN")).toBe("12");
    expect(mapChicagoWeapon("AGGRAVATED - OTHER FIREARM")).toBe("15");
    expect(mapChicagoWeapon("AGGRAVATED:KNIFE/CUTTING INSTR")).toBe("20");
    expect(mapChicagoWeapon("AGG: HANDS/FIST/FEET SERIOUS INJURY")).toBe("40");
    expect(mapChicagoWeapon("SIMPLE")).toBeNull();
  });

  it("normalises districts", () => {
    expect(normaliseChicagoDistrict("001")).toBe("1");
    expect(normaliseChicagoDistrict("")).toBeNull();
    expect(normaliseChicagoDistrict("X")).toEqual({ bad: "X" });
  });

  it("detects each date form; month first; rejects impossible dates", () => {
    expect(parseChicagoDate("2019-12-10")).toEqual({
      ms: Date.UTC(2019, 11, 10),
      precision: "day",
      form: "iso",
    });
    expect(parseChicagoDate("2010-01-01 00:05")).toMatchObject({ precision: "minute", form: "iso" });
    expect(parseChicagoDate("09-05-2015 13:00")).toEqual({
      ms: Date.UTC(2015, 8, 5, 13),
      precision: "minute",
      form: "mdy-dash-24h",
    });
    expect(parseChicagoDate("09/15/2015 12:30:00 AM")).toMatchObject({ ms: Date.UTC(2015, 8, 15, 0, 30) });
    expect(parseChicagoDate("09/15/2015 12:30:00 PM")).toMatchObject({ ms: Date.UTC(2015, 8, 15, 12, 30) });
    expect(parseChicagoDate("02/30/2015 01:00:00 PM")).toHaveProperty("error");
    expect(parseChicagoDate("13/01/2015 01:00:00 PM")).toHaveProperty("error");
    expect(parseChicagoDate("yesterday")).toHaveProperty("error");
  });
});
