/**
 * The CompStat book as an analyst would write it by hand in DuckDB, in the style of the anchor
 * (/work/shared/anchors/duckdb_compstat_book.sql): events joined to their district and focus area, FILTER
 * aggregates per window, GROUP BY GROUPING SETS over district, focus area and citywide. A NULL focus area
 * is the rest of the city. Two forms:
 *
 * - `keyed` (the benchmark's): ONE statement for the whole book. As the anchor keys its offense group,
 *   the metric is a grouping key: each event appears once per metric it counts in (UNION ALL of one
 *   branch per metric, over incidents, detections and calls), with one FILTER per window (13 columns).
 * - `wide`: one statement per event table with one FILTER column per metric x window (182 for incidents).
 *   Same numbers; DuckDB 1.5 evaluates that many filtered aggregates slowly (about 25 s here), so it is
 *   kept only to show why the keyed form is the fair reference (`--sql-form wide`).
 *
 * Nothing here calls PeaceStat: the metric predicates are written from their published definitions, and
 * the windows (start/end dates) are data handed in by the caller. A small loop writes the repetitive
 * FILTER list; every predicate is plain SQL below.
 */

/** `(list_contains(col, 'a') OR list_contains(col, 'b') ...)`: DuckDB's fastest "list holds any of". */
function holdsAny(column, codes) {
  return `(${codes.map((c) => `list_contains(${column}, '${c}')`).join(" OR ")})`;
}

const HOMICIDE = holdsAny("offenses", ["09A", "09"]);
const FIREARM = holdsAny("weapons", ["11", "12", "13", "14", "15"]);
const CARJACK_VALUES = ["1", "y", "yes", "true", "vehicular hijacking", "aggravated vehicular hijacking"];

/** UCR hierarchy rule: the first class that matches, 1 homicide ... 7 motor vehicle theft; NULL: none. */
const PART1_CLASS = `CASE
    WHEN ${HOMICIDE} THEN 1
    WHEN ${holdsAny("offenses", ["11A", "11B", "11C"])} THEN 2
    WHEN list_contains(offenses, '120') THEN 3
    WHEN list_contains(offenses, '13A') THEN 4
    WHEN list_contains(offenses, '220') THEN 5
    WHEN ${holdsAny("offenses", ["23A", "23B", "23C", "23D", "23E", "23F", "23G", "23H", "23"])} THEN 6
    WHEN list_contains(offenses, '240') THEN 7
  END`;

/** Incident metrics: report id -> boolean SQL over the incident row (p1 = its Part I class). */
const INCIDENT_METRICS = [
  ["homicides", HOMICIDE],
  ["nonfatal-shootings", `victims_shot >= 1 AND coalesce(victims_killed, 0) = 0 AND NOT ${HOMICIDE}`],
  [
    "firearm-violent",
    `${holdsAny("offenses", ["09A", "09", "11A", "11B", "11C", "120", "13A", "13"])} AND ${FIREARM}`,
  ],
  [
    "carjackings",
    `list_contains(offenses, '120') AND lower(trim(json_extract_string(attributes, '$.carjacking'))) IN (${CARJACK_VALUES.map((v) => `'${v}'`).join(", ")})`,
  ],
];
const PART1_IDS = [
  "part1.homicide",
  "part1.rape",
  "part1.robbery",
  "part1.aggravated-assault",
  "part1.burglary",
  "part1.larceny",
  "part1.motor-vehicle-theft",
];
/** Every metric the hand-written SQL counts (report ids). */
export const BOOK_METRICS = [
  ...INCIDENT_METRICS.map(([id]) => id),
  ...PART1_IDS,
  "part1-violent",
  "part1-property",
  "part1-total",
  "gunshot-detections",
  "disorder-calls",
];

/** Wide form: every incident metric as a predicate. */
const INCIDENT_METRICS_WIDE = [
  ...INCIDENT_METRICS,
  ...PART1_IDS.map((id, i) => [id, `p1 = ${i + 1}`]),
  ["part1-violent", "p1 BETWEEN 1 AND 4"],
  ["part1-property", "p1 BETWEEN 5 AND 7"],
  ["part1-total", "p1 IS NOT NULL"],
];

