/**
 * Metrics as data (domain.md, "Metrics"): a metric names which events it counts (incidents, gunshot
 * detections, calls for service, partner activity), which codes, weapons and injuries, and the counting
 * unit. The defaults follow domain.md; a city adds or replaces metrics in its config (`peacestat metrics`),
 * validated by `MetricSchema`. Each definition compiles to one SQL expression giving the units one event
 * adds, so a whole book of metrics is counted in one pass over each event table.
 */
import { z } from "zod";
import { AppError } from "../domain/errors.js";
import {
  FIREARM_WEAPON_CODES,
  PART1,
  PART1_HIERARCHY,
  PART1_PROPERTY,
  PART1_VIOLENT,
  type Part1Class,
} from "../domain/nibrs.js";

const IncidentMetric = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "lower-case letters, digits, '-' and '.'"),
  label: z.string().min(1),
  source: z.literal("incidents"),
  /** The incident holds at least one of these NIBRS codes (or offense groups such as "09"). */
  offenses: z.array(z.string()).default([]),
  /** ... and none of these. */
  excludeOffenses: z.array(z.string()).default([]),
  /** Weapon codes 11-15 (any firearm) required. */
  firearm: z.boolean().default(false),
  /** shot: someone struck by gunfire; shot-not-killed: struck and nobody killed; killed: someone killed. */
  injury: z.enum(["shot", "shot-not-killed", "killed"]).optional(),
  /** An attribute the source kept (e.g. a carjacking flag) must hold one of these values (any case). */
  attribute: z.object({ key: z.string(), values: z.array(z.string()).min(1) }).optional(),
  unit: z.enum(["incidents", "victims"]).default("incidents"),
  definition: z.string().optional(),
});

const DetectionMetric = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  label: z.string().min(1),
  source: z.literal("detections"),
  /** Detection types to count (empty: all). */
  types: z.array(z.string()).default([]),
  definition: z.string().optional(),
});

const CallMetric = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  label: z.string().min(1),
  source: z.literal("calls"),
  /** CAD call types, matched without regard to case or surrounding spaces. */
  callTypes: z.array(z.string()).min(1),
  definition: z.string().optional(),
});

const PartnerMetric = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  label: z.string().min(1),
  source: z.literal("partner"),
  activityTypes: z.array(z.string()).min(1),
  /** Only these agencies (upper-case); empty: all. */
  agencies: z.array(z.string()).default([]),
  definition: z.string().optional(),
});

export const MetricSchema = z.discriminatedUnion("source", [
  IncidentMetric,
  DetectionMetric,
  CallMetric,
  PartnerMetric,
]);
export type MetricDef = z.output<typeof MetricSchema>;
export type IncidentMetricDef = z.output<typeof IncidentMetric>;

/** Part I classes included in the family (arson is optional in UCR and left out, as the seed's Table 1 does). */
export const PART1_CLASSES: readonly Part1Class[] = PART1_HIERARCHY.filter((c) => c !== "arson");

const CLASS_SLUG: Record<Part1Class, string> = {
  homicide: "homicide",
  rape: "rape",
  robbery: "robbery",
  aggravatedAssault: "aggravated-assault",
  burglary: "burglary",
  larceny: "larceny",
  motorVehicleTheft: "motor-vehicle-theft",
  arson: "arson",
};
const CLASS_LABEL: Record<Part1Class, string> = {
  homicide: "Homicide",
  rape: "Rape",
  robbery: "Robbery",
  aggravatedAssault: "Aggravated Assault",
  burglary: "Burglary",
  larceny: "Theft",
  motorVehicleTheft: "Auto Theft",
  arson: "Arson",
};

/**
 * Codes of each Part I class as counted. Offense groups that lie wholly inside a class count there: "09"
 * (Milwaukee WIBR's homicide flag, 09A-09C not specified) as homicide, "23" as larceny. Groups "11" and
 * "13" straddle classes (fondling, simple assault) and are not counted.
 */
export function part1Codes(cls: Part1Class): string[] {
  const codes: string[] = [...PART1[cls]];
  if (cls === "homicide") codes.push("09");
  if (cls === "larceny") codes.push("23");
  return codes;
}

const FIREARM_VIOLENT = ["09A", "09", "11A", "11B", "11C", "120", "13A", "13"];

