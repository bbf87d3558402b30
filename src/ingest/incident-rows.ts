/**
 * What every incident format produces, and the format-independent steps after it: rows that share an
 * incident id are merged into one incident (offenses and weapons united; other fields must agree), and
 * source coordinates become WGS84 and analysis-CRS coordinates.
 */
import { type Crs, getCrs, isUsableLonLat, makeTransform, WGS84 } from "../domain/crs.js";
import type { Clearance, Incident, IncidentLocation } from "../domain/incident.js";
import type { LocalTime } from "../domain/time.js";
import { formatLocal } from "../domain/time.js";

export type IssueSeverity = "reject" | "warning";

/** A rejected row, or a value dropped from a kept row: where, what, and why. */
export interface RowIssue {
  readonly severity: IssueSeverity;
  readonly line: number;
  readonly column: string | null;
  readonly value: string | null;
  readonly reason: string;
}

/** One accepted row of an incident file, before rows of the same incident are merged. */
export interface IncidentRow {
  readonly line: number;
  readonly incidentId: string;
  readonly occurred: LocalTime;
  readonly reported: LocalTime | null;
  readonly offenses: readonly string[];
  readonly weapons: readonly string[];
  readonly victimsShot: number | null;
  readonly victimsKilled: number | null;
  /** Source coordinates and their CRS (`EPSG:4326` for lon/lat), or null. */
  readonly coords: { readonly x: number; readonly y: number; readonly crs: string } | null;
  readonly address: string | null;
  readonly district: string | null;
  readonly cleared: Clearance | null;
  readonly clearedAt: LocalTime | null;
  readonly attributes: Readonly<Record<string, string>>;
}

export type RowResult =
  | { readonly kind: "ok"; readonly row: IncidentRow; readonly warnings: readonly RowIssue[] }
  | { readonly kind: "reject"; readonly issue: RowIssue };

/** An incident assembled from one or more rows; `lines` are the rows that make it up. */
export interface MergedIncident {
  readonly first: IncidentRow;
  readonly lines: number[];
  offenses: Set<string>;
  weapons: Set<string>;
  row: IncidentRow;
}

type Scalar = string | number | null;

function scalarFields(r: IncidentRow): Record<string, Scalar> {
  return {
    occurred_at: `${formatLocal(r.occurred.ms)} (${r.occurred.precision})`,
    reported_at: r.reported ? `${formatLocal(r.reported.ms)} (${r.reported.precision})` : null,
    victims_shot: r.victimsShot,
    victims_killed: r.victimsKilled,
    location: r.coords ? `${r.coords.x},${r.coords.y}` : null,
    address: r.address,
    district: r.district,
    cleared: r.cleared,
    cleared_at: r.clearedAt ? formatLocal(r.clearedAt.ms) : null,
  };
}

/**
 * Adds a row to its incident. Returns an issue when the row contradicts an earlier row of the same
 * incident on an incident-level field (empty values never contradict; they are filled from other rows).
 */
export function mergeRow(groups: Map<string, MergedIncident>, row: IncidentRow): RowIssue | undefined {
  const g = groups.get(row.incidentId);
  if (!g) {
    groups.set(row.incidentId, {
      first: row,
      lines: [row.line],
      offenses: new Set(row.offenses),
      weapons: new Set(row.weapons),
      row,
    });
    return undefined;
  }
  const a = scalarFields(g.row);
  const b = scalarFields(row);
  for (const key of Object.keys(a)) {
    const va = a[key] ?? null;
    const vb = b[key] ?? null;
    if (va !== null && vb !== null && va !== vb) {
      return {
        severity: "reject",
        line: row.line,
        column: key,
        value: String(vb),
        reason: `incident ${row.incidentId} has ${key} '${va}' on line ${g.first.line}; rows of one incident must agree`,
      };
    }
  }
  const filled: IncidentRow = {
    ...g.row,
    reported: g.row.reported ?? row.reported,
    victimsShot: g.row.victimsShot ?? row.victimsShot,
    victimsKilled: g.row.victimsKilled ?? row.victimsKilled,
    coords: g.row.coords ?? row.coords,
    address: g.row.address ?? row.address,
    district: g.row.district ?? row.district,
    cleared: g.row.cleared ?? row.cleared,
    clearedAt: g.row.clearedAt ?? row.clearedAt,
    attributes: { ...row.attributes, ...g.row.attributes },
  };
  g.row = filled;
  g.lines.push(row.line);
  for (const o of row.offenses) g.offenses.add(o);
  for (const w of row.weapons) g.weapons.add(w);
  return undefined;
}