const DISORDER = [
  "DISTURBANCE",
  "FIGHT",
  "LOUD MUSIC",
  "NOISE",
  "LOUD PARTY",
  "DISORDERLY CONDUCT",
  "TROUBLE WITH SUBJECT",
];
const IS_DISORDER = `upper(trim(call_type)) IN (${DISORDER.map((t) => `'${t}'`).join(", ")})`;

/**
 * The three event tables. `lo`/`hi`: the first and last local day an event may stand for (a record known
 * only to the month stands for its whole month, so it counts only in windows holding the whole month).
 */
const SOURCES = [
  {
    name: "incidents",
    kind: "incident",
    from: "incidents",
    time: "occurred_at",
    where: "valid_to IS NULL",
    lo: "CASE WHEN occurred_precision = 'month' THEN date_trunc('month', occurred_at)::DATE ELSE occurred_at::DATE END",
    hi: "CASE WHEN occurred_precision = 'month' THEN last_day(occurred_at) ELSE occurred_at::DATE END",
    columns: `offenses, weapons, victims_shot, victims_killed, attributes, ${PART1_CLASS} AS p1`,
    metrics: INCIDENT_METRICS_WIDE,
  },
  {
    name: "detections",
    kind: "detection",
    from: "gunshot_detections",
    time: "detected_at",
    where: "TRUE",
    lo: "detected_at::DATE",
    hi: "detected_at::DATE",
    columns: "",
    metrics: [["gunshot-detections", "TRUE"]],
  },
  {
    name: "calls",
    kind: "call",
    from: "calls_for_service",
    time: "received_at",
    where: "TRUE",
    lo: "received_at::DATE",
    hi: "received_at::DATE",
    columns: `${IS_DISORDER} AS disorder`,
    metrics: [["disorder-calls", "disorder"]],
  },
];

function dateLit(d) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not a date: ${d}`);
  return `DATE '${d}'`;
}

/** Day span covered by the windows; the scan reads only those days. */
function span(columns) {
  const starts = columns.flatMap((c) => c.ranges.map((r) => r.start)).sort();
  const ends = columns.flatMap((c) => c.ranges.map((r) => r.end)).sort();
  return { from: starts[0], to: ends.at(-1) };
}

/** A window, or a baseline: in any of its years' ranges (they never overlap, so the count is their sum). */
function inWindow(c) {
  return c.ranges.map((r) => `(lo >= ${dateLit(r.start)} AND hi <= ${dateLit(r.end)})`).join(" OR ");
}

/** One source's events in the span with their district and focus area. */
function located(s, from, to) {
  return `SELECT d.area AS district, f.area AS focus_area, e.*
  FROM (SELECT uid, ${s.lo} AS lo, ${s.hi} AS hi${s.columns ? `, ${s.columns}` : ""}
        FROM ${s.from}
        WHERE ${s.where} AND ${s.time} >= ${dateLit(from)} AND ${s.time} < ${dateLit(to)} + INTERVAL 1 DAY) e
  LEFT JOIN event_areas d ON d.kind = '${s.kind}' AND d.layer = 'district' AND d.uid = e.uid
  LEFT JOIN event_areas f ON f.kind = '${s.kind}' AND f.layer = 'focus_area' AND f.uid = e.uid`;
}

/**
 * @typedef {{ key: string, ranges: { start: string, end: string }[] }} Column
 *   a window (one range) or a baseline (its years' ranges)
 * @typedef {{ source: string, sql: string, cells: { metric: string | null, key: string, col: string }[] }} Statement
 *   `metric` null: the row's `metric` column
 */

/**
 * The book's statements.
 * @param {Column[]} columns
 * @param {"keyed" | "wide"} form
 * @returns {Statement[]}
 */
export function bookStatements(columns, form = "keyed") {
  return form === "wide" ? wideStatements(columns) : [keyedStatement(columns)];
}

/** ONE statement: the metric is a grouping key, one FILTER per window. */
function keyedStatement(columns) {
  const { from, to } = span(columns);
  const [inc, det, cfs] = SOURCES;
  const cols = "district, focus_area, lo, hi";
  const branches = [
    ...INCIDENT_METRICS.map(([id, pred]) => `SELECT ${cols}, '${id}' AS metric FROM inc WHERE ${pred}`),
    `SELECT ${cols}, [${PART1_IDS.map((id) => `'${id}'`).join(", ")}][p1] FROM inc WHERE p1 IS NOT NULL`,
    `SELECT ${cols}, CASE WHEN p1 <= 4 THEN 'part1-violent' ELSE 'part1-property' END FROM inc WHERE p1 IS NOT NULL`,
    `SELECT ${cols}, 'part1-total' FROM inc WHERE p1 IS NOT NULL`,
    `SELECT ${cols}, 'gunshot-detections' FROM det`,
    `SELECT ${cols}, 'disorder-calls' FROM cfs WHERE disorder`,
  ];
  const sql = `WITH inc AS (
  ${located(inc, from, to)}
), det AS (
  ${located(det, from, to)}
), cfs AS (
  ${located(cfs, from, to)}
), m AS (
  ${branches.join("\n  UNION ALL ")}
)
SELECT GROUPING(district) AS gd, GROUPING(focus_area) AS gf, district, focus_area, metric,
  ${columns.map((c, wi) => `count(*) FILTER (WHERE ${inWindow(c)}) AS w${wi}`).join(",\n  ")}
