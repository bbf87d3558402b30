import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Position } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../domain/errors.js";
import { findShapefile, readShapefileAreas, signedArea } from "./shapefile-areas.js";

/** A .shp of polygon records (ESRI order: outer clockwise, holes counter-clockwise); null = null shape. */
function shp(records: (Position[][] | null)[], type = 5): Buffer {
  const contents = records.map((rings) => {
    if (!rings) return Buffer.from(new Int32Array([0]).buffer);
    const pts = rings.flat();
    const extra = type === 5 ? 0 : 16 + pts.length * 8;
    const b = Buffer.alloc(44 + rings.length * 4 + pts.length * 16 + extra);
    b.writeInt32LE(type, 0);
    b.writeInt32LE(rings.length, 36);
    b.writeInt32LE(pts.length, 40);
    let k = 0;
    rings.forEach((r, i) => {
      b.writeInt32LE(k, 44 + i * 4);
      k += r.length;
    });
    pts.forEach(([x, y], i) => {
      b.writeDoubleLE(x!, 44 + rings.length * 4 + i * 16);
      b.writeDoubleLE(y!, 44 + rings.length * 4 + i * 16 + 8);
    });
    return b;
  });
  const header = Buffer.alloc(100);
  const total = 100 + contents.reduce((s, c) => s + 8 + c.length, 0);
  header.writeInt32BE(9994, 0);
  header.writeInt32BE(total / 2, 24);
  header.writeInt32LE(1000, 28);
  header.writeInt32LE(type, 32);
  const parts = contents.flatMap((c, i) => {
    const rh = Buffer.alloc(8);
    rh.writeInt32BE(i + 1, 0);
    rh.writeInt32BE(c.length / 2, 4);
    return [rh, c];
  });
  return Buffer.concat([header, ...parts]);
}

/** A dBase III table; each record is [deleted, ...raw field bytes already padded]. */
function dbf(fields: [string, string, number][], rows: [boolean, ...Buffer[]][]): Buffer {
  const headerLength = 32 + fields.length * 32 + 1;
  const recordLength = 1 + fields.reduce((s, f) => s + f[2], 0);
  const h = Buffer.alloc(headerLength);
  h[0] = 3;
  h.writeUInt32LE(rows.length, 4);
  h.writeUInt16LE(headerLength, 8);
  h.writeUInt16LE(recordLength, 10);
  fields.forEach(([name, type, len], i) => {
    h.write(name, 32 + i * 32, "latin1");
    h.write(type, 32 + i * 32 + 11, "latin1");
    h[32 + i * 32 + 16] = len;
  });
  h[headerLength - 1] = 0x0d;
  const body = rows.map(([deleted, ...cells]) => Buffer.concat([Buffer.from(deleted ? "*" : " "), ...cells]));
  return Buffer.concat([h, ...body, Buffer.from([0x1a])]);
}

const pad = (s: string | Buffer, n: number, left = false) => {
  const b = Buffer.isBuffer(s) ? s : Buffer.from(s, "latin1");
  const fill = Buffer.alloc(n - b.length, " ");
  return left ? Buffer.concat([fill, b]) : Buffer.concat([b, fill]);
};

const square = (x0: number, y0: number, size: number, clockwise: boolean): Position[] => {
  const r: Position[] = [
    [x0, y0],
    [x0 + size, y0],
    [x0 + size, y0 + size],
    [x0, y0 + size],
    [x0, y0],
  ];
  return clockwise ? r.reverse() : r;
};

const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

