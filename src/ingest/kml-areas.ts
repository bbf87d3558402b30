/**
 * Area layers from KML and KMZ. KML is always WGS84 lon/lat (OGC KML 2.2), so `--crs` is refused. Each
 * Placemark with a Polygon (or a MultiGeometry of them) is one feature; its name comes from the Placemark's
 * `<name>` or from an `ExtendedData` field (`Data name=` / `SimpleData name=`). No XML library: the small
 * scanner below handles what KML writers produce (namespace prefixes, CDATA, comments, entities).
 * KMZ is a ZIP holding doc.kml, read with zlib. `groupAreaRecords` is shared with the shapefile reader.
 */
import fs from "node:fs";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import type { Position } from "geojson";
import { AppError } from "../domain/errors.js";
import type { AreaFeature, AreaFile, ReadAreasOptions } from "./geojson-areas.js";

export interface XmlElement {
  readonly tag: string;
  readonly attrs: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[e] ?? all;
  });
}

/** Element tree of an XML text; tag names lose their namespace prefix (kml:Placemark -> Placemark). */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { tag: "#root", attrs: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  let at = 0;
  while (at < xml.length) {
    const lt = xml.indexOf("<", at);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > at) stack[stack.length - 1]!.text += decodeEntities(xml.slice(at, textEnd));
    if (lt < 0) break;
    if (xml.startsWith("<![CDATA[", lt)) {
      const end = xml.indexOf("]]>", lt);
      if (end < 0) throw new Error("unterminated CDATA section");
      stack[stack.length - 1]!.text += xml.slice(lt + 9, end);
      at = end + 3;
    } else if (xml.startsWith("<!--", lt)) {
      const end = xml.indexOf("-->", lt);
      at = end < 0 ? xml.length : end + 3;
    } else if (xml[lt + 1] === "?" || xml[lt + 1] === "!") {
      const end = xml.indexOf(">", lt);
      at = end < 0 ? xml.length : end + 1;
    } else if (xml[lt + 1] === "/") {
      const end = xml.indexOf(">", lt);
      const tag = localName(xml.slice(lt + 2, end).trim());
      // Pop to the matching element; a stray closing tag is ignored rather than fatal.
      const idx = stack.map((e) => e.tag).lastIndexOf(tag);
      if (idx > 0) stack.length = idx;
      at = end < 0 ? xml.length : end + 1;
    } else {
      const end = tagEnd(xml, lt);
      const inner = xml.slice(lt + 1, end);
      const selfClosing = inner.endsWith("/");
      const body = selfClosing ? inner.slice(0, -1) : inner;
      const nameMatch = /^[^\s/>]+/.exec(body);
      const el: XmlElement = { tag: localName(nameMatch?.[0] ?? ""), attrs: {}, children: [], text: "" };
      for (const m of body.matchAll(/([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
        el.attrs[localName(m[1]!)] = decodeEntities(m[3] ?? m[4] ?? "");
      }
      stack[stack.length - 1]!.children.push(el);
      if (!selfClosing) stack.push(el);
      at = end + 1;
    }
  }
  return root;
}

/** The `>` that ends a start tag, skipping quoted attribute values. */
function tagEnd(xml: string, from: number): number {
  let quote = "";
  for (let i = from + 1; i < xml.length; i++) {
    const c = xml[i]!;
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i;
  }
  throw new Error("unterminated tag");
}

function localName(qname: string): string {
  const colon = qname.indexOf(":");
  return colon < 0 ? qname : qname.slice(colon + 1);
}

function descendants(el: XmlElement, tag: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (c.tag === tag) out.push(c);
    else descendants(c, tag, out);
  }
  return out;
}

const child = (el: XmlElement, tag: string) => el.children.find((c) => c.tag === tag);

function parseRing(el: XmlElement | undefined, where: string): Position[] {
  const coords = el ? descendants(el, "coordinates")[0] : undefined;
  const ring = (coords?.text ?? "")
    .replace(/\s*,\s*/g, ",")
    .split(/\s+/)
    .filter((t) => t !== "")
    .map((t) => {
      const [lon, lat] = t.split(",").map(Number);
      if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon!) > 180 || Math.abs(lat!) > 90) {
        throw new AppError("bad-file", `${where}: coordinate '${t}' is not lon,lat[,alt]`);
      }
      return [lon!, lat!] as Position;
    });
  const [first, last] = [ring[0], ring[ring.length - 1]];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([...first]);
  if (ring.length < 4)
    throw new AppError("bad-file", `${where}: a LinearRing needs at least 3 distinct points`);
  return ring;
}

