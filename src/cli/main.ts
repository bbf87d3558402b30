#!/usr/bin/env node
/**
 * peacestat: the command-line tool. Each command parses its flags, calls one app function and prints
 * the result (text for people, `--json` for scripts). Errors: one actionable line on stderr, exit != 0.
 */
import fs from "node:fs";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { buildDemoDatabase, DEMO_SIZES, type DemoSize } from "../app/demo.js";
import { importAreaFile } from "../app/import-areas.js";
import { ALL_FORMAT_NAMES, importFile } from "../app/import-file.js";
import { importPopulationFile } from "../app/import-populations.js";
import { describeDatabase } from "../app/info.js";
import { initCity } from "../app/init-city.js";
import { log } from "../app/log.js";
import { AppError, isAppError } from "../domain/errors.js";
import { Database } from "../store/db.js";
import { registerActionsCommand } from "./actions-command.js";
import { registerAuditCommand } from "./audit-command.js";
import { registerCompStat } from "./compstat-command.js";
import { registerDensityCommands, registerFocusCellsCommand } from "./density-commands.js";
import { formatAreaImport, formatImport, formatInfo } from "./format.js";
import { registerHotspotCommands, registerNearRepeatCommand } from "./hotspot-commands.js";
import { registerMeetingCommands } from "./meeting-commands.js";
import { registerPartnerCommands } from "./partner-commands.js";
import { registerPatternCommands } from "./pattern-commands.js";
import { registerPlaceCommands } from "./place-commands.js";
import { terminalProgress } from "./progress-bar.js";
import { registerReviewCommand } from "./review-command.js";
import { registerRiskTerrainCommand } from "./risk-command.js";
import { registerUsersCommand } from "./users-command.js";

const DEFAULT_DB = "./data/peacestat.duckdb";
const dbDefault = () => process.env.PEACESTAT_DB ?? DEFAULT_DB;

const EXIT: Record<string, number> = {
  "invalid-argument": 2,
  "not-found": 3,
  "bad-file": 4,
  busy: 5,
  conflict: 6,
  unsupported: 7,
  database: 8,
  unauthorized: 9,
  forbidden: 10,
};

function print(json: boolean, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}

