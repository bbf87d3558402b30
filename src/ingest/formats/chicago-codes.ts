/**
 * Chicago's code tables and date forms (docs/formats/chicago.md). The portal's FBI Code is Chicago's
 * UCR-style classification of each IUCR code; it decides the NIBRS offense, and an IUCR code refines it
 * only where the IUCR names the NIBRS offense unambiguously (retail theft -> 23C). A code with no honest
 * NIBRS counterpart is rejected with a reason naming it, never guessed.
 */
import { daysInMonth, type TimePrecision } from "../../domain/time.js";

/** FBI Code -> NIBRS offense code (or offense group when the FBI code spans several offenses). */
export const FBI_CODE_TO_NIBRS: Readonly<Record<string, string>> = {
  "01A": "09A", // homicide 1st & 2nd degree
  "01B": "09B", // involuntary manslaughter / reckless homicide
  "02": "11A", // criminal sexual assault (penetration): Summary UCR's revised rape; see the doc
  "03": "120",
  "04A": "13A", // aggravated assault
  "04B": "13A", // aggravated battery
  "05": "220",
  "06": "23", // larceny, type refined by IUCR below
  "07": "240",
  "08A": "13B", // simple assault (threats and stalking refined to 13C below)
  "08B": "13B", // simple battery
  "09": "200",
  "10": "250",
  "11": "26", // fraud, type refined by IUCR below
  "12": "270",
  "13": "280",
  "14": "290",
  "15": "520",
  "16": "40",
  "18": "35A",
  "20": "90F", // offenses against family (non-violent)
  "22": "90G",
  "24": "90C", // disorderly conduct
  "26": "90Z", // miscellaneous non-index offenses
};

/** FBI codes with no NIBRS offense or group to map to: rejected unless the IUCR override names one. */
const UNMAPPED_FBI: Readonly<Record<string, string>> = {
  "17": "criminal sexual abuse spans 11D, 36A, 370 and Group B offenses",
  "19": "gambling spans 39A-39D and NIBRS has no gambling group",
};

/** IUCR codes whose NIBRS offense is clear from the IUCR itself; they win over the FBI code's default. */
export const IUCR_TO_NIBRS: Readonly<Record<string, string>> = {
  "0860": "23C", // retail theft
  "0870": "23A", // pocket-picking
  "0880": "23B", // purse-snatching
  "0890": "23D", // theft from building
  "0895": "23E", // from coin-op machine/device
  "0580": "13C", // stalking (NIBRS reports stalking as intimidation)
  "0581": "13C",
  "0583": "13C",
  "2820": "13C", // telephone threat
  "3960": "13C", // intimidation
  "3961": "13C",
  "1110": "90A", // bogus check
  "1130": "26A", // fraud or confidence game
  "1150": "26B", // credit card fraud
  "1151": "26B", // cash card
  "1152": "26B",
  "1153": "26F", // financial identity theft
  "1154": "26F",
  "1155": "26F",
  "1156": "26F",
  "1170": "26C", // impersonation
  "1562": "11D", // (aggravated) criminal sexual abuse = fondling
  "1563": "11D",
  "1590": "11D",
  "1751": "11D",
  "1752": "11D",
  "5004": "11D",
  "1580": "36A", // sexual relations in family
  "1535": "370", // obscenity
  "1537": "370",
  "1540": "370",
  "1541": "370",
  "1582": "370", // child pornography
  "1790": "100", // child abduction
  "1792": "100",
  "4210": "100", // kidnapping
  "4220": "100",
  "1050": "64A", // human trafficking: commercial sex acts
  "1055": "64B", // involuntary servitude
  "3970": "210", // extortion
  "3910": "510", // bribery
  "1330": "90J", // criminal trespass to land / airport / state land / residence
  "1335": "90J",
  "1350": "90J",
  "1365": "90J",
  "2870": "90H", // peeping tom
  "2110": "35B", // hypodermic needle
  "2160": "35B", // drug paraphernalia
  "2170": "35B", // drug equipment
  "1525": "40C", // patronizing a prostitute
};

export function normaliseFbiCode(raw: string): string {
  const v = raw.trim().toUpperCase();
  return /^\d[A-Z]?$/.test(v) ? `0${v}` : v;
}

/** "560" -> "0560", "41A" -> "041A": spreadsheet round trips drop the leading zero. */
export function normaliseIucr(raw: string): string {
  const v = raw.trim().toUpperCase();
  return v === "" ? "" : v.padStart(4, "0");
}

