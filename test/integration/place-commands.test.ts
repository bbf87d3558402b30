/**
 * The place commands end to end on a city built for known answers: Wheeler & Ratcliffe's published WDD
 * example (treated 207 -> 110, control 308 -> 318, displacement area 178 -> 157, its control 150 -> 140)
 * laid out as incidents in four strip districts, run through the real CLI.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importAreaFile } from "../../src/app/import-areas.js";
import { importIncidentFile } from "../../src/app/import-incidents.js";
import { initCity } from "../../src/app/init-city.js";
import { Database } from "../../src/store/db.js";
import { districtGeoJson, HEIGHT, ORIGIN, STRIP, tmpDir } from "../helpers/synthetic-files.js";

const CLI = path.resolve("dist/cli/main.js");
const dir = tmpDir("place-commands");
const dbPath = path.join(dir, "city.duckdb");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// district -> [before (2019), after (2021)]: both periods 365 days, so no time weighting.
const COUNTS: Record<number, [number, number]> = {
  1: [207, 110],
  2: [308, 318],
  3: [178, 157],
  4: [150, 140],
  5: [3, 0],
};

function cli(args: readonly string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args, "--db", dbPath], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  const lines = ["incident_id,occurred_at,offense,weapon,lat,lon"];
  let id = 0;
  for (const [d, [before, after]] of Object.entries(COUNTS)) {
    for (const [year, n] of [
      [2019, before],
      [2021, after],
    ] as const) {
      for (let k = 0; k < n; k++) {
        const day = 1 + (k % 28);
        const month = 1 + (k % 12);
        const lon = ORIGIN.lon + (Number(d) - 1) * STRIP + STRIP * (0.1 + (0.8 * ((k * 37) % 100)) / 100);
        const lat = ORIGIN.lat + HEIGHT * (0.1 + (0.8 * ((k * 61) % 100)) / 100);
        lines.push(
          `I${++id},${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")} 12:00,13A,12,${lat.toFixed(6)},${lon.toFixed(6)}`,
        );
      }
    }
  }
  await initCity(dbPath, { name: "Stripton", timeZone: "America/Chicago", crs: "EPSG:32616" });
  const db = await Database.open(dbPath);
  try {
    const d = path.join(dir, "districts.geojson");
    fs.writeFileSync(d, districtGeoJson());
    await importAreaFile(db, d, { layer: "district", nameField: "DIST" });
    const f = path.join(dir, "incidents.csv");
    fs.writeFileSync(f, `${lines.join("\n")}\n`);
    const r = await importIncidentFile(db, f, {
      format: "generic",
      rejectsPath: path.join(dir, "rejects.csv"),
    });
    expect(r.rows.rejected).toBe(0);
  } finally {
    db.close();
  }
});

describe("peacestat displacement", () => {
  it("reproduces Wheeler & Ratcliffe's WDD from incidents: -118 (local -107, displacement -11), SE sqrt(1568)", () => {
    const r = cli([
      "displacement",
      "--target",
      "district:1",
      "--control",
      "district:2",
      "--buffer",
      "district:3",
      "--buffer-control",
      "district:4",
      "--before",
      "2019-01-01..2019-12-31",
      "--after",
      "2021-01-01..2021-12-31",
      "--json",
    ]);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.counts.target).toEqual({ before: 207, after: 110 });
    expect(out.counts.buffer).toEqual({ before: 178, after: 157 });
    expect(out.wdd.estTotal).toBeCloseTo(-118, 9);
    expect(out.wdd.estLocal).toBeCloseTo(-107, 9);
    expect(out.wdd.estDisplacement).toBeCloseTo(-11, 9);
    expect(out.wdd.seTotal).toBeCloseTo(Math.sqrt(1568), 9);
    expect(out.wdd.z).toBeCloseTo(-2.98, 2);
    expect(out.wdq).not.toBeNull();
  });

  it("a mistyped area is an error, not zero events", () => {
    const r = cli([
      "displacement",
      "--target",
      "district:9",
      "--control",
      "district:2",
      "--before",
      "2019-01-01..2019-12-31",
      "--after",
      "2021-01-01..2021-12-31",
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("no area '9' in layer 'district'");
  });
});

describe("peacestat evaluate, concentration, focus-areas", () => {
  it("evaluates the target against its control with the exact test beside the WDD", () => {
    const r = cli([
      "evaluate",
      "--target",
      "district:1",
      "--control",
      "district:2",
      "--before",
      "2019-01-01..2019-12-31",
      "--after",
      "2021-01-01..2021-12-31",
      "--json",
    ]);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.evaluation.wdd.estLocal).toBeCloseTo(-107, 9);
  });

  it("finds the fewest districts holding half of 2019's events", () => {
    const r = cli([
      "focus-areas",
      "--layer",
      "district",
      "--metric",
      "part1-violent",
      "--period",
      "2019-01-01..2019-12-31",
      "--share",
      "0.5",
      "--json",
    ]);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    // 2019: 308 + 207 = 515 of 846 events in districts 2 and 1; 308 alone is 36%.
    expect(out.smallestSet.cells).toEqual(["2", "1"]);
    expect(out.smallestSet.count).toBe(515);
  });

  it("measures concentration over every district, the empty ones included", () => {
    const r = cli([
      "concentration",
      "--layer",
      "district",
      "--metric",
      "part1-violent",
      "--period",
      "2019-01-01..2019-12-31",
      "--json",
    ]);
    const out = JSON.parse(r.stdout);
    expect(out.places).toBe(7);
    expect(out.result.events).toBe(846);
  });
});

describe("peacestat hotspots and near-repeat on a CSV of points", () => {
  // 400 background points spread evenly over 3 km x 3 km, and a planted cluster of 60 around (1500, 1500).
  const csv = path.join(dir, "points.csv");
  beforeAll(() => {
    const lines = ["x,y,date"];
    for (let i = 0; i < 400; i++) {
      const x = 75 + 150 * (i % 20);
      const y = 75 + 150 * Math.floor(i / 20);
      lines.push(`${x},${y},2024-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, "0")}`);
    }
    // The cluster: same block, within a week of each other (a near-repeat burst).
    for (let i = 0; i < 60; i++)
      lines.push(
        `${1500 + (i % 5) * 20},${1500 + Math.floor(i / 5) * 5},2024-05-${String(1 + (i % 6)).padStart(2, "0")}`,
      );
    fs.writeFileSync(csv, `${lines.join("\n")}\n`);
  });

  it("hotspots: the planted cluster's cell is a 99% hot spot, an ordinary cell is not", () => {
    const r = spawnSync(
      process.execPath,
      [CLI, "hotspots", "--points", csv, "--cell", "150", "--threshold", "300", "--json"],
      { encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.events).toBe(460);
    // Gi* scores a cell by its whole neighbourhood, so the cluster's cell and its neighbours are all hot.
    const cluster = out.significant.find((c: { count: number }) => c.count >= 30);
    expect(cluster?.class).toBe("hot-99");
    expect(out.significant[0].class).toBe("hot-99");
    expect(out.classes["not-significant"]).toBeGreaterThan(300);
    expect(
      out.significant.every(
        (c: { class: string }) => c.class.startsWith("hot") || c.class.startsWith("cold"),
      ),
    ).toBe(true);
  });

  it("near-repeat: the burst shows in the closest bands, and a seed gives the same p-values", () => {
    const run = () =>
      JSON.parse(
        spawnSync(
          process.execPath,
          [CLI, "near-repeat", "--points", csv, "--permutations", "99", "--seed", "7", "--json"],
          { encoding: "utf8" },
        ).stdout,
      );
    const a = run();
    expect(a.knox.knoxRatio[1][0]).toBeGreaterThan(2);
    expect(a.knox.pValue[1][0]).toBeCloseTo(0.01, 10);
    expect(run().knox.pValue).toEqual(a.knox.pValue);
  });

  it("kde: contours of the densest half hold the cluster; grid-counts conserve every point", () => {
    const geo = path.join(dir, "kde.geojson");
    const r = spawnSync(
      process.execPath,
      [
        CLI,
        "kde",
        "--points",
        csv,
        "--crs",
        "EPSG:32616",
        "--bandwidth",
        "300",
        "--cell",
        "25",
        "--geojson",
        geo,
        "--json",
      ],
      { encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe("ok");
    expect(out.contours.map((c: { massShare: number }) => c.massShare)).toEqual([0.5, 0.75, 0.9]);
    const fc = JSON.parse(fs.readFileSync(geo, "utf8"));
    expect(fc.features.length).toBe(3);
    const counts = spawnSync(
      process.execPath,
      [CLI, "grid-counts", "--points", csv, "--cell", "150", "--json"],
      { encoding: "utf8" },
    );
    const g = JSON.parse(counts.stdout);
    expect(g.total + g.outside).toBe(460);
  });

  it("focus-cells: the cluster's cells come first and hold their share", () => {
    const r = spawnSync(
      process.execPath,
      [CLI, "focus-cells", "--points", csv, "--cell", "150", "--share", "0.1", "--json"],
      { encoding: "utf8" },
    );
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    // 10% of 460 events is 46: the cluster's cell (60 points fall in one or two cells) suffices.
    expect(out.selectedCells).toBeLessThanOrEqual(2);
    expect(out.areas[0].count).toBeGreaterThanOrEqual(46);
  });
});