describe("shapefile areas", () => {
  let dir: string;
  const write = (name: string, data: Buffer | string) => fs.writeFileSync(path.join(dir, name), data);

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "shp-"));
    // Record 1: district "A", a square with a square hole, plus a separate island (a multipolygon).
    // Record 2: deleted. Record 3: a null shape. Record 4: "Bé" (name in Windows-1252).
    const a = [square(0, 0, 10, true), square(2, 2, 2, false), square(20, 0, 1, true)];
    const b = [square(0, 20, 5, true)];
    write("areas.shp", shp([a, b, null, b]));
    write(
      "areas.dbf",
      dbf(
        [
          ["NAME", "C", 6],
          ["POP", "N", 8],
        ],
        [
          [false, pad(" A", 6), pad("1200", 8, true)],
          [true, pad("gone", 6), pad("5", 8, true)],
          [false, pad("none", 6), pad("", 8)],
          [false, pad(Buffer.from([0x42, 0xe9]), 6), pad("30.5", 8, true)],
        ],
      ),
    );
    write("areas.prj", WGS84_PRJ);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("groups holes with their outer ring and emits RFC 7946 polygons", () => {
    const file = readShapefileAreas(path.join(dir, "areas.shp"), {
      nameField: "NAME",
      populationField: "POP",
    });
    expect(file.crs).toBe("EPSG:4326");
    expect(file.crsFrom).toBe("file");
    expect(file.featureCount).toBe(2);
    expect(file.areas.map((a) => a.name)).toEqual(["A", "Bé"]);
    const a = file.areas[0]!;
    expect(a.polygons).toHaveLength(2);
    expect(a.polygons[0]).toHaveLength(2);
    expect(signedArea(a.polygons[0]![0]!)).toBe(100);
    expect(signedArea(a.polygons[0]![1]!)).toBe(-4);
    expect(a.polygons[1]).toHaveLength(1);
    expect(a.population).toBe(1200);
    expect(file.areas[1]!.population).toBe(30.5);
    expect(a.attributes).toEqual({ NAME: "A", POP: 1200 });
  });

  it("finds the .shp from its folder or basename; --crs overrides the .prj; names ignore case", () => {
    expect(findShapefile(dir)).toBe(path.join(dir, "areas.shp"));
    expect(findShapefile(path.join(dir, "areas"))).toBe(path.join(dir, "areas.shp"));
    expect(findShapefile(path.join(dir, "areas.dbf"))).toBe(path.join(dir, "areas.shp"));
    const file = readShapefileAreas(path.join(dir, "areas.shp"), { nameField: "name", crs: "EPSG:4326" });
    expect(file.crsFrom).toBe("option");
  });

  it("honours a .cpg, and reads PolygonZ", () => {
    fs.mkdirSync(path.join(dir, "z"));
    const utf8 = Buffer.from("Bé", "utf8");
    fs.writeFileSync(path.join(dir, "z", "z.shp"), shp([[square(0, 0, 1, true)]], 15));
    fs.writeFileSync(path.join(dir, "z", "z.dbf"), dbf([["NAME", "C", 6]], [[false, pad(utf8, 6)]]));
    fs.writeFileSync(path.join(dir, "z", "z.prj"), WGS84_PRJ);
    expect(readShapefileAreas(path.join(dir, "z", "z.shp"), { nameField: "NAME" }).areas[0]!.name).toBe("Bé");
    fs.writeFileSync(path.join(dir, "z", "z.cpg"), "1252\n");
    expect(readShapefileAreas(path.join(dir, "z", "z.shp"), { nameField: "NAME" }).areas[0]!.name).toBe(
      "BÃ©",
    );
  });

  it("gives one clear error for a missing .dbf, a wrong name field, or no CRS", () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return (e as AppError).message;
      }
      throw new Error("no error");
    };
    expect(err(() => readShapefileAreas(path.join(dir, "areas.shp"), { nameField: "DIST" }))).toMatch(
      /areas\.shp record 1 has no field 'DIST' \(areas\.dbf fields: NAME, POP\)/,
    );
    fs.mkdirSync(path.join(dir, "lone"));
    fs.writeFileSync(path.join(dir, "lone", "lone.shp"), shp([[square(0, 0, 1, true)]]));
    expect(err(() => readShapefileAreas(path.join(dir, "lone", "lone.shp"), { nameField: "N" }))).toMatch(
      /lone\.shp: the attribute file lone\.dbf is missing/,
    );
    fs.writeFileSync(path.join(dir, "lone", "lone.dbf"), dbf([["N", "C", 2]], [[false, pad("x", 2)]]));
    expect(err(() => readShapefileAreas(path.join(dir, "lone", "lone.shp"), { nameField: "N" }))).toMatch(
      /no \.prj beside it: give its CRS with --crs/,
    );
    fs.writeFileSync(path.join(dir, "lone", "lone.shp"), Buffer.alloc(120));
    expect(err(() => readShapefileAreas(path.join(dir, "lone", "lone.shp"), { nameField: "N" }))).toMatch(
      /not an ESRI shapefile/,
    );
  });
});
