import { beforeAll, describe, expect, it } from "vitest";
import {
  findOffenseCode,
  findWeaponCode,
  isFirearmWeapon,
  PART1_HIERARCHY,
  part1Class,
} from "../domain/nibrs.js";
import { type DemoCity, type DemoIncident, type DemoPolygon, generateDemoCity } from "./demo-city.js";

type Ring = readonly (readonly [number, number])[];

/** Even-odd ray casting, written here independently of the generator's own geometry code. */
function inRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
const inPolygon = (x: number, y: number, p: DemoPolygon): boolean =>
  p.rings.reduce((inside, ring) => (inRing(x, y, ring) ? !inside : inside), false);
const area = (ring: Ring): number => {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    s += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return s / 2;
};
const year = (ms: number): number => new Date(ms).getUTCFullYear();
const VIOLENT = new Set(["09A", "11A", "11B", "11C", "120", "13A"]);
const isViolent = (i: DemoIncident): boolean => i.offenses.some((o) => VIOLENT.has(o));
const isShooting = (i: DemoIncident): boolean => (i.victimsShot ?? 0) > 0;

let city: DemoCity;
let incidents: DemoIncident[];

beforeAll(() => {
  city = generateDemoCity({ size: "small", seed: 1 });
  incidents = [...city.incidents()];
});

describe("demo city: size, determinism, ids, codes, times", () => {
  it("has about 50,000 incidents over 10 full years and the partial year", () => {
    expect(incidents.length).toBeGreaterThan(45_000);
    expect(incidents.length).toBeLessThan(56_000);
    expect(city.startDate).toBe("2015-01-01");
    expect(city.endDate).toBe("2025-09-30");
    expect(new Set(incidents.map((i) => year(i.occurredMs)))).toEqual(
      new Set([...Array(11)].map((_, k) => 2015 + k)),
    );
    expect(incidents.every((i) => i.occurredMs < Date.UTC(2025, 9, 1))).toBe(true);
  });

  it("gives the same records for the same seed and different ones for another seed", () => {
    const again = generateDemoCity({ size: "small", seed: 1 });
    expect([...again.incidents()].slice(0, 2000)).toEqual(incidents.slice(0, 2000));
    expect([...city.incidents()].slice(-500)).toEqual(incidents.slice(-500));
    expect([...again.detections()]).toEqual([...city.detections()]);
    const other = [...generateDemoCity({ size: "small", seed: 2 }).incidents()].slice(0, 2000);
    expect(other).not.toEqual(incidents.slice(0, 2000));
  });

  it("takes an end date: ten full years before its year, and rejects malformed dates and sizes", () => {
    const early = generateDemoCity({ size: "small", seed: 3, endDate: "2020-12-31" });
    expect(early.startDate).toBe("2010-01-01");
    expect(early.treatmentYear).toBe(2016);
    expect(early.populations).toHaveLength(7 * 11);
    const first = early.incidents()[Symbol.iterator]().next().value as DemoIncident;
    expect(first.occurredMs).toBeGreaterThanOrEqual(Date.UTC(2010, 0, 1));
    expect(first.incidentId.startsWith("LP2010")).toBe(true);
    expect(() => generateDemoCity({ size: "small", seed: 1, endDate: "2025-02-30" })).toThrow(/endDate/);
    expect(() => generateDemoCity({ size: "small", seed: 1, endDate: "30/09/2025" })).toThrow(/endDate/);
    expect(() => generateDemoCity({ size: "huge" as "small", seed: 1 })).toThrow(/size/);
  });

  it("has unique ids, valid sorted NIBRS codes, and consistent times", () => {
    expect(new Set(incidents.map((i) => i.incidentId)).size).toBe(incidents.length);
    const bad = incidents.filter(
      (i) =>
        !/^LP20\d\d\d{7}$/.test(i.incidentId) ||
        i.offenses.length === 0 ||
        i.offenses.some((o) => findOffenseCode(o) !== o) ||
        i.weapons.some((w) => findWeaponCode(w) !== w) ||
        [...new Set(i.offenses)].sort().join() !== i.offenses.join() ||
        i.occurredMs % 60_000 !== 0 ||
        i.reportedMs < i.occurredMs ||
        (i.cleared === null) !== (i.clearedMs === null) ||
        (i.clearedMs !== null && i.clearedMs < i.reportedMs),
    );
    expect(bad.slice(0, 3)).toEqual([]);
    const outOfOrder = incidents.filter((i, k) => k > 0 && i.occurredMs < incidents[k - 1]!.occurredMs);
    expect(outOfOrder).toHaveLength(0);
    const violentLag = incidents
      .filter((i) => i.offenses.includes("13A"))
      .map((i) => i.reportedMs - i.occurredMs);
    violentLag.sort((a, b) => a - b);
    expect(violentLag[Math.floor(violentLag.length / 2)]!).toBeLessThan(30 * 60_000);
  });
});

