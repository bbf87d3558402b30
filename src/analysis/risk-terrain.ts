/**
 * Risk terrain modeling (Caplan & Kennedy 2011, "Risk Terrain Modeling Manual"; Caplan, Kennedy & Miller
 * 2011, Justice Quarterly 28(2)): each risk factor (bars, bus stops, vacant lots, ...) is turned into cell
 * layers by its two RTM operationalisations, proximity (the cell is within d of a feature) and density (many
 * features within d), and a count model of the outcome per cell says which factors, at which spatial
 * influence, carry risk. The procedure follows RTMDx's shape with each step written down so a reviewer can
 * redo it (RTMDx penalises a large candidate set first; with one operationalisation per factor the set is
 * small enough for exact stepwise search):
 *  1. per factor, the operationalisation/distance with the best univariate fit (lowest BIC; equal
 *     parameter counts, so this is the lowest deviance) among those with a positive coefficient (RTM models
 *     risk, not protection, unless `allowProtective`) and events in the cells where it is present;
 *  2. bidirectional stepwise selection by BIC from the intercept-only model (add the factor that lowers BIC
 *     most, then drop any factor whose removal lowers it, until nothing does);
 *  3. relative risk value RRV = exp(beta) per selected factor, and per cell the composite relative risk
 *     exp(linear predictor without intercept), scaled so the lowest-risk cell is 1, as RTMDx reports it.
 */
import KDBush from "kdbush";
import { AppError } from "../domain/errors.js";
import { type GlmFit, negativeBinomialGlm, poissonGlm } from "./poisson-regression.js";
import type { XY } from "./weights.js";

export type Operationalisation = "proximity" | "density";
export type CountFamily = "poisson" | "negative-binomial";

export interface RiskCells {
  /** Cell centres in metres (analysis CRS). */
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Outcome count per cell (e.g. shootings in the study period). */
  readonly count: ArrayLike<number>;
}

export interface RiskFactorLayer {
  readonly name: string;
  readonly points: readonly XY[];
}

export interface RiskTerrainOptions {
  /** Spatial influence distances in metres (cell centre to feature, inclusive), default [100, 200, 300]. */
  readonly distances?: readonly number[];
  readonly operationalisations?: readonly Operationalisation[];
  /** "high": count within d above mean + 2 SD (RTMDx's high-density rule, default); "count": the raw count. */
  readonly density?: "high" | "count";
  /** "auto" runs the procedure under both and keeps the final model with the lower BIC (RTMDx's choice). */
  readonly family?: CountFamily | "auto";
  /** Significance level reported per factor, default 0.05 (selection itself is by BIC). */
  readonly alpha?: number;
  /** Keep factors with negative coefficients (protective) as candidates; default false, as in RTM. */
  readonly allowProtective?: boolean;
}

export interface CandidateFit {
  readonly factor: string;
  readonly operationalisation: Operationalisation;
  readonly distance: number;
  /** Cells where the layer is non-zero. */
  readonly cellsPresent: number;
  readonly coefficient: number | null;
  readonly p: number | null;
  readonly bic: number | null;
  /** Why this candidate cannot be chosen, when it cannot. */
  readonly excluded?: string;
}

export interface SelectedFactor {
  readonly factor: string;
  readonly operationalisation: Operationalisation;
  readonly distance: number;
  readonly coefficient: number;
  readonly se: number;
  readonly p: number;
  /** exp(beta): the factor multiplies the expected count by this (per feature for raw counts). */
  readonly rrv: number;
  readonly rrvLower95: number;
  readonly rrvUpper95: number;
  readonly significant: boolean;
}

export interface RiskTerrainResult {
  readonly status: "ok" | "intercept-only" | "no-events";
  readonly family: CountFamily;
  readonly selected: readonly SelectedFactor[];
  readonly dropped: readonly { readonly factor: string; readonly reason: string }[];
  readonly candidates: readonly CandidateFit[];
  readonly steps: readonly {
    readonly action: "add" | "remove";
    readonly factor: string;
    readonly bic: number;
  }[];
  readonly model: {
    readonly deviance: number;
    readonly nullDeviance: number;
    readonly aic: number | null;
    readonly bic: number | null;
    readonly pseudoR2: number | null;
    readonly theta: number | null;
    readonly interceptOnlyBic: number | null;
  } | null;
  /** Composite relative risk per cell, min = 1 (all 1 when nothing is selected). */
  readonly relativeRisk: Float64Array;
  readonly notes: readonly string[];
}

interface Layer {
  factor: string;
  operationalisation: Operationalisation;
  distance: number;
  column: Uint8Array | Uint32Array;
}

