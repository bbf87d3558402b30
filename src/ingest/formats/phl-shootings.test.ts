import { describe, expect, it } from "vitest";
import { normaliseDcKey, normalisePhlDistrict, parsePhlDate } from "./phl-shootings.js";

describe("Philadelphia shootings helpers", () => {
  it("reads the CSV's date_ as a local date and its time column as local time", () => {
    expect(parsePhlDate("2021-08-01 00:00:00+00", "02:40:00")).toEqual({
      ms: Date.UTC(2021, 7, 1, 2, 40),
      precision: "minute",
    });
    expect(parsePhlDate("2021-10-04 00:00:00+00", "")).toEqual({
      ms: Date.UTC(2021, 9, 4),
      precision: "day",
    });
  });
  it("reads the GeoJSON's date with its time; rejects impossible dates", () => {
    expect(parsePhlDate("2024/12/31 22:16:00", "")).toEqual({
      ms: Date.UTC(2024, 11, 31, 22, 16),
      precision: "minute",
    });
    expect(parsePhlDate("2024/02/30 10:00:00", "")).toHaveProperty("error");
    expect(parsePhlDate("31/12/2024", "")).toHaveProperty("error");
  });
  it("normalises keys and districts", () => {
    expect(normaliseDcKey("202115056366.0")).toBe("202115056366");
    expect(normalisePhlDistrict("None")).toBeNull();
    expect(normalisePhlDistrict("07")).toBe("7");
  });
});
