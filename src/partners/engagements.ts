/**
 * The community engagement log (events and meetings by area, with attendance) and the area summary that
 * reads it beside enforcement: for one area and date range, the engagements next to the partner activity
 * logged there by type (arrests, warrants, seizures ...) and the accountability side the activity
 * vocabulary carries (citizen-complaint, use-of-force). The seed's CompStat put exactly these side by
 * side so that enforcement is never read without its cost to community trust.
 */
import { z } from "zod";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";
import { type AreaRef, areaContains, assertAreaExists, parseAreaRef } from "./areas.js";
import { type ActivityGroup, activityGroup, ENGAGEMENT_KINDS, type EngagementKind } from "./vocabulary.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const EngagementInputSchema = z.object({
  heldOn: z.string().regex(DAY, "expected YYYY-MM-DD"),
  kind: z.enum(ENGAGEMENT_KINDS),
  title: z.string().trim().min(1).max(300),
  organisation: z.string().trim().max(200).optional(),
  area: z.string().trim().max(200).optional(),
  attendance: z.number().int().min(0).max(1_000_000).optional(),
  notes: z.string().trim().max(4000).optional(),
});
export type EngagementInput = z.infer<typeof EngagementInputSchema>;

export interface Engagement {
  readonly id: number;
  readonly heldOn: string;
  readonly kind: EngagementKind;
  readonly title: string;
  readonly organisation: string | null;
  readonly area: AreaRef | null;
  readonly attendance: number | null;
  readonly notes: string | null;
  readonly createdBy: string;
}

/** Checks a YYYY-MM-DD range (inclusive) and returns it. */
export function dateRange(from: string, to: string): { from: string; to: string } {
  for (const [k, v] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
      throw new AppError("invalid-argument", `${k}: expected a day YYYY-MM-DD, got '${v}'`);
  }
  if (to < from) throw new AppError("invalid-argument", `to: ${to} is before from ${from}`);
  return { from, to };
}

export async function createEngagement(
  db: Database,
  input: EngagementInput,
  options: { username: string; now?: Date },
): Promise<Engagement> {
  dateRange(input.heldOn, input.heldOn);
  const area = input.area ? parseAreaRef(input.area) : null;
  if (area) await assertAreaExists(db, area);
  const id = await db.transaction(async () => {
    const row = await db.one<{ id: number }>("SELECT nextval('engagement_id_seq')::INTEGER AS id");
    await db.run(
      "INSERT INTO engagements VALUES ($1, $2::DATE, $3, $4, $5, $6, $7, $8, $9, $10, $11::TIMESTAMPTZ)",
      [
        row!.id,
        input.heldOn,
        input.kind,
        input.title,
        input.organisation ?? null,
        area?.layer ?? null,
        area?.name ?? null,
        input.attendance ?? null,
        input.notes ?? null,
        options.username,
        (options.now ?? new Date()).toISOString(),
      ],
    );
    return row!.id;
  });
  return (await listEngagements(db, { id }))[0]!;
}

export interface EngagementFilter {
  readonly area?: AreaRef | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly id?: number | undefined;
  readonly limit?: number | undefined;
}

/** Engagements newest first, filtered by area and an inclusive date range. */
export async function listEngagements(db: Database, f: EngagementFilter = {}): Promise<Engagement[]> {
  const rows = await db.all<{
    id: number;
    held_on: string;
    kind: string;
    title: string;
    organisation: string | null;
    area_layer: string | null;
    area_name: string | null;
    attendance: number | null;
    notes: string | null;
    created_by: string;
  }>(
    `SELECT id, strftime(held_on, '%Y-%m-%d') AS held_on, kind, title, organisation, area_layer, area_name, attendance,
            notes, created_by
     FROM engagements
     WHERE ($1::VARCHAR IS NULL OR (area_layer = $1 AND area_name = $2))
       AND ($3::DATE IS NULL OR held_on >= $3::DATE) AND ($4::DATE IS NULL OR held_on <= $4::DATE)
       AND ($5::INTEGER IS NULL OR id = $5)
     ORDER BY held_on DESC, id DESC LIMIT $6`,
    [f.area?.layer ?? null, f.area?.name ?? null, f.from ?? null, f.to ?? null, f.id ?? null, f.limit ?? 500],
  );
  return rows.map((r) => ({
    id: r.id,
    heldOn: r.held_on,
    kind: r.kind as EngagementKind,
    title: r.title,
    organisation: r.organisation,
    area: r.area_layer && r.area_name ? { layer: r.area_layer, name: r.area_name } : null,
    attendance: r.attendance,
    notes: r.notes,
    createdBy: r.created_by,
  }));
}

