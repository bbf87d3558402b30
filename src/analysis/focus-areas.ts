/**
 * Where to focus: crime concentrates in few places (Weisburd 2015, "The law of crime concentration and
 * the criminology of place", Criminology 53(2): about half of crime on about 5% of street segments), and
 * a partnership's first question is "which places hold the problem, and how small are they?". The seed
 * answers it as a share of the city's crime against a share of its land ("over 10% of violent crime on
 * 2.3 of 96.8 square miles"; domain.md, "Rates and shares").
 *
 * - {@link smallestCellSet}: the fewest cells that hold a given share of events (Weisburd's measure).
 * - {@link shareVsLand}: each area's share of events against its share of land.
 * - {@link contiguousFocusAreas}: the top cells of a grid joined into contiguous areas, because a patrol
 *   plan or a focus-area boundary is drawn around blocks of cells, not scattered ones.
 */
import { AppError } from "../domain/errors.js";

export interface FocusCell {
  id: string;
  count: number;
  /** Land area in m2; give it for every cell (or none) to get the land share. */
  areaM2?: number;
}

export interface CellSetResult {
  status: "ok" | "no-events";
  /** The share asked for. */
  targetShare: number;
  /** Ids of the chosen cells, most events first. */
  cells: string[];
  /** Events in the chosen cells. */
  count: number;
  totalCount: number;
  /** count / totalCount (>= targetShare); null without events. */
  eventShare: number | null;
  /** Chosen cells / all cells given (zero-count cells count: pass them). Null without cells. */
  cellShare: number | null;
  /** Land of the chosen cells / land of all cells; null without areas or without land. */
  landShare: number | null;
}

function assertShare(share: number): void {
  if (!(share >= 0 && share <= 1))
    throw new AppError("invalid-argument", `share must be in [0, 1], got ${share}`);
}

function assertCount(name: string, v: number): void {
  if (!(Number.isFinite(v) && v >= 0))
    throw new AppError("invalid-argument", `${name} must be >= 0, got ${v}`);
}

/**
 * The greedy choice: cells in `order` (most events first) are taken until their events reach `share` of
 * the total, compared as cum / total >= share so that the reported share is the one tested. Taking the
 * largest counts first is optimal for the number of cells: any k cells hold at most the top k's events.
 * It is also minimal: without any chosen cell the set holds at most the top (k - 1), which fell short.
 */
function greedyCount(
  counts: ArrayLike<number>,
  order: readonly number[],
  total: number,
  share: number,
): number {
  if (total === 0 || share === 0) return 0;
  let cum = 0;
  for (let k = 0; k < order.length; k++) {
    cum += counts[order[k]!]!;
    if (cum / total >= share) return k + 1;
  }
  return order.length; // unreachable for share <= 1: the full sum is the total
}

/**
 * The smallest set of cells holding at least `share` of all events (Weisburd 2015). Cells with equal
 * counts are taken in id order (code-unit order, not locale), so the set does not depend on the input
 * order; another set of the same size may exist when counts tie at the margin.
 */
export function smallestCellSet(cells: readonly FocusCell[], share: number): CellSetResult {
  assertShare(share);
  const ids = new Set<string>();
  let total = 0;
  let areaCount = 0;
  let totalArea = 0;
  for (const c of cells) {
    if (ids.has(c.id)) throw new AppError("invalid-argument", `cell id "${c.id}" appears twice`);
    ids.add(c.id);
    assertCount(`count of cell "${c.id}"`, c.count);
    total += c.count;
    if (c.areaM2 !== undefined) {
      assertCount(`areaM2 of cell "${c.id}"`, c.areaM2);
      areaCount++;
      totalArea += c.areaM2;
    }
  }
  if (areaCount !== 0 && areaCount !== cells.length) {
    throw new AppError("invalid-argument", "give areaM2 for every cell or for none");
  }
  const order = cells.map((_, i) => i);
  order.sort((a, b) => {
    const ca = cells[a]!;
    const cb = cells[b]!;
    return cb.count - ca.count || (ca.id < cb.id ? -1 : ca.id > cb.id ? 1 : 0);
  });
  const counts = cells.map((c) => c.count);
  const k = greedyCount(counts, order, total, share);
  const chosen = order.slice(0, k).map((i) => cells[i]!);
  const count = chosen.reduce((s, c) => s + c.count, 0);
  const area = chosen.reduce((s, c) => s + (c.areaM2 ?? 0), 0);
  return {
    status: total === 0 ? "no-events" : "ok",
    targetShare: share,
    cells: chosen.map((c) => c.id),
    count,
    totalCount: total,
    eventShare: total === 0 ? null : count / total,
    cellShare: cells.length === 0 ? null : k / cells.length,
    landShare: areaCount === 0 || totalArea === 0 ? null : area / totalArea,
  };
}

export interface AreaCount {
  name: string;
  count: number;
  areaM2: number;
}

export interface ShareVsLandRow extends AreaCount {
  /** count / city total; null without events. */
  shareOfEvents: number | null;
  /** areaM2 / city land; null without land. */
  shareOfLand: number | null;
  /** shareOfEvents / shareOfLand: the area's event density over the city's (1 = average); null if undefined. */
  concentration: number | null;
}

export interface ShareVsLandResult {
  status: "ok" | "no-events" | "no-land";
  totalCount: number;
  totalAreaM2: number;
  /** Most concentrated first; areas without a concentration last; then by count, then name. */
  rows: ShareVsLandRow[];
}

