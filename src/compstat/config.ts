/**
 * A city's own metric definitions and goals, stored in its database (migration 3). Metrics are validated
 * JSON (`MetricSchema`); goals name a metric, an area, a baseline window, a target change and a deadline.
 */
import { z } from "zod";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";
import { BUILT_IN_METRICS, type MetricDef, MetricSchema, PART1_MEMBERS } from "./metrics.js";
import { dayNumber } from "./periods.js";

export async function loadCityMetrics(db: Database): Promise<MetricDef[]> {
  const rows = await db.all<{ id: string; definition: string }>(
    "SELECT id, definition::VARCHAR AS definition FROM metrics ORDER BY id",
  );
  return rows.map((r) => {
    const parsed = MetricSchema.safeParse(JSON.parse(r.definition));
    if (!parsed.success)
      throw new AppError(
        "database",
        `stored metric '${r.id}' is invalid: ${parsed.error.issues[0]?.message ?? "?"}`,
      );
    return parsed.data;
  });
}

/** Validates and stores metric definitions (a JSON object or array); replaces ones with the same id. */
export async function saveCityMetrics(db: Database, json: unknown, fileName: string): Promise<MetricDef[]> {
  const list = Array.isArray(json) ? json : [json];
  const defs: MetricDef[] = list.map((item, i) => {
    const parsed = MetricSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        "bad-file",
        `${fileName}: metric ${i + 1}${typeof item === "object" && item && "id" in item ? ` ('${String(item.id)}')` : ""}: ${issue?.path.join(".") || "definition"}: ${issue?.message ?? "invalid"} (see docs/compstat.md, "A city's own metrics")`,
      );
    }
    return parsed.data;
  });
  const reserved = new Set(["part1", ...PART1_MEMBERS.map((m) => m.id)]);
  for (const d of defs) {
    if (reserved.has(d.id))
      throw new AppError(
        "invalid-argument",
        `${fileName}: metric id '${d.id}' is the Part I family's; choose another id`,
      );
  }
  await db.transaction(async () => {
    for (const d of defs) {
      await db.run("DELETE FROM metrics WHERE id = $1", [d.id]);
      await db.run("INSERT INTO metrics VALUES ($1, $2::JSON, now())", [d.id, JSON.stringify(d)]);
    }
  });
  return defs;
}

export interface Goal {
  readonly id: string;
  readonly label: string;
  readonly metric: string;
  readonly layer: string | null;
  readonly area: string | null;
  readonly baselineStart: string;
  readonly baselineEnd: string;
  readonly start: string;
  readonly deadline: string;
  readonly targetPercent: number;
}

export async function listGoals(db: Database): Promise<Goal[]> {
  const rows = await db.all<Record<string, string | number | null>>(
    `SELECT id, label, metric, layer, area, strftime(baseline_start, '%Y-%m-%d') AS bs, strftime(baseline_end, '%Y-%m-%d') AS be,
            strftime(start_date, '%Y-%m-%d') AS s, strftime(deadline, '%Y-%m-%d') AS d, target_percent FROM goals ORDER BY id`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    label: String(r.label),
    metric: String(r.metric),
    layer: r.layer === null ? null : String(r.layer),
    area: r.area === null ? null : String(r.area),
    baselineStart: String(r.bs),
    baselineEnd: String(r.be),
    start: String(r.s),
    deadline: String(r.d),
    targetPercent: Number(r.target_percent),
  }));
}

