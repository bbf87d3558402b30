/**
 * Map layers: area boundaries, incident points (audited), grid counts, kernel density and Gi* cells. Every
 * layer is WGS84 GeoJSON computed by the same app function as its CLI command (`grid-counts`, `kde`,
 * `hotspots`), so the map and a printed analysis agree cell for cell. Derived layers are cached per data
 * version; incident points are record-level, so they are never cached and every view is audited.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { boundsOf } from "../analysis/grid.js";
import { type AnalysisInput, type DbSelection, pointsFromDb } from "../app/analysis-input.js";
import { checkGridSize, contourFeatures, gridCounts, kdeContours } from "../app/density.js";
import { hotspots } from "../app/hotspots.js";
import { areaLayer, mapConfig } from "../app/map-areas.js";
import { incidentPoints } from "../app/map-incidents.js";
import { requirePermission } from "../auth/roles.js";
import { type ApiApp, ERROR_RESPONSES, PurposeParam, type RouteContext, requirePurpose } from "./context.js";

/** The most cells a grid or raster may have: a city at 150 m is ~10,000; 250,000 is ~10 MB of GeoJSON. */
export const MAX_MAP_CELLS = 250_000;
/** The most incident points one request returns (newest first; the answer says how many were left out). */
export const MAX_MAP_INCIDENTS = 5000;
const DEFAULT_METRIC = "nonfatal-shootings";

const Selection = {
  metric: z
    .string()
    .optional()
    .openapi({ description: `metric id (default ${DEFAULT_METRIC})`, example: "part1-violent" }),
  period: z
    .string()
    .optional()
    .openapi({ description: "ytd | 28d | week | year | FROM..TO: its current window (default year)" }),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD")
    .optional()
    .openapi({ description: "the period's last day (default: the last day with data)" }),
  area: z.string().optional().openapi({ description: "LAYER:NAME: only events in this area" }),
};
const metres = (what: string, max: number) =>
  z.coerce
    .number()
    .positive(`expected a positive number of metres`)
    .max(max, `at most ${max} m`)
    .optional()
    .openapi({ description: what, type: "number" });

const GridQuery = z.object({ ...Selection, cell: metres("square cell side, metres (default 150)", 10_000) });
const DensityQuery = z.object({
  ...Selection,
  bandwidth: metres("search radius, metres (default: ArcGIS's rule from the data's spread)", 20_000),
});
const HotspotQuery = z.object({
  ...Selection,
  cell: metres("cell side, metres (default 150)", 10_000),
  threshold: metres("neighbourhood radius, metres (default 2.5 cells)", 50_000),
});
const IncidentQuery = z.object({ ...Selection, purpose: PurposeParam });

const json = (name: string, description: string) => ({
  200: {
    description,
    content: { "application/json": { schema: z.record(z.string(), z.unknown()).openapi(name) } },
  },
  ...ERROR_RESPONSES,
});

const configRoute = createRoute({
  method: "get",
  path: "/api/map/config",
  summary: "The map's basemap style URL (null: offline), the city's bounds and its area layers",
  responses: json("MapConfig", "basemap, bounds [w,s,e,n], layers with their area names"),
});
const areasRoute = createRoute({
  method: "get",
  path: "/api/map/areas",
  summary: "One area layer's polygons (WGS84 GeoJSON; properties layer, name, sqMi)",
  request: { query: z.object({ layer: z.string().min(1).openapi({ example: "district" }) }) },
  responses: {
    ...json("AreaLayer", "a FeatureCollection"),
    404: ERROR_RESPONSES[400],
  },
});
const gridRoute = createRoute({
  method: "get",
  path: "/api/map/grid",
  summary: "Event counts on square cells (cells with none left out), as peacestat grid-counts",
  request: { query: GridQuery },
  responses: json("MapGrid", "summary and `geojson` (properties cell, row, col, count)"),
});
const densityRoute = createRoute({
  method: "get",
  path: "/api/map/density",
  summary: "Quartic kernel density contours holding 50/75/90% of the mass, as peacestat kde",
  request: { query: DensityQuery },
  responses: json("MapDensity", "summary and `geojson` (properties level, mass, share, perKm2)"),
});
const hotspotsRoute = createRoute({
  method: "get",
  path: "/api/map/hotspots",
  summary: "Getis-Ord Gi* hot and cold spot cells (FDR-adjusted), as peacestat hotspots",
  request: { query: HotspotQuery },
  responses: json("MapHotspots", "the hot spot result and `geojson` (properties cell, count, z, p, class)"),
});
const incidentsRoute = createRoute({
  method: "get",
  path: "/api/map/incidents",
  summary: `Incident points (record-level: purpose required, audited), newest first, at most ${MAX_MAP_INCIDENTS}`,
  request: { query: IncidentQuery },
  responses: json("MapIncidents", "counts, `truncated`, and `geojson` points"),
});

