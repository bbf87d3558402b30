#!/usr/bin/env node
/**
 * Synthetic incidents for the scaling benchmark, as a generic incident CSV (docs/formats/generic-csv.md),
 * fast enough for 20M incidents (about 1.5M rows/s here): a city of 8 rectangular districts (4 x 2) on
 * Milwaukee's latitude, a NIBRS offense mix shaped like a US city's (larceny, assaults, vandalism,
 * burglary, vehicle theft, robbery, drugs, weapons, a few homicides), firearm weapons and shooting victims
 * on part of the violent offenses, 6% of incidents with a second offense row, 15% cleared, locations in the
 * districts (70% uniform, 30% around 25 hot spots), 2016-01-01 to 2025-12-31, minute precision.
 * Deterministic: the same seed and count give the same file.
 *
 *   node bench/lib/synthetic-incidents.mjs --incidents N --out FILE.csv [--districts FILE.geojson] [--seed S]
 *
 * City facts for `peacestat init`: SYNTHETIC_CITY below (America/Chicago, EPSG:32616).
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";

export const SYNTHETIC_CITY = { name: "Synthetic", timeZone: "America/Chicago", crs: "EPSG:32616" };
/** Last day with data: the book's as-of. */
export const SYNTHETIC_LAST_DAY = "2025-12-31";

const WEST = -88.0;
const EAST = -87.88;
const SOUTH = 42.98;
const NORTH = 43.1;
const COLS = 4;
const ROWS = 2;

/** The 8 districts as a GeoJSON FeatureCollection (WGS84), named "1".."8". */
export function syntheticDistricts() {
  const features = [];
  const dx = (EAST - WEST) / COLS;
  const dy = (NORTH - SOUTH) / ROWS;
  for (let r = 0; r < ROWS; r++) {
    for (let c = 0; c < COLS; c++) {
      const w = WEST + c * dx;
      const s = SOUTH + r * dy;
      features.push({
        type: "Feature",
        properties: { name: String(r * COLS + c + 1) },
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [w, s],
              [w + dx, s],
              [w + dx, s + dy],
              [w, s + dy],
              [w, s],
            ],
          ],
        },
      });
    }
  }
  return { type: "FeatureCollection", features };
}

// [code, weight, weapon mix [code, share][], share of firearm incidents with a victim shot, of those killed]
const OFFENSES = [
  ["23H", 160, [], 0, 0],
  [
    "13B",
    140,
    [
      ["40", 0.8],
      ["90", 0.2],
    ],
    0,
    0,
  ],
  ["290", 100, [], 0, 0],
  ["23F", 80, [], 0, 0],
  ["220", 80, [], 0, 0],
  ["240", 70, [], 0, 0],
  [
    "13A",
    80,
    [
      ["12", 0.3],
      ["11", 0.1],
      ["20", 0.2],
      ["30", 0.15],
      ["40", 0.25],
    ],
    0.35,
    0.08,
  ],
  [
    "120",
    50,
    [
      ["12", 0.45],
      ["40", 0.4],
      ["20", 0.15],
    ],
    0.05,
    0.1,
  ],
  ["35A", 60, [], 0, 0],
  [
    "520",
    30,
    [
      ["12", 0.8],
      ["13", 0.2],
    ],
    0,
    0,
  ],
  ["23C", 60, [], 0, 0],
  ["13C", 40, [], 0, 0],
  ["26A", 30, [], 0, 0],
  [
    "09A",
    1.2,
    [
      ["12", 0.75],
      ["20", 0.15],
      ["40", 0.1],
    ],
    1,
    1,
  ],
  ["11A", 5, [["40", 1]], 0, 0],
  ["200", 4, [["65", 1]], 0, 0],
];
const SECOND = ["520", "35A", "290", "13B"];

/** mulberry32: a small fast seeded PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad2 = (n) => (n < 10 ? `0${n}` : `${n}`);

/**
 * Writes `incidents` incidents to `out`; returns { incidents, rows }. Incident ids are `S<seed>-<n>`, so
 * files of different seeds can be imported into one city.
 */
