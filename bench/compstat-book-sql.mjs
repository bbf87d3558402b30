/**
 * The CompStat book as an analyst would write it by hand in DuckDB, in the style of the anchor
 * (/work/shared/anchors/duckdb_compstat_book.sql): one statement per event table, FILTER aggregates per
 * metric x window over the events joined to their district and focus area, GROUP BY GROUPING SETS
 * ((district), (focus_area), ()). A NULL focus area is the rest of the city.
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
  ["part1.homicide", "p1 = 1"],
  ["part1.rape", "p1 = 2"],
  ["part1.robbery", "p1 = 3"],
  ["part1.aggravated-assault", "p1 = 4"],
  ["part1.burglary", "p1 = 5"],
  ["part1.larceny", "p1 = 6"],
  ["part1.motor-vehicle-theft", "p1 = 7"],
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
    columns: `${PART1_CLASS} AS p1, offenses, weapons, victims_shot, victims_killed, attributes`,
    metrics: INCIDENT_METRICS,
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
    columns: `upper(trim(call_type)) IN (${DISORDER.map((t) => `'${t}'`).join(", ")}) AS disorder`,
    metrics: [["disorder-calls", "disorder"]],
  },
];

function dateLit(d) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not a date: ${d}`);
  return `DATE '${d}'`;
}

/**
 * One statement per event table.
 * @param {{ key: string, ranges: { start: string, end: string }[] }[]} columns - a window (one range) or a
 *   baseline (its years' ranges, which never overlap: the count in any of them is the sum over them).
 * @returns {{ source: string, sql: string, cells: { metric: string, key: string, col: string }[] }[]}
 */
export function bookStatements(columns) {
  const starts = columns.flatMap((c) => c.ranges.map((r) => r.start)).sort();
  const ends = columns.flatMap((c) => c.ranges.map((r) => r.end)).sort();
  const from = starts[0];
  const to = ends.at(-1);
  const inWindow = (c) =>
    c.ranges.map((r) => `(lo >= ${dateLit(r.start)} AND hi <= ${dateLit(r.end)})`).join(" OR ");
  return SOURCES.map((s) => {
    const cells = [];
    const aggs = [];
    s.metrics.forEach(([metric, pred], mi) => {
      columns.forEach((c, wi) => {
        const col = `c${mi}_${wi}`;
        cells.push({ metric, key: c.key, col });
        aggs.push(`count(*) FILTER (WHERE m${mi} AND w${wi}) AS ${col}`);
      });
    });
    const sql = `WITH d AS (SELECT uid, area FROM event_areas WHERE kind = '${s.kind}' AND layer = 'district'),
f AS (SELECT uid, area FROM event_areas WHERE kind = '${s.kind}' AND layer = 'focus_area'),
e AS (
  SELECT uid, ${s.lo} AS lo, ${s.hi} AS hi${s.columns ? `, ${s.columns}` : ""}
  FROM ${s.from}
  WHERE ${s.where} AND ${s.time} >= ${dateLit(from)} AND ${s.time} < ${dateLit(to)} + INTERVAL 1 DAY
),
x AS (
  SELECT uid,
    ${s.metrics.map(([, pred], mi) => `coalesce(${pred}, FALSE) AS m${mi}`).join(",\n    ")},
    ${columns.map((c, wi) => `${inWindow(c)} AS w${wi}`).join(",\n    ")}
  FROM e
)
SELECT GROUPING(d.area) AS gd, GROUPING(f.area) AS gf, d.area AS district, f.area AS focus_area,
  ${aggs.join(",\n  ")}
FROM x LEFT JOIN d USING (uid) LEFT JOIN f USING (uid)
GROUP BY GROUPING SETS ((d.area), (f.area), ())`;
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
 * @returns {Promise<Map<string, number>>} `metric|group|key` -> count (absent: 0)
 */
export async function runBook(all, statements) {
  const out = new Map();
  for (const st of statements) {
    const rows = await all(st.sql);
    for (const r of rows) {
      const g = groupOf(r);
      for (const c of st.cells) out.set(`${c.metric}|${g}|${c.key}`, Number(r[c.col]));
    }
  }
  return out;
}
