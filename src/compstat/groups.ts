/**
 * Which rows a report has: citywide, the areas of the requested layers, single areas, focus area x district
 * cells and the rest of the city; with names in natural order, square miles and populations.
 */
import { compareNames } from "../analysis/place/area-index.js";
import { AppError } from "../domain/errors.js";
import { DISTRICT_LAYER, UNKNOWN_DISTRICT } from "../domain/incident.js";
import type { Database } from "../store/db.js";
import type { GroupingSpec } from "./query.js";
import type { ReportGroup } from "./report.js";

const M2_PER_SQ_MI = 2_589_988.110336;
export const CITY_LIMIT_LAYER = "city_limit";
export const FOCUS_LAYER = "focus_area";

export interface GroupRequest {
  /** Layers whose every area is a row (with a citywide total). */
  readonly layers?: readonly string[] | undefined;
  /** Single areas, `LAYER:NAME` or a NAME found in exactly one layer. */
  readonly areas?: readonly string[] | undefined;
  /** Inner layers for cross tabs of each requested layer (`--cross district`). */
  readonly cross?: readonly string[] | undefined;
  /** Add the rest of the city outside each requested non-district layer. */
  readonly rest?: boolean | undefined;
}

export interface ResolvedGroups {
  readonly grouping: GroupingSpec;
  readonly layers: readonly string[];
  readonly cross: readonly { readonly outer: string; readonly inner: string }[];
  /** Single areas asked for: only these groups of their layer are reported. */
  readonly areas: readonly { readonly layer: string; readonly area: string }[];
  readonly rest: readonly string[];
  readonly citywide: boolean;
}

export interface AreaFacts {
  /** layer -> area names in natural order (from boundaries and from assignments). */
  readonly names: Map<string, string[]>;
  /** `layer:name` -> square miles. */
  readonly squareMiles: Map<string, number>;
  /** `layer:name` -> year -> population. */
  readonly populations: Map<string, Map<number, number>>;
}

export async function loadAreaFacts(db: Database): Promise<AreaFacts> {
  const names = new Map<string, string[]>();
  const squareMiles = new Map<string, number>();
  const populations = new Map<string, Map<number, number>>();
  // Polygon-assigned names are the layer's own areas; only reported names and Unknown need the scan of
  // assignments (0.05 s instead of 0.19 s on 5.4M incidents).
  const rows = await db.all<{ layer: string; name: string; area_m2: number | null }>(
    `SELECT layer, name, max(area_m2) AS area_m2 FROM (
       SELECT layer, name, area_m2 FROM areas
       UNION ALL SELECT DISTINCT layer, area AS name, NULL FROM event_areas WHERE method <> 'polygon'
       UNION ALL SELECT DISTINCT area_layer, area_name, NULL FROM partner_activity WHERE area_layer IS NOT NULL AND area_name IS NOT NULL
     ) GROUP BY layer, name`,
  );
  for (const r of rows) {
    const list = names.get(r.layer) ?? [];
    list.push(r.name);
    names.set(r.layer, list);
    if (r.area_m2 !== null) squareMiles.set(`${r.layer}:${r.name}`, r.area_m2 / M2_PER_SQ_MI);
  }
  for (const list of names.values()) list.sort(byAreaName);
  const pops = await db.all<{ layer: string; name: string; year: number; population: number }>(
    "SELECT layer, name, year, population::DOUBLE AS population FROM area_populations",
  );
  for (const p of pops) {
    const key = `${p.layer}:${p.name}`;
    const m = populations.get(key) ?? new Map<number, number>();
    m.set(p.year, p.population);
    populations.set(key, m);
  }
  return { names, squareMiles, populations };
}

/** Natural order, with Unknown last. */
export function byAreaName(a: string, b: string): number {
  if (a === UNKNOWN_DISTRICT && b !== UNKNOWN_DISTRICT) return 1;
  if (b === UNKNOWN_DISTRICT && a !== UNKNOWN_DISTRICT) return -1;
  return compareNames(a, b);
}

function knownLayers(facts: AreaFacts): string {
  return (
    [...facts.names.keys()].sort().join(", ") || "none (import boundaries with 'peacestat areas import')"
  );
}

export function resolveGroups(req: GroupRequest, facts: AreaFacts): ResolvedGroups {
  const check = (layer: string) => {
    if (!facts.names.has(layer))
      throw new AppError("not-found", `no layer '${layer}': the database has ${knownLayers(facts)}`);
  };
  const explicit = (req.layers?.length ?? 0) > 0 || (req.areas?.length ?? 0) > 0;
  const layers = explicit
    ? [...(req.layers ?? [])]
    : [DISTRICT_LAYER, FOCUS_LAYER].filter((l) => facts.names.has(l));
  layers.forEach(check);
  const areas: { layer: string; area: string }[] = [];
  for (const raw of req.areas ?? []) {
    const i = raw.indexOf(":");
    if (i > 0 && facts.names.has(raw.slice(0, i))) {
      const layer = raw.slice(0, i);
      const area = raw.slice(i + 1);
      if (!facts.names.get(layer)!.includes(area)) {
        throw new AppError(
          "not-found",
          `layer '${layer}' has no area '${area}': it has ${facts.names.get(layer)!.slice(0, 20).join(", ")}`,
        );
      }
      areas.push({ layer, area });
      continue;
    }
    const holders = [...facts.names].filter(([, names]) => names.includes(raw)).map(([l]) => l);
    if (holders.length === 0)
      throw new AppError(
        "not-found",
        `no area named '${raw}' in any layer (${knownLayers(facts)}); write LAYER:NAME`,
      );
    if (holders.length > 1)
      throw new AppError(
        "invalid-argument",
        `area '${raw}' is in several layers (${holders.join(", ")}): write LAYER:NAME`,
      );
    areas.push({ layer: holders[0]!, area: raw });
  }
  const cross: { outer: string; inner: string }[] = [];
  for (const inner of req.cross ?? []) {
    check(inner);
    const outers = layers.length > 0 ? layers : [...new Set(areas.map((a) => a.layer))];
    for (const outer of outers) if (outer !== inner) cross.push({ outer, inner });
  }
  const rest = (req.rest ?? !explicit) ? layers.filter((l) => l !== DISTRICT_LAYER) : [];
  const queryLayers = [...new Set([...layers, ...areas.map((a) => a.layer)])];
  return {
    grouping: { layers: queryLayers, cross },
    layers,
    cross,
    areas,
    rest,
    citywide: layers.length > 0 || areas.length === 0,
  };
}

