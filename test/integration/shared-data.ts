import fs from "node:fs";
import path from "node:path";

/** ../shared/data beside the project: present in CI, absent on a user's machine (those tests skip). */
export const SHARED_DATA = path.resolve("..", "shared", "data");
export const hasSharedData = fs.existsSync(path.join(SHARED_DATA, "README.md"));
export const sharedData = (...parts: string[]) => path.join(SHARED_DATA, ...parts);

if (!hasSharedData) {
  console.warn(`skipping tests on real data: ${SHARED_DATA} is not there (it is in CI)`);
}