describe("demo city: geometry", () => {
  it("has 7 districts tiling the city limit and every located incident in exactly one", () => {
    expect(city.districts.map((d) => d.name)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    const cityArea = area(city.cityLimit.rings[0]!);
    expect(cityArea / 2.589988e6).toBeGreaterThan(85);
    expect(cityArea / 2.589988e6).toBeLessThan(110);
    const sum = city.districts.reduce((s, d) => s + area(d.rings[0]!), 0);
    expect(Math.abs(sum - cityArea)).toBeLessThan(1);
    for (const p of [city.cityLimit, ...city.districts, ...city.focusAreas]) {
      const ring = p.rings[0]!;
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(area(ring)).toBeGreaterThan(0);
    }
    const located = incidents.filter((i) => i.x !== null && i.y !== null);
    expect(1 - located.length / incidents.length).toBeGreaterThan(0.005);
    expect(1 - located.length / incidents.length).toBeLessThan(0.02);
    const notOnce = located.filter(
      (i) => city.districts.filter((d) => inPolygon(i.x!, i.y!, d)).length !== 1,
    );
    expect(notOnce).toEqual([]);
  });

  it("has two corridors inside the city, each 1.5-3.5% of the land and crossing 2-3 districts", () => {
    expect(city.focusAreas).toHaveLength(2);
    const cityArea = area(city.cityLimit.rings[0]!);
    for (const f of city.focusAreas) {
      const ring = f.rings[0]!;
      expect(area(ring) / cityArea).toBeGreaterThan(0.015);
      expect(area(ring) / cityArea).toBeLessThan(0.035);
      for (const [x, y] of ring) expect(inPolygon(x, y, city.cityLimit)).toBe(true);
      const xs = ring.map((p) => p[0]);
      const ys = ring.map((p) => p[1]);
      const crossed = new Set<string>();
      for (let a = 0; a <= 40; a++) {
        const x = Math.min(...xs) + ((Math.max(...xs) - Math.min(...xs)) * a) / 40;
        const y = (Math.min(...ys) + Math.max(...ys)) / 2;
        for (const d of city.districts) if (inPolygon(x, y, d)) crossed.add(d.name);
      }
      expect(crossed.size).toBeGreaterThanOrEqual(2);
      expect(crossed.size).toBeLessThanOrEqual(3);
    }
  });

  it("has a population for every district and year, about 110,000 in all", () => {
    expect(city.populations).toHaveLength(7 * 11);
    const total = (y: number) =>
      city.populations.filter((p) => p.year === y).reduce((s, p) => s + p.population, 0);
    expect(total(2015)).toBeGreaterThan(100_000);
    expect(total(2015)).toBeLessThan(120_000);
    expect(total(2025)).toBeGreaterThan(total(2015));
  });
});

describe("demo city: what an analyst checks", () => {
  it("has a Part I mix near a real US city's, plus non-Part-I and multi-offense incidents", () => {
    const counts = new Map<string, number>();
    let partI = 0;
    for (const i of incidents) {
      const cls = PART1_HIERARCHY.find((c) => i.offenses.some((o) => part1Class(o) === c));
      if (!cls) continue;
      partI++;
      counts.set(cls, (counts.get(cls) ?? 0) + 1);
    }
    const pct = (c: string) => (100 * (counts.get(c) ?? 0)) / partI;
    const ranges: [string, number, number][] = [
      ["larceny", 50, 60],
      ["burglary", 10, 14],
      ["motorVehicleTheft", 8, 12.5],
      ["aggravatedAssault", 12, 17],
      ["robbery", 4.5, 7.5],
      ["rape", 1, 2.2],
      ["homicide", 0.15, 0.4],
      ["arson", 0.2, 0.7],
    ];
    for (const [c, lo, hi] of ranges) {
      expect(pct(c), c).toBeGreaterThan(lo);
      expect(pct(c), c).toBeLessThan(hi);
    }
    expect(partI / incidents.length).toBeGreaterThan(0.5);
    expect(partI / incidents.length).toBeLessThan(0.7);
    const multi = incidents.filter((i) => i.offenses.length > 1).length / incidents.length;
    expect(multi).toBeGreaterThan(0.03);
    expect(multi).toBeLessThan(0.05);
  });

  it("has weapons: ~40% firearm in aggravated assault and robbery, ~75-80% in homicide, none in property", () => {
    const firearmShare = (code: string) => {
      const of = incidents.filter(
        (i) => i.offenses.includes(code) && !(code === "13A" && i.offenses.includes("09A")),
      );
      return of.filter((i) => i.weapons.some(isFirearmWeapon)).length / of.length;
    };
    expect(firearmShare("13A")).toBeGreaterThan(0.33);
    expect(firearmShare("13A")).toBeLessThan(0.47);
    expect(firearmShare("120")).toBeGreaterThan(0.3);
    expect(firearmShare("120")).toBeLessThan(0.5);
    expect(firearmShare("09A")).toBeGreaterThan(0.65);
    expect(firearmShare("09A")).toBeLessThan(0.9);
    const property = incidents.filter((i) =>
      i.offenses.every((o) => ["220", "23F", "23C", "240", "290"].includes(o)),
    );
    expect(property.length).toBeGreaterThan(15_000);
    expect(property.filter((i) => i.weapons.length > 0 || i.victimsShot !== null)).toEqual([]);
    const homicides = incidents.filter((i) => i.offenses.includes("09A"));
    expect(homicides.filter((i) => !(i.victimsKilled! >= 1 && i.victimsShot! >= 0))).toEqual([]);
    const firearmHomicides = homicides.filter((i) => i.weapons.some(isFirearmWeapon));
    expect(firearmHomicides.filter((i) => !(i.victimsShot! >= i.victimsKilled!))).toEqual([]);
    expect(incidents.filter((i) => isShooting(i) && !i.weapons.some(isFirearmWeapon))).toEqual([]);
    const assaults = incidents.filter((i) => i.offenses.includes("13A") || i.offenses.includes("120"));
    expect(assaults.filter((i) => i.victimsShot === null)).toEqual([]);
  });

  it("concentrates crime: about 5% of the places with any crime hold half of it", () => {
    const byPlace = new Map<string, number>();
    for (const i of incidents) if (i.address) byPlace.set(i.address, (byPlace.get(i.address) ?? 0) + 1);
    const counts = [...byPlace.values()].sort((a, b) => b - a);
    const total = counts.reduce((s, v) => s + v, 0);
    let acc = 0;
    let k = 0;
    while (acc < total / 2) acc += counts[k++]!;
    expect(k / counts.length).toBeGreaterThan(0.035);
    expect(k / counts.length).toBeLessThan(0.07);
  });

  it("puts over 10% of violent crime in the first corridor, on about 2.5% of the land", () => {
    const violent = incidents.filter((i) => i.x !== null && isViolent(i));
    const inside = violent.filter((i) => inPolygon(i.x!, i.y!, city.focusAreas[0]!)).length;
    expect(inside / violent.length).toBeGreaterThan(0.095);
    expect(inside / violent.length).toBeLessThan(0.16);
  });

  it("has summer peaks and hour-of-week patterns", () => {
    // Per day, summer (June-August) against winter (December-February): ~ +20% violence, more for shootings.
    const summerWinter = (pick: (i: DemoIncident) => boolean) => {
      let summer = 0;
      let winter = 0;
      for (const i of incidents) {
        if (!pick(i)) continue;
        const m = new Date(i.occurredMs).getUTCMonth();
        if (m >= 5 && m <= 7) summer++;
        else if (m === 11 || m <= 1) winter++;
      }
      return summer / 92 / (winter / 90.25);
    };
    const violentRatio = summerWinter(isViolent);
    expect(violentRatio).toBeGreaterThan(1.08);
    expect(violentRatio).toBeLessThan(1.4);
    const firearmViolence = (i: DemoIncident) =>
      i.weapons.some(isFirearmWeapon) && (i.offenses.includes("13A") || i.offenses.includes("09A"));
    expect(summerWinter(firearmViolence)).toBeGreaterThan(violentRatio);
    expect(summerWinter(isShooting)).toBeGreaterThan(1.1);
    expect(summerWinter((i) => i.offenses.includes("23C"))).toBeLessThan(violentRatio);
    const hourShare = (pick: (i: DemoIncident) => boolean, from: number, to: number) => {
      const of = incidents.filter(pick);
      return (
        of.filter((i) => (new Date(i.occurredMs).getUTCHours() - from + 24) % 24 < to - from).length /
        of.length
      );
    };
    // 20:00-03:59 is a third of the day; violence and shootings are well above that, shoplifting below.
    expect(hourShare(isShooting, 20, 28)).toBeGreaterThan(0.5);
    expect(hourShare(isViolent, 20, 28)).toBeGreaterThan(0.4);
    expect(hourShare((i) => i.offenses.includes("23C"), 20, 28)).toBeLessThan(0.2);
    const weekendNight = (i: DemoIncident) => {
      const d = new Date(i.occurredMs);
      const dow = d.getUTCDay();
      const h = d.getUTCHours();
      return (dow === 6 || dow === 0) && h < 5;
    };
    const shootings = incidents.filter(isShooting);
    const weekdayEarly = shootings.filter((i) => {
      const d = new Date(i.occurredMs);
      return d.getUTCDay() >= 2 && d.getUTCDay() <= 3 && d.getUTCHours() < 5;
    }).length;
    expect(shootings.filter(weekendNight).length).toBeGreaterThan(1.3 * weekdayEarly);
  });

  it("has 4-6 non-fatal shootings per homicide and some multi-victim shootings", () => {
    const homicides = incidents.filter((i) => i.offenses.includes("09A")).length;
    const nonFatal = incidents.filter((i) => isShooting(i) && !i.offenses.includes("09A"));
    expect(nonFatal.length / homicides).toBeGreaterThan(3.5);
    expect(nonFatal.length / homicides).toBeLessThan(7);
    expect(nonFatal.filter((i) => i.victimsShot! >= 2).length).toBeGreaterThan(10);
  });

  it("shows near-repeat contagion: shooting pairs within 400 m and 14 days far above a time-shuffled baseline", () => {
    const s = incidents.filter((i) => isShooting(i) && i.x !== null);
    const closePairs = (times: readonly number[]) => {
      let n = 0;
      for (let a = 0; a < s.length; a++) {
        for (let b = a + 1; b < s.length; b++) {
          if (Math.abs(times[a]! - times[b]!) > 14 * 86_400_000) continue;
          if ((s[a]!.x! - s[b]!.x!) ** 2 + (s[a]!.y! - s[b]!.y!) ** 2 <= 400 * 400) n++;
        }
      }
      return n;
    };
    const observed = closePairs(s.map((i) => i.occurredMs));
    // Knox-style baseline: the same places and the same times, times reassigned by fixed permutations.
    let baseline = 0;
    const perms = [7919, 104_729, 15_485_863];
    for (const step of perms)
      baseline += closePairs(s.map((_, k) => s[(k * step + 13) % s.length]!.occurredMs));
    baseline /= perms.length;
    expect(observed).toBeGreaterThan(2.5 * baseline + 10);
  });

  it("shows the intervention: the first corridor's share of gun violence falls from the treatment year", () => {
    const start = Date.UTC(city.treatmentYear, 0, 1);
    const share = (post: boolean) => {
      const gun = incidents.filter(
        (i) =>
          i.x !== null &&
          i.occurredMs >= start === post &&
          i.weapons.some(isFirearmWeapon) &&
          (i.offenses.includes("13A") || i.offenses.includes("09A")),
      );
      return gun.filter((i) => inPolygon(i.x!, i.y!, city.focusAreas[0]!)).length / gun.length;
    };
    expect(city.treatmentYear).toBe(2021);
    expect(share(true) / share(false)).toBeLessThan(0.93);
    expect(share(true) / share(false)).toBeGreaterThan(0.55);
  });

  it("clears homicides at ~60%, aggravated assaults ~45%, property crime rarely, some only after months", () => {
    const rate = (code: string) => {
      const of = incidents.filter((i) => i.offenses[0] === code && i.occurredMs < Date.UTC(2024, 0, 1));
      return of.filter((i) => i.cleared === "arrest").length / of.length;
    };
    const expected: [string, number, number][] = [
      ["09A", 0.45, 0.75],
      ["13A", 0.38, 0.52],
      ["120", 0.18, 0.32],
      ["220", 0.08, 0.16],
      ["240", 0.06, 0.14],
    ];
    for (const [code, lo, hi] of expected) {
      expect(rate(code), code).toBeGreaterThan(lo);
      expect(rate(code), code).toBeLessThan(hi);
    }
    const exceptional = incidents.filter((i) => i.cleared === "exceptional").length / incidents.length;
    expect(exceptional).toBeGreaterThan(0.01);
    expect(exceptional).toBeLessThan(0.06);
    const slow = incidents.filter(
      (i) => i.clearedMs !== null && i.clearedMs - i.occurredMs > 30 * 86_400_000,
    );
    expect(slow.length).toBeGreaterThan(100);
    // Nothing is reported or cleared after the end of the data: late clearances are simply not there yet.
    const end = Date.UTC(2025, 9, 1);
    expect(incidents.every((i) => i.reportedMs < end && (i.clearedMs ?? 0) < end)).toBe(true);
  });

  it("detects 3-5 gunfire events per shooting inside the sensor coverage, and only there", () => {
    const detections = [...city.detections()];
    expect(new Set(detections.map((d) => d.detectionId)).size).toBe(detections.length);
    const covered = (x: number, y: number) => city.sensorCoverage.some((c) => inPolygon(x, y, c));
    const inCoverage = detections.filter((d) => covered(d.x, d.y)).length;
    expect(inCoverage / detections.length).toBeGreaterThan(0.97);
    const badRounds = detections.filter(
      (d) =>
        !(d.rounds >= 1 && d.rounds <= 20) || d.detectionType !== (d.rounds === 1 ? "single" : "multiple"),
    );
    expect(badRounds).toEqual([]);
    expect(detections.filter((d) => d.rounds === 1).length).toBeGreaterThan(0);
    const shootings = incidents.filter((i) => isShooting(i) && i.x !== null && covered(i.x, i.y!)).length;
    expect(detections.length / shootings).toBeGreaterThan(3);
    expect(detections.length / shootings).toBeLessThan(5);
  });

  it("has 1.5-2 calls for service per incident, concentrated like crime, ~1% without location", () => {
    const calls = [...city.calls()];
    expect(calls.length / incidents.length).toBeGreaterThan(1.5);
    expect(calls.length / incidents.length).toBeLessThan(2);
    expect(new Set(calls.map((c) => c.callId)).size).toBe(calls.length);
    expect(new Set(calls.map((c) => c.callType)).size).toBeGreaterThanOrEqual(8);
    expect(calls.every((c) => c.priority >= 1 && c.priority <= 5 && Number.isInteger(c.priority))).toBe(true);
    const missing = calls.filter((c) => c.x === null).length / calls.length;
    expect(missing).toBeGreaterThan(0.005);
    expect(missing).toBeLessThan(0.02);
    const shots = calls.filter((c) => c.callType === "SHOTS FIRED" && c.x !== null);
    const inCorridor = shots.filter((c) => inPolygon(c.x!, c.y!, city.focusAreas[0]!)).length;
    expect(inCorridor / shots.length).toBeGreaterThan(0.08);
  });
});