export function mapChicagoOffense(fbiRaw: string, iucrRaw: string): { code: string } | { error: string } {
  const fbi = normaliseFbiCode(fbiRaw);
  const iucr = normaliseIucr(iucrRaw);
  const byIucr = IUCR_TO_NIBRS[iucr];
  if (byIucr) return { code: byIucr };
  if (fbi === "") return { error: `no FBI code, and IUCR '${iucr}' has no NIBRS mapping of its own` };
  const code = FBI_CODE_TO_NIBRS[fbi];
  if (code) return { code };
  const why = UNMAPPED_FBI[fbi];
  return {
    error: why
      ? `FBI code ${fbi} (IUCR ${iucr || "none"}) has no NIBRS mapping: ${why}`
      : `FBI code ${fbi} (IUCR ${iucr || "none"}) is not a Chicago FBI code with a NIBRS mapping`,
  };
}

/** NIBRS weapon code named by an IUCR description ("AGGRAVATED: HANDGUN" -> 12), or null when none is. */
export function mapChicagoWeapon(description: string): string | null {
  const d = description.toUpperCase();
  if (/HANDGUN/.test(d)) return "12";
  if (/OTHER FIREARM/.test(d)) return "15";
  if (/FIREARM/.test(d)) return "11";
  if (/KNIFE|CUTTING|CUT INSTR/.test(d)) return "20";
  if (/OTHER DANG/.test(d)) return "90";
  if (/HANDS|FIST|FEET/.test(d)) return "40";
  if (/EXPLOSIVE/.test(d)) return "60";
  return null;
}

export const CHICAGO_DATE_FORMS = ["iso", "mdy-dash-24h", "mdy-slash-12h", "mdy-slash-24h"] as const;
export type ChicagoDateForm = (typeof CHICAGO_DATE_FORMS)[number];

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const DASH = /^(\d{1,2})-(\d{1,2})-(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AP]M))?)?$/i;

/**
 * The portal's date forms, detected per value: ISO `YYYY-MM-DD[ HH:MM[:SS]]`, the portal's own
 * `MM/DD/YYYY hh:mm:ss AM/PM`, and `MM-DD-YYYY HH:MM` (24-hour, the spreadsheet re-save in the 10k extract).
 * Month comes first in both US forms (never day-first: see the doc). Date-only values have day precision.
 */
export function parseChicagoDate(
  raw: string,
): { ms: number; precision: TimePrecision; form: ChicagoDateForm } | { error: string } {
  const text = raw.trim();
  if (text === "") return { error: "date is required" };
  const iso = ISO.exec(text);
  const dash = iso ? null : DASH.exec(text);
  const slash = iso || dash ? null : SLASH.exec(text);
  const m = iso ?? dash ?? slash;
  if (!m) return { error: "expected YYYY-MM-DD[ HH:MM], MM/DD/YYYY hh:mm:ss AM/PM or MM-DD-YYYY HH:MM" };
  const [y, mo, d] = iso
    ? [Number(m[1]), Number(m[2]), Number(m[3])]
    : [Number(m[3]), Number(m[1]), Number(m[2])];
  const parts = m.slice(4, 7);
  const ampm = slash?.[7]?.toUpperCase();
  const form: ChicagoDateForm = iso
    ? "iso"
    : dash
      ? "mdy-dash-24h"
      : ampm
        ? "mdy-slash-12h"
        : "mdy-slash-24h";
  if (y < 1900 || y > 2100) return { error: `year ${y} is outside 1900-2100` };
  if (mo < 1 || mo > 12) return { error: `month ${mo} does not exist` };
  if (d < 1 || d > daysInMonth(y, mo)) return { error: `day ${d} does not exist in ${y}-${mo}` };
  const hasTime = parts[0] !== undefined;
  let h = Number(parts[0] ?? 0);
  const mi = Number(parts[1] ?? 0);
  const s = Number(parts[2] ?? 0);
  if (ampm) {
    if (h < 1 || h > 12) return { error: `hour ${h} is not 1-12 with ${ampm}` };
    h = (h % 12) + (ampm === "PM" ? 12 : 0);
  }
  if (h > 23 || mi > 59 || s > 59) return { error: `time ${parts.join(":")} is not a time of day` };
  return { ms: Date.UTC(y, mo - 1, d, h, mi, s), precision: hasTime ? "minute" : "day", form };
}
