/**
 * Builds the synthetic demo city into a new database: city, districts and focus corridors, populations,
 * incidents, gunshot detections and calls for service. Built under a temporary name and renamed at the
 * end, so an interrupted build never leaves a half-made database where `npm start` would find it.
 */
import fs from "node:fs";
import path from "node:path";
import turfArea from "@turf/area";
import type { MultiPolygon, Position } from "geojson";
import { type DemoPolygon, type DemoSize, generateDemoCity } from "../demo/demo-city.js";
import { demoIncidentAttributes } from "../demo/incidents.js";
import { getCrs, makeTransform, WGS84 } from "../domain/crs.js";
import { AppError } from "../domain/errors.js";
import { DISTRICT_LAYER } from "../domain/incident.js";
import { seedDemoPartnership } from "../partners/demo-partnership.js";
import { replaceLayer, upsertPopulations } from "../store/areas.js";
import { insertBatch, nextBatchId } from "../store/batches.js";
import { insertCity } from "../store/city.js";
import { Database } from "../store/db.js";
import { IncidentStage } from "../store/incident-stage.js";
import { mergeStagedIncidents } from "../store/incidents.js";
import { assignAreas } from "./assign-areas.js";
import { type Progress, silentProgress } from "./progress.js";

export type { DemoSize };
export const DEMO_SIZES: readonly DemoSize[] = ["small", "city", "large"];
export const FOCUS_LAYER = "focus_area";

export interface DemoOptions {
  readonly size: DemoSize;
  readonly seed: number;
  readonly progress?: Progress | undefined;
  readonly now?: (() => Date) | undefined;
}

export interface DemoReport {
  readonly kind: "demo-created";
  readonly database: string;
  readonly city: string;
  readonly size: DemoSize;
  readonly seed: number;
  readonly incidents: number;
  readonly detections: number;
  readonly calls: number;
  readonly firstDate: string;
  readonly lastDate: string;
  readonly layers: readonly string[];
  readonly seconds: number;
}

