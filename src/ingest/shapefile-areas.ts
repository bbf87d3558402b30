/**
 * Area layers from an ESRI shapefile: .shp (polygons), .dbf (attributes, one record per shape) and .prj
 * (CRS). Read by hand - the format is small and fixed (ESRI white paper, 1998) - so no dependency is
 * needed. ESRI draws outer rings clockwise and holes counter-clockwise in one flat list of parts; we give
 * each hole to the smallest outer ring that contains it and emit GeoJSON (RFC 7946) polygons.
 */
import fs from "node:fs";
import path from "node:path";
import { TextDecoder } from "node:util";
import type { Position } from "geojson";
import { type Crs, crsFromWkt, getCrs } from "../domain/crs.js";
import { AppError } from "../domain/errors.js";
import type { AreaFile, ReadAreasOptions } from "./geojson-areas.js";
import { groupAreaRecords } from "./kml-areas.js";

/** An AreaFile whose CRS is already resolved (a .prj may name a CRS that has no EPSG code). */
export interface ShapefileAreas extends AreaFile {
  readonly crsDef: Crs;
}

/** The .shp that a path names: the file itself, `name` for `name.shp`, or a folder holding exactly one. */
export function findShapefile(target: string): string | undefined {
  const resolved = path.resolve(target);
  const stat = fs.statSync(resolved, { throwIfNoEntry: false });
  if (stat?.isDirectory()) {
    const shps = fs.readdirSync(resolved).filter((f) => /\.shp$/i.test(f));
    if (shps.length > 1) {
      throw new AppError(
        "bad-file",
        `${target} holds ${shps.length} shapefiles (${shps.join(", ")}); name the .shp to import`,
      );
    }
    return shps[0] ? path.join(resolved, shps[0]) : undefined;
  }
  if (/\.shp$/i.test(resolved)) return resolved;
  const ext = path.extname(resolved);
  const base = /^\.(dbf|shx|prj|cpg)$/i.test(ext) ? resolved.slice(0, -ext.length) : resolved;
  return sibling(`${base}.shp`, ".shp");
}

