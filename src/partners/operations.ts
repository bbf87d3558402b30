/**
 * The operations registry: planned operations with the reference of their external deconfliction system
 * (RISSafe, SAFETNet, Case Explorer), and a warning when one overlaps another registered, live operation
 * in place and time (overlap.ts). Times are the city's local wall clock (naive, like every PeaceStat
 * time); a place is an area, a circle around a point, or both.
 */
import { z } from "zod";
import { getCrs, makeTransform, WGS84 } from "../domain/crs.js";
import { AppError } from "../domain/errors.js";
import { formatLocal, parseLocalTime, precisionWindowEnd } from "../domain/time.js";
import { getCity } from "../store/city.js";
import type { Database } from "../store/db.js";
import { getAgency } from "./agencies.js";
import { type AreaRef, areaContains, assertAreaExists, parseAreaRef } from "./areas.js";
import { type OverlapInput, operationsOverlap, type PlaceOverlap } from "./overlap.js";
import {
  DECONFLICTION_SYSTEMS,
  type DeconflictionSystem,
  LIVE_OPERATION_STATUSES,
  OPERATION_STATUSES,
  type OperationStatus,
} from "./vocabulary.js";

export const OperationInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  agency: z.string().trim().min(1).max(32),
  startsAt: z.string().trim().min(10).max(40),
  endsAt: z.string().trim().min(10).max(40),
  area: z.string().trim().max(200).optional(),
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  radiusM: z.number().positive().max(50_000).optional(),
  deconflictionSystem: z.enum(DECONFLICTION_SYSTEMS),
  deconflictionRef: z.string().trim().min(1).max(100),
  status: z.enum(OPERATION_STATUSES).optional(),
});
export type OperationInput = z.infer<typeof OperationInputSchema>;

