import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importIncidentFile } from "../../src/app/import-incidents.js";
import { initCity } from "../../src/app/init-city.js";
import { AppError } from "../../src/domain/errors.js";
import { Database } from "../../src/store/db.js";
import { tmpDir } from "../helpers/synthetic-files.js";

let dir: string;
let n = 0;
beforeAll(() => {
  dir = tmpDir("csv-edge");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function importText(content: string | Buffer, options: { crs?: string; dryRun?: boolean } = {}) {
  n++;
  const dbFile = path.join(dir, `e${n}.duckdb`);
  await initCity(dbFile, { timeZone: "America/Chicago", crs: "EPSG:32616" });
  const file = path.join(dir, `e${n}.csv`);
  fs.writeFileSync(file, content);
  const db = await Database.open(dbFile);
  try {
    const report = await importIncidentFile(db, file, { format: "generic", ...options });
    const rows = await db.all<{
      id: string;
      occurred: string;
      precision: string;
      offenses: string[];
      address: string | null;
      lat: number | null;
      attributes: string | null;
    }>(
      `SELECT incident_id AS id, strftime(occurred_at, '%Y-%m-%d %H:%M') AS occurred, occurred_precision AS precision,
              offenses, address, lat, attributes::VARCHAR AS attributes
       FROM incidents WHERE valid_to IS NULL ORDER BY incident_id`,
    );
    const issues = await db.all<{
      severity: string;
      line: number;
      column: string | null;
      value: string | null;
      reason: string;
    }>(
      "SELECT severity, row_number::INTEGER AS line, column_name AS column, value, reason FROM import_issues ORDER BY row_number",
    );
    return { report, rows, issues };
  } finally {
    db.close();
  }
}

const HEADER = "incident_id,occurred_at,offense,address,lat,lon";

describe("CSV edge cases", () => {
  it("quoted fields, doubled quotes and embedded newlines; line numbers point at the record start", async () => {
    const { report, rows, issues } = await importText(
      `${HEADER}\nQ1,2023-01-01 10:00,13a,"100 N ""A"" ST, REAR",43.0,-88.0\nQ2,2023-01-01 11:00,120,"200 N B ST\nUNIT 4",43.0,-88.0\nQ3,2023-13-01 11:00,120,x,43.0,-88.0\n`,
    );
    expect(report.rows).toMatchObject({ read: 3, new: 2, rejected: 1 });
    expect(rows.map((r) => r.address)).toEqual(['100 N "A" ST, REAR', "200 N B ST\nUNIT 4"]);
    expect(rows[0]!.offenses).toEqual(["13A"]);
    expect(issues).toEqual([
      {
        severity: "reject",
        line: 5,
        column: "occurred_at",
        value: "2023-13-01 11:00",
        reason: "month 13 does not exist",
      },
    ]);
  });

  it("CR-only line endings and a UTF-8 BOM", async () => {
    const body = `${HEADER}\rC1,2023-02-01 01:00,220,X,43.0,-88.0\rC2,2023-02-01 02:00,240,Y,43.0,-88.0\r`;
    const { report, rows } = await importText(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]),
    );
    expect(report.rows).toMatchObject({ read: 2, new: 2, rejected: 0 });
    expect(rows.map((r) => r.id)).toEqual(["C1", "C2"]);
  });

  it("CRLF, lower-case codes, unknown columns kept as attributes", async () => {
    const { rows } = await importText(
      `incident_id,occurred_at,offense,weapon,Beat,squad\r\nL1,2023-03-01 05:00,09a,12a,B12,\r\n`,
    );
    expect(rows[0]!.offenses).toEqual(["09A"]);
    expect(JSON.parse(rows[0]!.attributes!)).toEqual({ Beat: "B12" });
  });

  it("bad dates, invented codes and bad counts are rejected with line, column, value and reason", async () => {
    const { report, issues } = await importText(
      "incident_id,occurred_at,offense,victims_shot\nB1,2023-02-30 10:00,13A,\nB2,02/01/2023,13A,\nB3,2023-02-01 10:00,121,\nB4,2023-02-01 10:00,armed robbery,\nB5,2023-02-01 10:00,13A,-1\nB6,,13A,\n,2023-02-01 10:00,13A,\nB8,2023-02-01 10:00,13A,2\n",
    );
    expect(report.rows).toEqual({ read: 8, new: 1, updated: 0, unchanged: 0, rejected: 7 });
    expect(issues.map((i) => [i.line, i.column])).toEqual([
      [2, "occurred_at"],
      [3, "occurred_at"],
      [4, "offense"],
      [5, "offense"],
      [6, "victims_shot"],
      [7, "occurred_at"],
      [8, "incident_id"],
    ]);
    expect(issues[0]!.reason).toMatch(/day 30 does not exist/);
    expect(issues[2]!.reason).toMatch(/not a NIBRS offense code/);
    expect(report.issuesFile).not.toBeNull();
    const rejectsCsv = fs.readFileSync(report.issuesFile!, "utf8");
    expect(rejectsCsv.split("\n")[0]).toBe("line,severity,column,value,reason");
    expect(rejectsCsv).toContain("4,reject,offense,121,");
  });

  it("out-of-range coordinates keep the incident without a location and say so", async () => {
    const { report, rows, issues } = await importText(
      `${HEADER}\nO1,2023-01-01 10:00,13A,A,95.0,-88.0\nO2,2023-01-01 10:00,13A,B,0,0\nO3,2023-01-01 10:00,13A,C,43.0,abc\nO4,2023-01-01 10:00,13A,D,43.0,-88.0\n`,
    );
    expect(report.rows).toMatchObject({ read: 4, new: 4, rejected: 0 });
    expect(report.warnings).toBe(3);
    expect(rows.map((r) => r.lat)).toEqual([null, null, null, 43.0]);
    expect(issues.every((i) => i.severity === "warning" && /location dropped/.test(i.reason))).toBe(true);
  });

  it("date-only and month-only times keep their precision; ISO offsets become local wall-clock time", async () => {
    const { rows } = await importText(
      "incident_id,occurred_at,offense\nP1,2023-07-04,13A\nP2,2023-07,13A\nP3,2023-07-04T03:30:00Z,13A\nP4,2023-01-15T12:00:00-05:00,13A\n",
    );
    expect(rows.map((r) => [r.id, r.occurred, r.precision])).toEqual([
      ["P1", "2023-07-04 00:00", "day"],
      ["P2", "2023-07-01 00:00", "month"],
      ["P3", "2023-07-03 22:30", "minute"],
      ["P4", "2023-01-15 11:00", "minute"],
    ]);
  });

  it("rows of one incident that disagree: the contradicting row is rejected, naming the other line", async () => {
    const { report, issues } = await importText(
      "incident_id,occurred_at,offense\nM1,2023-01-01 10:00,13A\nM1,2023-01-01 10:00,120\nM1,2023-01-02 10:00,290\n",
    );
    expect(report.rows).toMatchObject({ read: 3, new: 2, rejected: 1 });
    expect(issues[0]!.reason).toMatch(/contradicts an earlier row of the same incident/);
    expect(issues[0]!.value).toMatch(/incident M1 has 2023-01-01 10:00:00 \(minute\) on line 2/);
  });

  it("rows with the wrong number of fields are rejected", async () => {
    const { report, issues } = await importText(
      "incident_id,occurred_at,offense\nW1,2023-01-01 10:00,13A,extra\nW2,2023-01-01 10:00,13A\n",
    );
    expect(report.rows).toMatchObject({ read: 2, new: 1, rejected: 1 });
    expect(issues[0]!.reason).toMatch(/4 fields, the header has 3/);
  });

  it("a dry run reports the same counts and writes nothing", async () => {
    const { report, rows } = await importText(`${HEADER}\nR1,2023-01-01 10:00,13A,A,43.0,-88.0\n`, {
      dryRun: true,
    });
    expect(report.dryRun).toBe(true);
    expect(report.batchId).toBeNull();
    expect(report.rows).toMatchObject({ read: 1, new: 1 });
    expect(rows).toEqual([]);
  });
});

