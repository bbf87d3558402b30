/**
 * Victim age bands from an incident's source attributes. Sources differ: some give a band
 * (`victim_age_band`, the demo city's attribute), some an age (`victim_age`); several victims are listed
 * with ";" or "|" between them. Age is used only for the "juvenile victim" factor (a child shot calls for
 * victim services and school outreach); it is the victim's age, never a trait of a suspect.
 */

export const AGE_BANDS = ["under 18", "18-24", "25-34", "35+"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

const BAND_ALIASES: Readonly<Record<string, AgeBand>> = {
  "under 18": "under 18",
  "<18": "under 18",
  "0-17": "under 18",
  juvenile: "under 18",
  "18-24": "18-24",
  "25-34": "25-34",
  "35+": "35+",
  "35 and over": "35+",
};

/** The band of an age in whole years; undefined for anything that is not an age. */
export function bandOfAge(age: number): AgeBand | undefined {
  if (!Number.isInteger(age) || age < 0 || age > 120) return undefined;
  if (age < 18) return "under 18";
  if (age < 25) return "18-24";
  if (age < 35) return "25-34";
  return "35+";
}

function split(v: unknown): string[] {
  if (typeof v === "number") return [String(v)];
  if (typeof v !== "string") return [];
  return v
    .split(/[;|]/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
}

/**
 * The victims' age bands found in an attributes JSON text (null: none), in order, without duplicates.
 * Values that are neither a known band nor a whole-number age are ignored (not guessed).
 */
export function ageBands(attributesJson: string | null): AgeBand[] {
  if (attributesJson === null) return [];
  let attrs: unknown;
  try {
    attrs = JSON.parse(attributesJson);
  } catch {
    return [];
  }
  if (typeof attrs !== "object" || attrs === null) return [];
  const a = attrs as Record<string, unknown>;
  const out: AgeBand[] = [];
  const add = (b: AgeBand | undefined) => {
    if (b !== undefined && !out.includes(b)) out.push(b);
  };
  for (const v of split(a.victim_age_band)) add(BAND_ALIASES[v.replace(/\s+/g, " ")]);
  for (const v of split(a.victim_age)) add(/^\d{1,3}$/.test(v) ? bandOfAge(Number(v)) : undefined);
  return out;
}