async function withDb<T>(dbPath: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.open(dbPath);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** Help for `serve --basemap` and `start --basemap`. */
const BASEMAP_HELP =
  "MapLibre style URL drawn under the map (env PEACESTAT_BASEMAP_URL); default none: boundaries on a plain background, no tile server, works offline";

const intArg = (name: string) => (v: string) => {
  if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a whole number`);
  return Number(v);
};

export function buildProgram(): Command {
  const program = new Command("peacestat")
    .description(
      "PeaceStat: numbers, review, actions and honest evaluation for a city's violence reduction partnership",
    )
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)");

  program
    .command("init")
    .description("create a database for a city")
    .option("--db <path>", "database file (default $PEACESTAT_DB or ./data/peacestat.duckdb)")
    .requiredOption("--timezone <zone>", "IANA time zone of the city, e.g. America/Chicago")
    .option("--name <name>", "city name", "City")
    .option("--crs <EPSG:n>", "projected analysis CRS in metres (default: UTM zone of the first data loaded)")
    .option("--json", "print JSON")
    .action(async (o: { db?: string; timezone: string; name: string; crs?: string; json?: boolean }) => {
      const db = o.db ?? dbDefault();
      const city = await initCity(db, { name: o.name, timeZone: o.timezone, crs: o.crs });
      print(
        !!o.json,
        { kind: "city-created", database: path.resolve(db), city },
        () =>
          `Created ${path.resolve(db)} for ${city.name} (${city.timeZone}, analysis CRS ${city.analysisCrs ?? "from the first data loaded"})`,
      );
    });

  program
    .command("import")
    .description("import an incident file (every row accounted for; one transaction)")
    .argument("<file>", "the file to import (.csv or .csv.gz)")
    .option("--db <path>", "database file")
    .option("--format <name>", `file format: ${ALL_FORMAT_NAMES.join(", ")}`, "generic")
    .option("--source <name>", "namespace of the file's incident ids (default: the format name)")
    .option("--crs <EPSG:n>", "CRS of x/y columns")
    .option("--rejects <path>", "where to write rejected rows and warnings (default: <db folder>/rejects/)")
    .option("--dry-run", "validate and report, write nothing")
    .option("--json", "print JSON")
    .action(
      async (
        file: string,
        o: {
          db?: string;
          format: string;
          source?: string;
          crs?: string;
          rejects?: string;
          dryRun?: boolean;
          json?: boolean;
        },
      ) => {
        const report = await withDb(o.db ?? dbDefault(), (db) =>
          importFile(db, file, {
            format: o.format,
            source: o.source,
            crs: o.crs,
            dryRun: o.dryRun,
            rejectsPath: o.rejects,
            progress: terminalProgress(!o.json),
          }),
        );
        print(!!o.json, report, () => formatImport(report));
      },
    );

  const areas = program.command("areas").description("area layers: districts, focus areas, tracts, ...");
  areas
    .command("import")
    .description(
      "import (or replace) an area layer from GeoJSON, a Shapefile (.shp/.dbf/.prj) or KML/KMZ; every event is re-assigned",
    )
    .argument("<file>", "a .geojson/.json, .shp (or its folder), .kml or .kmz file")
    .option("--db <path>", "database file")
    .requiredOption("--layer <name>", "layer name: district, focus_area, tract, ...")
    .requiredOption("--name-field <field>", "property that names each area")
    .option("--population-field <field>", "property holding the population")
    .option("--population-year <year>", "year of that population", intArg("--population-year"))
    .option(
      "--crs <EPSG:n>",
      "CRS of the coordinates (default: the .prj or the file's crs member, else WGS84)",
    )
    .option("--dry-run", "validate and report, write nothing")
    .option("--json", "print JSON")
    .action(
      async (
        file: string,
        o: {
          db?: string;
          layer: string;
          nameField: string;
          populationField?: string;
          populationYear?: number;
          crs?: string;
          dryRun?: boolean;
          json?: boolean;
        },
      ) => {
        const report = await withDb(o.db ?? dbDefault(), (db) =>
          importAreaFile(db, file, {
            layer: o.layer,
            nameField: o.nameField,
            populationField: o.populationField,
            populationYear: o.populationYear,
            crs: o.crs,
            dryRun: o.dryRun,
          }),
        );
        print(!!o.json, report, () => formatAreaImport(report));
      },
    );

  const populations = program.command("populations").description("population by area and year, for rates");
  populations
    .command("import")
    .description("import populations of a layer's areas for one year from a CSV")
    .argument("<file>", "CSV with an area-name column and a population column")
    .option("--db <path>", "database file")
    .requiredOption("--layer <name>", "the layer the names refer to (district, tract, ...)")
    .requiredOption("--name-field <column>", "column with the area name")
    .requiredOption("--population-field <column>", "column with the population")
    .requiredOption("--year <year>", "the year the counts are for", intArg("--year"))
    .option("--dry-run", "validate and report, write nothing")
    .option("--json", "print JSON")
    .action(
      async (
        file: string,
        o: {
          db?: string;
          layer: string;
          nameField: string;
          populationField: string;
          year: number;
          dryRun?: boolean;
          json?: boolean;
        },
      ) => {
        const r = await withDb(o.db ?? dbDefault(), (db) =>
          importPopulationFile(db, file, {
            layer: o.layer,
            nameField: o.nameField,
            populationField: o.populationField,
            year: o.year,
            dryRun: o.dryRun,
          }),
        );
        print(!!o.json, r, () =>
          [
            `${r.dryRun ? "Dry run (nothing written): p" : "P"}opulations ${r.year} for layer '${r.layer}' (batch ${r.batchId}): ${r.rows.stored.toLocaleString("en-US")} areas, total ${r.total.toLocaleString("en-US")}; rows read ${r.rows.read} = stored ${r.rows.stored} + rejected ${r.rows.rejected}`,
            ...r.reasons.map((x) => `    ${x.count} x ${x.reason} (first on line ${x.firstLine})`),
            r.unmatchedNames.length > 0
              ? `  ${r.unmatchedNames.length} names not in the layer (kept): ${r.unmatchedNames.slice(0, 10).join(", ")}`
              : "",
            r.areasWithoutPopulation.length > 0
              ? `  ${r.areasWithoutPopulation.length} areas of the layer without a population: ${r.areasWithoutPopulation.slice(0, 10).join(", ")}`
              : "",
          ]
            .filter((l) => l !== "")
            .join("\n"),
        );
      },
    );

  program
    .command("demo")
    .description("create the synthetic demo city (deterministic: same seed, same city)")
    .option("--db <path>", "database file (must not exist yet)")
    .option("--size <size>", `${DEMO_SIZES.join(" | ")} (~50k, ~500k, 5M+ incidents)`, "small")
    .option("--seed <n>", "random seed", intArg("--seed"), 1)
    .option("--json", "print JSON")
    .action(async (o: { db?: string; size: string; seed: number; json?: boolean }) => {
      if (!(DEMO_SIZES as readonly string[]).includes(o.size)) {
        throw new AppError("invalid-argument", `--size ${o.size}: expected ${DEMO_SIZES.join(", ")}`);
      }
      const report = await buildDemoDatabase(o.db ?? dbDefault(), {
        size: o.size as DemoSize,
        seed: o.seed,
        progress: terminalProgress(!o.json),
      });
      print(
        !!o.json,
        report,
        () =>
          `Demo city ${report.city} (${o.size}, seed ${o.seed}) in ${report.database}: ${report.incidents.toLocaleString("en-US")} incidents ${report.firstDate} to ${report.lastDate}, ${report.detections.toLocaleString("en-US")} gunshot detections, ${report.calls.toLocaleString("en-US")} calls for service, layers ${report.layers.join(", ")} (${report.seconds.toFixed(1)} s)`,
      );
    });

  program
    .command("info")
    .description("what the database holds: incidents by year and offense, layers, batches, as-of")
    .option("--db <path>", "database file")
    .option("--json", "print JSON")
    .action(async (o: { db?: string; json?: boolean }) => {
      const info = await withDb(o.db ?? dbDefault(), (db) => describeDatabase(db));
      print(!!o.json, info, () => formatInfo(info));
    });

  registerCompStat(program, withDb, dbDefault);
  registerActionsCommand(program, dbDefault);
  registerMeetingCommands(program, dbDefault);
  registerPartnerCommands(program, dbDefault);
  registerUsersCommand(program, withDb, dbDefault);
  registerAuditCommand(program, withDb, dbDefault);
  registerPlaceCommands(program, withDb, dbDefault);
  registerHotspotCommands(program, dbDefault);
  registerNearRepeatCommand(program, dbDefault);
  registerRiskTerrainCommand(program, dbDefault);
  registerPatternCommands(program, dbDefault);
  registerDensityCommands(program, dbDefault);
  registerFocusCellsCommand(program, dbDefault);
  registerReviewCommand(program, dbDefault);

  program
    .command("serve")
    .description("the HTTP API (docs/api.md) on one port; holds the database until stopped")
    .option("--db <path>", "database file")
    .option("--port <n>", "port (0: any free port)", intArg("--port"), 8080)
    .option("--host <address>", "address to listen on (default loopback only)", "127.0.0.1")
    .option("--basemap <url>", BASEMAP_HELP)
    .action(async (o: { db?: string; port: number; host: string; basemap?: string }) => {
      const { basemapFrom, startServer } = await import("../server/serve.js");
      const s = await startServer({
        dbPath: o.db ?? dbDefault(),
        port: o.port,
        host: o.host,
        basemapUrl: basemapFrom(o.basemap),
      });
      process.stdout.write(
        `PeaceStat API at ${s.url}/api (OpenAPI: ${s.url}/api/openapi.json); Ctrl-C stops it\n`,
      );
      const stop = () => void s.close().then(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });

  program
    .command("start")
    .description(
      "what `npm start` runs: create the demo city if no database exists, summarise it, and serve the web app",
    )
    .option("--db <path>", "database file")
    .option("--size <size>", "demo size when one is created", "city")
    .option("--port <n>", "port to serve on", intArg("--port"), 8080)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--no-serve", "only create and summarise, then exit")
    .option("--basemap <url>", BASEMAP_HELP)
    .action(
      async (o: {
        db?: string;
        size: string;
        port: number;
        host: string;
        serve: boolean;
        basemap?: string;
      }) => {
        const { basemapFrom, startServer } = await import("../server/serve.js");
        // A bad URL fails before the demo city is built, not after.
        const basemapUrl = basemapFrom(o.basemap);
        const dbPath = o.db ?? dbDefault();
        if (!fs.existsSync(dbPath)) {
          process.stdout.write(`No database at ${dbPath}: creating the demo city (size ${o.size})...\n`);
          const r = await buildDemoDatabase(dbPath, {
            size: o.size as DemoSize,
            seed: 1,
            progress: terminalProgress(true),
          });
          process.stdout.write(
            `  ${r.incidents.toLocaleString("en-US")} incidents in ${r.seconds.toFixed(1)} s\n\n`,
          );
        }
        const { info, demoLogin } = await withDb(dbPath, async (db) => ({
          info: await describeDatabase(db),
          demoLogin: await ensureDemoLogin(db),
        }));
        process.stdout.write(`${formatInfo(info)}\n\n`);
        if (!o.serve) {
          process.stdout.write("Next: 'node dist/cli/main.js --help', and the tour in README.md\n");
          return;
        }
        const s = await startServer({ dbPath, port: o.port, host: o.host, basemapUrl });
        process.stdout.write(
          `PeaceStat is at ${s.url}/ (API: ${s.url}/api/openapi.json)${demoLogin ? `\nDemo login: ${demoLogin.username} / ${demoLogin.password} (created for the demo city only)` : ""}\nCtrl-C stops it.\n`,
        );
        const stop = () => void s.close().then(() => process.exit(0));
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      },
    );

  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (e) {
    if (isAppError(e)) {
      process.stderr.write(`peacestat: ${e.message}\n`);
      process.exitCode = EXIT[e.code] ?? 1;
      return;
    }
    // A bug, not bad input: the stack goes to the structured log, one line to the user.
    log.error({ err: e }, "unexpected error");
    process.stderr.write(
      `peacestat: unexpected error: ${e instanceof Error ? e.message : String(e)} (the stack is in the log above; please report it)\n`,
    );
    process.exitCode = 1;
  }
}

void main();

/**
 * The demo city gets one sign-in so `npm start` opens onto something: an analyst `demo` with a published
 * password, created only when the database holds the demo city and no users at all. A real city's
 * database never gets it.
 */
async function ensureDemoLogin(db: Database): Promise<{ username: string; password: string } | null> {
  const demo = await db.one<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM import_batches WHERE kind = 'demo'",
  );
  if ((demo?.n ?? 0) === 0) return null;
  const login = { username: "demo", password: "peacestat-demo" };
  const users = await db.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM users");
  if ((users?.n ?? 0) === 0) {
    const { addUser } = await import("../auth/users.js");
    await addUser(db, { ...login, role: "analyst", displayName: "Demo analyst" });
    return login;
  }
  const existing = await db.one<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM users WHERE username = 'demo'",
  );
  return (existing?.n ?? 0) > 0 ? login : null;
}
