/**
 * Point-in-polygon lookup for an area layer: a Flatbush index over the polygons' bounding boxes narrows
 * each point to a few candidates, then an exact ray-casting test (Turf's booleanPointInPolygon, planar,
 * so it runs on projected metres) decides. A point on a shared boundary belongs to the first area in
 * name order, so the answer is deterministic.
 */
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import Flatbush from "flatbush";
import type { MultiPolygon, Polygon } from "geojson";

export interface IndexedArea {
  readonly name: string;
  readonly geometry: Polygon | MultiPolygon;
}

export class AreaIndex {
  private readonly parts: { name: string; poly: Polygon; order: number }[] = [];
  private readonly index: Flatbush | undefined;

  constructor(areas: readonly IndexedArea[]) {
    const sorted = [...areas].sort((a, b) => compareNames(a.name, b.name));
    sorted.forEach((a, order) => {
      const polys =
        a.geometry.type === "Polygon"
          ? [a.geometry.coordinates]
          : (a.geometry.coordinates as Polygon["coordinates"][]);
      for (const coordinates of polys)
        this.parts.push({ name: a.name, poly: { type: "Polygon", coordinates }, order });
    });
    if (this.parts.length === 0) {
      this.index = undefined;
      return;
    }
    const index = new Flatbush(this.parts.length);
    for (const p of this.parts) {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (const [x, y] of p.poly.coordinates[0] ?? []) {
        if (x! < minX) minX = x!;
        if (y! < minY) minY = y!;
        if (x! > maxX) maxX = x!;
        if (y! > maxY) maxY = y!;
      }
      index.add(minX, minY, maxX, maxY);
    }
    index.finish();
    this.index = index;
  }

  /** The area holding (x, y), or undefined when none does. */
  find(x: number, y: number): string | undefined {
    if (!this.index || !Number.isFinite(x) || !Number.isFinite(y)) return undefined;
    let best: { name: string; order: number } | undefined;
    for (const i of this.index.search(x, y, x, y)) {
      const p = this.parts[i]!;
      if (best && best.order <= p.order) continue;
      if (booleanPointInPolygon([x, y], p.poly)) best = p;
    }
    return best?.name;
  }
}

/** Natural order: "2" before "10", then text. */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}
