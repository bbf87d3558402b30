import { describe, expect, it } from "vitest";
import { ageBands, bandOfAge } from "./victims.js";

describe("victim age bands", () => {
  it("reads bands and ages, several victims, without guessing", () => {
    expect(ageBands(JSON.stringify({ victim_age_band: "under 18;25-34" }))).toEqual(["under 18", "25-34"]);
    expect(ageBands(JSON.stringify({ victim_age_band: "Under  18" }))).toEqual(["under 18"]);
    expect(ageBands(JSON.stringify({ victim_age: "17|40" }))).toEqual(["under 18", "35+"]);
    expect(ageBands(JSON.stringify({ victim_age: 24 }))).toEqual(["18-24"]);
    expect(ageBands(JSON.stringify({ victim_age_band: "teen", victim_age: "unknown" }))).toEqual([]);
    expect(ageBands(null)).toEqual([]);
    expect(ageBands("not json")).toEqual([]);
  });

  it("bands ages at 18, 25 and 35", () => {
    expect([0, 17, 18, 24, 25, 34, 35, 90].map(bandOfAge)).toEqual([
      "under 18",
      "under 18",
      "18-24",
      "18-24",
      "25-34",
      "25-34",
      "35+",
      "35+",
    ]);
    expect(bandOfAge(-1)).toBeUndefined();
    expect(bandOfAge(17.5)).toBeUndefined();
  });
});