export interface Operation {
  readonly id: number;
  readonly name: string;
  readonly agency: string;
  /** Local `YYYY-MM-DD HH:MM:SS`. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly area: AreaRef | null;
  readonly point: { lon: number; lat: number; radiusM: number } | null;
  readonly deconflictionSystem: DeconflictionSystem;
  readonly deconflictionRef: string;
  readonly status: OperationStatus;
  readonly createdBy: string;
}

/** An overlap as the registry reports it: the other operation and why their places meet. */
export interface OperationOverlap {
  readonly operation: Operation;
  readonly place: PlaceOverlap;
}

type Stored = Operation & OverlapInput;

function parseTime(raw: string, field: string, end: boolean, timeZone: string): number {
  const t = parseLocalTime(raw.replace("T", " "), timeZone);
  if (t.kind === "error") throw new AppError("invalid-argument", `${field}: ${t.reason}`);
  if (t.value.precision === "minute") return t.value.ms;
  // A day (or month) given as an end runs to its last minute; as a start, from its first.
  return end ? precisionWindowEnd(t.value) - 60_000 : t.value.ms;
}

async function load(db: Database, where = "", params: (string | number)[] = []): Promise<Stored[]> {
  const rows = await db.all<{
    id: number;
    name: string;
    agency: string;
    s: number;
    e: number;
    area_layer: string | null;
    area_name: string | null;
    lon: number | null;
    lat: number | null;
    x: number | null;
    y: number | null;
    radius_m: number | null;
    deconfliction_system: string;
    deconfliction_ref: string;
    status: string;
    created_by: string;
  }>(
    `SELECT id, name, agency, epoch_ms(starts_at)::DOUBLE AS s, epoch_ms(ends_at)::DOUBLE AS e, area_layer, area_name,
            lon, lat, x, y, radius_m, deconfliction_system, deconfliction_ref, status, created_by
     FROM operations ${where} ORDER BY starts_at, id`,
    params,
  );
  return rows.map((r) => {
    const area = r.area_layer && r.area_name ? { layer: r.area_layer, name: r.area_name } : null;
    const hasPoint = r.lon !== null && r.lat !== null && r.x !== null && r.y !== null && r.radius_m !== null;
    return {
      id: r.id,
      name: r.name,
      agency: r.agency,
      startsAt: formatLocal(r.s),
      endsAt: formatLocal(r.e),
      area,
      point: hasPoint ? { lon: r.lon!, lat: r.lat!, radiusM: r.radius_m! } : null,
      deconflictionSystem: r.deconfliction_system as DeconflictionSystem,
      deconflictionRef: r.deconfliction_ref,
      status: r.status as OperationStatus,
      createdBy: r.created_by,
      startMs: r.s,
      endMs: r.e,
      circle: hasPoint ? { x: r.x!, y: r.y!, radiusM: r.radius_m! } : null,
    };
  });
}

const publicShape = ({ startMs: _s, endMs: _e, circle: _c, ...op }: Stored): Operation => op;

/** Live operations (planned, active) overlapping each of `ops`, by operation id. */
export async function overlapsOf(
  db: Database,
  ops: readonly Operation[],
): Promise<Map<number, OperationOverlap[]>> {
  const all = await load(db);
  const live = all.filter((o) => LIVE_OPERATION_STATUSES.includes(o.status));
  const contains = await areaContains(db);
  const out = new Map<number, OperationOverlap[]>();
  for (const op of ops) {
    const me = all.find((o) => o.id === op.id);
    if (!me) continue;
    const hits: OperationOverlap[] = [];
    for (const other of live) {
      if (other.id === me.id) continue;
      const place = operationsOverlap(me, other, contains);
      if (place) hits.push({ operation: publicShape(other), place });
    }
    out.set(op.id, hits);
  }
  return out;
}

/** Registers an operation and returns it with the live operations it overlaps. */
export async function createOperation(
  db: Database,
  input: OperationInput,
  options: { username: string; now?: Date },
): Promise<{ operation: Operation; overlaps: OperationOverlap[] }> {
  const city = await getCity(db);
  const agency = await getAgency(db, input.agency);
  const startMs = parseTime(input.startsAt, "startsAt", false, city.timeZone);
  const endMs = parseTime(input.endsAt, "endsAt", true, city.timeZone);
  if (endMs < startMs) throw new AppError("invalid-argument", "endsAt: must not be before startsAt");
  const area = input.area ? parseAreaRef(input.area) : null;
  if (area) await assertAreaExists(db, area);
  const hasPoint = input.lon !== undefined || input.lat !== undefined;
  if (hasPoint && (input.lon === undefined || input.lat === undefined || input.radiusM === undefined))
    throw new AppError("invalid-argument", "lon/lat/radiusM: a point needs all three (radius in metres)");
  if (!area && !hasPoint)
    throw new AppError(
      "invalid-argument",
      "area or lon/lat/radiusM: an operation needs a place to be deconflicted",
    );
  let xy: [number, number] | null = null;
  if (hasPoint) {
    if (!city.analysisCrs)
      throw new AppError("invalid-argument", "lon/lat: the city has no analysis CRS yet");
    xy = makeTransform(WGS84, getCrs(city.analysisCrs))(input.lon!, input.lat!);
  }
  const id = await db.transaction(async () => {
    const row = await db.one<{ id: number }>("SELECT nextval('operation_id_seq')::INTEGER AS id");
    await db.run(
      `INSERT INTO operations VALUES ($1, $2, $3, make_timestamp($4::BIGINT * 1000), make_timestamp($5::BIGINT * 1000),
         $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::TIMESTAMPTZ)`,
      [
        row!.id,
        input.name,
        agency.id,
        startMs,
        endMs,
        area?.layer ?? null,
        area?.name ?? null,
        input.lon ?? null,
        input.lat ?? null,
        xy?.[0] ?? null,
        xy?.[1] ?? null,
        hasPoint ? input.radiusM! : null,
        input.deconflictionSystem,
        input.deconflictionRef,
        input.status ?? "planned",
        options.username,
        (options.now ?? new Date()).toISOString(),
      ],
    );
    return row!.id;
  });
  const operation = await getOperation(db, id);
  return { operation, overlaps: (await overlapsOf(db, [operation])).get(id) ?? [] };
}

export async function listOperations(
  db: Database,
  options: { agency?: string | null } = {},
): Promise<Operation[]> {
  const ops = options.agency ? await load(db, "WHERE agency = $1", [options.agency]) : await load(db);
  return ops.map(publicShape);
}

export async function getOperation(db: Database, id: number): Promise<Operation> {
  const op = (await load(db, "WHERE id = $1", [id]))[0];
  if (!op) throw new AppError("not-found", `no operation ${id}: GET /api/operations lists them`);
  return publicShape(op);
}

export async function setOperationStatus(
  db: Database,
  id: number,
  status: OperationStatus,
): Promise<Operation> {
  await getOperation(db, id);
  await db.run("UPDATE operations SET status = $2 WHERE id = $1", [id, status]);
  return getOperation(db, id);
}
