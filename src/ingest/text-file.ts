/**
 * Opening an input file as text: gzip is unpacked on the fly, and files that are plainly not text
 * (a shapefile, a ZIP/XLSX, a PDF) are refused with one clear error before any row is read.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { AppError } from "../domain/errors.js";

export interface FileFacts {
  readonly path: string;
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly gzip: boolean;
}

const MAGIC: readonly { bytes: readonly number[]; what: string }[] = [
  {
    bytes: [0x00, 0x00, 0x27, 0x0a],
    what: "an ESRI shapefile (.shp): import it with 'peacestat areas import'",
  },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP archive (or an XLSX/KMZ file): unpack it or export CSV" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
  { bytes: [0x53, 0x51, 0x4c, 0x69], what: "an SQLite database" },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: "a Parquet file" },
];

/** Reads the facts of a file (size, SHA-256) and checks that it exists and is readable. */
export async function fileFacts(file: string): Promise<FileFacts> {
  const resolved = path.resolve(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(resolved);
  } catch {
    throw new AppError("not-found", `file not found: ${file}`);
  }
  if (!stat.isFile()) throw new AppError("bad-file", `${file} is not a file`);
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(resolved)) hash.update(chunk as Buffer);
  const head = readHead(resolved, 4);
  return {
    path: resolved,
    name: path.basename(resolved),
    bytes: stat.size,
    sha256: hash.digest("hex"),
    gzip: head[0] === 0x1f && head[1] === 0x8b,
  };
}

function readHead(file: string, n: number): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(n);
    const got = fs.readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}

/** A text stream of the file (gunzipped when needed), after refusing binary files by their content. */
export async function openTextStream(facts: FileFacts, expected: string): Promise<Readable> {
  const raw = fs.createReadStream(facts.path);
  const stream: Readable = facts.gzip ? raw.pipe(createGunzip()) : raw;
  const head = await peek(facts);
  for (const m of MAGIC) {
    if (m.bytes.every((b, i) => head[i] === b)) {
      stream.destroy();
      throw new AppError("bad-file", `${facts.name} is ${m.what}, not ${expected}`);
    }
  }
  if (head.subarray(0, 4096).includes(0)) {
    stream.destroy();
    throw new AppError("bad-file", `${facts.name} is a binary file, not ${expected}`);
  }
  const text = head
    .subarray(0, 4096)
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (/^[{[]/.test(text) && !expected.includes("JSON")) {
    stream.destroy();
    const geo = /"(FeatureCollection|Feature)"/.test(text);
    throw new AppError(
      "bad-file",
      `${facts.name} is ${geo ? "GeoJSON (import boundaries with 'peacestat areas import')" : "JSON"}, not ${expected}`,
    );
  }
  return stream;
}

async function peek(facts: FileFacts): Promise<Buffer> {
  if (!facts.gzip) return readHead(facts.path, 4096);
  const gunzip = fs.createReadStream(facts.path, { end: 65535 }).pipe(createGunzip());
  const parts: Buffer[] = [];
  let total = 0;
  try {
    for await (const c of gunzip) {
      parts.push(c as Buffer);
      total += (c as Buffer).length;
      if (total >= 4096) break;
    }
  } catch {
    // A truncated read of the first 64 KiB may end mid-block; what we have is enough to sniff.
  }
  return Buffer.concat(parts).subarray(0, 4096);
}
