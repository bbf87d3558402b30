import { describe, expect, it } from "vitest";
import { findOffenseCode, part1Class } from "../domain/nibrs.js";
import { type DemoCity, type DemoIncident, generateDemoCity } from "./demo-city.js";
import { pointInRings, ringArea } from "./geometry.js";

const city: DemoCity = generateDemoCity({ size: "small", seed: 1 });
const incidents: DemoIncident[] = [...city.incidents()];
const VIOLENT = ["09A", "11A", "11B", "11C", "120", "13A"];

describe("demo city (small, seed 1)", () => {
  it("is about 50,000 incidents over more than 10 years, deterministic for a seed", () => {
    expect(incidents.length).toBeGreaterThan(45_000);
    expect(incidents.length).toBeLessThan(60_000);
    const years = new Set(incidents.map((i) => new Date(i.occurredMs).getUTCFullYear()));
    expect(years.size).toBeGreaterThanOrEqual(11);
    const again = [...generateDemoCity({ size: "small", seed: 1 }).incidents()].slice(0, 3000);
    expect(again).toEqual(incidents.slice(0, 3000));
    const other = [...generateDemoCity({ size: "small", seed: 2 }).incidents()].slice(0, 3000);
    expect(other).not.toEqual(incidents.slice(0, 3000));
  });

  it("has unique ids, valid sorted NIBRS codes, and times in order", () => {
    expect(new Set(incidents.map((i) => i.incidentId)).size).toBe(incidents.length);
    for (const i of incidents) {
      for (const o of i.offenses) expect(findOffenseCode(o)).toBe(o);
      expect([...i.offenses].sort()).toEqual(i.offenses);
      expect(i.reportedMs).toBeGreaterThanOrEqual(i.occurredMs);
      if (i.clearedMs !== null) expect(i.clearedMs).toBeGreaterThanOrEqual(i.occurredMs);
      expect(i.cleared === null).toBe(i.clearedMs === null);
    }
  });

  it("districts tile the city: every located incident is in exactly one of 7 districts", () => {
    expect(city.districts.map((d) => d.name)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    const located = incidents.filter((i) => i.x !== null);
    expect(located.length / incidents.length).toBeGreaterThan(0.98);
    expect(located.length / incidents.length).toBeLessThan(1);
    for (const i of located) {
      const hits = city.districts.filter((d) => pointInRings(i.x!, i.y!, d.rings)).length;
      expect(hits).toBe(1);
    }
    const districtArea = city.districts.reduce((s, d) => s + ringArea(d.rings[0]!), 0);
    expect(districtArea).toBeCloseTo(ringArea(city.cityLimit.rings[0]!), -3);
  });

  it("has a Part I mix near a real US city's", () => {
    const counts: Record<string, number> = {};
    let total = 0;
    for (const i of incidents) {
      const classes = i.offenses.map(part1Class).filter((c) => c !== undefined);
      if (classes.length === 0) continue;
      total++;
      counts[classes[0]!] = (counts[classes[0]!] ?? 0) + 1;
    }
    const share = (c: string) => (100 * (counts[c] ?? 0)) / total;
    expect(share("larceny")).toBeGreaterThan(50);
    expect(share("larceny")).toBeLessThan(60);
    expect(share("aggravatedAssault")).toBeGreaterThan(11);
    expect(share("aggravatedAssault")).toBeLessThan(18);
    expect(share("burglary")).toBeGreaterThan(9);
    expect(share("burglary")).toBeLessThan(15);
    expect(share("motorVehicleTheft")).toBeGreaterThan(8);
    expect(share("motorVehicleTheft")).toBeLessThan(13);
    expect(share("robbery")).toBeGreaterThan(4);
    expect(share("robbery")).toBeLessThan(8);
    expect(share("homicide")).toBeGreaterThan(0.1);
    expect(share("homicide")).toBeLessThan(0.6);
    const multi = incidents.filter((i) => i.offenses.length > 1).length / incidents.length;
    expect(multi).toBeGreaterThan(0.02);
    expect(multi).toBeLessThan(0.06);
  });

  it("concentrates crime: a small share of blocks holds half of it; the corridor holds far more than its land", () => {
    const byBlock = new Map<string, number>();
    for (const i of incidents) if (i.address) byBlock.set(i.address, (byBlock.get(i.address) ?? 0) + 1);
    const sorted = [...byBlock.values()].sort((a, b) => b - a);
    const total = sorted.reduce((s, v) => s + v, 0);
    let acc = 0;
    let k = 0;
    while (acc < total / 2) acc += sorted[k++]!;
    expect(k / sorted.length).toBeLessThan(0.15);

    const corridor = city.focusAreas[0]!;
    const violent = incidents.filter((i) => i.x !== null && i.offenses.some((o) => VIOLENT.includes(o)));
    const inCorridor = violent.filter((i) => pointInRings(i.x!, i.y!, corridor.rings)).length;
    const landShare = ringArea(corridor.rings[0]!) / ringArea(city.cityLimit.rings[0]!);
    expect(landShare).toBeGreaterThan(0.015);
    expect(landShare).toBeLessThan(0.04);
    expect(inCorridor / violent.length).toBeGreaterThan(0.08);
  });

  it("has seasonality and an hour-of-week pattern", () => {
    const perDay = (month: number) =>
      incidents.filter(
        (i) => new Date(i.occurredMs).getUTCMonth() === month && i.offenses.some((o) => VIOLENT.includes(o)),
      ).length / (month === 1 ? 28.25 : 31);
    expect(perDay(6) / perDay(1)).toBeGreaterThan(1.12);
    const shootings = incidents.filter((i) => (i.victimsShot ?? 0) > 0);
    const night = shootings.filter((i) => {
      const h = new Date(i.occurredMs).getUTCHours();
      return h >= 20 || h < 4;
    }).length;
    expect(night / shootings.length).toBeGreaterThan(0.45);
    const thefts = incidents.filter((i) => i.offenses.includes("23C"));
    const day = thefts.filter((i) => {
      const h = new Date(i.occurredMs).getUTCHours();
      return h >= 9 && h < 19;
    }).length;
    expect(day / thefts.length).toBeGreaterThan(0.6);
  });

  it("shootings: about 4-6 non-fatal per homicide, and near-repeat contagion", () => {
    const homicides = incidents.filter((i) => i.offenses.includes("09A")).length;
    const nonFatal = incidents.filter((i) => !i.offenses.includes("09A") && (i.victimsShot ?? 0) > 0);
    expect(nonFatal.length / homicides).toBeGreaterThan(3.5);
    expect(nonFatal.length / homicides).toBeLessThan(7);
    const shootings = incidents.filter((i) => (i.victimsShot ?? 0) > 0 && i.x !== null);
    const pairs = (times: number[]) => {
      let n = 0;
      for (let a = 0; a < shootings.length; a++) {
        for (let b = a + 1; b < shootings.length; b++) {
          if (Math.abs(times[a]! - times[b]!) > 14 * 86_400_000) continue;
          const dx = shootings[a]!.x! - shootings[b]!.x!;
          const dy = shootings[a]!.y! - shootings[b]!.y!;
          if (dx * dx + dy * dy <= 400 * 400) n++;
        }
      }
      return n;
    };
    const observed = pairs(shootings.map((s) => s.occurredMs));
    // baseline (a Knox-style permutation): the same places and the same set of times, times reassigned by a
    // fixed permutation, which keeps seasonality but breaks the link between close places and close times
    const n = shootings.length;
    const permuted = shootings.map((_, k) => shootings[(k * 7919 + 13) % n]!.occurredMs);
    expect(new Set(shootings.map((_, k) => (k * 7919 + 13) % n)).size).toBe(n);
    expect(observed / Math.max(1, pairs(permuted))).toBeGreaterThan(1.3);
  });

  it("clears homicides far more often than burglaries", () => {
    const rate = (code: string) => {
      const of = incidents.filter((i) => i.offenses.includes(code) && i.occurredMs < Date.UTC(2024, 0, 1));
      return of.filter((i) => i.cleared === "arrest").length / of.length;
    };
    expect(rate("09A")).toBeGreaterThan(0.45);
    expect(rate("09A")).toBeLessThan(0.8);
    expect(rate("220")).toBeGreaterThan(0.07);
    expect(rate("220")).toBeLessThan(0.17);
  });

  it("has detections only in sensor coverage, calls about 1.5-2x incidents, populations per district and year", () => {
    const detections = [...city.detections()];
    expect(detections.length).toBeGreaterThan(500);
    expect(new Set(detections.map((d) => d.detectionId)).size).toBe(detections.length);
    const calls = [...city.calls()];
    expect(calls.length / incidents.length).toBeGreaterThan(1.4);
    expect(calls.length / incidents.length).toBeLessThan(2.2);
    expect(new Set(calls.map((c) => c.callId)).size).toBe(calls.length);
    expect(city.populations).toHaveLength(7 * 11);
    const pop2015 = city.populations.filter((p) => p.year === 2015).reduce((s, p) => s + p.population, 0);
    expect(pop2015).toBeGreaterThan(100_000);
    expect(pop2015).toBeLessThan(120_000);
  });
});
