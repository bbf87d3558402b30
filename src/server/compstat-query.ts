/**
 * The CompStat query every report-shaped endpoint shares (the page, the exports, the public view), and
 * the cached report behind it.
 */
import { z } from "@hono/zod-openapi";
import { buildCompStat, type CompStatOptions } from "../compstat/engine.js";
import { parseBaseline, parsePeriod, parseYears } from "../compstat/periods.js";
import type { CompStatReport } from "../compstat/report.js";
import { csvParam, type RouteContext } from "./context.js";
import { type JsonBody, jsonBody } from "./json-body.js";

const csv = csvParam;

export const CompStatQuery = z
  .object({
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .openapi({ description: "last day counted, YYYY-MM-DD" }),
    period: z.string().optional().openapi({ description: "comma-separated: week, 28d, ytd, year, FROM..TO" }),
    years: z.string().optional().openapi({ example: "2017-2019" }),
    baseline: z.string().optional().openapi({ example: "2007-2015" }),
    metric: z.string().optional().openapi({ description: "comma-separated metric ids" }),
    layer: z.string().optional().openapi({ description: "comma-separated layers" }),
    area: z.string().optional().openapi({ description: "LAYER:NAME" }),
    cross: z.string().optional(),
    rest: z.enum(["true", "false"]).optional(),
  })
  .openapi("CompStatQuery");

export function compstatOptionsFromQuery(q: z.infer<typeof CompStatQuery>): CompStatOptions {
  const area = q.area ? [q.area] : undefined;
  return {
    asOf: q.asOf,
    periods: csv(q.period)?.map(parsePeriod),
    years: q.years ? parseYears(q.years) : undefined,
    baseline: q.baseline ? parseBaseline(q.baseline) : undefined,
    metrics: csv(q.metric),
    layers: csv(q.layer),
    areas: area,
    cross: csv(q.cross),
    rest: q.rest === undefined ? undefined : q.rest === "true",
  };
}

/**
 * A CompStat report through the cache: computed once per (data version, options) and shared by every
 * caller until an import, a metric or a goal changes the data.
 */
export async function cachedCompStat(ctx: RouteContext, options: CompStatOptions): Promise<CompStatReport> {
  const version = await ctx.lock(() => ctx.cache.version(ctx.db));
  return ctx.cache.get(version, `compstat:${JSON.stringify(options)}`, () =>
    ctx.lock(() => buildCompStat(ctx.db, options)),
  );
}

/** The report as a cached JSON body (serialised and gzipped once per data version and options). */
export async function cachedCompStatJson(ctx: RouteContext, options: CompStatOptions): Promise<JsonBody> {
  const version = await ctx.lock(() => ctx.cache.version(ctx.db));
  return ctx.cache.get(version, `compstat-json:${JSON.stringify(options)}`, async () =>
    jsonBody(await cachedCompStat(ctx, options)),
  );
}
