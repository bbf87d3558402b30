/**
 * Goals: list them with the status the CompStat engine computes (the same `report.goals` the CompStat
 * book prints), add one, remove one. Adding and removing change the data version (report-cache.ts counts
 * the goals table), so every cached report picks the change up on its next request.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { can, requirePermission } from "../auth/roles.js";
import {
  deleteGoal,
  GoalInputSchema,
  goalFromInput,
  knownMetrics,
  listGoals,
  loadCityMetrics,
  saveGoal,
} from "../compstat/config.js";
import type { GoalStatus } from "../compstat/report.js";
import { AppError } from "../domain/errors.js";
import { areaNames } from "../store/info.js";
import { cachedCompStat } from "./compstat-query.js";
import { type ApiApp, ERROR_RESPONSES, ErrorSchema, type RouteContext } from "./context.js";

/** The answer of GET /api/goals (the web page imports this type). */
export interface GoalsAnswer {
  /** The last day counted. */
  readonly asOf: string;
  /** Whether the caller may add and remove goals (goals:write). */
  readonly canWrite: boolean;
  readonly goals: readonly GoalStatus[];
  /** Every metric a goal may name, for the form. */
  readonly metrics: readonly { id: string; label: string }[];
  /** Area names by layer, for the form. */
  readonly areas: readonly { layer: string; names: string[] }[];
}

const json = (name: string) => ({
  "application/json": { schema: z.record(z.string(), z.unknown()).openapi(name) },
});
const errorJson = { "application/json": { schema: ErrorSchema } };

const listRoute = createRoute({
  method: "get",
  path: "/api/goals",
  summary: "Every goal with its status, progress to date and projection to the deadline",
  request: {
    query: z.object({
      asOf: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional()
        .openapi({ description: "last day counted, YYYY-MM-DD (default: the CompStat book's)" }),
    }),
  },
  responses: { 200: { description: "the goals", content: json("Goals") }, ...ERROR_RESPONSES },
});

const createGoalRoute = createRoute({
  method: "post",
  path: "/api/goals",
  summary: "Add a goal (the rules of `peacestat goals add`)",
  request: { body: { content: { "application/json": { schema: GoalInputSchema } }, required: true } },
  responses: {
    201: { description: "the goal as stored", content: json("Goal") },
    ...ERROR_RESPONSES,
    409: { description: "a goal with this id exists", content: errorJson },
  },
});

const deleteGoalRoute = createRoute({
  method: "delete",
  path: "/api/goals/{id}",
  summary: "Remove a goal",
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: {
    200: {
      description: "removed",
      content: { "application/json": { schema: z.object({ ok: z.boolean(), id: z.string() }) } },
    },
    ...ERROR_RESPONSES,
    404: { description: "no such goal", content: errorJson },
  },
});

export function registerGoalRoutes(app: ApiApp, ctx: RouteContext): void {
  app.openapi(listRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "compstat:read");
    const { asOf } = c.req.valid("query");
    const report = await cachedCompStat(ctx, asOf ? { asOf } : {});
    const { metrics, areas } = await ctx.lock(async () => ({
      metrics: knownMetrics(await loadCityMetrics(ctx.db)),
      areas: await areaNames(ctx.db),
    }));
    const answer: GoalsAnswer = {
      asOf: report.asOf,
      canWrite: can(principal, "goals:write"),
      goals: report.goals,
      metrics,
      areas,
    };
    return c.json(answer as unknown as Record<string, unknown>, 200);
  });

  app.openapi(createGoalRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "goals:write");
    const goal = goalFromInput(c.req.valid("json"));
    await ctx.lock(async () => {
      if ((await listGoals(ctx.db)).some((g) => g.id === goal.id))
        throw new AppError(
          "conflict",
          `id: a goal '${goal.id}' exists; choose another id or delete it first`,
        );
      if (goal.layer !== null) {
        const layer = (await areaNames(ctx.db)).find((l) => l.layer === goal.layer);
        if (!layer) throw new AppError("invalid-argument", `area: no layer '${goal.layer}'`);
        if (!layer.names.includes(goal.area ?? ""))
          throw new AppError(
            "invalid-argument",
            `area: layer '${goal.layer}' has no area '${goal.area}' (it has ${layer.names.join(", ")})`,
          );
      }
      await saveGoal(ctx.db, goal, await loadCityMetrics(ctx.db));
    });
    await ctx.audit({ principal, action: "goal-create", resource: `goal:${goal.id}`, detail: { ...goal } });
    return c.json({ goal } as unknown as Record<string, unknown>, 201);
  });

  app.openapi(deleteGoalRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "goals:write");
    const { id } = c.req.valid("param");
    const removed = await ctx.lock(() => deleteGoal(ctx.db, id));
    if (!removed) throw new AppError("not-found", `no goal '${id}': GET /api/goals lists them`);
    await ctx.audit({ principal, action: "goal-delete", resource: `goal:${id}` });
    return c.json({ ok: true, id }, 200);
  });
}
