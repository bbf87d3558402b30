/**
 * Area checks the partnership's forms share: an area given as LAYER:NAME must exist, and "does this area
 * hold that point" runs through the same point-in-polygon index the importers use to assign events to
 * districts and focus areas (src/analysis/place/area-index.ts over the stored x/y geometries).
 */
import { AreaIndex } from "../analysis/place/area-index.js";
import { AppError } from "../domain/errors.js";
import { listLayerGeometries } from "../store/areas.js";
import type { Database } from "../store/db.js";
import { areaNames } from "../store/info.js";
import type { AreaContains } from "./overlap.js";

export interface AreaRef {
  readonly layer: string;
  readonly name: string;
}

/** Parses `LAYER:NAME` (a bare name means a district, as in the partner-activity format). */
export function parseAreaRef(raw: string, field = "area"): AreaRef {
  const text = raw.trim();
  const i = text.indexOf(":");
  const ref =
    i < 0 ? { layer: "district", name: text } : { layer: text.slice(0, i), name: text.slice(i + 1) };
  if (!ref.layer || !ref.name)
    throw new AppError("invalid-argument", `${field}: expected LAYER:NAME, e.g. district:3`);
  return ref;
}

/** Throws unless the layer has an area of that name, listing what exists. */
export async function assertAreaExists(db: Database, ref: AreaRef, field = "area"): Promise<void> {
  const layers = await areaNames(db);
  const layer = layers.find((l) => l.layer === ref.layer);
  if (!layer)
    throw new AppError(
      "invalid-argument",
      `${field}: no layer '${ref.layer}' (layers: ${layers.map((l) => l.layer).join(", ") || "none"})`,
    );
  if (!layer.names.includes(ref.name))
    throw new AppError(
      "invalid-argument",
      `${field}: layer '${ref.layer}' has no area '${ref.name}' (it has ${layer.names.join(", ")})`,
    );
}

/**
 * A point-in-polygon test over the stored layers. Each area gets an index of its own, so a point on a
 * boundary shared by two areas is in both (the conservative reading for deconfliction), not only in the
 * first by name as in event assignment.
 */
export async function areaContains(db: Database): Promise<AreaContains> {
  const geometries = await listLayerGeometries(db);
  const indexes = new Map<string, AreaIndex | null>();
  return (area, x, y) => {
    const key = `${area.layer}\u0000${area.name}`;
    let index = indexes.get(key);
    if (index === undefined) {
      const geom = geometries.get(area.layer)?.find((g) => g.name === area.name);
      index = geom ? new AreaIndex([geom]) : null;
      indexes.set(key, index);
    }
    return index?.find(x, y) === area.name;
  };
}