/** RFC 7946 orientation: outer rings counter-clockwise, holes clockwise. */
function orient(ring: Position[], ccw: boolean): Position[] {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[i]![0]! - ring[j]![0]!) * (ring[i]![1]! + ring[j]![1]!);
  }
  return s < 0 === ccw ? ring : [...ring].reverse();
}

function placemarkPolygons(pm: XmlElement, where: string): Position[][][] {
  return descendants(pm, "Polygon").map((poly) => [
    orient(parseRing(child(poly, "outerBoundaryIs"), where), true),
    ...poly.children
      .filter((c) => c.tag === "innerBoundaryIs")
      .flatMap((inner) => descendants(inner, "LinearRing"))
      .map((ring) => orient(parseRing(ring, where), false)),
  ]);
}

/** Placemark fields: ExtendedData values, then the KML elements `name` and `description`. */
function placemarkProps(pm: XmlElement): Record<string, string> {
  const props: Record<string, string> = {};
  const ext = child(pm, "ExtendedData");
  if (ext) {
    for (const d of descendants(ext, "Data")) {
      if (d.attrs.name) props[d.attrs.name] = (child(d, "value")?.text ?? "").trim();
    }
    for (const d of descendants(ext, "SimpleData")) {
      if (d.attrs.name) props[d.attrs.name] = d.text.trim();
    }
  }
  for (const tag of ["name", "description"]) {
    const el = child(pm, tag);
    if (el) props[tag] = el.text.trim();
  }
  return props;
}

