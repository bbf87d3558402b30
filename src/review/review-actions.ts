/**
 * Actions as the review shows them, read straight from `actions` and `action_links` (the action workflow
 * itself lives in src/actions). Closed is the actions module's `closedSql`; overdue = not
 * closed and due before the review date. Links to people are counted but their references are never put in
 * the review or the packet: the packet is printed and carried around, and person links are intelligence on
 * individuals (docs/domain.md, "People: safeguards").
 */
import { closedSql } from "../actions/model.js";
import { getCrs, makeTransform, WGS84 } from "../domain/crs.js";
import type { Database } from "../store/db.js";
import { DISTANCE_EPSILON_M, type WindowShooting } from "./window.js";

export interface ReviewActionLink {
  readonly kind: string;
  readonly ref: string;
}

export interface ReviewAction {
  readonly id: number;
  readonly title: string;
  readonly type: string;
  readonly agency: string;
  readonly owner: string | null;
  /** `YYYY-MM-DD` or null. */
  readonly dueDate: string | null;
  readonly status: string;
  readonly origin: string;
  readonly closed: boolean;
  /** Not closed and due before the review date. */
  readonly overdue: boolean;
  /** Every link except person links (see `personLinks`). */
  readonly links: readonly ReviewActionLink[];
  /** How many people the action is linked to; who they are is not shown here. */
  readonly personLinks: number;
}

/** An open action linked to a shooting under review, with the links that tie it to the shooting. */
export interface LinkedAction extends ReviewAction {
  readonly matchedBy: readonly ReviewActionLink[];
}

const CLOSED_SQL = closedSql();

type ActionRow = {
  id: number;
  title: string;
  type: string;
  agency: string;
  owner: string | null;
  due: string | null;
  status: string;
  origin: string;
  closed: boolean;
  links: { kind: string; ref: string }[] | null;
};

/**
 * Actions matching `where` (SQL over `actions a`, values bound as $2...), with their links; $1 is the
 * review date. Ordered overdue first, then by due date (none last), then id.
 */
export async function loadReviewActions(
  db: Database,
  reviewDate: string,
  where: string,
  params: readonly (string | number)[] = [],
): Promise<ReviewAction[]> {
  const rows = await db.all<ActionRow>(
    `SELECT a.id, a.title, a.type, a.agency, a.owner, strftime(a.due_date, '%Y-%m-%d') AS due, a.status, a.origin,
       ${CLOSED_SQL} AS closed,
       (SELECT list({'kind': l.kind, 'ref': l.ref} ORDER BY l.kind, l.ref) FROM action_links l WHERE l.action_id = a.id) AS links
     FROM actions a WHERE ${where}
     ORDER BY (NOT ${CLOSED_SQL} AND a.due_date < $1::DATE) DESC, a.due_date NULLS LAST, a.id`,
    [reviewDate, ...params],
  );
  return rows.map((r) => {
    const links = r.links ?? [];
    return {
      id: r.id,
      title: r.title,
      type: r.type,
      agency: r.agency,
      owner: r.owner,
      dueDate: r.due,
      status: r.status,
      origin: r.origin,
      closed: r.closed,
      overdue: !r.closed && r.due !== null && r.due < reviewDate,
      links: links.filter((l) => l.kind !== "person").map((l) => ({ kind: l.kind, ref: l.ref })),
      personLinks: links.filter((l) => l.kind === "person").length,
    };
  });
}

/** Every action not closed (the agenda's "open and overdue actions"). */
export function loadOpenActions(db: Database, reviewDate: string): Promise<ReviewAction[]> {
  return loadReviewActions(db, reviewDate, `NOT ${CLOSED_SQL}`);
}

/**
 * The open actions already linked to each shooting: an `incident` link to the shooting or to one of its
 * prior shootings, an `area` link (LAYER:NAME) to an area it falls in, or a `place` link (lon,lat) within
 * the prior-shooting distance of it.
 */
export async function linkActions(
  db: Database,
  reviewDate: string,
  shootings: readonly WindowShooting[],
  options: { analysisCrs: string | null; placeDistanceM: number },
): Promise<Map<number, LinkedAction[]>> {
  const out = new Map<number, LinkedAction[]>();
  if (shootings.length === 0) return out;
  const open = await loadReviewActions(
    db,
    reviewDate,
    `NOT ${CLOSED_SQL} AND EXISTS (SELECT 1 FROM action_links l WHERE l.action_id = a.id AND l.kind IN ('incident', 'area', 'place'))`,
  );
  const toXy = options.analysisCrs ? makeTransform(WGS84, getCrs(options.analysisCrs)) : null;
  const placeXy = new Map<string, [number, number] | null>();
  const xyOf = (ref: string): [number, number] | null => {
    if (!placeXy.has(ref)) {
      const [lon, lat] = ref.split(",").map(Number);
      placeXy.set(
        ref,
        toXy && Number.isFinite(lon) && Number.isFinite(lat) ? toXy(lon as number, lat as number) : null,
      );
    }
    return placeXy.get(ref) ?? null;
  };
  for (const s of shootings) {
    const incidents = new Set([s.uid, ...s.priorShootings.map((p) => p.uid)].map(String));
    const areas = new Set(s.areas.map((a) => `${a.layer}:${a.name}`));
    const linked: LinkedAction[] = [];
    for (const a of open) {
      const matchedBy = a.links.filter((l) => {
        if (l.kind === "incident") return incidents.has(l.ref);
        if (l.kind === "area") return areas.has(l.ref);
        if (l.kind !== "place" || !s.location) return false;
        const xy = xyOf(l.ref);
        return (
          xy !== null &&
          Math.hypot(xy[0] - s.location.x, xy[1] - s.location.y) <=
            options.placeDistanceM + DISTANCE_EPSILON_M
        );
      });
      if (matchedBy.length > 0) linked.push({ ...a, matchedBy });
    }
    out.set(s.uid, linked);
  }
  return out;
}