export const DEFAULT_METRICS: readonly MetricDef[] = [
  {
    id: "homicides",
    label: "Homicides",
    source: "incidents",
    offenses: ["09A", "09"],
    excludeOffenses: [],
    firearm: false,
    unit: "incidents",
    definition:
      "Incidents with a murder / non-negligent manslaughter offense (NIBRS 09A), or the homicide family 09 when a source does not say which (Milwaukee WIBR).",
  },
  {
    id: "nonfatal-shootings",
    label: "Non-Fatal Shootings",
    source: "incidents",
    offenses: [],
    excludeOffenses: ["09A", "09"],
    firearm: false,
    injury: "shot-not-killed",
    unit: "incidents",
    definition:
      "Incidents in which at least one person was struck by gunfire and nobody was killed, excluding homicides (09A, 09).",
  },
  {
    id: "firearm-violent",
    label: "Firearm Violent Crime",
    source: "incidents",
    offenses: FIREARM_VIOLENT,
    excludeOffenses: [],
    firearm: true,
    unit: "incidents",
    definition:
      "Incidents with homicide (09A/09), rape (11A-11C), robbery (120) or aggravated assault (13A; the assault family 13 counts when a firearm is named, since an assault with a firearm is aggravated) and a firearm weapon code (11-15).",
  },
  {
    id: "carjackings",
    label: "Carjackings",
    source: "incidents",
    offenses: ["120"],
    excludeOffenses: [],
    firearm: false,
    attribute: {
      key: "carjacking",
      values: ["1", "y", "yes", "true", "vehicular hijacking", "aggravated vehicular hijacking"],
    },
    unit: "incidents",
    definition:
      "Robberies (120) where a motor vehicle was taken: the source's carjacking flag, or Chicago's Description 'VEHICULAR HIJACKING' / 'AGGRAVATED VEHICULAR HIJACKING'.",
  },
  {
    id: "gunshot-detections",
    label: "Gunshot Detections",
    source: "detections",
    types: [],
    definition: "Acoustic gunshot detection events (ShotSpotter activations), all types.",
  },
  {
    id: "disorder-calls",
    label: "Disorder Calls for Service",
    source: "calls",
    callTypes: [
      "DISTURBANCE",
      "FIGHT",
      "LOUD MUSIC",
      "NOISE",
      "LOUD PARTY",
      "DISORDERLY CONDUCT",
      "TROUBLE WITH SUBJECT",
    ],
    definition:
      "Calls for service whose CAD type is on the city's disorder list (default: disturbance, fight, loud music, noise, loud party, disorderly conduct, trouble with subject).",
  },
  ...(
    [
      ["arrests", "Arrests", ["arrest", "warrant-arrest"]],
      ["gun-recoveries", "Gun Recoveries", ["gun-recovery"]],
      ["nibin-leads", "NIBIN Leads", ["nibin-lead"]],
      ["search-warrants", "Search Warrants", ["search-warrant"]],
      ["drug-seizures", "Drug Seizures", ["drug-seizure"]],
      [
        "proactive-contacts",
        "Proactive Contacts",
        [
          "proactive-contact",
          "traffic-stop",
          "subject-stop",
          "business-check",
          "park-and-walk",
          "citizen-contact",
          "probation-check",
        ],
      ],
      ["community-events", "Community Events", ["community-event"]],
    ] as const
  ).map(
    ([id, label, types]): MetricDef => ({
      id,
      label,
      source: "partner",
      activityTypes: [...types],
      agencies: [],
      definition: `Partner activity log rows of type ${types.join(", ")}, summed over their counts, all agencies.`,
    }),
  ),
];

/**
 * Metrics available by id but not in the default book: the victim counts domain.md offers as an option
 * beside the incident counts.
 */
export const OPTIONAL_METRICS: readonly MetricDef[] = [
  {
    id: "homicide-victims",
    label: "Homicide Victims",
    source: "incidents",
    offenses: ["09A", "09"],
    excludeOffenses: [],
    firearm: false,
    unit: "victims",
    definition:
      "People killed in homicide incidents (09A, 09); an incident without a victim count counts one.",
  },
  {
    id: "nonfatal-shooting-victims",
    label: "Non-Fatal Shooting Victims",
    source: "incidents",
    offenses: [],
    excludeOffenses: ["09A", "09"],
    firearm: false,
    injury: "shot-not-killed",
    unit: "victims",
    definition: "People struck by gunfire in non-fatal shooting incidents (nobody killed, no 09A/09).",
  },
];

/** Every metric known by id before a city adds its own. */
export const BUILT_IN_METRICS: readonly MetricDef[] = [...DEFAULT_METRICS, ...OPTIONAL_METRICS];

/** The Part I family: each class, then violent, property and total roll-ups (UCR hierarchy rule). */
export interface Part1Member {
  readonly id: string;
  readonly label: string;
  readonly classes: readonly Part1Class[];
}