export function readKmlText(xml: string, fileName: string, options: ReadAreasOptions): AreaFile {
  if (options.crs && !/^(EPSG:)?4326$/i.test(options.crs.trim())) {
    throw new AppError(
      "invalid-argument",
      `${fileName}: KML is always WGS84 lon/lat; drop --crs ${options.crs}`,
    );
  }
  let doc: XmlElement;
  try {
    doc = parseXml(xml.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new AppError("bad-file", `${fileName} is not well-formed KML: ${(e as Error).message}`);
  }
  if (!descendants(doc, "kml")[0]) throw new AppError("bad-file", `${fileName} is not KML: no <kml> element`);
  const placemarks = descendants(doc, "Placemark");
  if (placemarks.length === 0) throw new AppError("bad-file", `${fileName} has no Placemark`);
  const records = placemarks.map((pm, i) => {
    const props = placemarkProps(pm);
    const where = `${fileName} Placemark ${i + 1}${props.name ? ` (${props.name})` : ""}`;
    const polygons = placemarkPolygons(pm, where);
    if (polygons.length === 0) {
      const kinds = ["Point", "LineString", "Model", "Track"].filter((k) => descendants(pm, k).length > 0);
      throw new AppError("bad-file", `${where} has no Polygon (found ${kinds.join(", ") || "no geometry"})`);
    }
    return { where, props, polygons };
  });
  const fields = [...new Set(records.flatMap((r) => Object.keys(r.props)))];
  const areas = groupAreaRecords(records, options, `Placemark fields: ${fields.join(", ")}`);
  return { crs: "EPSG:4326", crsFrom: "default", featureCount: records.length, areas };
}

/** A .kml file, or a .kmz (ZIP) holding doc.kml (else its first .kml). */
export function readKmlAreas(file: string, options: ReadAreasOptions): AreaFile {
  const name = path.basename(file);
  const buf = fs.readFileSync(file);
  if (buf.length < 4 || buf.readUInt32LE(0) !== 0x04034b50)
    return readKmlText(buf.toString("utf8"), name, options);
  const entries = zipEntries(buf, name);
  const entry =
    entries.find((e) => e.name.toLowerCase() === "doc.kml") ?? entries.find((e) => /\.kml$/i.test(e.name));
  if (!entry) {
    throw new AppError("bad-file", `${name} holds no .kml (found: ${entries.map((e) => e.name).join(", ")})`);
  }
  return readKmlText(entry.read().toString("utf8"), `${name}!${entry.name}`, options);
}

/** The files of a ZIP from its central directory; stored and deflated entries, no ZIP64 or encryption. */
export function zipEntries(buf: Buffer, name: string): { name: string; read: () => Buffer }[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new AppError("bad-file", `${name} is not a readable ZIP: no central directory`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out: { name: string; read: () => Buffer }[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) {
      throw new AppError("bad-file", `${name}: broken ZIP central directory (ZIP64 is not supported)`);
    }
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const entryName = buf.toString("utf8", at + 46, at + 46 + nameLen);
    out.push({
      name: entryName,
      read: () => {
        if (flags & 1) throw new AppError("bad-file", `${name}: ${entryName} is encrypted`);
        const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(data, data + size);
        if (method === 0) return raw;
        if (method === 8) return inflateRawSync(raw);
        throw new AppError("bad-file", `${name}: ${entryName} uses ZIP compression method ${method}`);
      },
    });
    at += 46 + nameLen + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return out;
}

/** The value of `field` in props; an exact name first, else the one field equal to it ignoring case. */
function lookup(props: Record<string, unknown>, field: string): { found: boolean; value: unknown } {
  if (field in props) return { found: true, value: props[field] };
  const keys = Object.keys(props).filter((k) => k.toLowerCase() === field.toLowerCase());
  return keys.length === 1 ? { found: true, value: props[keys[0]!] } : { found: false, value: undefined };
}

/**
 * Records -> areas, as the GeoJSON reader does: features sharing a name become one multipolygon (their
 * populations add up), and a missing or empty name, or a population that is not a number >= 0, is one
 * clear error naming the record and the fields there are.
 */
export function groupAreaRecords(
  records: readonly { where: string; props: Record<string, unknown>; polygons: Position[][][] }[],
  options: ReadAreasOptions,
  fieldsFound: string,
): AreaFeature[] {
  const byName = new Map<
    string,
    { polygons: Position[][][]; population: number | null; attributes: Record<string, unknown> }
  >();
  for (const { where, props, polygons } of records) {
    const name = lookup(props, options.nameField);
    if (!name.found) {
      throw new AppError(
        "bad-file",
        `${where} has no field '${options.nameField}' (${fieldsFound}); choose one with --name-field`,
      );
    }
    const text = name.value === null || name.value === undefined ? "" : String(name.value).trim();
    if (text === "") throw new AppError("bad-file", `${where}: field '${options.nameField}' is empty`);
    let population: number | null = null;
    if (options.populationField) {
      const pop = lookup(props, options.populationField);
      const v = pop.value === null || pop.value === "" ? Number.NaN : Number(pop.value);
      if (!pop.found || !Number.isFinite(v) || v < 0) {
        throw new AppError(
          "bad-file",
          `${where} (${text}): population field '${options.populationField}' is '${String(pop.value)}', expected a number >= 0`,
        );
      }
      population = v;
    }
    const slot = byName.get(text);
    if (slot) {
      slot.polygons.push(...polygons);
      if (population !== null) slot.population = (slot.population ?? 0) + population;
    } else {
      byName.set(text, { polygons: [...polygons], population, attributes: props });
    }
  }
  return [...byName]
    .map(([name, a]) => ({ name, ...a }))
    .sort((x, y) => x.name.localeCompare(y.name, "en", { numeric: true }));
}