/** `file` with another extension, in either case (POLDIST.DBF beside poldist.shp), when it exists. */
function sibling(file: string, ext: string): string | undefined {
  const base = file.slice(0, file.length - path.extname(file).length);
  for (const candidate of [base + ext.toLowerCase(), base + ext.toUpperCase()]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function readShapefileAreas(shpPath: string, options: ReadAreasOptions): ShapefileAreas {
  const shpName = path.basename(shpPath);
  const shapes = readShp(fs.readFileSync(shpPath), shpName);
  const dbfPath = sibling(shpPath, ".dbf");
  if (!dbfPath) {
    throw new AppError(
      "bad-file",
      `${shpName}: the attribute file ${path.basename(shpPath, path.extname(shpPath))}.dbf is missing; the area names are in it`,
    );
  }
  const cpgPath = sibling(shpPath, ".cpg");
  const encoding = cpgPath ? fs.readFileSync(cpgPath, "latin1").trim() : undefined;
  const dbf = readDbf(fs.readFileSync(dbfPath), path.basename(dbfPath), encoding);
  if (dbf.records.length !== shapes.length) {
    throw new AppError(
      "bad-file",
      `${shpName} has ${shapes.length} shapes but ${path.basename(dbfPath)} has ${dbf.records.length} records`,
    );
  }
  const prjPath = sibling(shpPath, ".prj");
  let crsDef: Crs;
  let crsFrom: AreaFile["crsFrom"];
  if (options.crs) {
    crsDef = getCrs(options.crs);
    crsFrom = "option";
  } else if (prjPath) {
    crsDef = crsFromWkt(fs.readFileSync(prjPath, "latin1"));
    crsFrom = "file";
  } else {
    throw new AppError("bad-file", `${shpName} has no .prj beside it: give its CRS with --crs EPSG:n`);
  }
  const records = shapes.flatMap((polygons, i) => {
    const rec = dbf.records[i]!;
    // A deleted record's shape goes with it; a null shape has no area to import.
    return rec.deleted || polygons.length === 0
      ? []
      : [{ where: `${shpName} record ${i + 1}`, props: rec.values, polygons }];
  });
  const areas = groupAreaRecords(
    records,
    options,
    `${path.basename(dbfPath)} fields: ${dbf.fields.join(", ")}`,
  );
  return { crs: crsDef.id, crsDef, crsFrom, featureCount: records.length, areas };
}

/** Shapes in file order; a null shape is an empty list so that shape i still pairs with record i. */
export function readShp(buf: Buffer, name: string): Position[][][][] {
  if (buf.length < 100 || buf.readInt32BE(0) !== 9994) {
    throw new AppError("bad-file", `${name} is not an ESRI shapefile (.shp): wrong file code`);
  }
  const fileType = buf.readInt32LE(32);
  if (![0, 5, 15, 25].includes(fileType)) {
    throw new AppError(
      "bad-file",
      `${name} holds shape type ${fileType} (${SHAPE_NAMES[fileType] ?? "unknown"}); area layers need polygons (5, 15 or 25)`,
    );
  }
  const end = Math.min(buf.length, buf.readInt32BE(24) * 2);
  const shapes: Position[][][][] = [];
  let at = 100;
  while (at + 8 <= end) {
    const contentBytes = buf.readInt32BE(at + 4) * 2;
    const start = at + 8;
    if (start + contentBytes > buf.length || contentBytes < 4) {
      throw new AppError("bad-file", `${name}: record ${shapes.length + 1} runs past the end of the file`);
    }
    const type = buf.readInt32LE(start);
    if (type === 0) shapes.push([]);
    else if (type === 5 || type === 15 || type === 25)
      shapes.push(polygonRecord(buf, start, name, shapes.length + 1));
    else
      throw new AppError(
        "bad-file",
        `${name}: record ${shapes.length + 1} is shape type ${type}, not a polygon`,
      );
    at = start + contentBytes;
  }
  return shapes;
}

const SHAPE_NAMES: Record<number, string> = {
  1: "points",
  3: "lines",
  8: "multipoints",
  13: "lines",
  23: "lines",
};

/** Polygon, PolygonZ and PolygonM share the layout of X/Y; Z and M follow the points and are not needed. */
function polygonRecord(buf: Buffer, start: number, name: string, n: number): Position[][][] {
  const numParts = buf.readInt32LE(start + 36);
  const numPoints = buf.readInt32LE(start + 40);
  const partsAt = start + 44;
  const pointsAt = partsAt + numParts * 4;
  if (numParts < 0 || numPoints < 0 || pointsAt + numPoints * 16 > buf.length) {
    throw new AppError("bad-file", `${name}: record ${n} has a broken part/point count`);
  }
  const rings: Position[][] = [];
  for (let p = 0; p < numParts; p++) {
    const from = buf.readInt32LE(partsAt + p * 4);
    const to = p + 1 < numParts ? buf.readInt32LE(partsAt + (p + 1) * 4) : numPoints;
    const ring: Position[] = [];
    for (let k = from; k < to; k++) {
      ring.push([buf.readDoubleLE(pointsAt + k * 16), buf.readDoubleLE(pointsAt + k * 16 + 8)]);
    }
    if (ring.length >= 4) rings.push(ring);
  }
  return assembleRings(rings);
}

/** Shoelace sum: negative for a clockwise ring (y up). */
export function signedArea(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  }
  return s / 2;
}

function inRing(x: number, y: number, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * ESRI parts -> polygons: clockwise rings are outers, counter-clockwise ones holes of the smallest outer
 * holding most of their vertices (a hole may touch its outer). A "hole" inside no outer is an outer drawn
 * the wrong way round, as some writers do. Output follows RFC 7946: outers counter-clockwise, holes clockwise.
 */
export function assembleRings(rings: readonly Position[][]): Position[][][] {
  const outers = rings.filter((r) => signedArea(r) < 0);
  const holes = rings.filter((r) => signedArea(r) > 0);
  const polygons = outers.map((r) => ({ area: -signedArea(r), rings: [[...r].reverse()] }));
  for (const hole of holes) {
    const owner = polygons
      .filter((p) => hole.filter(([x, y]) => inRing(x!, y!, p.rings[0]!)).length * 2 > hole.length)
      .sort((a, b) => a.area - b.area)[0];
    if (owner) owner.rings.push([...hole].reverse());
    else polygons.push({ area: signedArea(hole), rings: [hole] });
  }
  return polygons.map((p) => p.rings);
}

export interface DbfTable {
  readonly fields: readonly string[];
  readonly records: readonly { deleted: boolean; values: Record<string, string | number | boolean | null> }[];
}

/** dBase III/IV: header, 32-byte field descriptors up to 0x0D, then fixed-width records. */
export function readDbf(buf: Buffer, name: string, cpg?: string): DbfTable {
  if (buf.length < 33) throw new AppError("bad-file", `${name} is too short to be a dBase file`);
  const count = buf.readUInt32LE(4);
  const headerLength = buf.readUInt16LE(8);
  const recordLength = buf.readUInt16LE(10);
  const fields: { name: string; type: string; offset: number; length: number }[] = [];
  let offset = 1;
  for (let at = 32; at + 32 <= headerLength && buf[at] !== 0x0d; at += 32) {
    const raw = buf.subarray(at, at + 11);
    const zero = raw.indexOf(0);
    const length = buf[at + 16]!;
    fields.push({
      name: raw.toString("latin1", 0, zero < 0 ? 11 : zero).trim(),
      type: String.fromCharCode(buf[at + 11]!),
      offset,
      length,
    });
    offset += length;
  }
  const body = buf.subarray(headerLength, headerLength + count * recordLength);
  const decode = decoderFor(body, cpg, name);
  const records: DbfTable["records"][number][] = [];
  for (let r = 0; r < count; r++) {
    const at = r * recordLength;
    if (at + recordLength > body.length) break;
    const values: Record<string, string | number | boolean | null> = {};
    for (const f of fields) {
      const text = decode(body.subarray(at + f.offset, at + f.offset + f.length)).trim();
      values[f.name] = fieldValue(f.type, text);
    }
    records.push({ deleted: body[at] === 0x2a, values });
  }
  return { fields: fields.map((f) => f.name), records };
}

function fieldValue(type: string, text: string): string | number | boolean | null {
  if (type === "N" || type === "F") {
    const v = Number(text);
    return text === "" || !Number.isFinite(v) ? null : v;
  }
  if (type === "L") return /^[YyTt]$/.test(text) ? true : /^[NnFf]$/.test(text) ? false : null;
  if (type === "D")
    return /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}` : text;
  return text;
}

/**
 * Text encoding: the .cpg when present ("UTF-8", "1252", "ISO-8859-1" ...); without one, UTF-8 when every
 * record decodes as valid UTF-8, else Windows-1252 (the ANSI code page ArcGIS writes by default).
 */
function decoderFor(body: Buffer, cpg: string | undefined, name: string): (b: Buffer) => string {
  let label = cpg?.toLowerCase().replace(/^ansi\s*/, "");
  if (label && /^\d+$/.test(label)) label = label === "65001" ? "utf-8" : `windows-${label}`;
  if (!label) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(body);
      label = "utf-8";
    } catch {
      label = "windows-1252";
    }
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    throw new AppError("bad-file", `${name}: the .cpg names encoding '${cpg}', which is not known`);
  }
  return (b) => decoder.decode(b);
}
