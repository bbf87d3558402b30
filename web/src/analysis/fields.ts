/**
 * The analysis forms as data: each analysis names its fields once (label, kind, default, hint), and the
 * same list turns the address bar into form values and form values back into the address bar and the API
 * query, whose parameter names the fields share.
 */
import type { AnalysisKind } from "../api-analysis";

export type Options =
  | "metrics"
  | "periods"
  | "areas"
  | "layers"
  | readonly { value: string; label: string }[];

export type FieldSpec =
  | {
      readonly kind: "select";
      readonly name: string;
      readonly label: string;
      readonly options: Options;
      readonly default?: string;
      /** Offers an empty choice with this label (e.g. "Whole city"). */
      readonly empty?: string;
      readonly required?: boolean;
      readonly hint?: string;
    }
  | {
      readonly kind: "text" | "number" | "date";
      readonly name: string;
      readonly label: string;
      readonly default?: string;
      readonly hint?: string;
      readonly min?: number;
      readonly max?: number;
      readonly pattern?: RegExp;
      readonly problem?: string;
    }
  | { readonly kind: "checkbox"; readonly name: string; readonly label: string; readonly default: boolean }
  /** Two dates sent as one `FROM..TO` parameter. */
  | { readonly kind: "range"; readonly name: string; readonly label: string; readonly required?: boolean };

export type Values = Record<string, string>;

const selection = (metric: string): FieldSpec[] => [
  { kind: "select", name: "metric", label: "Events", options: "metrics", default: metric },
  { kind: "select", name: "period", label: "Period", options: "periods", default: "year" },
  {
    kind: "date",
    name: "asOf",
    label: "Last day",
    hint: "The period ends on this day. Empty: the last day with data.",
  },
  { kind: "select", name: "area", label: "Area", options: "areas", empty: "Whole city" },
];

const bands = /^\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*\s*$/;

export const FIELDS: Readonly<Record<AnalysisKind, readonly FieldSpec[]>> = {
  hotspots: [
    ...selection("nonfatal-shootings"),
    { kind: "number", name: "cell", label: "Cell size (m)", default: "150", min: 50, max: 5000 },
    {
      kind: "number",
      name: "threshold",
      label: "Neighbourhood (m)",
      min: 50,
      max: 50000,
      hint: "Radius between cell centres. Empty: 2.5 cells.",
    },
    { kind: "checkbox", name: "fdr", label: "Correct for the number of cells tested (FDR)", default: true },
  ],
  "near-repeat": [
    ...selection("nonfatal-shootings"),
    {
      kind: "text",
      name: "spaceBands",
      label: "Distance bands (m)",
      default: "0,100,200,300,400",
      pattern: bands,
      problem: "Write ascending distances, e.g. 0,100,200,300.",
    },
    {
      kind: "text",
      name: "timeBands",
      label: "Time bands (days)",
      default: "0,7,14,21,28",
      pattern: bands,
      problem: "Write ascending days, e.g. 0,7,14,21.",
    },
    {
      kind: "select",
      name: "distance",
      label: "Distance",
      default: "manhattan",
      options: [
        { value: "manhattan", label: "Manhattan (street grid, the calculator's)" },
        { value: "euclidean", label: "Straight line" },
      ],
    },
    {
      kind: "number",
      name: "permutations",
      label: "Permutations",
      default: "999",
      min: 1,
      max: 999,
      hint: "999 allows p-values down to 0.001.",
    },
    { kind: "number", name: "seed", label: "Seed", default: "1", min: 0, max: 2147483647 },
  ],
  concentration: [
    { kind: "select", name: "layer", label: "Places", options: "layers", default: "district" },
    { kind: "select", name: "metric", label: "Events", options: "metrics", default: "firearm-violent" },
    { kind: "select", name: "period", label: "Period", options: "periods", default: "year" },
    { kind: "date", name: "asOf", label: "Last day", hint: "Empty: the last day with data." },
  ],
  displacement: [
    { kind: "select", name: "metric", label: "Events", options: "metrics", default: "firearm-violent" },
    {
      kind: "select",
      name: "target",
      label: "Target area",
      options: "areas",
      empty: "Choose…",
      required: true,
    },
    {
      kind: "select",
      name: "control",
      label: "Control area",
      options: "areas",
      empty: "Choose…",
      required: true,
    },
    { kind: "select", name: "buffer", label: "Buffer area", options: "areas", empty: "None" },
    {
      kind: "select",
      name: "bufferControl",
      label: "Buffer's control",
      options: "areas",
      empty: "Same as the target's",
    },
    { kind: "range", name: "before", label: "Before", required: true },
    { kind: "range", name: "after", label: "After", required: true },
  ],
};

/** The form's values from the address bar, defaults filled in. */
export function valuesFrom(kind: AnalysisKind, params: URLSearchParams): Values {
  const v: Values = {};
  for (const f of FIELDS[kind]) {
    const raw = params.get(f.name);
    if (f.kind === "checkbox") v[f.name] = raw === null ? String(f.default) : raw;
    else v[f.name] = raw ?? ("default" in f ? (f.default ?? "") : "");
  }
  return v;
}

/** The query string (no "?") for the address bar and the API: the non-empty values in field order. */
export function queryFrom(kind: AnalysisKind, values: Values): string {
  const p = new URLSearchParams();
  for (const f of FIELDS[kind]) {
    const v = (values[f.name] ?? "").trim();
    if (v && v !== "..") p.set(f.name, v);
  }
  return p.toString();
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Problems the form can name before asking the server, by field name. */
export function problemsOf(kind: AnalysisKind, values: Values): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FIELDS[kind]) {
    const v = (values[f.name] ?? "").trim();
    if (f.kind === "select" && f.required && !v) out[f.name] = `Choose the ${f.label.toLowerCase()}.`;
    if (f.kind === "range") {
      const [from = "", to = ""] = v.split("..");
      if ((f.required || v) && !(DAY.test(from) && DAY.test(to))) out[f.name] = "Pick both dates.";
      else if (from > to) out[f.name] = "The first date must not be after the second.";
    }
    if ((f.kind === "text" || f.kind === "number") && v) {
      const n = Number(v);
      if (f.kind === "number" && !Number.isFinite(n)) out[f.name] = "Write a number.";
      else if (f.kind === "number" && f.min !== undefined && n < f.min) out[f.name] = `At least ${f.min}.`;
      else if (f.kind === "number" && f.max !== undefined && n > f.max) out[f.name] = `At most ${f.max}.`;
      else if (f.pattern && !f.pattern.test(v)) out[f.name] = f.problem ?? "Check this value.";
    }
  }
  return out;
}
