/**
 * Places of the demo city: the street segments (block faces) of a regular grid, north-south streets every
 * 200 m and east-west streets every 125 m, that lie inside the city limit. Each place has a block address
 * ("2400 N 27TH ST"), eight address points (four house positions on each side of the street) where its
 * events are geocoded, and the district, focus corridor and sensor coverage it belongs to.
 */
import { type CityGeometry, ORIGIN_X, ORIGIN_Y, type Point, STREET_DX, STREET_DY } from "./geometry.js";

/** Address points per place. */
export const POINTS_PER_PLACE = 8;

const K_MIN = -80;
const K_MAX = 35;
const J_MIN = -75;
const J_MAX = 75;

export interface Places {
  readonly count: number;
  /** Segment midpoints. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Offsets from the street-grid origin, metres. */
  readonly u: Float64Array;
  readonly v: Float64Array;
  /** 1 when the segment runs east-west. */
  readonly horizontal: Uint8Array;
  /** 1 on arterial streets (commercial strips, heavy traffic). */
  readonly arterial: Uint8Array;
  /** Index into the geometry's districts. */
  readonly district: Uint8Array;
  /** Index into the focus areas, or -1. */
  readonly corridor: Int8Array;
  /** 1 inside the gunshot-sensor coverage. */
  readonly covered: Uint8Array;
  readonly address: readonly string[];
  /** Address points, POINTS_PER_PLACE per place, rounded to 0.1 m; all inside exactly one district. */
  readonly pointX: Float64Array;
  readonly pointY: Float64Array;
  /** The place whose midpoint is nearest to (x, y) among the segments around the nearest intersection. */
  nearest(x: number, y: number): number;
}

const PRESIDENTS = [
  "WASHINGTON,ADAMS,JEFFERSON,MADISON,MONROE,JACKSON,VAN BUREN,HARRISON,TYLER,POLK,TAYLOR,FILLMORE",
  "PIERCE,BUCHANAN,LINCOLN,JOHNSON,GRANT,HAYES,GARFIELD,ARTHUR,CLEVELAND,MCKINLEY,ROOSEVELT,TAFT",
  "WILSON,HARDING,COOLIDGE,HOOVER,TRUMAN,KENNEDY,CARTER,FORD,NIXON,EISENHOWER,REAGAN",
]
  .join(",")
  .split(",");
const FIRST = "ASH,BIRCH,CEDAR,ELM,MAPLE,OAK,PINE,WALNUT,WILLOW,LINDEN,HAZEL,SPRUCE,CHERRY".split(",");
const SECOND = "LAND,WOOD,FIELD,MONT,DALE,TON,BROOK,HURST,VIEW,RIDGE,CREST,WAY".split(",");

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "TH" : (["TH", "ST", "ND", "RD"][n % 10] ?? "TH");
  return `${n}${suffix}`;
}

/** Name of the north-south street k (west of MAIN ST: numbered streets; east: presidents). */
export function northSouthStreet(k: number): string {
  if (k === 0) return "MAIN ST";
  if (k < 0) return `${ordinal(-k)} ST`;
  return `${PRESIDENTS[(k - 1) % PRESIDENTS.length]!} ST`;
}

/** Name of the east-west street j. */
export function eastWestStreet(j: number): string {
  if (j === 0) return "CENTER ST";
  if (j === 24) return "MERIDIAN AVE";
  if (j === -21) return "HARBOR DR";
  const i = j - J_MIN;
  const word = `${FIRST[i % FIRST.length]!}${SECOND[Math.floor(i / FIRST.length) % SECOND.length]!}`;
  return `${word} ${j % 4 === 0 ? "AVE" : "ST"}`;
}

const isArterialNS = (k: number): boolean => k % 8 === 0;
const isArterialEW = (j: number): boolean => j % 8 === 0 || j === 24 || j === -21;

