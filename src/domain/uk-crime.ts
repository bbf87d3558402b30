/**
 * data.police.uk crime types: England and Wales publish street-level crime in their own 14-type taxonomy,
 * which does not map onto NIBRS codes (a "Violence and sexual offences" record may be a murder, an assault
 * without injury or a stalking offence). PeaceStat keeps the types as their own codes, prefixed `uk:`, and
 * offers a Part I-like roll-up so the same CompStat tables can be drawn (domain.md).
 */
export interface UkCrimeType {
  readonly code: string;
  readonly name: string;
  /** Part I-like roll-up: violent, property, or neither (anti-social behaviour, drugs, public order, ...). */
  readonly rollup: "violent" | "property" | "other";
}

const T = (name: string, rollup: UkCrimeType["rollup"]): UkCrimeType => ({
  code: `uk:${name
    .toLowerCase()
    .replace(/[^a-z]+/g, "-")
    .replace(/^-|-$/g, "")}`,
  name,
  rollup,
});

export const UK_CRIME_TYPES: readonly UkCrimeType[] = [
  T("Anti-social behaviour", "other"),
  T("Bicycle theft", "property"),
  T("Burglary", "property"),
  T("Criminal damage and arson", "other"),
  T("Drugs", "other"),
  T("Other crime", "other"),
  T("Other theft", "property"),
  T("Possession of weapons", "other"),
  T("Public order", "other"),
  T("Robbery", "violent"),
  T("Shoplifting", "property"),
  T("Theft from the person", "property"),
  T("Vehicle crime", "property"),
  T("Violence and sexual offences", "violent"),
];

const BY_NAME = new Map(UK_CRIME_TYPES.map((t) => [t.name.toLowerCase(), t]));
const BY_CODE = new Map(UK_CRIME_TYPES.map((t) => [t.code, t]));

export function findUkCrimeType(name: string): UkCrimeType | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

export function getUkCrimeType(code: string): UkCrimeType | undefined {
  return BY_CODE.get(code);
}
