/**
 * Each result in plain language, for the commander who will not read a Knox table: what was found, how
 * sure it is, and what it does not say. Pure functions of the API's answers, so the sentences and the
 * tables beside them cannot disagree.
 */
import type {
  ConcentrationRun,
  DisplacementResult,
  HotspotAnalysis,
  NearRepeatAnswer,
} from "../api-analysis";

const NUM = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
/** A number with `d` decimals; "–" for null (no value, e.g. no variance). */
export const fmt = (x: number | null | undefined, d = 2): string =>
  x === null || x === undefined || !Number.isFinite(x)
    ? "–"
    : x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
export const count = (x: number): string => NUM.format(x);
export const pct = (x: number, d = 1): string => `${fmt(x * 100, d)}%`;
/** p-values as analysts write them: 0.001, 0.032, "< 0.001" only below the resolution. */
export const pValue = (p: number | null): string =>
  p === null ? "–" : p < 0.0005 ? "< 0.001" : fmt(p, p < 0.01 ? 3 : 2);

/** "Non-Fatal Shootings" from "Non-Fatal Shootings, 2024-01-01 to 2024-12-31". */
export const metricOf = (description: string): string => description.split(", ")[0] ?? description;

export function hotspotReading(a: HotspotAnalysis): string {
  const s = a.summary;
  if (s.status === "no-events")
    return "There are no located events in this selection, so there is nothing to map.";
  if (s.status === "no-variation")
    return "Every cell holds the same count, so no cell stands out: Gi* has nothing to test.";
  const corrected = s.fdr
    ? `after correcting for the ${count(a.cellsTested)} cells tested`
    : "without correction";
  if (a.hot.p90 === 0)
    return `No ${s.cellSize} m cell is a hot spot even at 90% confidence (${corrected}): these events are not clustered more than chance would give.`;
  const sparse =
    s.events < a.cellsTested / 20
      ? ` Events are sparse (${count(s.events)} on ${count(a.cellsTested)} cells): one event can make its whole neighbourhood significant, so a longer period or larger cells give a steadier map.`
      : "";
  return `${count(a.hot.p95)} cells of ${s.cellSize} m are hot spots at 95% confidence or more (${count(a.hot.p99)} at 99%), ${corrected}. ${count(a.cold.p95)} are cold spots at 95%. A hot spot is a cell whose neighbourhood (${s.threshold} m) holds more events than the city's average would give.${sparse}`;
}

/** A band in words, as the half-open [lo, hi) it is: "less than 100 m", "100–200 m", "7–14 days". */
const bandWords = (b: { lo: number; hi: number | null }, unit: string) =>
  b.lo === 0 ? `less than ${b.hi} ${unit}` : `${b.lo}–${b.hi} ${unit}`;

/**
 * The Knox table's cells with more pairs than chance at p <= alpha, closest bands first. Open bands
 * (more than the last edge) are left out: an excess there says nothing about near repeats.
 */
export function significantCells(a: NearRepeatAnswer, alpha = 0.05): { r: number; c: number }[] {
  const out: { r: number; c: number }[] = [];
  for (const [r, row] of a.knox.observed.entries()) {
    if (a.knox.spaceBounds[r]?.hi === null) continue;
    for (const c of row.keys()) {
      if (a.knox.timeBounds[c]?.hi === null) continue;
      if ((a.knox.knoxRatio[r]?.[c] ?? 0) > 1 && (a.knox.pValue[r]?.[c] ?? 1) <= alpha) out.push({ r, c });
    }
  }
  return out;
}

export function nearRepeatReading(a: NearRepeatAnswer): string[] {
  const k = a.knox;
  const what = metricOf(a.description).toLowerCase();
  if (k.status !== "ok") return [`Fewer than two located events: there are no pairs to test.`];
  const sig = significantCells(a);
  const floor = 1 / (k.permutations + 1);
  if (sig.length === 0)
    return [
      `No distance and time band holds more pairs of ${what} than chance at p ≤ 0.05: no sign of near repeats in these ${count(a.events)} events.`,
      ...(floor > 0.05
        ? [`With ${k.permutations} permutations no p-value can go below ${fmt(floor, 3)}: use more.`]
        : []),
    ];
  const lines = sig.slice(0, 3).map(({ r, c }) => {
    const s = k.spaceBounds[r]!;
    const t = bandWords(k.timeBounds[c]!, "days");
    const where = s.zeroOnly ? `at the same place and ${t} apart` : `${bandWords(s, "m")} and ${t} apart`;
    const observed = k.observed[r]?.[c] ?? 0;
    const few = observed < 5 ? " Few pairs: read with care." : "";
    return `Pairs of ${what} ${where}: ${fmt(k.knoxRatio[r]?.[c] ?? null, 1)}× as many as chance would give (${count(observed)} observed, ${fmt(k.expectedMean[r]?.[c] ?? null, 1)} expected), p = ${pValue(k.pValue[r]?.[c] ?? null)}.${few}`;
  });
  if (sig.length > 3) lines.push(`${sig.length - 3} more cells are significant; the table shows them all.`);
  if (a.links && a.chains)
    lines.push(
      `Linking events within ${a.links.linkDistance} m and ${a.links.linkDays} days gives ${count(a.chains.chains)} chains holding ${count(a.chains.chainedEvents)} events; the longest has ${a.chains.longest}.`,
    );
  return lines;
}

export function concentrationReading(a: ConcentrationRun): string {
  const r = a.result;
  if (r.status !== "ok") return `No reading: ${r.reason}.`;
  const shares = r.shares
    .map(
      (s) =>
        `${pct(s.eventShare, 0)} of them are in ${count(s.places)} of ${count(r.places)} places (${pct(s.shareOfPlaces)})`,
    )
    .join("; ");
  return `${count(r.events)} events in ${count(r.places)} ${a.layer} areas: ${shares}. The generalized Gini is ${fmt(r.generalizedGiniUnbiased, 3)} (0 = as spread out as the count allows, 1 = all in one place).`;
}

export function displacementReading(a: DisplacementResult): string {
  const w = a.wdd;
  if (w.z === null) return `No reading: ${w.reason ?? "no events in any area"}.`;
  const dir = w.estLocal < 0 ? "fell" : w.estLocal > 0 ? "rose" : "did not change";
  const local = `Against its control, the target ${dir}${w.estLocal === 0 ? "" : ` by ${fmt(Math.abs(w.estLocal), 1)} events`}.`;
  const total = a.counts.buffer
    ? ` Counting the buffer (${w.estDisplacement <= 0 ? "which also fell against its control: no displacement" : "which rose against its control: possible displacement"}), the weighted displacement difference is ${fmt(w.estTotal, 1)}.`
    : ` The weighted displacement difference is ${fmt(w.estTotal, 1)} (no buffer area given, so displacement is not measured).`;
  const test =
    (w.pValue ?? 1) < 0.05
      ? ` That is more than chance would explain (z = ${fmt(w.z)}, p = ${pValue(w.pValue)}).`
      : ` That is within what chance could give (z = ${fmt(w.z)}, p = ${pValue(w.pValue)}).`;
  return local + total + test;
}
