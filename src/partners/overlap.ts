/**
 * Deconfliction overlap: two registered operations conflict when their times intersect and their places
 * do. PeaceStat only warns (the binding check stays with RISSafe, SAFETNet or Case Explorer); a warning
 * costs a phone call and a missed one can put two teams at the same door, so the rule is conservative:
 * intervals are closed (an operation ending at 14:00 touches one starting at 14:00) and touching circles
 * count as overlapping.
 */

/** An operation's place: an area of a layer, a circle in the analysis CRS (metres), or both. */
export interface OperationPlace {
  readonly area: { readonly layer: string; readonly name: string } | null;
  readonly circle: { readonly x: number; readonly y: number; readonly radiusM: number } | null;
}

/** What the overlap rule reads of an operation: naive local milliseconds and its place. */
export interface OverlapInput extends OperationPlace {
  readonly startMs: number;
  readonly endMs: number;
}

/** Why two places overlap. */
export type PlaceOverlap = "same-area" | "circles-intersect" | "area-contains-point";

/** Whether area `layer:name` holds the point (x, y) in the analysis CRS; point-in-polygon, e.g. AreaIndex. */
export type AreaContains = (area: { layer: string; name: string }, x: number, y: number) => boolean;

/** Closed intervals [start, end] intersect (touching ends included). */
export function timesOverlap(a: OverlapInput, b: OverlapInput): boolean {
  return a.startMs <= b.endMs && b.startMs <= a.endMs;
}

/**
 * How two places overlap, or null. Same area (layer and name) first, then two circles whose centres are
 * at most the sum of the radii apart (touching included), then an area holding the other's centre. Areas
 * of different layers are compared only through a centre point, never polygon against polygon.
 */
export function placesOverlap(
  a: OperationPlace,
  b: OperationPlace,
  contains?: AreaContains,
): PlaceOverlap | null {
  if (a.area && b.area && a.area.layer === b.area.layer && a.area.name === b.area.name) return "same-area";
  if (a.circle && b.circle) {
    const d = Math.hypot(a.circle.x - b.circle.x, a.circle.y - b.circle.y);
    if (d <= a.circle.radiusM + b.circle.radiusM) return "circles-intersect";
  }
  if (contains) {
    if (a.area && b.circle && contains(a.area, b.circle.x, b.circle.y)) return "area-contains-point";
    if (b.area && a.circle && contains(b.area, a.circle.x, a.circle.y)) return "area-contains-point";
  }
  return null;
}

/** The overlap of two operations in time and place: why their places overlap, or null when they do not. */
export function operationsOverlap(
  a: OverlapInput,
  b: OverlapInput,
  contains?: AreaContains,
): PlaceOverlap | null {
  return timesOverlap(a, b) ? placesOverlap(a, b, contains) : null;
}
