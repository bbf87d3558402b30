import { describe, expect, it } from "vitest";
import { gvaOffenses, gvaWeapons, splitGvaList } from "./gva.js";

describe("GVA helpers", () => {
  it("splits lists and participant maps", () => {
    expect(splitGvaList("0::Male||1::Male||3::Female")).toEqual(["Male", "Male", "Female"]);
    expect(splitGvaList("Shot - Dead||Drive-by")).toEqual(["Shot - Dead", "Drive-by"]);
    expect(splitGvaList("")).toEqual([]);
  });
  it("maps gun types to weapon codes", () => {
    expect(gvaWeapons("0::Handgun||1::9mm", [])).toEqual(["11", "12"]);
    expect(gvaWeapons("0::223 Rem [AR-15]||1::12 gauge", [])).toEqual(["13", "14"]);
    expect(gvaWeapons("", [])).toEqual(["11"]);
    expect(gvaWeapons("", ["BB/Pellet/Replica gun"])).toEqual([]);
  });
  it("infers offenses only from victims and offense-naming characteristics", () => {
    expect(gvaOffenses(1, 2, [])).toEqual(["09A", "13A"]);
    expect(gvaOffenses(0, 0, ["Car-jacking"])).toEqual(["120"]);
    expect(gvaOffenses(0, 0, ["Shots Fired - No Injuries"])).toEqual([]);
  });
});
