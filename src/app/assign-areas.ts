/**
 * Which district, focus area, tract ... each event falls in. Recomputed for every event when a layer is
 * (re)imported, and for a batch's new incident versions when incidents are imported.
 *
 * District rule (domain.md): the district the source reported, else the district polygon that holds the
 * point, else "Unknown" - so every incident is in exactly one district and none vanish from district
 * tables. Other layers: the polygon holding the point, or nothing (outside every focus area = rest of city).
 */
import { AreaIndex } from "../analysis/place/area-index.js";
import { DISTRICT_LAYER, UNKNOWN_DISTRICT } from "../domain/incident.js";
import {
  type AreaAssignment,
  deleteAssignments,
  insertAssignments,
  listLayerGeometries,
} from "../store/areas.js";
import type { Database } from "../store/db.js";
import { incidentsForAssignment, pagedEvents } from "../store/incidents.js";

export interface AssignOptions {
  /** Only this layer (after it changed); default all layers. */
  readonly layer?: string;
  /** Only this batch's new rows (after an import); default every row. */
  readonly batchId?: number;
  readonly kinds?: readonly ("incident" | "call" | "detection")[];
}

export async function assignAreas(db: Database, options: AssignOptions = {}): Promise<number> {
  const geometries = await listLayerGeometries(db);
  const layers = options.layer ? [options.layer] : [...new Set([DISTRICT_LAYER, ...geometries.keys()])];
  const kinds = options.kinds ?? ["incident", "call", "detection"];
  let written = 0;
  for (const layer of layers) {
    const index = new AreaIndex(geometries.get(layer) ?? []);
    const isDistrict = layer === DISTRICT_LAYER;
    for (const kind of kinds) {
      if (options.batchId === undefined) await deleteAssignments(db, layer, kind);
      // Calls and detections use the polygon only: their CAD district is kept but does not decide.
      const pages =
        kind === "incident"
          ? incidentsForAssignment(db, options.batchId)
          : pagedEvents(
              db,
              kind === "call" ? "calls_for_service" : "gunshot_detections",
              null,
              options.batchId,
            );
      for await (const events of pages) {
        const rows = (function* (): Generator<AreaAssignment> {
          for (const e of events) {
            if (isDistrict && e.districtReported) {
              yield { kind, uid: e.uid, layer, area: e.districtReported, method: "reported" };
              continue;
            }
            const hit = e.x === null || e.y === null ? undefined : index.find(e.x, e.y);
            if (hit !== undefined) yield { kind, uid: e.uid, layer, area: hit, method: "polygon" };
            else if (isDistrict) yield { kind, uid: e.uid, layer, area: UNKNOWN_DISTRICT, method: "none" };
          }
        })();
        written += await insertAssignments(db, rows);
      }
    }
  }
  return written;
}
