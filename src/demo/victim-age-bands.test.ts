import { describe, expect, it } from "vitest";
import { demoIncidentAttributes, victimAgeBands } from "./incidents.js";
import type { DemoIncident } from "./types.js";

describe("demo victim age bands", () => {
  it("gives one band per person shot, the same for the same seed and id, none when nobody was shot", () => {
    const a = victimAgeBands(1, { incidentId: "LP20250000001", victimsShot: 3 });
    expect(a?.split(";")).toHaveLength(3);
    expect(a?.split(";").every((b) => ["under 18", "18-24", "25-34", "35+"].includes(b))).toBe(true);
    expect(victimAgeBands(1, { incidentId: "LP20250000001", victimsShot: 3 })).toBe(a);
    expect(victimAgeBands(1, { incidentId: "LP20250000002", victimsShot: 0 })).toBeNull();
    expect(victimAgeBands(1, { incidentId: "LP20250000002", victimsShot: null })).toBeNull();
  });

  it("has children among the victims, at an illustrative share", () => {
    const bands = Array.from({ length: 4000 }, (_, i) =>
      victimAgeBands(7, { incidentId: `LP2024${String(i).padStart(7, "0")}`, victimsShot: 1 }),
    );
    const share = bands.filter((b) => b === "under 18").length / bands.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.15);
  });

  it("stores the bands beside the carjacking flag", () => {
    const d = { victimAgeBand: "18-24" } as DemoIncident;
    expect(demoIncidentAttributes(d, false)).toEqual({ victim_age_band: "18-24" });
    expect(demoIncidentAttributes({ victimAgeBand: null } as DemoIncident, true)).toEqual({
      carjacking: "1",
    });
    expect(demoIncidentAttributes({ victimAgeBand: null } as DemoIncident, false)).toBeNull();
  });
});
