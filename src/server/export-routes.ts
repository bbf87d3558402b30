/**
 * CompStat exports and trends.
 *
 * Exports are the packet that leaves the building (CSV, XLSX, the printable HTML packet, PDF): each one
 * needs `exports:create`, a stated purpose, and writes one audit entry (who, when, which report, why)
 * before the file is sent. The report comes from the same cache as the page, so the file holds exactly
 * the numbers on screen.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { requirePermission } from "../auth/roles.js";
import { renderCsv } from "../compstat/render-csv.js";
import { renderHtml } from "../compstat/render-html.js";
import { renderPdfBuffer } from "../compstat/render-pdf.js";
import { renderXlsx } from "../compstat/render-xlsx.js";
import { buildTrend, type TrendOptions } from "../compstat/trend.js";
import { CompStatQuery, cachedCompStat, compstatOptionsFromQuery } from "./compstat-query.js";
import {
  type ApiApp,
  csvParam,
  ERROR_RESPONSES,
  PurposeParam,
  type RouteContext,
  requirePurpose,
} from "./context.js";
import { jsonBody, sendJson } from "./json-body.js";

const FORMATS = {
  csv: { type: "text/csv; charset=utf-8", ext: "csv" },
  xlsx: { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext: "xlsx" },
  html: { type: "text/html; charset=utf-8", ext: "html" },
  pdf: { type: "application/pdf", ext: "pdf" },
} as const;
type Format = keyof typeof FORMATS;

const ExportQuery = CompStatQuery.extend({
  format: z.enum(["csv", "xlsx", "html", "pdf"]).openapi({ description: "file type" }),
  purpose: PurposeParam,
}).openapi("CompStatExportQuery");

const exportRoute = createRoute({
  method: "get",
  path: "/api/compstat/export",
  summary: "The CompStat report as a file (CSV, XLSX, HTML packet, PDF packet); audited with its purpose",
  request: { query: ExportQuery },
  responses: {
    200: {
      description: "the file, as an attachment",
      content: {
        "text/csv": { schema: z.string() },
        "application/pdf": { schema: z.string().openapi({ format: "binary" }) },
      },
    },
    ...ERROR_RESPONSES,
  },
});

const TrendQuery = z
  .object({
    metric: z
      .string()
      .optional()
      .openapi({ description: "comma-separated metric ids (default homicides, nonfatal-shootings)" }),
    area: z.string().optional().openapi({ description: "LAYER:NAME (default citywide)" }),
    asOf: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    months: z.coerce.number().int().min(1).max(120).optional(),
    baselineYears: z.coerce.number().int().min(1).max(10).optional(),
  })
  .openapi("TrendQuery");

const trendRoute = createRoute({
  method: "get",
  path: "/api/compstat/trend",
  summary: "Monthly counts with the expected count and range from the same months of earlier years",
  request: { query: TrendQuery },
  responses: {
    200: {
      description: "the series (schema peacestat.trend/1, docs/compstat.md)",
      content: { "application/json": { schema: z.record(z.string(), z.unknown()).openapi("TrendReport") } },
    },
    ...ERROR_RESPONSES,
  },
});

export function registerExportRoutes(app: ApiApp, ctx: RouteContext): void {
  app.openapi(exportRoute, async (c) => {
    const principal = c.get("principal");
    requirePermission(principal, "exports:create");
    const q = c.req.valid("query");
    const purpose = requirePurpose(q.purpose);
    const { format, purpose: _p, ...query } = q;
    const options = compstatOptionsFromQuery(query);
    const report = await cachedCompStat(ctx, options);
    const body = await render(format, report);
    await ctx.audit({
      principal,
      action: "export",
      resource: `compstat.${format}`,
      purpose,
      detail: { query, asOf: report.asOf, bytes: body.byteLength },
    });
    const name = `peacestat-compstat-${report.asOf}.${FORMATS[format].ext}`;
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        "content-type": FORMATS[format].type,
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
      },
    }) as never;
  });

  app.openapi(trendRoute, async (c) => {
    requirePermission(c.get("principal"), "compstat:read");
    const q = c.req.valid("query");
    const options: TrendOptions = {
      metrics: csvParam(q.metric),
      area: q.area,
      asOf: q.asOf,
      months: q.months,
      baselineYears: q.baselineYears,
    };
    const version = await ctx.lock(() => ctx.cache.version(ctx.db));
    const body = await ctx.cache.get(version, `trend:${JSON.stringify(options)}`, async () =>
      jsonBody(await ctx.lock(() => buildTrend(ctx.db, options))),
    );
    return sendJson(c, body) as never;
  });
}

async function render(format: Format, report: Parameters<typeof renderCsv>[0]): Promise<Buffer> {
  switch (format) {
    case "csv":
      return Buffer.from(renderCsv(report), "utf8");
    case "xlsx":
      return renderXlsx(report);
    case "html":
      return Buffer.from(renderHtml(report), "utf8");
    case "pdf":
      // Chromium runs outside the connection lock: printing must not hold up other requests' queries.
      return renderPdfBuffer(renderHtml(report));
  }
}
