/**
 * Small deterministic input files for tests: a 7-district GeoJSON (WGS84) around a made-up city and a
 * generic incident CSV of any size whose expected counts are known by construction.
 */
import fs from "node:fs";
import path from "node:path";

export const ORIGIN = { lon: -89.4, lat: 43.07 };
/** Districts are 7 vertical strips, each 0.02 degrees of longitude wide and 0.06 degrees tall. */
export const STRIP = 0.02;
export const HEIGHT = 0.06;

export function districtGeoJson(): string {
  const features = Array.from({ length: 7 }, (_, i) => {
    const w = ORIGIN.lon + i * STRIP;
    const e = w + STRIP;
    const s = ORIGIN.lat;
    const n = s + HEIGHT;
    return {
      type: "Feature",
      properties: { DIST: String(i + 1), POP: 10000 + i * 1000 },
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [w, s],
            [e, s],
            [e, n],
            [w, n],
            [w, s],
          ],
        ],
      },
    };
  });
  return JSON.stringify({ type: "FeatureCollection", features });
}

/** mulberry32: tiny seeded generator so fixtures are the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenericFixture {
  readonly csv: string;
  readonly rows: number;
  readonly incidents: number;
  /** Expected current incidents per district (strip index + 1, or Unknown). */
  readonly byDistrict: Record<string, number>;
}

const OFFENSES = ["13A", "120", "220", "23H", "23F", "240", "13B", "290", "09A", "35A"];

/**
 * `rows` data rows; every 10th incident has a second offense row, every 100th has no location, and the
 * district of each located incident is known from its strip.
 */
export function genericCsv(rows: number, seed = 7): GenericFixture {
  const r = rng(seed);
  const lines = [
    "incident_id,occurred_at,offense,weapon,victims_shot,victims_killed,lat,lon,district,address,cleared,cleared_at,beat",
  ];
  const byDistrict: Record<string, number> = {};
  let n = 0;
  let id = 0;
  while (n < rows) {
    id++;
    const day = Math.floor(r() * 365 * 3);
    const date = new Date(Date.UTC(2021, 0, 1) + day * 86400000 + Math.floor(r() * 1440) * 60000);
    const when = date.toISOString().slice(0, 16).replace("T", " ");
    const off = OFFENSES[Math.floor(r() * OFFENSES.length)]!;
    const firearm = off === "13A" || off === "09A" ? (r() < 0.5 ? "12" : "") : "";
    const shot = off === "13A" && firearm ? String(Math.floor(r() * 3)) : off === "09A" ? "1" : "";
    const killed = off === "09A" ? "1" : "";
    let lat = "";
    let lon = "";
    let district = "Unknown";
    if (id % 100 !== 0) {
      const strip = Math.floor(r() * 7);
      // keep clear of strip edges so the expected district is unambiguous
      const x = ORIGIN.lon + strip * STRIP + STRIP * (0.05 + 0.9 * r());
      const y = ORIGIN.lat + HEIGHT * (0.05 + 0.9 * r());
      lat = y.toFixed(6);
      lon = x.toFixed(6);
      district = String(strip + 1);
    }
    const cleared = r() < 0.2 ? "arrest" : "";
    const clearedAt = cleared ? new Date(date.getTime() + 86400000 * 5).toISOString().slice(0, 10) : "";
    const address = `${100 + Math.floor(r() * 40) * 100} N MAIN ST`;
    const row = [
      `G${id}`,
      when,
      off,
      firearm,
      shot,
      killed,
      lat,
      lon,
      "",
      address,
      cleared,
      clearedAt,
      `B${id % 13}`,
    ];
    lines.push(row.join(","));
    n++;
    byDistrict[district] = (byDistrict[district] ?? 0) + 1;
    if (id % 10 === 0 && n < rows) {
      const second = off === "220" ? "23D" : "290";
      lines.push(
        [`G${id}`, when, second, "", "", "", lat, lon, "", address, cleared, clearedAt, `B${id % 13}`].join(
          ",",
        ),
      );
      n++;
    }
  }
  return { csv: `${lines.join("\n")}\n`, rows: n, incidents: id, byDistrict };
}

export function tmpDir(name: string): string {
  const dir = path.resolve(".tmp", `${name}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