export function writeSyntheticIncidents(out, { incidents, seed = 1 }) {
  const rand = rng(seed * 7919 + 17);
  const days = [];
  for (let t = Date.UTC(2016, 0, 1); t <= Date.UTC(2025, 11, 31); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  const total = OFFENSES.reduce((s, o) => s + o[1], 0);
  const cum = [];
  let acc = 0;
  for (const o of OFFENSES) {
    acc += o[1] / total;
    cum.push(acc);
  }
  const hot = Array.from({ length: 25 }, () => [
    WEST + 0.1 * (EAST - WEST) + rand() * 0.8 * (EAST - WEST),
    SOUTH + 0.1 * (NORTH - SOUTH) + rand() * 0.8 * (NORTH - SOUTH),
  ]);
  const streets = [
    "MAIN",
    "OAK",
    "CENTER",
    "LAKE",
    "PARK",
    "MAPLE",
    "WALNUT",
    "BURLEIGH",
    "LOCUST",
    "CAPITOL",
  ];
  const fd = fs.openSync(out, "w");
  let buf =
    "incident_id,occurred_at,offense,weapon,victims_shot,victims_killed,lat,lon,address,cleared,cleared_at\n";
  let rows = 0;
  for (let n = 1; n <= incidents; n++) {
    const u = rand();
    let k = 0;
    while (cum[k] < u) k++;
    const [code, , weapons, shotShare, killedShare] = OFFENSES[k];
    let weapon = "";
    if (weapons.length > 0) {
      let w = rand();
      for (const [c, s] of weapons) {
        weapon = c;
        w -= s;
        if (w <= 0) break;
      }
    }
    const firearm = weapon === "11" || weapon === "12" || weapon === "13";
    let shot = 0;
    let killed = 0;
    if (firearm && rand() < shotShare) {
      shot = 1;
      if (rand() < killedShare) killed = 1;
    }
    if (code === "09A") killed = 1;
    let lon;
    let lat;
    if (rand() < 0.3) {
      const h = hot[(rand() * hot.length) | 0];
      lon = Math.min(EAST - 1e-5, Math.max(WEST + 1e-5, h[0] + (rand() + rand() + rand() - 1.5) * 0.006));
      lat = Math.min(NORTH - 1e-5, Math.max(SOUTH + 1e-5, h[1] + (rand() + rand() + rand() - 1.5) * 0.006));
    } else {
      lon = WEST + 1e-5 + rand() * (EAST - WEST - 2e-5);
      lat = SOUTH + 1e-5 + rand() * (NORTH - SOUTH - 2e-5);
    }
    const day = (rand() * days.length) | 0;
    const minute = (rand() * 1440) | 0;
    const occurred = `${days[day]} ${pad2((minute / 60) | 0)}:${pad2(minute % 60)}`;
    const cleared = rand() < 0.15 ? "arrest" : "";
    const clearedAt = cleared ? days[Math.min(days.length - 1, day + ((rand() * 30) | 0))] : "";
    const address = `${((rand() * 60) | 0) * 100} N ${streets[(rand() * streets.length) | 0]} ST`;
    const rest = `,${shot},${killed},${lat.toFixed(6)},${lon.toFixed(6)},${address},${cleared},${clearedAt}\n`;
    const id = `S${seed}-${n}`;
    buf += `${id},${occurred},${code},${weapon}${rest}`;
    rows++;
    if (rand() < 0.06) {
      const second = SECOND[(rand() * SECOND.length) | 0];
      if (second !== code) {
        buf += `${id},${occurred},${second},${weapon}${rest}`;
        rows++;
      }
    }
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = "";
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  return { incidents, rows };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const args = process.argv.slice(2);
  const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const incidents = Number(opt("--incidents"));
  const out = opt("--out");
  if (!out || !Number.isInteger(incidents) || incidents < 1) {
    process.stderr.write(
      "usage: synthetic-incidents.mjs --incidents N --out FILE.csv [--districts FILE.geojson] [--seed S]\n",
    );
    process.exit(2);
  }
  const t0 = performance.now();
  const r = writeSyntheticIncidents(out, { incidents, seed: Number(opt("--seed") ?? 1) });
  const districts = opt("--districts");
  if (districts) fs.writeFileSync(districts, JSON.stringify(syntheticDistricts()));
  process.stdout.write(
    `${JSON.stringify({ ...r, out, seconds: (performance.now() - t0) / 1000, ...SYNTHETIC_CITY })}\n`,
  );
}
