/**
 * Properties of any import, on random files: every row is accounted for, importing twice equals importing
 * once, district counts sum to the total, and the order of rows does not change what is stored.
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importAreaFile } from "../../src/app/import-areas.js";
import { importIncidentFile } from "../../src/app/import-incidents.js";
import { initCity } from "../../src/app/init-city.js";
import { Database } from "../../src/store/db.js";
import { districtGeoJson, HEIGHT, ORIGIN, STRIP, tmpDir } from "../helpers/synthetic-files.js";

let dir: string;
let k = 0;
beforeAll(() => {
  dir = tmpDir("props");
  fs.writeFileSync(path.join(dir, "d.geojson"), districtGeoJson());
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const rowArb = fc.record({
  id: fc.integer({ min: 1, max: 40 }),
  day: fc.integer({ min: 1, max: 28 }),
  offense: fc.constantFrom("13A", "13a", "120", "220", "23H", "09A", "121", "XX"),
  located: fc.constantFrom("in", "out", "none", "bad"),
  fx: fc.double({ min: 0, max: 1, noNaN: true }),
  fy: fc.double({ min: 0, max: 1, noNaN: true }),
});

type GenRow = {
  id: number;
  day: number;
  offense: string;
  located: "in" | "out" | "none" | "bad";
  fx: number;
  fy: number;
};

function toCsv(rows: GenRow[]): string {
  const lines = ["incident_id,occurred_at,offense,lat,lon"];
  for (const r of rows) {
    // one incident keeps one time and place whatever its offenses, so only codes can conflict
    const lon = ORIGIN.lon + 7 * STRIP * ((r.id * 0.137) % 1);
    const lat = ORIGIN.lat + HEIGHT * ((r.id * 0.311) % 1);
    const loc = {
      in: [lat.toFixed(6), lon.toFixed(6)],
      out: ["41.5", "-80.1"],
      none: ["", ""],
      bad: ["123", "-88"],
    }[r.located];
    const locId = `${r.id}-${r.located}`;
    lines.push(
      [`P${locId}`, `2022-03-${String((r.id % 28) + 1).padStart(2, "0")} 12:00`, r.offense, ...loc].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

async function load(csv: string, twice: boolean) {
  k++;
  const dbFile = path.join(dir, `p${k}.duckdb`);
  await initCity(dbFile, { timeZone: "America/Chicago", crs: "EPSG:32616" });
  const file = path.join(dir, `p${k}.csv`);
  fs.writeFileSync(file, csv);
  const db = await Database.open(dbFile);
  try {
    await importAreaFile(db, path.join(dir, "d.geojson"), { layer: "district", nameField: "DIST" });
    const first = await importIncidentFile(db, file, { format: "generic" });
    const second = twice ? await importIncidentFile(db, file, { format: "generic" }) : undefined;
    const stored = await db.all<{ id: string; offenses: string[]; version: number; district: string }>(
      `SELECT i.incident_id AS id, i.offenses, i.version, a.area AS district
       FROM incidents i JOIN event_areas a ON a.uid = i.uid AND a.layer = 'district' ORDER BY 1, 3`,
    );
    const total = await db.one<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM incidents WHERE valid_to IS NULL",
    );
    return { first, second, stored, total: total!.n };
  } finally {
    db.close();
  }
}

describe("import properties", () => {
  it("accounting, idempotence, district totals and order independence", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 60 }), async (rows) => {
        const csv = toCsv(rows);
        const good = rows.some((r) => !["121", "XX"].includes(r.offense));
        if (!good) return;
        const a = await load(csv, true);
        const r = a.first.rows;
        expect(r.read).toBe(rows.length);
        expect(r.read).toBe(r.new + r.updated + r.unchanged + r.rejected);
        expect(r.rejected).toBe(rows.filter((x) => ["121", "XX"].includes(x.offense)).length);
        expect(a.second!.rows).toEqual({
          read: r.read,
          new: 0,
          updated: 0,
          unchanged: r.new,
          rejected: r.rejected,
        });
        expect(a.stored.every((s) => s.version === 1)).toBe(true);
        expect(a.stored.length).toBe(a.total);
        const reversed = [csv.split("\n")[0], ...csv.trim().split("\n").slice(1).reverse()].join("\n");
        const b = await load(`${reversed}\n`, false);
        expect(b.stored).toEqual(a.stored);
      }),
      { numRuns: 12 },
    );
  });
});
