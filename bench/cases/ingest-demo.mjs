/**
 * Issue 8, case 1b: ingest of the large demo city's incidents exported as a generic incident CSV
 * (docs/formats/generic-csv.md; 5.37M incidents, about 5.6M rows), `peacestat import --format generic` into a
 * fresh city holding only the demo's districts, against DuckDB's bare `read_csv` of the same CSV.
 * Quick mode: the small demo city (about 50,000 incidents), built into the case's folder.
 *
 * The export is written by DuckDB from the demo database (opened read-only): one row per offense, the
 * weapons joined with `;`, local wall-clock times, WGS84 lat/lon, address and clearance; no district column
 * (the import assigns districts by polygon) and no attributes.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { buildDemo, LARGE_DEMO, LARGE_HOWTO } from "../lib/demo.mjs";
import ukCase, { ingestSummary, measurePhases, run, wantPhases } from "./ingest-uk.mjs";

/**
 * Writes the current incidents of a demo database as a generic CSV and its districts as GeoJSON; returns
 * the city's facts and the counts.
 */
export async function exportDemo(demoDb, csv, districts) {
  const instance = await DuckDBInstance.create(demoDb, { access_mode: "READ_ONLY" });
  const con = await instance.connect();
  try {
    const one = async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJson()[0];
    const city = await one("SELECT name, time_zone, analysis_crs FROM city");
    const counts = await one(
      "SELECT count(*)::BIGINT AS incidents, sum(len(offenses))::BIGINT AS rows FROM incidents WHERE valid_to IS NULL",
    );
    const ts = (c) => `strftime(${c}, '%Y-%m-%d %H:%M')`;
    await con.run(`COPY (
      SELECT incident_id, ${ts("occurred_at")} AS occurred_at, ${ts("reported_at")} AS reported_at, offense,
             array_to_string(weapons, ';') AS weapon, victims_shot, victims_killed, lat, lon, address, cleared,
             ${ts("cleared_at")} AS cleared_at
      FROM (SELECT *, unnest(offenses) AS offense FROM incidents WHERE valid_to IS NULL)
      ORDER BY occurred_at, incident_id, offense
    ) TO '${csv.replaceAll("'", "''")}' (HEADER)`);
    const areas = (
      await con.runAndReadAll(
        "SELECT name, geometry_wgs84::VARCHAR AS g FROM areas WHERE layer = 'district' ORDER BY name",
      )
    ).getRowObjectsJson();
    writeFileSync(
      districts,
      JSON.stringify({
        type: "FeatureCollection",
        features: areas.map((a) => ({
          type: "Feature",
          properties: { name: a.name },
          geometry: JSON.parse(a.g),
        })),
      }),
    );
    return {
      name: city.name,
      timeZone: city.time_zone,
      crs: city.analysis_crs,
      incidents: Number(counts.incidents),
      rows: Number(counts.rows),
      districts: areas.length,
    };
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

/** A fresh city database with the given districts: `peacestat init` + `peacestat areas import`. */
export function makeCity({ root, cli, base, name, timeZone, crs, districts }) {
  run(
    process.execPath,
    [cli, "init", "--db", base, "--timezone", timeZone, "--crs", crs, "--name", name],
    root,
  );
  run(
    process.execPath,
    [cli, "areas", "import", districts, "--layer", "district", "--name-field", "name", "--db", base],
    root,
  );
}

export default {
  ...ukCase,
  id: "ingest-demo",
  order: 1.5,
  // 3 runs, not 5: one import of the 5.6M rows takes minutes on 2 shared cores.
  runs: 3,
  title: "Ingest: the large demo city's incidents as a generic CSV (5.6M rows)",
  async unavailable({ quick, root }) {
    if (!existsSync(path.join(root, "dist/cli/main.js"))) return "dist/ is not built (npm run build)";
    if (!quick && !existsSync(LARGE_DEMO)) return `no large demo city at ${LARGE_DEMO}: ${LARGE_HOWTO}`;
    return null;
  },
  async prepare({ quick, root, work }) {
    const cli = path.join(root, "dist/cli/main.js");
    const demoDb = quick ? buildDemo("small", path.join(work, "small-demo.duckdb")).file : LARGE_DEMO;
    const file = path.join(work, "demo-incidents.csv");
    const districts = path.join(work, "districts.geojson");
    const demo = await exportDemo(demoDb, file, districts);
    const base = path.join(work, "base.duckdb");
    makeCity({ root, cli, base, ...demo, districts });
    const ctx = {
      cli,
      file,
      rows: demo.rows,
      incidents: demo.incidents,
      base,
      db: path.join(work, "city.duckdb"),
      rejects: path.join(work, "rejects.csv"),
    };
    ctx.phases = wantPhases(quick) ? measurePhases({ root, work, base, file, format: "generic" }) : null;
    await ukCase.reset(ctx);
    return ctx;
  },
  peacestat(ctx) {
    return {
      cmd: process.execPath,
      args: [
        ctx.cli,
        "import",
        ctx.file,
        "--format",
        "generic",
        "--db",
        ctx.db,
        "--rejects",
        ctx.rejects,
        "--json",
      ],
    };
  },
  summarize(ctx, sides) {
    const report = JSON.parse(sides.peacestat.stdout);
    const bare = sides.anchor ? JSON.parse(sides.anchor.stdout.trim().split("\n").at(-1)) : null;
    const rows = report.rows.read;
    const s = ingestSummary(rows, sides, ctx.phases);
    if (!ctx.quick) s.note += "; 3 runs (an import of 5.6M rows takes minutes)";
    s.figures.incidents = report.incidents.new;
    const ok =
      rows === ctx.rows &&
      report.rows.rejected === 0 &&
      report.incidents.new === ctx.incidents &&
      (!bare || bare.rows === rows);
    return {
      ...s,
      check: {
        ok,
        detail: `rows ${rows.toLocaleString("en-US")} of ${ctx.rows.toLocaleString("en-US")} exported, rejected ${report.rows.rejected}, incidents ${report.incidents.new.toLocaleString("en-US")} of ${ctx.incidents.toLocaleString("en-US")}, DuckDB rows ${bare ? bare.rows.toLocaleString("en-US") : "n/a"}`,
      },
    };
  },
};
