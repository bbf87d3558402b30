/**
 * Sums daily rows into windows. A day-or-finer row counts when its day lies in the window; a row known
 * only to the month counts when the window covers the whole month (and is reported in the notes when it
 * overlaps a window it could not be placed in).
 */
import { dayNumber } from "./periods.js";
import type { DailyRow } from "./query.js";
import type { ReportWindow } from "./report.js";

export interface WindowCounts {
  readonly units: number[];
  readonly cleared: number[];
  /** Events per metric: incidents for a victims metric, the units otherwise. */
  readonly incidents: number[];
}

/** counts.get(group).get(windowId) */
export type CountTable = Map<string, Map<string, WindowCounts>>;

interface DayWindow {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

function monthLastDay(day: number): number {
  const d = new Date(day * 86_400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / 86_400_000;
}

export interface Accumulated {
  readonly counts: CountTable;
  /** Per window id: month-precision events citywide that overlap the window without fitting inside it. */
  readonly monthPartial: Map<string, number>;
}

/**
 * Adds the rows of one source into `into`: local metric i of the rows lands in slot `slots[i]` of the
 * shared vector (a source's metrics need not be contiguous in the report's metric order).
 */
export function accumulate(
  rows: readonly DailyRow[],
  windows: readonly ReportWindow[],
  width: number,
  slots: readonly number[],
  into: Accumulated,
): void {
  const ws: DayWindow[] = windows.map((w) => ({
    id: w.id,
    start: dayNumber(w.start),
    end: dayNumber(w.end),
  }));
  for (const r of rows) {
    let byWindow = into.counts.get(r.group);
    if (!byWindow) {
      byWindow = new Map();
      into.counts.set(r.group, byWindow);
    }
    const last = r.month ? monthLastDay(r.day) : r.day;
    for (const w of ws) {
      const inside = r.day >= w.start && last <= w.end;
      if (!inside) {
        if (r.month && r.group === "citywide" && r.day <= w.end && last >= w.start) {
          into.monthPartial.set(w.id, (into.monthPartial.get(w.id) ?? 0) + r.events);
        }
        continue;
      }
      let c = byWindow.get(w.id);
      if (!c) {
        c = {
          units: new Array<number>(width).fill(0),
          cleared: new Array<number>(width).fill(0),
          incidents: new Array<number>(width).fill(0),
        };
        byWindow.set(w.id, c);
      }
      for (let i = 0; i < r.units.length; i++) {
        const k = slots[i]!;
        c.units[k]! += r.units[i]!;
        c.incidents[k]! += r.incidents[i]!;
        if (r.cleared) c.cleared[k]! += r.cleared[i]!;
      }
    }
  }
}

export function emptyAccumulated(): Accumulated {
  return { counts: new Map(), monthPartial: new Map() };
}
