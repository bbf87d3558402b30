/**
 * Place analysis over HTTP: hot spots, near repeat, concentration, displacement (docs/place-analysis.md,
 * docs/near-repeat.md). Each route parses its query, calls the same app function as the CLI command, and
 * answers aggregates about places (cells, bands, areas), never an event. Results are cached per data
 * version; the connection lock is held only while the events are read, not while a permutation test runs.
 * Parameters are bounded so one request cannot tie the server up: at most 999 permutations, cells of
 * 50 m or more, a limited number of events for the Knox test.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { boundsOf } from "../analysis/grid.js";
import { type AnalysisInput, pointsFromDb } from "../app/analysis-input.js";
import { parseAreaRef, parseRange } from "../app/area-counts.js";
import { hotspotAnalysis } from "../app/hotspot-cells.js";
import { nearRepeatAnswer, parseBandEdges, runNearRepeat } from "../app/near-repeat-run.js";
import { runConcentration, runDisplacement } from "../app/place-analyses.js";
import { requirePermission } from "../auth/roles.js";
import { AppError } from "../domain/errors.js";
import { type ApiApp, csvParam, ERROR_RESPONSES, ErrorSchema, type RouteContext } from "./context.js";

/** The Knox test's cost grows with the pairs inside the bands; past this the request is refused. */
export const MAX_KNOX_EVENTS = 5000;
/** Grid cells a hot spot request may test. */
export const MAX_GRID_CELLS = 400_000;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD")
  .optional();
const Selection = {
  metric: z.string().max(100).optional().openapi({ description: "metric id (CompStat definitions)" }),
  period: z.string().max(30).optional().openapi({ description: "ytd | 28d | week | year | FROM..TO" }),
  asOf: day.openapi({ description: "the period's last day (default: the last day with data)" }),
  area: z.string().max(200).optional().openapi({ description: "LAYER:NAME: only events in this area" }),
};
const num = (min: number, max: number, what: string) =>
  z.coerce
    .number(`expected a number (${what})`)
    .min(min, `at least ${min} (${what})`)
    .max(max, `at most ${max} (${what})`)
    .optional();
const whole = (min: number, max: number, what: string) =>
  z.coerce
    .number(`expected a whole number (${what})`)
    .int(`expected a whole number (${what})`)
    .min(min, `at least ${min} (${what})`)
    .max(max, `at most ${max} (${what})`)
    .optional();
const flag = z.enum(["true", "false"]).optional();

const HotspotsQuery = z
  .object({
    ...Selection,
    cell: num(50, 5000, "grid cell size in metres"),
    threshold: num(50, 50_000, "neighbourhood radius in metres, at least one cell, at most 10 cells"),
    fdr: flag.openapi({ description: "correct p-values for the number of cells (default true)" }),
    limit: whole(1, 1000, "significant cells listed"),
  })
  .openapi("HotspotsQuery");

const NearRepeatQuery = z
  .object({
    ...Selection,
    spaceBands: z.string().max(200).optional().openapi({ example: "0,100,200,300,400" }),
    timeBands: z.string().max(200).optional().openapi({ example: "0,7,14,21,28" }),
    distance: z.enum(["manhattan", "euclidean"]).optional(),
    permutations: whole(1, 999, "Monte Carlo permutations"),
    seed: whole(0, 2 ** 31 - 1, "permutation seed"),
    chains: flag.openapi({ description: "summarise near-repeat chains (default true)" }),
  })
  .openapi("NearRepeatQuery");

const ConcentrationQuery = z
  .object({
    layer: z.string().min(1).max(100).openapi({ description: "the places: a layer with boundaries" }),
    metric: Selection.metric,
    period: Selection.period,
    asOf: Selection.asOf,
    shares: z.string().max(100).optional().openapi({ description: "event shares, e.g. 0.25,0.5" }),
    top: whole(1, 100, "most eventful areas listed"),
  })
  .openapi("ConcentrationQuery");