/** Converts source coordinates to WGS84 and the analysis CRS, and says why when they are unusable. */
export class Locator {
  private readonly toWgs = new Map<string, (x: number, y: number) => [number, number]>();
  private readonly toXy: (x: number, y: number) => [number, number];

  constructor(readonly analysis: Crs) {
    this.toXy = makeTransform(WGS84, analysis);
  }

  locate(coords: { x: number; y: number; crs: string }): IncidentLocation | { problem: string } {
    let fwd = this.toWgs.get(coords.crs);
    if (!fwd) {
      fwd = makeTransform(getCrs(coords.crs), WGS84);
      this.toWgs.set(coords.crs, fwd);
    }
    const [lon, lat] = fwd(coords.x, coords.y);
    if (!isUsableLonLat(lon, lat)) {
      return {
        problem:
          coords.crs === "EPSG:4326"
            ? "not a usable longitude/latitude (lat -90..90, lon -180..180, not 0,0)"
            : `not a usable position in ${coords.crs}`,
      };
    }
    const bbox = getCrs(coords.crs).bbox;
    if (coords.crs !== "EPSG:4326" && bbox) {
      const margin = 1;
      if (
        lon < bbox[0] - margin ||
        lon > bbox[2] + margin ||
        lat < bbox[1] - margin ||
        lat > bbox[3] + margin
      ) {
        return {
          problem: `falls at ${lon.toFixed(4)},${lat.toFixed(4)}, outside the area where ${coords.crs} is used (are x and y swapped, or is the CRS wrong?)`,
        };
      }
    }
    const [x, y] = this.toXy(lon, lat);
    return { srcX: coords.x, srcY: coords.y, srcCrs: coords.crs, lon, lat, x, y };
  }
}

/** Builds the stored incident from its merged rows. A location problem becomes a warning, never a lost incident. */
export function toIncident(
  g: MergedIncident,
  locator: Locator,
): { incident: Incident; warning: RowIssue | undefined } {
  const r = g.row;
  let location: IncidentLocation | null = null;
  let warning: RowIssue | undefined;
  if (r.coords) {
    const loc = locator.locate(r.coords);
    if ("problem" in loc) {
      warning = {
        severity: "warning",
        line: g.first.line,
        column: r.coords.crs === "EPSG:4326" ? "lat/lon" : "x/y",
        value: `${r.coords.x},${r.coords.y}`,
        reason: `location dropped: ${loc.problem}; the incident counts citywide and in district by its reported district or 'Unknown'`,
      };
    } else {
      location = loc;
    }
  }
  const incident: Incident = {
    incidentId: r.incidentId,
    occurredMs: r.occurred.ms,
    occurredPrecision: r.occurred.precision,
    reportedMs: r.reported?.ms ?? null,
    reportedPrecision: r.reported?.precision ?? null,
    offenses: [...g.offenses].sort(),
    weapons: [...g.weapons].sort(),
    victimsShot: r.victimsShot,
    victimsKilled: r.victimsKilled,
    location,
    address: r.address,
    districtReported: r.district,
    cleared: r.cleared,
    clearedMs: r.clearedAt?.ms ?? null,
    attributes: r.attributes,
  };
  return { incident, warning };
}