export const PART1_MEMBERS: readonly Part1Member[] = [
  ...PART1_CLASSES.map((c) => ({ id: `part1.${CLASS_SLUG[c]}`, label: CLASS_LABEL[c], classes: [c] })),
  { id: "part1-violent", label: "Violent Crime", classes: PART1_VIOLENT },
  { id: "part1-property", label: "Property Crime", classes: PART1_PROPERTY },
  { id: "part1-total", label: "Total Crime", classes: PART1_CLASSES },
];

export const PART1_COUNTING_RULE =
  "UCR hierarchy rule: each incident counts once, in its most serious Part I class (homicide, rape, robbery, aggravated assault, burglary, larceny-theft, motor vehicle theft); arson is not included";

/** A metric as the engine counts it: an id, and the SQL giving the units one event row adds. */
export interface CompiledMetric {
  readonly id: string;
  readonly label: string;
  readonly source: MetricDef["source"];
  readonly unit: string;
  readonly definition: string;
  readonly countingRule: string;
  /** SQL over the source table's row (aliases per source in query.ts); integer units, 0 when not counted. */
  readonly sql: string;
  /** Incident metrics: whether clearance is meaningful (it is for every incident metric). */
  readonly clearance: boolean;
  /**
   * Incident fields the metric cannot be counted without: a source that never fills them (Milwaukee's
   * WIBR has no count of people shot) would read 0 everywhere, which is missing, not zero.
   */
  readonly needs: readonly ("victims" | "weapons")[];
  /** SQL true for an incident that carries what the metric's attribute test reads (null: no such test). */
  readonly attributeCarried: string | null;
}

export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
function sqlList(values: readonly string[]): string {
  return `[${values.map(sqlString).join(", ")}]::VARCHAR[]`;
}

/**
 * "The list holds any of these codes" as ORed list_contains: on 3.2M incidents one list_has_any with a
 * constant list costs 0.35 s, two list_contains 0.07 s (DuckDB 1.5), and a book evaluates dozens.
 */
function hasAny(column: string, codes: readonly string[]): string {
  return `(${codes.map((c) => `list_contains(${column}, ${sqlString(c)})`).join(" OR ")})`;
}

function incidentSql(m: IncidentMetricDef): string {
  const conds: string[] = [];
  if (m.offenses.length > 0) conds.push(hasAny("offenses", m.offenses));
  if (m.excludeOffenses.length > 0) conds.push(`NOT ${hasAny("offenses", m.excludeOffenses)}`);
  if (m.firearm) conds.push(hasAny("weapons", FIREARM_WEAPON_CODES));
  if (m.injury === "shot") conds.push("coalesce(victims_shot, 0) >= 1");
  if (m.injury === "killed") conds.push("coalesce(victims_killed, 0) >= 1");
  if (m.injury === "shot-not-killed")
    conds.push("coalesce(victims_shot, 0) >= 1 AND coalesce(victims_killed, 0) = 0");
  if (m.attribute) {
    const v = `lower(trim(json_extract_string(attributes, ${sqlString(`$."${m.attribute.key.replaceAll('"', "")}"`)})))`;
    const values = sqlList(m.attribute.values.map((x) => x.toLowerCase()));
    // Chicago keeps its Description column; its carjacking words count as the flag.
    const chicago =
      m.attribute.key === "carjacking"
        ? ` OR list_contains(${values}, lower(trim(json_extract_string(attributes, '$."Description"'))))`
        : "";
    conds.push(`(list_contains(${values}, ${v})${chicago})`);
  }
  const when = conds.length > 0 ? conds.join(" AND ") : "TRUE";
  // Victims: people shot (or killed, for a homicide metric); an incident without a victim count is one.
  const units =
    m.unit === "incidents"
      ? "1"
      : m.injury === "shot-not-killed" || m.injury === "shot"
        ? "greatest(coalesce(victims_shot, 0), 1)"
        : "greatest(coalesce(victims_killed, 0), 1)";
  return `CASE WHEN ${when} THEN ${units} ELSE 0 END`;
}