const areaRef = z.string().min(3).max(200).openapi({ example: "focus_area:Meridian Avenue Corridor" });
const range = z.string().max(30).openapi({ example: "2019-01-01..2020-12-31" });
const DisplacementQuery = z
  .object({
    target: areaRef,
    control: areaRef,
    buffer: areaRef.optional(),
    bufferControl: areaRef.optional(),
    before: range,
    after: range,
    metric: Selection.metric,
  })
  .openapi("DisplacementQuery");

const json = z.record(z.string(), z.unknown());
const get = <Q extends z.ZodObject>(path: string, summary: string, query: Q) =>
  createRoute({
    method: "get",
    path,
    summary,
    request: { query },
    responses: {
      200: { description: "the analysis", content: { "application/json": { schema: json } } },
      ...ERROR_RESPONSES,
      404: {
        description: "no such metric, area or layer",
        content: { "application/json": { schema: ErrorSchema } },
      },
    },
  });

type SelectionQuery = { metric?: string; period?: string; asOf?: string; area?: string };

/** Reads the selection's events under the connection lock; a bad selection is a 400 or 404. */
function loadPoints(ctx: RouteContext, q: SelectionQuery, metric: string) {
  return ctx.lock(() =>
    pointsFromDb(ctx.db, { metric: q.metric ?? metric, period: q.period, asOf: q.asOf, area: q.area }),
  );
}

/** A cached result for (data version, key): computed once per data version. */
async function cached<T>(ctx: RouteContext, key: string, compute: () => Promise<T>): Promise<T> {
  const version = await ctx.lock(() => ctx.cache.version(ctx.db));
  return ctx.cache.get(version, `analysis:${key}`, compute);
}

function checkGrid(input: AnalysisInput, cell: number, threshold: number): void {
  if (threshold < cell || threshold > 10 * cell) {
    throw new AppError(
      "invalid-argument",
      `threshold: ${threshold} m must be between one cell (${cell} m) and ten cells (${10 * cell} m)`,
    );
  }
  const b = boundsOf(input.points);
  if (!b) return;
  const cells =
    Math.ceil((b.maxX - b.minX + 2 * threshold) / cell + 1) *
    Math.ceil((b.maxY - b.minY + 2 * threshold) / cell + 1);
  if (cells > MAX_GRID_CELLS) {
    throw new AppError(
      "invalid-argument",
      `cell: ${cell} m cells over these events make about ${cells} cells (at most ${MAX_GRID_CELLS}): use larger cells or an area`,
    );
  }
}

function shareList(raw: string | undefined): number[] | undefined {
  const list = csvParam(raw)?.map(Number);
  if (!list) return undefined;
  if (list.length > 5 || list.some((s) => !(s > 0 && s <= 1))) {
    throw new AppError("invalid-argument", `shares '${raw}': up to 5 fractions in (0, 1], e.g. 0.25,0.5`);
  }
  return list;
}

