/** Output files written by the CLI. */
import fs from "node:fs";
import path from "node:path";

/** Writes next to the target and renames, so a failed run never leaves half a file. */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}