export async function saveGoal(db: Database, g: Goal, cityMetrics: readonly MetricDef[]): Promise<void> {
  for (const [name, v] of [
    ["baseline start", g.baselineStart],
    ["baseline end", g.baselineEnd],
    ["start", g.start],
    ["deadline", g.deadline],
  ] as const) {
    try {
      dayNumber(v);
    } catch {
      throw new AppError("invalid-argument", `goal ${name}: '${v}' is not a date (YYYY-MM-DD)`);
    }
  }
  if (g.baselineEnd < g.baselineStart)
    throw new AppError("invalid-argument", "goal baseline: the end is before the start");
  if (g.deadline < g.start) throw new AppError("invalid-argument", "goal: the deadline is before the start");
  if (!Number.isFinite(g.targetPercent) || g.targetPercent <= -100) {
    throw new AppError(
      "invalid-argument",
      "goal target: a percent change above -100 (e.g. -20 for a 20% reduction)",
    );
  }
  const known = new Set(knownMetrics(cityMetrics).map((m) => m.id));
  if (!known.has(g.metric))
    throw new AppError(
      "invalid-argument",
      `goal metric '${g.metric}' is not a metric: ${[...known].join(", ")}`,
    );
  await db.transaction(async () => {
    await db.run("DELETE FROM goals WHERE id = $1", [g.id]);
    await db.run(
      "INSERT INTO goals VALUES ($1, $2, $3, $4, $5, $6::DATE, $7::DATE, $8::DATE, $9::DATE, $10, now())",
      [
        g.id,
        g.label,
        g.metric,
        g.layer,
        g.area,
        g.baselineStart,
        g.baselineEnd,
        g.start,
        g.deadline,
        g.targetPercent,
      ],
    );
  });
}

export async function deleteGoal(db: Database, id: string): Promise<boolean> {
  const before = await db.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM goals WHERE id = $1", [id]);
  await db.run("DELETE FROM goals WHERE id = $1", [id]);
  return (before?.n ?? 0) > 0;
}

/** Every metric a goal (or a report) may name: the built-in ones, the Part I family, the city's own. */
export function knownMetrics(cityMetrics: readonly MetricDef[]): { id: string; label: string }[] {
  const byId = new Map<string, string>();
  for (const m of [...BUILT_IN_METRICS, ...PART1_MEMBERS, ...cityMetrics]) byId.set(m.id, m.label);
  return [...byId].map(([id, label]) => ({ id, label }));
}

/**
 * A goal as a person types it (`peacestat goals add` flags, the web form): an area as LAYER:NAME, the
 * baseline as FROM..TO, the target as a percent ("-20", "-20%" or -20). `goalFromInput` turns it into a
 * `Goal`; `saveGoal` then checks the dates, the target and the metric, so the CLI and the API apply one
 * set of rules.
 */
export const GoalInputSchema = z.object({
  id: z.string().trim().min(1, "a short id is required").max(100),
  label: z.string().trim().max(300).optional(),
  metric: z.string().trim().min(1, "a metric id is required"),
  area: z.string().trim().optional(),
  baseline: z.string().trim(),
  start: z.string().trim(),
  deadline: z.string().trim(),
  target: z.union([z.number(), z.string().trim()]),
});
export type GoalInput = z.infer<typeof GoalInputSchema>;

export interface GoalInputOptions {
  /** Put before a field's name in messages: "--" for CLI flags, "" (default) for a request body. */
  readonly prefix?: string;
}

/** The checks `goals add` always made on its flags, shared with the API's goal form. */
export function goalFromInput(o: GoalInput, opts: GoalInputOptions = {}): Goal {
  const prefix = opts.prefix ?? "";
  const b = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(o.baseline);
  if (!b)
    throw new AppError(
      "invalid-argument",
      `${prefix}baseline '${o.baseline}': expected YYYY-MM-DD..YYYY-MM-DD`,
    );
  // An empty target is no number (Number("") would be 0, a goal nobody asked for).
  const text = typeof o.target === "number" ? null : o.target.replace("%", "").trim();
  const target = text === null ? (o.target as number) : text === "" ? Number.NaN : Number(text);
  const area = o.area ? o.area : undefined;
  const i = area?.indexOf(":") ?? -1;
  if (area && i <= 0) throw new AppError("invalid-argument", `${prefix}area '${area}': expected LAYER:NAME`);
  return {
    id: o.id,
    // An empty label (a blank form field) gets the generated one, as an absent one does.
    label: o.label || `${o.metric} ${target}% by ${o.deadline}${area ? ` in ${area.slice(i + 1)}` : ""}`,
    metric: o.metric,
    layer: area ? area.slice(0, i) : null,
    area: area ? area.slice(i + 1) : null,
    baselineStart: b[1]!,
    baselineEnd: b[2]!,
    start: o.start,
    deadline: o.deadline,
    targetPercent: target,
  };
}
