import { describe, expect, it } from "vitest";
import { AppError } from "../../domain/errors.js";
import { findOffenseCode } from "../../domain/nibrs.js";
import { COMPASS_OFFENSES, mapCompassOffense, mpdCompassFormat } from "./mpd-compass.js";

const HEADER = [
  "category",
  "incident_number",
  "date",
  "time",
  "police_district",
  "offense_1",
  "offense_2",
  "offense_3",
  "offense_4",
  "offense_5",
  "latitude",
  "longitude",
  "address",
  "source_file",
];
const mapper = mpdCompassFormat.mapper(HEADER, { fileName: "c.csv", timeZone: "America/Chicago" });
const row = (over: Partial<Record<(typeof HEADER)[number], string>> = {}) => {
  const base: Record<string, string> = {
    category: "assault",
    incident_number: "50640609",
    date: "01/29/2005",
    time: "11:02 PM",
    police_district: "7",
    offense_1: "SIMPLE ASSAULT",
    offense_2: "DESTRUCTION/DAMAGE/VANDALISM OF PROPERTY",
    offense_3: "",
    offense_4: "",
    offense_5: "",
    latitude: "43.10991627207026",
    longitude: "-87.96375177207025",
    address: "4100 W LANCASTER AV",
    source_file: "2005_01_assault.csv",
  };
  return HEADER.map((h) => over[h] ?? base[h]!);
};

describe("COMPASS offense names", () => {
  it("map to real NIBRS codes (MPD's misspellings included)", () => {
    for (const code of Object.values(COMPASS_OFFENSES)) expect(findOffenseCode(code)).toBe(code);
    expect(mapCompassOffense("THEFT FROM COIN-OPPERATED MACHINES")).toBe("23E");
    expect(mapCompassOffense(" simple  assault ")).toBe("13B");
    expect(mapCompassOffense("ARMED ROBBERY")).toBeUndefined();
  });
});

describe("COMPASS row mapper", () => {
  it("maps a row: 12-hour clock, all offenses, lat/lon, category and source file kept", () => {
    const r = mapper(row(), 2);
    expect(r.kind).toBe("ok");
    if (r.kind !== "ok") return;
    expect(r.row.occurred).toEqual({ ms: Date.UTC(2005, 0, 29, 23, 2), precision: "minute" });
    expect(r.row.offenses).toEqual(["13B", "290"]);
    expect(r.row.coords).toEqual({ x: -87.96375177207025, y: 43.10991627207026, crs: "EPSG:4326" });
    expect(r.row.district).toBe("7");
    expect(r.row.attributes).toEqual({ category: "assault", source_file: "2005_01_assault.csv" });
    expect(r.warnings).toEqual([]);
  });

  it("reads 12:xx AM as just after midnight and normalises districts", () => {
    const r = mapper(row({ time: "12:04 AM", police_district: "D2" }), 3);
    expect(r.kind === "ok" && r.row.occurred.ms).toBe(Date.UTC(2005, 0, 29, 0, 4));
    expect(r.kind === "ok" && r.row.district).toBe("2");
    for (const d of ["", "NONE"]) {
      const n = mapper(row({ police_district: d }), 4);
      expect(n.kind === "ok" && n.row.district).toBeNull();
    }
  });

  it("rejects unmapped offense names and impossible dates with a reason", () => {
    const o = mapper(row({ offense_2: "JAYWALKING" }), 5);
    expect(o.kind === "reject" && o.issue).toMatchObject({ column: "offense_2", value: "JAYWALKING" });
    const d = mapper(row({ date: "02/30/2010" }), 6);
    expect(d.kind === "reject" && d.issue.reason).toMatch(/day 30 does not exist/);
    const h = mapper(row({ time: "13:10 PM" }), 7);
    expect(h.kind === "reject" && h.issue.reason).toMatch(/hour 13/);
  });

  it("warns when no offense matches the row's query category", () => {
    const r = mapper(row({ category: "robbery" }), 8);
    expect(r.kind === "ok" && r.warnings.map((w) => w.column)).toEqual(["category"]);
  });

  it("refuses a file that is not a COMPASS export with one clear error", () => {
    expect(() =>
      mpdCompassFormat.mapper(["IncidentNum", "ReportedDateTime"], { fileName: "x", timeZone: "UTC" }),
    ).toThrow(AppError);
  });
});