interface FlatPolygon {
  readonly rings: readonly Float64Array[];
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** Rings as flat coordinate arrays with a bounding box, for fast repeated point-in-polygon tests. */
function flatten(rings: readonly (readonly Point[])[]): FlatPolygon {
  const flat = rings.map((ring) => Float64Array.from(ring.flat()));
  const outer = rings[0]!;
  return {
    rings: flat,
    minX: Math.min(...outer.map((q) => q[0])),
    minY: Math.min(...outer.map((q) => q[1])),
    maxX: Math.max(...outer.map((q) => q[0])),
    maxY: Math.max(...outer.map((q) => q[1])),
  };
}

function inFlat(x: number, y: number, poly: FlatPolygon): boolean {
  if (x < poly.minX || x > poly.maxX || y < poly.minY || y > poly.maxY) return false;
  let inside = false;
  for (const r of poly.rings) {
    for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) {
      const xi = r[i]!;
      const yi = r[i + 1]!;
      const xj = r[j]!;
      const yj = r[j + 1]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Index of the district containing (x, y), or -1 when none or more than one does. */
function districtOf(districts: readonly FlatPolygon[], x: number, y: number): number {
  let found = -1;
  for (let d = 0; d < districts.length; d++) {
    if (inFlat(x, y, districts[d]!)) {
      if (found >= 0) return -1;
      found = d;
    }
  }
  return found;
}

/** Builds every place of the grid whose midpoint lies in exactly one district of the city. */
export function buildPlaces(geometry: CityGeometry): Places {
  const xs: number[] = [];
  const ys: number[] = [];
  const horiz: number[] = [];
  const art: number[] = [];
  const dist: number[] = [];
  const addr: string[] = [];
  const districts = geometry.districts.map((d) => flatten(d.rings));
  const focus = geometry.focusAreas.map((f) => flatten(f.rings));
  const coverage = geometry.sensorCoverage.map((c) => flatten(c.rings));
  const nk = K_MAX - K_MIN + 1;
  const nj = J_MAX - J_MIN + 1;
  const indexH = new Int32Array(nk * nj).fill(-1);
  const indexV = new Int32Array(nk * nj).fill(-1);
  for (let k = K_MIN; k < K_MAX; k++) {
    for (let j = J_MIN; j < J_MAX; j++) {
      for (const h of [1, 0]) {
        const u = h ? (k + 0.5) * STREET_DX : k * STREET_DX;
        const v = h ? j * STREET_DY : (j + 0.5) * STREET_DY;
        const d = districtOf(districts, ORIGIN_X + u, ORIGIN_Y + v);
        if (d < 0) continue;
        (h ? indexH : indexV)[(k - K_MIN) * nj + (j - J_MIN)] = xs.length;
        xs.push(ORIGIN_X + u);
        ys.push(ORIGIN_Y + v);
        horiz.push(h);
        art.push(h ? (isArterialEW(j) ? 1 : 0) : isArterialNS(k) ? 1 : 0);
        dist.push(d);
        addr.push(
          h
            ? `${Math.floor(Math.abs(u) / STREET_DX) * 100} ${u < 0 ? "W" : "E"} ${eastWestStreet(j)}`
            : `${Math.floor(Math.abs(v) / STREET_DY) * 100} ${v < 0 ? "S" : "N"} ${northSouthStreet(k)}`,
        );
      }
    }
  }
  const count = xs.length;
  const x = Float64Array.from(xs);
  const y = Float64Array.from(ys);
  const u = x.map((value) => value - ORIGIN_X);
  const v = y.map((value) => value - ORIGIN_Y);
  const corridor = new Int8Array(count).fill(-1);
  const covered = new Uint8Array(count);
  const pointX = new Float64Array(count * POINTS_PER_PLACE);
  const pointY = new Float64Array(count * POINTS_PER_PLACE);
  for (let p = 0; p < count; p++) {
    for (let f = 0; f < focus.length; f++) if (inFlat(x[p]!, y[p]!, focus[f]!)) corridor[p] = f;
    for (const c of coverage) if (inFlat(x[p]!, y[p]!, c)) covered[p] = 1;
    const length = horiz[p] ? STREET_DX : STREET_DY;
    for (let a = 0; a < POINTS_PER_PLACE; a++) {
      const along = ((a >> 1) / 4 - 0.375) * 0.9 * length;
      const side = a & 1 ? 9 : -9;
      let px = Math.round((x[p]! + (horiz[p] ? along : side)) * 10) / 10;
      let py = Math.round((y[p]! + (horiz[p] ? side : along)) * 10) / 10;
      if (districtOf(districts, px, py) < 0) {
        px = x[p]!;
        py = y[p]!;
      }
      pointX[p * POINTS_PER_PLACE + a] = px;
      pointY[p * POINTS_PER_PLACE + a] = py;
    }
  }
  const nearest = (qx: number, qy: number): number => {
    const k0 = Math.round((qx - ORIGIN_X) / STREET_DX);
    const j0 = Math.round((qy - ORIGIN_Y) / STREET_DY);
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (const [dk, dj, h] of [
      [0, 0, 1],
      [-1, 0, 1],
      [0, 0, 0],
      [0, -1, 0],
    ] as const) {
      const k = k0 + dk;
      const j = j0 + dj;
      if (k < K_MIN || k >= K_MAX || j < J_MIN || j >= J_MAX) continue;
      const p = (h ? indexH : indexV)[(k - K_MIN) * nj + (j - J_MIN)]!;
      if (p < 0) continue;
      const d = (x[p]! - qx) ** 2 + (y[p]! - qy) ** 2;
      if (d < bestD) {
        bestD = d;
        best = p;
      }
    }
    return best;
  };
  return {
    count,
    x,
    y,
    u,
    v,
    horizontal: Uint8Array.from(horiz),
    arterial: Uint8Array.from(art),
    district: Uint8Array.from(dist),
    corridor,
    covered,
    address: addr,
    pointX,
    pointY,
    nearest,
  };
}