/**
 * Each area's share of events against its share of land: the seed's corridor held over 10% of violent
 * crime on 2.3 of 96.8 square miles, a concentration above 4.2 (0.10 / (2.3 / 96.8)). The city totals default to the sums over
 * `areas`; pass them when the areas do not cover the city, or when events without a location still count
 * in the city's total (domain.md: they never silently vanish).
 */
export function shareVsLand(
  areas: readonly AreaCount[],
  opts: { totalCount?: number; totalAreaM2?: number } = {},
): ShareVsLandResult {
  let sumCount = 0;
  let sumArea = 0;
  for (const a of areas) {
    assertCount(`count of "${a.name}"`, a.count);
    assertCount(`areaM2 of "${a.name}"`, a.areaM2);
    sumCount += a.count;
    sumArea += a.areaM2;
  }
  const totalCount = opts.totalCount ?? sumCount;
  const totalAreaM2 = opts.totalAreaM2 ?? sumArea;
  // A small tolerance: the caller's city area and the summed polygon areas are both rounded.
  if (!(totalCount >= sumCount) || !(totalAreaM2 >= sumArea * (1 - 1e-9))) {
    throw new AppError("invalid-argument", "the city totals are smaller than the sum over its areas");
  }
  const rows = areas.map((a): ShareVsLandRow => {
    const shareOfEvents = totalCount > 0 ? a.count / totalCount : null;
    const shareOfLand = totalAreaM2 > 0 ? a.areaM2 / totalAreaM2 : null;
    const concentration =
      shareOfEvents !== null && shareOfLand !== null && shareOfLand > 0 ? shareOfEvents / shareOfLand : null;
    return { name: a.name, count: a.count, areaM2: a.areaM2, shareOfEvents, shareOfLand, concentration };
  });
  rows.sort(
    (a, b) =>
      (b.concentration ?? Number.NEGATIVE_INFINITY) - (a.concentration ?? Number.NEGATIVE_INFINITY) ||
      b.count - a.count ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const status = totalCount === 0 ? "no-events" : totalAreaM2 === 0 ? "no-land" : "ok";
  return { status, totalCount, totalAreaM2, rows };
}

export interface GridCounts {
  /** Columns and rows; cell (col, row) is index row * nx + col. */
  nx: number;
  ny: number;
  counts: ArrayLike<number>;
}

export interface FocusComponent {
  /** Cell indexes, ascending. */
  cells: number[];
  count: number;
  /** count / all events on the grid. */
  eventShare: number;
}

export interface ContiguousFocusResult {
  status: "ok" | "no-events";
  /** The smallest set holding `share` of events (ties by index), ascending. */
  selected: number[];
  /** Events in `selected` / all events; null without events. */
  eventShare: number | null;
  /** Edge-connected groups of selected cells, most events first (ties by first cell). */
  components: FocusComponent[];
}

/**
 * The top cells of a grid (the smallest set holding `share` of events, as {@link smallestCellSet} with
 * ties by cell index) joined into areas by flood fill over shared edges (4-neighbours: cells touching
 * only at a corner are separate areas, as two blocks meeting at an intersection are).
 */
export function contiguousFocusAreas(grid: GridCounts, share: number): ContiguousFocusResult {
  assertShare(share);
  const { nx, ny, counts } = grid;
  if (
    !Number.isSafeInteger(nx) ||
    !Number.isSafeInteger(ny) ||
    nx < 0 ||
    ny < 0 ||
    counts.length !== nx * ny
  ) {
    throw new AppError(
      "invalid-argument",
      `a ${nx} x ${ny} grid needs ${nx * ny} counts, got ${counts.length}`,
    );
  }
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    assertCount(`count of cell ${i}`, counts[i]!);
    total += counts[i]!;
  }
  const order = Array.from({ length: counts.length }, (_, i) => i);
  order.sort((a, b) => counts[b]! - counts[a]! || a - b);
  const k = greedyCount(counts, order, total, share);
  const selected = order.slice(0, k).sort((a, b) => a - b);
  const inSet = new Uint8Array(counts.length);
  for (const i of selected) inSet[i] = 1;
  const components: FocusComponent[] = [];
  const stack: number[] = [];
  for (const seed of selected) {
    if (inSet[seed] !== 1) continue;
    inSet[seed] = 2;
    stack.push(seed);
    const cells: number[] = [];
    let count = 0;
    while (stack.length > 0) {
      const i = stack.pop()!;
      cells.push(i);
      count += counts[i]!;
      const col = i % nx;
      const neighbours = [col > 0 ? i - 1 : -1, col < nx - 1 ? i + 1 : -1, i - nx, i + nx];
      for (const j of neighbours) {
        if (j >= 0 && j < counts.length && inSet[j] === 1) {
          inSet[j] = 2;
          stack.push(j);
        }
      }
    }
    cells.sort((a, b) => a - b);
    components.push({ cells, count, eventShare: count / total });
  }
  components.sort((a, b) => b.count - a.count || a.cells[0]! - b.cells[0]!);
  const chosen = selected.reduce((s, i) => s + counts[i]!, 0);
  return {
    status: total === 0 ? "no-events" : "ok",
    selected,
    eventShare: total === 0 ? null : chosen / total,
    components,
  };
}
