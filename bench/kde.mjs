/**
 * Benchmark (not a test): quartic kernel density of 100,000 clustered points on a 500 x 500 raster, then
 * 50/75/90% mass contours, the size a city-wide hot spot map needs. Goal: the density well under a second.
 *
 *   npm run build && node bench/kde.mjs [--dist dist] [--runs 5] [--bandwidth 300]
 *
 * Prints `RESULT kde points=... cells=... bandwidth_m=... cells_per_radius=... kde_median_s=...
 * contours_median_s=... arcgis_default_bandwidth_m=...` (the radius ArcGIS's rule would pick here).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    dist: { type: "string", default: "dist" },
    runs: { type: "string", default: "5" },
    bandwidth: { type: "string", default: "300" },
  },
});
const load = (rel) => import(pathToFileURL(path.resolve(args.dist, rel)).href);
const { defaultBandwidth, kernelDensity } = await load("analysis/kde.js");
const { contourPolygons, massLevels } = await load("analysis/contours.js");
const { Rng } = await load("domain/random.js");

// A 10 km x 10 km city: 30 Gaussian hot spots plus a uniform background.
const rng = new Rng(2024);
const centres = Array.from({ length: 30 }, () => ({ x: rng.uniform() * 10_000, y: rng.uniform() * 10_000 }));
const points = Array.from({ length: 100_000 }, (_, i) => {
  if (i % 4 === 0) return { x: rng.uniform() * 10_000, y: rng.uniform() * 10_000 };
  const c = centres[rng.int(centres.length)];
  return { x: c.x + rng.normal() * 300, y: c.y + rng.normal() * 300 };
});
const h = Number(args.bandwidth);
const extent = { minX: 0, minY: 0, maxX: 10_000, maxY: 10_000 };
const opts = { bandwidth: h, cellSize: 20, extent };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kdeTimes = [];
const contourTimes = [];
let raster;
for (let k = 0; k < Number(args.runs); k++) {
  let t = performance.now();
  raster = kernelDensity(points, opts);
  kdeTimes.push((performance.now() - t) / 1000);
  t = performance.now();
  contourPolygons(raster, massLevels(raster, [0.5, 0.75, 0.9]));
  contourTimes.push((performance.now() - t) / 1000);
}
console.log(
  `RESULT kde points=${points.length} cells=${raster.cols}x${raster.rows} bandwidth_m=${h} ` +
    `cells_per_radius=${h / raster.cellSize} kde_median_s=${median(kdeTimes).toFixed(3)} ` +
    `contours_median_s=${median(contourTimes).toFixed(3)} arcgis_default_bandwidth_m=${defaultBandwidth(points).toFixed(0)}`,
);
