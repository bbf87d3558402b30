import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../domain/errors.js";
import { parseXml, readKmlAreas, readKmlText, zipEntries } from "./kml-areas.js";

const KML = `<?xml version="1.0" encoding="UTF-8"?>
<!-- two districts; the first is drawn as two polygons, one with a hole -->
<kml:kml xmlns:kml="http://www.opengis.net/kml/2.2">
<kml:Document><kml:name>layer</kml:name>
  <kml:Placemark>
    <kml:name>North &amp; East</kml:name>
    <kml:description><![CDATA[<table><tr><td>Police <b>1</b></td></tr></table>]]></kml:description>
    <kml:ExtendedData><kml:SchemaData schemaUrl="#s">
      <kml:SimpleData name="DIST">1</kml:SimpleData>
      <kml:SimpleData name="POP">1200</kml:SimpleData>
    </kml:SchemaData></kml:ExtendedData>
    <kml:MultiGeometry>
      <kml:Polygon><kml:outerBoundaryIs><kml:LinearRing><kml:coordinates>
        -88,43,0 -87.9,43,0 -87.9,43.1,0 -88,43.1,0 -88,43,0
      </kml:coordinates></kml:LinearRing></kml:outerBoundaryIs>
      <kml:innerBoundaryIs><kml:LinearRing><kml:coordinates>-87.98,43.02 -87.98,43.04 -87.96,43.04 -87.96,43.02</kml:coordinates></kml:LinearRing></kml:innerBoundaryIs>
      </kml:Polygon>
      <kml:Polygon><kml:outerBoundaryIs><kml:LinearRing><kml:coordinates>-87.8,43 -87.7,43 -87.7,43.1 -87.8,43</kml:coordinates></kml:LinearRing></kml:outerBoundaryIs></kml:Polygon>
    </kml:MultiGeometry>
  </kml:Placemark>
  <kml:Placemark>
    <kml:name>South</kml:name>
    <kml:ExtendedData><kml:Data name="DIST"><kml:value>2</kml:value></kml:Data><kml:Data name="POP"><kml:value>800</kml:value></kml:Data></kml:ExtendedData>
    <kml:Polygon><kml:outerBoundaryIs><kml:LinearRing><kml:coordinates>-88,42.9 -87.9,43 -87.9,42.9 -88,42.9</kml:coordinates></kml:LinearRing></kml:outerBoundaryIs></kml:Polygon>
  </kml:Placemark>
</kml:Document></kml:kml>`;

/** A one-file ZIP with the entry stored or deflated. */
function zip(name: string, data: Buffer, deflate: boolean): Buffer {
  const body = deflate ? deflateRawSync(data) : data;
  const nameBuf = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(deflate ? 8 : 0, 8);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(deflate ? 8 : 0, 10);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBuf.length, 28);
  central.writeUInt32LE(0, 42);
  const cdOffset = 30 + nameBuf.length + body.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + nameBuf.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, nameBuf, body, central, nameBuf, eocd]);
}

describe("KML areas", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kml-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("scans XML: prefixes dropped, CDATA kept as text, entities decoded", () => {
    const doc = parseXml('<a:x k="1 &gt; 0"><y><![CDATA[<b>&amp;</b>]]></y><z/>t&#233;</a:x>');
    const x = doc.children[0]!;
    expect(x.tag).toBe("x");
    expect(x.attrs.k).toBe("1 > 0");
    expect(x.children.map((c) => c.tag)).toEqual(["y", "z"]);
    expect(x.children[0]!.text).toBe("<b>&amp;</b>");
    expect(x.text).toBe("té");
  });

  it("reads Placemarks with MultiGeometry, holes and ExtendedData", () => {
    const file = readKmlText(KML, "t.kml", { nameField: "name" });
    expect(file.crs).toBe("EPSG:4326");
    expect(file.featureCount).toBe(2);
    expect(file.areas.map((a) => a.name)).toEqual(["North & East", "South"]);
    const ne = file.areas[0]!;
    expect(ne.polygons).toHaveLength(2);
    expect(ne.polygons[0]).toHaveLength(2);
    // The unclosed hole was closed; South's clockwise triangle is turned counter-clockwise (RFC 7946).
    expect(ne.polygons[0]![1]).toHaveLength(5);
    expect(ne.polygons[1]![0]).toEqual([
      [-87.8, 43],
      [-87.7, 43],
      [-87.7, 43.1],
      [-87.8, 43],
    ]);
    expect(file.areas[1]!.polygons[0]![0]).toEqual([
      [-88, 42.9],
      [-87.9, 42.9],
      [-87.9, 43],
      [-88, 42.9],
    ]);
    expect(ne.attributes.description).toContain("<b>1</b>");

    const byDist = readKmlText(KML, "t.kml", { nameField: "dist", populationField: "POP" });
    expect(byDist.areas.map((a) => [a.name, a.population])).toEqual([
      ["1", 1200],
      ["2", 800],
    ]);
  });

  it("reads KMZ, deflated or stored", () => {
    for (const deflate of [true, false]) {
      const kmz = path.join(dir, `t${deflate}.kmz`);
      fs.writeFileSync(kmz, zip("doc.kml", Buffer.from(KML), deflate));
      expect(zipEntries(fs.readFileSync(kmz), "t.kmz").map((e) => e.name)).toEqual(["doc.kml"]);
      expect(readKmlAreas(kmz, { nameField: "DIST" }).areas).toHaveLength(2);
    }
    const bad = path.join(dir, "bad.kmz");
    fs.writeFileSync(bad, zip("readme.txt", Buffer.from("hi"), false));
    expect(() => readKmlAreas(bad, { nameField: "name" })).toThrow(/holds no \.kml \(found: readme\.txt\)/);
  });

  it("gives one clear error for a wrong name field, points, --crs or a non-KML file", () => {
    expect(() => readKmlText(KML, "t.kml", { nameField: "district" })).toThrow(
      /Placemark 1 \(North & East\) has no field 'district' \(Placemark fields: DIST, POP, name, description\)/,
    );
    const point =
      "<kml><Placemark><name>p</name><Point><coordinates>1,2</coordinates></Point></Placemark></kml>";
    expect(() => readKmlText(point, "p.kml", { nameField: "name" })).toThrow(
      /has no Polygon \(found Point\)/,
    );
    expect(() => readKmlText(KML, "t.kml", { nameField: "name", crs: "EPSG:3435" })).toThrow(AppError);
    expect(() => readKmlText("<html></html>", "x.kml", { nameField: "name" })).toThrow(/not KML/);
    const badCoord = KML.replace("-87.9,43 -87.9,42.9", "x,y -87.9,42.9");
    expect(() => readKmlText(badCoord, "t.kml", { nameField: "name" })).toThrow(
      /coordinate 'x,y' is not lon,lat/,
    );
  });
});
