/**
 * What every incident format produces, and the format-independent step after it: source coordinates
 * become WGS84 and analysis-CRS coordinates. Rows sharing an incident id are merged in the store
 * (IncidentStage), so memory stays bounded whatever the file's size.
 */
import { type Crs, getCrs, isUsableLonLat, makeTransform, WGS84 } from "../domain/crs.js";
import type { Clearance, IncidentLocation, IncidentRowRecord as StageRow } from "../domain/incident.js";
import type { LocalTime } from "../domain/time.js";

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
  /** One row per victim sources: this row's victim (the incident's counts are summed). */
  readonly victimRow?: { readonly shot: 0 | 1; readonly killed: 0 | 1 } | undefined;
}

export type RowResult =
  | { readonly kind: "ok"; readonly row: IncidentRow; readonly warnings: readonly RowIssue[] }
  | { readonly kind: "reject"; readonly issue: RowIssue };

/** Converts source coordinates to WGS84 and the analysis CRS, and says why when they are unusable. */
export class Locator {
  private readonly toWgs = new Map<string, (x: number, y: number) => [number, number]>();
  private readonly toXy: (x: number, y: number) => [number, number];

  constructor(readonly analysis: Crs) {
    this.toXy = makeTransform(WGS84, analysis);
  }

  /** Source CRSs met so far (an import notes any whose datum shift could not be applied). */
  get sourceCrss(): string[] {
    return [...this.toWgs.keys()];
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

/**
 * The staged form of an accepted row: its location converted (or dropped, with a warning - never a lost
 * row: the incident still counts citywide and in its reported district or 'Unknown').
 */
export function toStageRow(
  r: IncidentRow,
  locator: Locator | undefined,
): { row: StageRow; warning: RowIssue | undefined } {
  let location: StageRow["location"] = null;
  let warning: RowIssue | undefined;
  if (r.coords && locator) {
    const loc = locator.locate(r.coords);
    if ("problem" in loc) {
      warning = {
        severity: "warning",
        line: r.line,
        column: r.coords.crs === "EPSG:4326" ? "lat/lon" : "x/y",
        value: `${r.coords.x},${r.coords.y}`,
        reason: `location dropped: ${loc.problem}; the incident counts citywide and in its reported district or 'Unknown'`,
      };
    } else {
      location = loc;
    }
  }
  return {
    row: {
      line: r.line,
      incidentId: r.incidentId,
      occurredMs: r.occurred.ms,
      occurredPrecision: r.occurred.precision,
      reportedMs: r.reported?.ms ?? null,
      reportedPrecision: r.reported?.precision ?? null,
      offenses: r.offenses,
      weapons: r.weapons,
      victimsShot: r.victimsShot,
      victimsKilled: r.victimsKilled,
      location,
      address: r.address,
      districtReported: r.district,
      cleared: r.cleared,
      clearedMs: r.clearedAt?.ms ?? null,
      attributes: r.attributes,
      victimRow: r.victimRow,
    },
    warning,
  };
}