/** Candidate layers of one factor: counts within each d from one radius query per cell (kdbush). */
function factorLayers(cells: RiskCells, f: RiskFactorLayer, o: Required<Options>): Layer[] {
  const n = cells.x.length;
  const index = new KDBush(f.points.length);
  for (const p of f.points) index.add(p.x, p.y);
  index.finish();
  const ds = o.distances;
  const dmax = Math.max(...ds);
  const counts = ds.map(() => new Uint32Array(n));
  for (let i = 0; i < n; i++) {
    const cx = cells.x[i]!;
    const cy = cells.y[i]!;
    for (const id of index.within(cx, cy, dmax)) {
      const p = f.points[id]!;
      const d2 = (p.x - cx) ** 2 + (p.y - cy) ** 2;
      ds.forEach((d, k) => {
        if (d2 <= d * d) counts[k]![i]! += 1;
      });
    }
  }
  const layers: Layer[] = [];
  ds.forEach((distance, k) => {
    const c = counts[k]!;
    if (o.operationalisations.includes("proximity"))
      layers.push({
        factor: f.name,
        operationalisation: "proximity",
        distance,
        column: c.map((v) => (v > 0 ? 1 : 0)),
      });
    if (!o.operationalisations.includes("density")) return;
    if (o.density === "count") {
      layers.push({ factor: f.name, operationalisation: "density", distance, column: c });
      return;
    }
    let mean = 0;
    for (let i = 0; i < n; i++) mean += c[i]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (c[i]! - mean) ** 2;
    const cut = mean + 2 * Math.sqrt(ss / Math.max(1, n - 1));
    layers.push({
      factor: f.name,
      operationalisation: "density",
      distance,
      column: Uint8Array.from(c, (v) => (v > cut ? 1 : 0)),
    });
  });
  return layers;
}

type Options = Omit<RiskTerrainOptions, "family">;

function fitWith(family: CountFamily, y: ArrayLike<number>, layers: readonly Layer[]): GlmFit {
  const cols = layers.map((l) => l.column);
  const names = layers.map((l) => l.factor);
  return family === "poisson" ? poissonGlm(y, cols, { names }) : negativeBinomialGlm(y, cols, { names });
}

function screen(
  family: CountFamily,
  y: ArrayLike<number>,
  layers: Layer[],
  allowProtective: boolean,
): CandidateFit[] {
  return layers.map((l) => {
    let cellsPresent = 0;
    for (const v of l.column) if (v > 0) cellsPresent++;
    const base = {
      factor: l.factor,
      operationalisation: l.operationalisation,
      distance: l.distance,
      cellsPresent,
    };
    if (cellsPresent === 0 || cellsPresent === y.length)
      return {
        ...base,
        coefficient: null,
        p: null,
        bic: null,
        excluded: cellsPresent === 0 ? "present in no cell" : "present in every cell",
      };
    const fit = fitWith(family, y, [l]);
    const c = fit.coefficients[1]!;
    const out = { ...base, coefficient: c.estimate, p: c.p, bic: fit.bic };
    if (fit.status === "separation")
      return { ...out, excluded: "no events in the cells where it is present" };
    if (fit.status !== "ok") return { ...out, excluded: `fit ${fit.status}` };
    if (!allowProtective && (c.estimate ?? 0) <= 0)
      return { ...out, excluded: "negative association (protective)" };
    return out;
  });
}