export async function buildDemoDatabase(dbPath: string, options: DemoOptions): Promise<DemoReport> {
  const t0 = performance.now();
  const progress = options.progress ?? silentProgress;
  const now = options.now ?? (() => new Date());
  const target = path.resolve(dbPath);
  if (fs.existsSync(target)) {
    throw new AppError("conflict", `${target} already exists: the demo city is built into a new database`);
  }
  const building = `${target}.building`;
  for (const f of [building, `${building}.wal`]) fs.rmSync(f, { force: true });
  const demo = generateDemoCity({ size: options.size, seed: options.seed });
  const crs = getCrs(demo.analysisCrs);
  const toWgs = makeTransform(crs, WGS84);
  const db = await Database.open(building, { create: true });
  let incidents = 0;
  let detections = 0;
  let calls = 0;
  try {
    await insertCity(db, { name: demo.name, timeZone: demo.timeZone, analysisCrs: demo.analysisCrs });
    const startedAt = now().toISOString();
    const batchId = await db.transaction(async () => {
      const batchId = await nextBatchId(db);
      const layer = async (name: string, polys: readonly DemoPolygon[]) =>
        replaceLayer(
          db,
          {
            layer: name,
            batchId,
            nameField: "name",
            sourceCrs: demo.analysisCrs,
            importedAt: startedAt,
            notes: ["synthetic demo city"],
          },
          polys.map((p) => {
            const xy: MultiPolygon = {
              type: "MultiPolygon",
              coordinates: [p.rings.map((r) => r.map(([x, y]) => [x, y] as Position))],
            };
            const wgs: MultiPolygon = {
              type: "MultiPolygon",
              coordinates: [p.rings.map((r) => r.map(([x, y]) => toWgs(x, y) as Position))],
            };
            return {
              name: p.name,
              geometryWgs84: wgs,
              geometryXy: xy,
              areaM2: turfArea(wgs),
              attributes: { synthetic: true },
            };
          }),
        );
      await layer("city_limit", [demo.cityLimit]);
      await layer(DISTRICT_LAYER, demo.districts);
      await layer(FOCUS_LAYER, demo.focusAreas);
      await upsertPopulations(db, DISTRICT_LAYER, demo.populations, batchId);
      return batchId;
    });

    progress.phase("demo incidents");
    await db.transaction(async () => {
      const stage = await IncidentStage.open(db, (n) => progress.tick(n));
      let line = 0;
      for (const d of demo.incidents()) {
        const [lon, lat] = d.x !== null && d.y !== null ? toWgs(d.x, d.y) : [0, 0];
        stage.push({
          line: ++line,
          incidentId: d.incidentId,
          occurredMs: d.occurredMs,
          occurredPrecision: "minute",
          reportedMs: d.reportedMs,
          reportedPrecision: "minute",
          offenses: d.offenses,
          weapons: d.weapons,
          victimsShot: d.victimsShot,
          victimsKilled: d.victimsKilled,
          location:
            d.x !== null && d.y !== null
              ? { srcX: d.x, srcY: d.y, srcCrs: demo.analysisCrs, lon, lat, x: d.x, y: d.y }
              : null,
          address: d.address,
          districtReported: null,
          cleared: d.cleared,
          clearedMs: d.clearedMs,
          attributes: demoIncidentAttributes(d, d.offenses.includes("120") && carjacking(d.incidentId)),
        });
      }
      incidents = line;
      const conflicts = await stage.resolve();
      if (conflicts.length > 0)
        throw new Error(`demo generator produced conflicting rows: ${conflicts[0]!.reason}`);
      await mergeStagedIncidents(db, "demo", batchId, startedAt);
      await IncidentStage.drop(db);
    });
    progress.done();

    progress.phase("demo detections and calls");
    await db.transaction(async () => {
      await db.run(
        "CREATE TEMP TABLE stage_det (id VARCHAR, t TIMESTAMP, rounds INTEGER, kind VARCHAR, lon DOUBLE, lat DOUBLE, x DOUBLE, y DOUBLE)",
      );
      detections = await db.append(
        "stage_det",
        [
          { name: "id", type: "varchar" },
          { name: "t", type: "timestamp" },
          { name: "rounds", type: "integer" },
          { name: "kind", type: "varchar" },
          { name: "lon", type: "double" },
          { name: "lat", type: "double" },
          { name: "x", type: "double" },
          { name: "y", type: "double" },
        ],
        (function* () {
          for (const d of demo.detections())
            yield [d.detectionId, d.detectedMs, d.rounds, d.detectionType, ...toWgs(d.x, d.y), d.x, d.y];
        })(),
      );
      await db.run(
        "CREATE TEMP TABLE stage_call (id VARCHAR, t TIMESTAMP, call_type VARCHAR, priority INTEGER, lon DOUBLE, lat DOUBLE, x DOUBLE, y DOUBLE)",
      );
      calls = await db.append(
        "stage_call",
        [
          { name: "id", type: "varchar" },
          { name: "t", type: "timestamp" },
          { name: "call_type", type: "varchar" },
          { name: "priority", type: "integer" },
          { name: "lon", type: "double" },
          { name: "lat", type: "double" },
          { name: "x", type: "double" },
          { name: "y", type: "double" },
        ],
        (function* () {
          for (const c of demo.calls()) {
            const ll = c.x === null || c.y === null ? [null, null] : toWgs(c.x, c.y);
            yield [c.callId, c.receivedMs, c.callType, c.priority, ...ll, c.x, c.y];
          }
        })(),
      );
      await db.run(
        `INSERT INTO gunshot_detections (uid, source, detection_id, batch_id, detected_at, rounds, detection_type, lon, lat, x, y, content_hash)
         SELECT nextval('event_uid_seq'), 'demo', id, $1, t, rounds, kind, lon, lat, x, y,
                md5(concat_ws('|', t, rounds, kind, lon, lat, x, y)) FROM stage_det ORDER BY t`,
        [batchId],
      );
      await db.run(
        `INSERT INTO calls_for_service (uid, source, call_id, batch_id, received_at, call_type, priority, lon, lat, x, y, content_hash)
         SELECT nextval('event_uid_seq'), 'demo', id, $1, t, call_type, priority, lon, lat, x, y,
                md5(concat_ws('|', t, call_type, priority, lon, lat, x, y)) FROM stage_call ORDER BY t`,
        [batchId],
      );
      await db.run("DROP TABLE stage_det");
      await db.run("DROP TABLE stage_call");
    });
    progress.done();

    progress.phase("assigning districts and focus areas");
    await db.transaction(async () => {
      await assignAreas(db);
      // The partnership's directory: fixed agencies and liaisons, stamped with the demo's first day.
      await seedDemoPartnership(db, `${demo.startDate}T00:00:00Z`);
      await insertBatch(db, {
        batchId,
        kind: "demo",
        format: "demo",
        source: "demo",
        fileName: `demo-${options.size}-seed-${options.seed}`,
        fileSha256: "",
        fileBytes: 0,
        startedAt,
        finishedAt: now().toISOString(),
        rowsRead: incidents,
        rowsNew: incidents,
        rowsUpdated: 0,
        rowsUnchanged: 0,
        rowsRejected: 0,
        recordsNew: incidents,
        recordsUpdated: 0,
        recordsUnchanged: 0,
        warnings: 0,
        options: { size: options.size, seed: options.seed },
        notes: [`detections ${detections}`, `calls ${calls}`],
      });
    });
    await db.run("CHECKPOINT");
    progress.done();
  } catch (e) {
    db.close();
    for (const f of [building, `${building}.wal`]) fs.rmSync(f, { force: true });
    throw e;
  }
  db.close();
  fs.renameSync(building, target);
  if (fs.existsSync(`${building}.wal`)) fs.renameSync(`${building}.wal`, `${target}.wal`);
  return {
    kind: "demo-created",
    database: target,
    city: demo.name,
    size: options.size,
    seed: options.seed,
    incidents,
    detections,
    calls,
    firstDate: demo.startDate,
    lastDate: demo.endDate,
    layers: ["city_limit", DISTRICT_LAYER, FOCUS_LAYER],
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * The demo flags one robbery in nine as a carjacking (an illustrative share, so the carjackings metric has
 * something to count), chosen by a hash of the incident id so the same seed always flags the same ones.
 */
function carjacking(incidentId: string): boolean {
  let h = 2166136261;
  for (let i = 0; i < incidentId.length; i++) h = Math.imul(h ^ incidentId.charCodeAt(i), 16777619);
  return (h >>> 0) % 9 === 0;
}