FROM m
GROUP BY GROUPING SETS ((district, metric), (focus_area, metric), (metric))`;
  return {
    source: "incidents+detections+calls",
    sql,
    cells: columns.map((c, wi) => ({ metric: null, key: c.key, col: `w${wi}` })),
  };
}

/** One statement per event table, one FILTER column per metric x window. */
function wideStatements(columns) {
  const { from, to } = span(columns);
  return SOURCES.map((s) => {
    const cells = [];
    const aggs = [];
    s.metrics.forEach(([metric], mi) => {
      columns.forEach((c, wi) => {
        const col = `c${mi}_${wi}`;
        cells.push({ metric, key: c.key, col });
        aggs.push(`count(*) FILTER (WHERE m${mi} AND w${wi}) AS ${col}`);
      });
    });
    const sql = `WITH x AS (
  SELECT district, focus_area,
    ${s.metrics.map(([, pred], mi) => `coalesce(${pred}, FALSE) AS m${mi}`).join(",\n    ")},
    ${columns.map((c, wi) => `${inWindow(c)} AS w${wi}`).join(",\n    ")}
  FROM (${located(s, from, to)})
)
SELECT GROUPING(district) AS gd, GROUPING(focus_area) AS gf, district, focus_area,
  ${aggs.join(",\n  ")}
FROM x
GROUP BY GROUPING SETS ((district), (focus_area), ())`;
    return { source: s.name, sql, cells };
  });
}

/** Group id as the report names it. */
function groupOf(r) {
  if (Number(r.gd) === 0) return `district:${r.district}`;
  if (Number(r.gf) === 0) return r.focus_area === null ? "rest:focus_area" : `focus_area:${r.focus_area}`;
  return "citywide";
}

/**
 * Runs the statements; `all(sql)` returns rows as plain objects.
 * @param {(sql: string) => Promise<Record<string, unknown>[]>} all
 * @param {Statement[]} statements
 * @returns {Promise<Map<string, number>>} `metric|group|key` -> count (absent: 0)
 */
export async function runBook(all, statements) {
  const out = new Map();
  for (const st of statements) {
    const rows = await all(st.sql);
    for (const r of rows) {
      const g = groupOf(r);
      for (const c of st.cells) out.set(`${c.metric ?? r.metric}|${g}|${c.key}`, Number(r[c.col]));
    }
  }
  return out;
}