export function compileMetric(m: MetricDef): CompiledMetric {
  const base = { id: m.id, label: m.label, source: m.source, definition: m.definition ?? m.label };
  switch (m.source) {
    case "incidents":
      return {
        ...base,
        unit: m.unit,
        countingRule:
          m.unit === "victims"
            ? "victims: people struck (or killed) in matching incidents"
            : "incidents: each matching incident once",
        sql: incidentSql(m),
        clearance: true,
        needs: [...(m.injury ? (["victims"] as const) : []), ...(m.firearm ? (["weapons"] as const) : [])],
        attributeCarried: m.attribute
          ? `(json_extract(attributes, ${sqlString(`$."${m.attribute.key.replaceAll('"', "")}"`)}) IS NOT NULL${m.attribute.key === "carjacking" ? ` OR json_extract(attributes, '$."Description"') IS NOT NULL` : ""})`
          : null,
      };
    case "detections":
      return {
        ...base,
        unit: "detections",
        countingRule: "detections: each acoustic detection event once",
        sql:
          m.types.length > 0
            ? `CASE WHEN list_contains(${sqlList(m.types.map((t) => t.toUpperCase()))}, upper(detection_type)) THEN 1 ELSE 0 END`
            : "1",
        clearance: false,
        needs: [],
        attributeCarried: null,
      };
    case "calls":
      return {
        ...base,
        unit: "calls",
        countingRule: "calls: each CAD call once",
        sql: `CASE WHEN list_contains(${sqlList(m.callTypes.map((t) => t.trim().toUpperCase()))}, upper(trim(call_type))) THEN 1 ELSE 0 END`,
        clearance: false,
        needs: [],
        attributeCarried: null,
      };
    case "partner": {
      const agency =
        m.agencies.length > 0
          ? ` AND list_contains(${sqlList(m.agencies.map((a) => a.toUpperCase()))}, agency)`
          : "";
      return {
        ...base,
        unit: "activities",
        countingRule: "activities: the counts partner agencies logged, summed",
        sql: `CASE WHEN list_contains(${sqlList(m.activityTypes)}, activity_type)${agency} THEN count ELSE 0 END`,
        clearance: false,
        needs: [],
        attributeCarried: null,
      };
    }
    default: {
      const never: never = m;
      throw new Error(`unknown metric source ${JSON.stringify(never)}`);
    }
  }
}

/** SQL for the Part I class of an incident under the hierarchy rule: its 1-based rank in PART1_CLASSES, NULL when none. */
export function part1ClassSql(): string {
  const whens = PART1_CLASSES.map((c, i) => `WHEN ${hasAny("offenses", part1Codes(c))} THEN ${i + 1}`);
  return `CASE ${whens.join(" ")} END`;
}

function compilePart1(member: Part1Member): CompiledMetric {
  return {
    id: member.id,
    label: member.label,
    source: "incidents",
    unit: "incidents",
    definition: `Part I ${member.classes.length === 1 ? "class" : "classes"} ${member.classes
      .map((c) => `${CLASS_LABEL[c]} (${part1Codes(c).join(", ")})`)
      .join("; ")}, UCR hierarchy rule.`,
    countingRule: PART1_COUNTING_RULE,
    sql: `CASE WHEN p1class IN (${member.classes.map((c) => PART1_CLASSES.indexOf(c) + 1).join(", ")}) THEN 1 ELSE 0 END`,
    clearance: true,
    needs: [],
    attributeCarried: null,
  };
}

/** Metric ids a user may ask for: the defaults, `part1` (the family), its members, the city's own. */
export function resolveMetrics(
  requested: readonly string[],
  cityMetrics: readonly MetricDef[],
): CompiledMetric[] {
  const byId = new Map<string, MetricDef>();
  for (const m of BUILT_IN_METRICS) byId.set(m.id, m);
  for (const m of cityMetrics) byId.set(m.id, m);
  const part1 = new Map(PART1_MEMBERS.map((m) => [m.id, m]));
  const out: CompiledMetric[] = [];
  const seen = new Set<string>();
  const add = (c: CompiledMetric) => {
    if (!seen.has(c.id)) {
      seen.add(c.id);
      out.push(c);
    }
  };
  const ids =
    requested.length > 0
      ? requested
      : [...DEFAULT_METRICS.map((m) => m.id), "part1", ...cityMetrics.map((m) => m.id)];
  for (const id of ids) {
    const key = id.trim().toLowerCase();
    if (key === "part1" && !byId.has("part1")) {
      for (const m of PART1_MEMBERS) add(compilePart1(m));
      continue;
    }
    const p = part1.get(key);
    if (p && !byId.has(key)) {
      add(compilePart1(p));
      continue;
    }
    const def = byId.get(key);
    if (!def) {
      const known = [...byId.keys(), "part1", ...part1.keys()].join(", ");
      throw new AppError("invalid-argument", `unknown metric '${id}': known metrics are ${known}`);
    }
    add(compileMetric(def));
  }
  return out;
}