describe("wrong files get one clear error", () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ["a shapefile", Buffer.from([0x00, 0x00, 0x27, 0x0a, 0, 0, 0, 0, 1, 2, 3]), /ESRI shapefile/],
    ["a ZIP", Buffer.from("PK\u0003\u0004rest-of-zip"), /ZIP archive/],
    [
      "a GeoJSON",
      '{"type":"FeatureCollection","features":[]}',
      /is GeoJSON \(import boundaries with .peacestat areas import.\), not a generic incident CSV/,
    ],
    [
      "another city's CSV",
      "IncidentNum,ReportedDateTime,Location\n1,2023-01-01,X\n",
      /no column 'incident_id', 'occurred_at', 'offense'/,
    ],
    ["an empty file", "", /is empty/],
    [
      "a ShotSpotter export imported as incidents: the error names the right format",
      "Coverage Area,Incident ID,Date Time,Type,Longitude,Latitude\nA,1,1/27/06 3:35,Single Gunshot,-77.0,38.8\n",
      /not a generic incident CSV.*this file looks like --format shotspotter/,
    ],
    ["x/y without a CRS", "incident_id,occurred_at,offense,x,y\n1,2023-01-01,13A,1,2\n", /--crs/],
    [
      "every row bad",
      "incident_id,occurred_at,offense\n1,yesterday,13A\n2,today,13A\n",
      /no row of .* could be imported \(2 rejected\)/,
    ],
  ];
  for (const [what, content, message] of cases) {
    it(what, async () => {
      const err = await importText(content).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).message).toMatch(message);
      expect((err as AppError).message.split("\n")).toHaveLength(1);
    });
  }
});