export function registerAnalysisRoutes(app: ApiApp, ctx: RouteContext): void {
  app.openapi(
    get("/api/analysis/hotspots", "Gi* hot and cold spots on a square grid, FDR-corrected", HotspotsQuery),
    async (c) => {
      requirePermission(c.get("principal"), "analysis:run");
      const q = c.req.valid("query");
      const cell = q.cell ?? 150;
      const opts = { cellSize: cell, threshold: q.threshold ?? cell * 2.5, fdr: q.fdr !== "false" };
      const key = JSON.stringify({ ...q, ...opts, limit: q.limit ?? 100 });
      const answer = await cached(ctx, `hotspots:${key}`, async () => {
        const input = await loadPoints(ctx, q, "nonfatal-shootings");
        checkGrid(input, opts.cellSize, opts.threshold);
        return hotspotAnalysis(input, { ...opts, limit: q.limit ?? 100 });
      });
      return c.json(answer as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    get("/api/analysis/near-repeat", "The Knox near-repeat test with seeded permutations", NearRepeatQuery),
    async (c) => {
      requirePermission(c.get("principal"), "analysis:run");
      const q = c.req.valid("query");
      const opts = {
        spaceBands: parseBandEdges("spaceBands", q.spaceBands ?? "0,100,200,300,400"),
        timeBands: parseBandEdges("timeBands", q.timeBands ?? "0,7,14,21,28"),
        distance: q.distance ?? "manhattan",
        permutations: q.permutations ?? 999,
        seed: q.seed ?? 1,
        chains: q.chains !== "false",
      } as const;
      if (opts.spaceBands.length > 12 || opts.timeBands.length > 12)
        throw new AppError("invalid-argument", "spaceBands, timeBands: at most 12 band edges each");
      if ((opts.spaceBands.at(-1) ?? 0) > 5000 || (opts.timeBands.at(-1) ?? 0) > 365)
        throw new AppError("invalid-argument", "spaceBands: edges up to 5000 m; timeBands: up to 365 days");
      const key = JSON.stringify({ ...q, ...opts });
      const answer = await cached(ctx, `near-repeat:${key}`, async () => {
        const input = await loadPoints(ctx, q, "nonfatal-shootings");
        if (input.points.length > MAX_KNOX_EVENTS) {
          throw new AppError(
            "invalid-argument",
            `${input.points.length} located events: the Knox test here takes at most ${MAX_KNOX_EVENTS}; choose a shorter period, an area or a narrower metric`,
          );
        }
        return nearRepeatAnswer(runNearRepeat(input, opts));
      });
      return c.json(answer as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    get(
      "/api/analysis/concentration",
      "How few places hold the events: Lorenz curve, Gini",
      ConcentrationQuery,
    ),
    async (c) => {
      requirePermission(c.get("principal"), "analysis:run");
      const q = c.req.valid("query");
      const opts = {
        layer: q.layer,
        metric: q.metric ?? "firearm-violent",
        period: q.period,
        asOf: q.asOf,
        shares: shareList(q.shares),
        top: q.top ?? 10,
      };
      const answer = await cached(ctx, `concentration:${JSON.stringify(opts)}`, () =>
        ctx.lock(() => runConcentration(ctx.db, opts)),
      );
      return c.json(answer as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    get("/api/analysis/displacement", "Did crime move? WDQ and the WDD test", DisplacementQuery),
    async (c) => {
      requirePermission(c.get("principal"), "analysis:run");
      const q = c.req.valid("query");
      const opts = {
        target: parseAreaRef(q.target, "target"),
        control: parseAreaRef(q.control, "control"),
        buffer: q.buffer ? parseAreaRef(q.buffer, "buffer") : null,
        bufferControl: q.bufferControl ? parseAreaRef(q.bufferControl, "bufferControl") : null,
        before: parseRange(q.before, "before"),
        after: parseRange(q.after, "after"),
        metric: q.metric ?? "firearm-violent",
      };
      if (opts.bufferControl && !opts.buffer)
        throw new AppError("invalid-argument", "bufferControl: name the buffer area too (buffer=LAYER:NAME)");
      const answer = await cached(ctx, `displacement:${JSON.stringify(opts)}`, () =>
        ctx.lock(() => runDisplacement(ctx.db, opts)),
      );
      return c.json(answer as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    get("/api/analysis/areas", "Area layers and names, for the analysis forms", z.object({})),
    async (c) => {
      requirePermission(c.get("principal"), "analysis:run");
      const rows = await ctx.lock(() =>
        ctx.db.all<{ layer: string; name: string }>("SELECT layer, name FROM areas ORDER BY layer, name"),
      );
      const layers = new Map<string, string[]>();
      for (const r of rows) layers.set(r.layer, [...(layers.get(r.layer) ?? []), r.name]);
      return c.json({ layers: [...layers].map(([layer, areas]) => ({ layer, areas })) }, 200);
    },
  );
}
