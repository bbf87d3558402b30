/**
 * The fixed geometry of the fictional city of Lakeport, in WGS 84 / UTM zone 16N metres (EPSG:32616): a
 * lakefront city of about 20 x 16 km (257 km2, 99 sq mi) with a straight shoreline on the east, seven police
 * districts (a downtown core and six sectors around it), two focus corridors along named streets, and the
 * gunshot-sensor coverage. The geometry is the same for every seed and size; only event volumes change.
 */

export type Point = readonly [number, number];
export type Ring = Point[];

export interface NamedRings {
  readonly name: string;
  readonly rings: readonly Ring[];
}

/** Street-grid origin (intersection of MAIN ST and CENTER ST); address numbers count from here. */
export const ORIGIN_X = 429_000;
export const ORIGIN_Y = 4_714_000;
/** Spacing of the north-south streets (x) and east-west streets (y), metres. */
export const STREET_DX = 200;
export const STREET_DY = 125;

/** Centre of the star-shaped district layout, off the street grid so no place midpoint lies on a boundary. */
const HUB_X = ORIGIN_X - 31.7;
const HUB_Y = ORIGIN_Y + 18.3;
const VERTICES = 72;
/** Outer-ring vertex indices where the six sector districts meet (counter-clockwise from the east). */
const SECTOR_STARTS = [5, 19, 30, 37, 45, 56] as const;

const round1 = (v: number): number => Math.round(v * 10) / 10;

/** Distance from the hub to the city limit along direction theta: an ellipse, gently rippled, cut by the lake. */
function outerRadius(theta: number): number {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const a = 10_300;
  const b = 8_100;
  const ex = -4_000;
  const qa = (c * c) / (a * a) + (s * s) / (b * b);
  const qb = (-2 * ex * c) / (a * a);
  const qc = (ex * ex) / (a * a) - 1;
  let r = (-qb + Math.sqrt(qb * qb - 4 * qa * qc)) / (2 * qa);
  r *= 1 + 0.045 * Math.sin(3 * theta + 0.7) + 0.025 * Math.sin(7 * theta + 1.9);
  const towardLake = c - 0.12 * s;
  if (towardLake > 0) r = Math.min(r, 5_500 / towardLake);
  return r;
}

function innerRadius(theta: number): number {
  return 2_050 * (1 + 0.12 * Math.sin(2 * theta + 0.4) + 0.05 * Math.sin(5 * theta));
}

function ringAt(radius: (theta: number) => number): Point[] {
  const pts: Point[] = [];
  for (let i = 0; i < VERTICES; i++) {
    const theta = ((i * 5 + 2.5) * Math.PI) / 180;
    const r = radius(theta);
    pts.push([round1(HUB_X + r * Math.cos(theta)), round1(HUB_Y + r * Math.sin(theta))]);
  }
  return pts;
}

const close = (pts: Point[]): Ring => [...pts, pts[0]!];

/** Axis-aligned rectangle relative to the street-grid origin, as a closed counter-clockwise ring. */
function rect(x0: number, y0: number, x1: number, y1: number): Ring {
  const ax = ORIGIN_X + x0;
  const bx = ORIGIN_X + x1;
  const ay = ORIGIN_Y + y0;
  const by = ORIGIN_Y + y1;
  return [
    [ax, ay],
    [bx, ay],
    [bx, by],
    [ax, by],
    [ax, ay],
  ];
}

export interface CityGeometry {
  readonly cityLimit: NamedRings;
  /** Districts "1".."7": "1" is downtown, "2".."7" the sectors counter-clockwise from the north-east. */
  readonly districts: readonly NamedRings[];
  readonly focusAreas: readonly NamedRings[];
  readonly sensorCoverage: readonly NamedRings[];
}

/**
 * Builds the city limit, the districts, the focus corridors and the sensor coverage. The districts share
 * their vertices exactly (each is cut from the same outer and inner rings), so they tile the city limit.
 */
export function buildGeometry(): CityGeometry {
  const outer = ringAt(outerRadius);
  const inner = ringAt(innerRadius);
  const districts: NamedRings[] = [{ name: "1", rings: [close(inner)] }];
  for (let k = 0; k < SECTOR_STARTS.length; k++) {
    const from = SECTOR_STARTS[k]!;
    const to = SECTOR_STARTS[(k + 1) % SECTOR_STARTS.length]!;
    const span = (to - from + VERTICES) % VERTICES;
    const pts: Point[] = [];
    for (let i = 0; i <= span; i++) pts.push(outer[(from + i) % VERTICES]!);
    for (let i = span; i >= 0; i--) pts.push(inner[(from + i) % VERTICES]!);
    districts.push({ name: String(k + 2), rings: [close(pts)] });
  }
  const focusAreas: NamedRings[] = [
    { name: "Meridian Avenue Corridor", rings: [rect(-7_550, 2_525, -1_050, 3_475)] },
    { name: "Harbor Drive East", rings: [rect(-2_450, -3_075, 3_850, -2_175)] },
  ];
  const sensorCoverage: NamedRings[] = [
    { name: "North Side coverage", rings: [rect(-7_550, 2_525, -1_050, 5_150)] },
    { name: "South Side coverage", rings: [rect(-2_450, -4_100, 3_850, -2_175)] },
  ];
  return { cityLimit: { name: "Lakeport", rings: [close(outer)] }, districts, focusAreas, sensorCoverage };
}