export interface EngagementSummary {
  readonly kind: "engagement-summary";
  readonly area: AreaRef;
  readonly from: string;
  readonly to: string;
  readonly engagements: {
    readonly count: number;
    readonly attendance: number;
    /** Engagements logged without an attendance figure (not counted in `attendance`). */
    readonly withoutAttendance: number;
    readonly byKind: readonly { kind: string; count: number; attendance: number }[];
  };
  /** Partner activity in the area by type, each on its side: enforcement, accountability, engagement. */
  readonly activity: readonly { type: string; group: ActivityGroup; count: number; rows: number }[];
  readonly totals: Readonly<Record<ActivityGroup, number>>;
  /** What is counted and how (for the page's caption). */
  readonly notes: readonly string[];
}

/**
 * The area summary. Partner activity counts a row when it names the area, or when it names no area and
 * its point lies in the area's polygon (the same point-in-polygon test as event assignment); a monthly
 * total counts when its month starts inside the range.
 */
export async function engagementSummary(
  db: Database,
  areaRef: AreaRef,
  range: { from: string; to: string },
): Promise<EngagementSummary> {
  const { from, to } = dateRange(range.from, range.to);
  await assertAreaExists(db, areaRef);
  const byKind = await db.all<{ kind: string; count: number; attendance: number; missing: number }>(
    `SELECT kind, count(*)::INTEGER AS count, coalesce(sum(attendance), 0)::INTEGER AS attendance,
            count(*) FILTER (WHERE attendance IS NULL)::INTEGER AS missing
     FROM engagements WHERE area_layer = $1 AND area_name = $2 AND held_on BETWEEN $3::DATE AND $4::DATE
     GROUP BY kind ORDER BY kind`,
    [areaRef.layer, areaRef.name, from, to],
  );
  const rows = await db.all<{
    activity_type: string;
    n: number;
    area_layer: string | null;
    x: number | null;
    y: number | null;
  }>(
    `SELECT activity_type, count::DOUBLE AS n, area_layer, x, y FROM partner_activity
     WHERE activity_date >= $1::TIMESTAMP AND activity_date < $2::TIMESTAMP + INTERVAL 1 DAY
       AND ((area_layer = $3 AND area_name = $4) OR (area_layer IS NULL AND x IS NOT NULL AND y IS NOT NULL))`,
    [from, to, areaRef.layer, areaRef.name],
  );
  const contains = await areaContains(db);
  const byType = new Map<string, { count: number; rows: number }>();
  let byPoint = 0;
  for (const r of rows) {
    if (r.area_layer === null) {
      if (!contains(areaRef, r.x!, r.y!)) continue;
      byPoint++;
    }
    const t = byType.get(r.activity_type) ?? { count: 0, rows: 0 };
    byType.set(r.activity_type, { count: t.count + r.n, rows: t.rows + 1 });
  }
  const activity = [...byType.entries()]
    .map(([type, v]) => ({ type, group: activityGroup(type), ...v }))
    .sort((a, b) => a.group.localeCompare(b.group) || b.count - a.count || a.type.localeCompare(b.type));
  const totals: Record<ActivityGroup, number> = { enforcement: 0, accountability: 0, engagement: 0 };
  for (const a of activity) totals[a.group] += a.count;
  const notes = [
    "Partner activity counts the rows logged for this area, and rows with a point but no area whose point lies in it.",
  ];
  if (byPoint > 0) notes.push(`${byPoint} activity row(s) counted by their point.`);
  if (!activity.some((a) => a.group === "accountability"))
    notes.push(
      "No citizen complaints or use of force logged here in this range (partner activity types citizen-complaint, use-of-force).",
    );
  return {
    kind: "engagement-summary",
    area: areaRef,
    from,
    to,
    engagements: {
      count: byKind.reduce((s, k) => s + k.count, 0),
      attendance: byKind.reduce((s, k) => s + k.attendance, 0),
      withoutAttendance: byKind.reduce((s, k) => s + k.missing, 0),
      byKind: byKind.map(({ kind, count, attendance }) => ({ kind, count, attendance })),
    },
    activity,
    totals,
    notes,
  };
}
