/**
 * The place analysis API client: one GET per analysis, the query being the page's own address-bar
 * parameters (the same names as the API's), and the answers typed by the server's own result types.
 */
import type { HotspotAnalysis } from "../../src/app/hotspot-cells.js";
import type { NearRepeatAnswer } from "../../src/app/near-repeat-run.js";
import type { ConcentrationRun, DisplacementResult } from "../../src/app/place-analyses.js";
import { request } from "./api";

export type { ConcentrationRun, DisplacementResult, HotspotAnalysis, NearRepeatAnswer };

export const ANALYSES = ["hotspots", "near-repeat", "concentration", "displacement"] as const;
export type AnalysisKind = (typeof ANALYSES)[number];

export interface AnswerOf {
  hotspots: HotspotAnalysis;
  "near-repeat": NearRepeatAnswer;
  concentration: ConcentrationRun;
  displacement: DisplacementResult;
}

export interface AreasAnswer {
  readonly layers: readonly { layer: string; areas: readonly string[] }[];
}

/** Runs one analysis; `query` is a URLSearchParams string without "?" (empty values already left out). */
export function runAnalysis<K extends AnalysisKind>(
  kind: K,
  query: string,
  signal?: AbortSignal,
): Promise<AnswerOf[K]> {
  return request<AnswerOf[K]>("GET", `/api/analysis/${kind}${query ? `?${query}` : ""}`, undefined, signal);
}

export function getAreas(signal?: AbortSignal): Promise<AreasAnswer> {
  return request<AreasAnswer>("GET", "/api/analysis/areas", undefined, signal);
}