function squareMilesOf(facts: AreaFacts, layer: string, area: string): number | null {
  return facts.squareMiles.get(`${layer}:${area}`) ?? null;
}

/** Citywide square miles: the city_limit layer when loaded, else the district polygons. */
function citySquareMiles(facts: AreaFacts): number | null {
  for (const layer of [CITY_LIMIT_LAYER, DISTRICT_LAYER]) {
    const names = facts.names.get(layer);
    if (!names) continue;
    const v = names
      .map((n) => facts.squareMiles.get(`${layer}:${n}`))
      .filter((x): x is number => x !== undefined);
    if (v.length > 0) return v.reduce((a, b) => a + b, 0);
  }
  return null;
}

/**
 * The groups to report, given which groups have data. A layer's areas are all listed (zero rows included,
 * as the seed lists every district), except names known only from data (Unknown) which appear when they
 * have counts. Cross cells appear when they have counts in any window.
 */
export function listGroups(
  r: ResolvedGroups,
  facts: AreaFacts,
  withData: ReadonlySet<string>,
): ReportGroup[] {
  const out: ReportGroup[] = [];
  const area = (layer: string, name: string): ReportGroup => ({
    id: `${layer}:${name}`,
    kind: "area",
    layer,
    area: name,
    within: null,
    label: name,
    squareMiles: squareMilesOf(facts, layer, name),
  });
  const polygonal = (layer: string, name: string) => facts.squareMiles.has(`${layer}:${name}`);
  for (const layer of r.layers) {
    for (const name of facts.names.get(layer) ?? []) {
      if (polygonal(layer, name) || withData.has(`${layer}:${name}`)) out.push(area(layer, name));
    }
  }
  for (const a of r.areas)
    if (!out.some((g) => g.id === `${a.layer}:${a.area}`)) out.push(area(a.layer, a.area));
  for (const layer of r.rest) {
    out.push({
      id: `rest:${layer}`,
      kind: "rest",
      layer,
      area: null,
      within: null,
      label: `Rest of city (outside ${layer.replaceAll("_", " ")}s)`,
      squareMiles: null,
    });
  }
  for (const c of r.cross) {
    const outers = r.areas.some((a) => a.layer === c.outer)
      ? r.areas.filter((a) => a.layer === c.outer).map((a) => a.area)
      : (facts.names.get(c.outer) ?? []);
    for (const o of outers) {
      for (const i of facts.names.get(c.inner) ?? []) {
        const id = `${c.outer}:${o}|${c.inner}:${i}`;
        if (!withData.has(id)) continue;
        out.push({
          id,
          kind: "cross",
          layer: c.inner,
          area: i,
          within: { layer: c.outer, area: o },
          label: `${o} / ${i}`,
          squareMiles: null,
        });
      }
    }
  }
  if (r.citywide) {
    out.push({
      id: "citywide",
      kind: "citywide",
      layer: null,
      area: null,
      within: null,
      label: "Citywide",
      squareMiles: citySquareMiles(facts),
    });
  }
  return out;
}

/**
 * Population of a group for a year: that year's figure, else the latest earlier year, else the earliest
 * later year. Citywide: the city_limit layer, else the districts' sum when every district has one.
 */
export function populationOf(
  facts: AreaFacts,
  group: ReportGroup,
  year: number,
): { population: number; year: number } | null {
  const pick = (m: Map<number, number> | undefined) => {
    if (!m || m.size === 0) return null;
    const years = [...m.keys()].sort((a, b) => a - b);
    const y = [...years].reverse().find((x) => x <= year) ?? years[0]!;
    return { population: m.get(y)!, year: y };
  };
  if (group.kind === "area" && group.layer && group.area)
    return pick(facts.populations.get(`${group.layer}:${group.area}`));
  if (group.kind !== "citywide") return null;
  const city = (facts.names.get(CITY_LIMIT_LAYER) ?? []).map((n) =>
    pick(facts.populations.get(`${CITY_LIMIT_LAYER}:${n}`)),
  );
  if (city.length > 0 && city.every((c) => c !== null)) {
    return { population: city.reduce((a, c) => a + c!.population, 0), year: city[0]!.year };
  }
  const districts = (facts.names.get(DISTRICT_LAYER) ?? []).filter((n) => n !== UNKNOWN_DISTRICT);
  const per = districts.map((n) => pick(facts.populations.get(`${DISTRICT_LAYER}:${n}`)));
  if (per.length > 0 && per.every((p) => p !== null) && new Set(per.map((p) => p!.year)).size === 1) {
    return { population: per.reduce((a, p) => a + p!.population, 0), year: per[0]!.year };
  }
  return null;
}