function selection(q: { metric?: string; period?: string; asOf?: string; area?: string }): DbSelection {
  return { metric: q.metric ?? DEFAULT_METRIC, period: q.period, asOf: q.asOf, area: q.area };
}

/** What every event layer's answer starts with: the selection in words and its counts. */
function header(input: AnalysisInput) {
  return {
    description: input.description,
    from: input.from,
    to: input.to,
    events: input.points.length,
    unlocated: input.unlocated,
  };
}

export function registerMapRoutes(app: ApiApp, ctx: RouteContext): void {
  /** A derived layer through the cache: once per (data version, request). */
  const cached = async <T>(key: string, compute: () => Promise<T>): Promise<T> => {
    const version = await ctx.lock(() => ctx.cache.version(ctx.db));
    return ctx.cache.get(version, `map:${key}`, () => ctx.lock(compute));
  };

  app.openapi(configRoute, async (c) => {
    requirePermission(c.get("principal"), "aggregates:read");
    const config = await cached("config", () => mapConfig(ctx.db));
    return c.json({ basemapUrl: ctx.basemapUrl, ...config } as unknown as Record<string, unknown>, 200);
  });

  app.openapi(areasRoute, async (c) => {
    requirePermission(c.get("principal"), "aggregates:read");
    const { layer } = c.req.valid("query");
    const fc = await cached(`areas:${layer}`, () => areaLayer(ctx.db, layer));
    return c.json(fc as unknown as Record<string, unknown>, 200);
  });

  app.openapi(gridRoute, async (c) => {
    requirePermission(c.get("principal"), "compstat:read");
    const q = c.req.valid("query");
    const sel = selection(q);
    const body = await cached(`grid:${JSON.stringify([sel, q.cell])}`, async () => {
      const input = await pointsFromDb(ctx.db, sel);
      const g = gridCounts(input, { cellSize: q.cell, maxCells: MAX_MAP_CELLS });
      return { ...header(input), ...g.summary, geojson: g.geojson };
    });
    return c.json(body as unknown as Record<string, unknown>, 200);
  });

  app.openapi(densityRoute, async (c) => {
    requirePermission(c.get("principal"), "compstat:read");
    const q = c.req.valid("query");
    const sel = selection(q);
    const body = await cached(`density:${JSON.stringify([sel, q.bandwidth])}`, async () => {
      const input = await pointsFromDb(ctx.db, sel);
      const k = kdeContours(input, { bandwidth: q.bandwidth, maxCells: MAX_MAP_CELLS });
      return { ...header(input), ...k.summary, geojson: contourFeatures(k) };
    });
    return c.json(body as unknown as Record<string, unknown>, 200);
  });

  app.openapi(hotspotsRoute, async (c) => {
    requirePermission(c.get("principal"), "analysis:run");
    const q = c.req.valid("query");
    const sel = selection(q);
    const body = await cached(`hotspots:${JSON.stringify([sel, q.cell, q.threshold])}`, async () => {
      const input = await pointsFromDb(ctx.db, sel);
      const cellSize = q.cell ?? 150;
      const b = boundsOf(input.points);
      // The Gi* grid is the events' box grown by one neighbourhood radius (hotspots.ts).
      if (b) checkGridSize(b, cellSize, q.threshold ?? cellSize * 2.5, MAX_MAP_CELLS);
      const { result, geojson } = hotspots(input, { cellSize, threshold: q.threshold });
      return { ...header(input), ...result, geojson };
    });
    return c.json(body as unknown as Record<string, unknown>, 200);
  });

  app.openapi(incidentsRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "records:read");
    const q = c.req.valid("query");
    const purpose = requirePurpose(q.purpose);
    const sel = selection(q);
    // Record-level: computed per request (never from the cache), and each answer is one audit entry.
    const r = await ctx.lock(() => incidentPoints(ctx.db, sel, { limit: MAX_MAP_INCIDENTS }));
    await ctx.audit({
      principal,
      action: "view-records",
      resource: "map/incidents",
      purpose,
      detail: {
        count: r.geojson.features.length,
        truncated: r.truncated,
        metric: sel.metric,
        period: sel.period ?? null,
        asOf: sel.asOf ?? null,
        area: sel.area ?? null,
        from: r.from,
        to: r.to,
      },
    });
    return c.json(r as unknown as Record<string, unknown>, 200);
  });
}
