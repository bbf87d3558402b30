import { describe, expect, it } from "vitest";
import { AppError } from "../../domain/errors.js";
import { findOffenseCode, findWeaponCode, isOffenseGroup } from "../../domain/nibrs.js";
import { mapWibrWeapons, normaliseMpdDistrict, WIBR_FLAGS, WIBR_WEAPONS, wibrFormat } from "./wibr.js";

const HEADER = [
  "IncidentNum",
  "ReportedDateTime",
  "ReportedYear",
  "ReportedMonth",
  "Location",
  "WeaponUsed",
  "ALD",
  "NSP",
  "POLICE",
  "TRACT",
  "WARD",
  "ZIP",
  "RoughX",
  "RoughY",
  ...Object.keys(WIBR_FLAGS),
];
const mapper = wibrFormat.mapper(HEADER, { fileName: "w.csv", timeZone: "America/Chicago" });
const row = (over: Record<string, string> = {}, flags: string[] = ["AssaultOffense"]) => {
  const base: Record<string, string> = {
    IncidentNum: "232540020",
    ReportedDateTime: "2023-09-11 01:00:00",
    ReportedYear: "2023",
    ReportedMonth: "9",
    Location: "1437 W MINERAL ST",
    WeaponUsed: "PERSONAL WEAPON",
    ALD: "12",
    NSP: "16",
    POLICE: "2",
    TRACT: "15700",
    WARD: "228",
    ZIP: "53204",
    RoughX: "2553389.4",
    RoughY: "378982.7",
  };
  for (const f of Object.keys(WIBR_FLAGS)) base[f] = flags.includes(f) ? "1" : "0";
  return HEADER.map((h) => over[h] ?? base[h]!);
};

describe("WIBR mapping tables", () => {
  it("maps every flag to a NIBRS code or an offense group, never an invented code", () => {
    for (const code of Object.values(WIBR_FLAGS)) {
      expect(findOffenseCode(code) !== undefined || isOffenseGroup(code)).toBe(true);
    }
  });

  it("maps every weapon word to a NIBRS weapon code", () => {
    for (const code of Object.values(WIBR_WEAPONS)) expect(findWeaponCode(code)).toBe(code);
    expect(mapWibrWeapons("ASPHYXIATION,PERSONAL WEAPON")).toEqual({ codes: ["85", "40"], unknown: [] });
    expect(mapWibrWeapons("HANDGUN, handgun ,FIREARM")).toEqual({ codes: ["12", "11"], unknown: [] });
    expect(mapWibrWeapons("BB GUN,RIFLE")).toEqual({ codes: ["13"], unknown: ["BB GUN"] });
    expect(mapWibrWeapons("")).toEqual({ codes: [], unknown: [] });
  });

  it("normalises police districts", () => {
    expect(["2", "D2", "02", " d2 ", "District 2"].map(normaliseMpdDistrict)).toEqual([
      "2",
      "2",
      "2",
      "2",
      "2",
    ]);
    expect(["", "NONE", "0", "unknown"].map(normaliseMpdDistrict)).toEqual([null, null, null, null]);
  });
});

describe("WIBR row mapper", () => {
  it("maps a row: several flags, reported time as occurred time, geography as attributes", () => {
    const r = mapper(row({ WeaponUsed: "HANDGUN" }, ["AssaultOffense", "Robbery", "Homicide"]), 2);
    expect(r.kind).toBe("ok");
    if (r.kind !== "ok") return;
    expect(r.row.offenses).toEqual(["13", "09", "120"]);
    expect(r.row.weapons).toEqual(["12"]);
    expect(r.row.occurred).toEqual({ ms: Date.UTC(2023, 8, 11, 1, 0, 0), precision: "minute" });
    expect(r.row.reported).toEqual(r.row.occurred);
    expect(r.row.coords).toEqual({ x: 2553389.4, y: 378982.7, crs: "EPSG:32054" });
    expect(r.row.attributes).toEqual({ ALD: "12", NSP: "16", TRACT: "15700", WARD: "228", ZIP: "53204" });
    expect(r.warnings).toEqual([]);
  });

  it("rejects a row with no flag set, a bad flag value or a bad date, with a reason", () => {
    const none = mapper(row({}, []), 3);
    expect(none.kind === "reject" && none.issue.reason).toMatch(/no offense flag is set/);
    const bad = mapper(row({ Theft: "Y" }), 4);
    expect(bad.kind === "reject" && bad.issue.column).toBe("Theft");
    const date = mapper(row({ ReportedDateTime: "2023-02-30 10:00:00" }), 5);
    expect(date.kind === "reject" && date.issue.reason).toMatch(/day 30 does not exist/);
  });

  it("keeps unknown weapon words as an attribute with a warning; drops unusable x/y with a warning", () => {
    const r = mapper(row({ WeaponUsed: "SLINGSHOT,HANDGUN", RoughX: "0", RoughY: "0" }), 6);
    expect(r.kind).toBe("ok");
    if (r.kind !== "ok") return;
    expect(r.row.weapons).toEqual(["12"]);
    expect(r.row.attributes.WeaponUsed).toBe("SLINGSHOT,HANDGUN");
    expect(r.row.coords).toBeNull();
    expect(r.warnings.map((w) => w.column)).toEqual(["WeaponUsed", "RoughX/RoughY"]);
  });

  it("refuses a file that is not WIBR with one clear error", () => {
    expect(() =>
      wibrFormat.mapper(["incident_id", "occurred_at"], { fileName: "x.csv", timeZone: "UTC" }),
    ).toThrow(AppError);
  });
});