function run(
  family: CountFamily,
  cells: RiskCells,
  factors: readonly RiskFactorLayer[],
  o: Required<Options>,
): RiskTerrainResult {
  const y = cells.count;
  const n = y.length;
  const dropped: { factor: string; reason: string }[] = [];
  const candidates: CandidateFit[] = [];
  const pool = new Map<string, Layer>();
  for (const f of factors) {
    if (f.points.length === 0) {
      dropped.push({ factor: f.name, reason: "no points in the layer" });
      continue;
    }
    const layers = factorLayers(cells, f, o);
    const fits = screen(family, y, layers, o.allowProtective);
    candidates.push(...fits);
    let best = -1;
    fits.forEach((c, k) => {
      if (!c.excluded && (best < 0 || c.bic! < fits[best]!.bic!)) best = k;
    });
    if (best >= 0) pool.set(f.name, layers[best]!);
    else {
      const reasons = [...new Set(fits.map((c) => c.excluded ?? ""))].join("; ");
      dropped.push({ factor: f.name, reason: `no usable operationalisation (${reasons})` });
    }
  }
  const steps: { action: "add" | "remove"; factor: string; bic: number }[] = [];
  const chosen: Layer[] = [];
  const null0 = fitWith(family, y, []);
  let current = null0;
  for (;;) {
    let bestFit: GlmFit | null = null;
    let bestName = "";
    for (const [name, layer] of pool) {
      if (chosen.some((l) => l.factor === name)) continue;
      const fit = fitWith(family, y, [...chosen, layer]);
      if (fit.bic !== null && fit.bic < (bestFit?.bic ?? current.bic!)) [bestFit, bestName] = [fit, name];
    }
    if (!bestFit) break;
    chosen.push(pool.get(bestName)!);
    current = bestFit;
    steps.push({ action: "add", factor: bestName, bic: bestFit.bic! });
    for (let again = true; again && chosen.length > 1; ) {
      again = false;
      for (let k = 0; k < chosen.length - 1; k++) {
        const fit = fitWith(
          family,
          y,
          chosen.filter((_, j) => j !== k),
        );
        if (fit.bic !== null && fit.bic < current.bic!) {
          steps.push({ action: "remove", factor: chosen[k]!.factor, bic: fit.bic });
          chosen.splice(k, 1);
          current = fit;
          again = true;
          break;
        }
      }
    }
  }
  for (const name of pool.keys()) {
    if (chosen.some((l) => l.factor === name)) continue;
    const removed = steps.some((s) => s.action === "remove" && s.factor === name);
    dropped.push({
      factor: name,
      reason: removed ? "removed in stepwise selection: BIC lower without it" : "adding it did not lower BIC",
    });
  }
  const z95 = 1.959963984540054;
  const selected: SelectedFactor[] = chosen.map((l, k) => {
    const c = current.coefficients[k + 1]!;
    const b = c.estimate!;
    const se = c.se!;
    return {
      factor: l.factor,
      operationalisation: l.operationalisation,
      distance: l.distance,
      coefficient: b,
      se,
      p: c.p!,
      rrv: Math.exp(b),
      rrvLower95: Math.exp(b - z95 * se),
      rrvUpper95: Math.exp(b + z95 * se),
      significant: c.p! < o.alpha,
    };
  });
  const lp = new Float64Array(n);
  selected.forEach((s, k) => {
    const col = chosen[k]!.column;
    for (let i = 0; i < n; i++) lp[i] = lp[i]! + s.coefficient * col[i]!;
  });
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) min = Math.min(min, lp[i]!);
  const relativeRisk = lp.map((v) => Math.exp(v - min));
  const notes: string[] = [...current.warnings];
  if (selected.length === 0)
    notes.push(
      "no factor lowered BIC: these factors, at these distances, do not explain where the events are; the terrain is flat",
    );
  else if (!selected.some((s) => s.significant))
    notes.push(`no selected factor is significant at alpha = ${o.alpha}: treat the terrain as unsupported`);
  for (const s of selected)
    if (!s.significant) notes.push(`${s.factor}: selected by BIC but p = ${s.p.toPrecision(3)}`);
  return {
    status: selected.length === 0 ? "intercept-only" : "ok",
    family,
    selected,
    dropped,
    candidates,
    steps,
    model: {
      deviance: current.deviance,
      nullDeviance: current.nullDeviance,
      aic: current.aic,
      bic: current.bic,
      pseudoR2: current.pseudoR2,
      theta: current.theta,
      interceptOnlyBic: null0.bic,
    },
    relativeRisk,
    notes,
  };
}

/** Risk terrain model of `cells.count` on the factor layers. Bad input throws AppError; no events is a status. */
export function riskTerrain(
  cells: RiskCells,
  factors: readonly RiskFactorLayer[],
  options: RiskTerrainOptions = {},
): RiskTerrainResult {
  const n = cells.count.length;
  if (cells.x.length !== n || cells.y.length !== n)
    throw new AppError("invalid-argument", `cells: ${cells.x.length} x, ${cells.y.length} y and ${n} counts`);
  if (n === 0) throw new AppError("invalid-argument", "cells: the grid is empty");
  const names = new Set<string>();
  for (const f of factors) {
    if (names.has(f.name)) throw new AppError("invalid-argument", `risk factor '${f.name}' is given twice`);
    names.add(f.name);
  }
  const o: Required<Options> = {
    distances: options.distances ?? [100, 200, 300],
    operationalisations: options.operationalisations ?? ["proximity", "density"],
    density: options.density ?? "high",
    alpha: options.alpha ?? 0.05,
    allowProtective: options.allowProtective ?? false,
  };
  if (o.distances.length === 0 || o.distances.some((d) => !(d > 0) || !Number.isFinite(d)))
    throw new AppError(
      "invalid-argument",
      `distances must be positive metres, got [${o.distances.join(", ")}]`,
    );
  let total = 0;
  for (let i = 0; i < n; i++) total += cells.count[i]!;
  if (total === 0) {
    const family = options.family === "negative-binomial" ? "negative-binomial" : "poisson";
    return {
      status: "no-events",
      family,
      selected: [],
      dropped: factors.map((f) => ({ factor: f.name, reason: "no events to model" })),
      candidates: [],
      steps: [],
      model: null,
      relativeRisk: new Float64Array(n).fill(1),
      notes: ["no events in any cell: nothing to model"],
    };
  }
  const family = options.family ?? "poisson";
  if (family !== "auto") return run(family, cells, factors, o);
  const p = run("poisson", cells, factors, o);
  const nb = run("negative-binomial", cells, factors, o);
  const pick =
    (nb.model?.bic ?? Number.POSITIVE_INFINITY) < (p.model?.bic ?? Number.POSITIVE_INFINITY) ? nb : p;
  const other = pick === p ? nb : p;
  return {
    ...pick,
    notes: [
      ...pick.notes,
      `family: ${pick.family} (BIC ${pick.model?.bic?.toFixed(1)} vs ${other.family} ${other.model?.bic?.toFixed(1)})`,
    ],
  };
}
