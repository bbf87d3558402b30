/**
 * What each caller sees of the registry. Law-enforcement review roles see every operation and every
 * overlap in full. A partner agency sees its own operations in full; of another agency's overlapping
 * operation it learns only that it exists, whose it is, its dates and the deconfliction system it is
 * registered in - enough to pick up the phone, never its name, place or reference (need-to-know).
 */
import type { Database } from "../store/db.js";
import { listOperations, type Operation, type OperationOverlap, overlapsOf } from "./operations.js";
import type { PlaceOverlap } from "./overlap.js";
import type { DeconflictionSystem } from "./vocabulary.js";

/** Who is looking: `agency` null sees everything, else only that agency's operations in full. */
export interface RegistryViewer {
  readonly agency: string | null;
}

export interface OverlapWarning {
  readonly agency: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly deconflictionSystem: DeconflictionSystem;
  /** The other operation and why the places meet; null when it is another agency's and the viewer a partner. */
  readonly detail: { readonly operation: Operation; readonly place: PlaceOverlap } | null;
  /** One line for the page: who to call and in which system. */
  readonly message: string;
}

export interface OperationView extends Operation {
  readonly overlaps: readonly OverlapWarning[];
}

const PLACE: Record<PlaceOverlap, string> = {
  "same-area": "in the same area",
  "circles-intersect": "within reach of each other",
  "area-contains-point": "one inside the other's area",
};

export function overlapWarning(o: OperationOverlap, viewer: RegistryViewer): OverlapWarning {
  const other = o.operation;
  const full = viewer.agency === null || viewer.agency === other.agency;
  const when = `${other.startsAt.slice(0, 16)} to ${other.endsAt.slice(0, 16)}`;
  const message = full
    ? `Overlaps ${other.agency}'s operation "${other.name}" (${when}, ${PLACE[o.place]}), ${other.deconflictionSystem} ${other.deconflictionRef}: deconflict before it starts.`
    : `Overlaps an operation of ${other.agency} (${when}) registered in ${other.deconflictionSystem}: contact ${other.agency} and deconflict there before it starts.`;
  return {
    agency: other.agency,
    startsAt: other.startsAt,
    endsAt: other.endsAt,
    deconflictionSystem: other.deconflictionSystem,
    detail: full ? { operation: other, place: o.place } : null,
    message,
  };
}

/** The operations the viewer may see, each with its live overlaps as the viewer may see them. */
export async function operationsFor(db: Database, viewer: RegistryViewer): Promise<OperationView[]> {
  const ops = await listOperations(db, { agency: viewer.agency });
  const overlaps = await overlapsOf(db, ops);
  return ops.map((op) => ({
    ...op,
    overlaps: (overlaps.get(op.id) ?? []).map((o) => overlapWarning(o, viewer)),
  }));
}
