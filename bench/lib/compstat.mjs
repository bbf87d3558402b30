/**
 * The CompStat book benchmark's shared parts: the windows a report covers (the data handed to the
 * hand-written SQL), the report's cells, and the cell-by-cell comparison with the SQL's counts.
 */
import { BOOK_METRICS } from "../compstat-book-sql.mjs";

export const AS_OF = "2025-09-30";

/** The report's windows and baselines as the SQL takes them: { key, ranges: [{ start, end }] }. */
export function bookColumns(report) {
  const columns = [];
  for (const p of report.periods) {
    for (const w of p.windows) columns.push({ key: w.id, ranges: [{ start: w.start, end: w.end }] });
    if (p.baseline)
      columns.push({
        key: p.baseline.id,
        ranges: p.baseline.windows.map((w) => ({ start: w.start, end: w.end })),
      });
  }
  return columns;
}

/**
 * Every count of the report: each row x window, and each baseline's sum over its years.
 * @returns {{ rows: string[], groups: number, cells: [string, string, string, number | undefined][] }}
 *   rows as `metric|group`; cells as [metric, group, key, value]
 */
export function reportCells(report) {
  const cells = [];
  for (const row of report.rows)
    for (const p of report.periods) {
      for (const w of p.windows) cells.push([row.metric, row.group, w.id, row.counts[w.id]]);
      if (p.baseline) cells.push([row.metric, row.group, p.baseline.id, row.baselines[p.baseline.id]?.sum]);
    }
  return { rows: report.rows.map((r) => `${r.metric}|${r.group}`), groups: report.groups.length, cells };
}

/**
 * Compares the report's cells with the SQL's counts (`metric|group|key` -> count, absent: 0): every cell
 * equal, no metric the SQL does not compute, and nothing the SQL counted missing from the report.
 * @param {{ rows: string[], cells: [string, string, string, number | undefined][] }} engine
 * @param {Map<string, number>} sqlCounts
 */
export function compareBook(engine, sqlCounts) {
  const mismatches = [];
  const sqlMetrics = new Set(BOOK_METRICS);
  const metricsCompared = new Set();
  const notComputed = new Set();
  let cells = 0;
  for (const [metric, group, key, value] of engine.cells) {
    if (!sqlMetrics.has(metric)) {
      const k = `${metric}|${group}`;
      if (!notComputed.has(k))
        mismatches.push(`${metric} | ${group}: metric not computed by the hand-written SQL`);
      notComputed.add(k);
      continue;
    }
    metricsCompared.add(metric);
    cells++;
    const sql = sqlCounts.get(`${metric}|${group}|${key}`) ?? 0;
    if (value !== sql) mismatches.push(`${metric} | ${group} | ${key}: engine ${value}, SQL ${sql}`);
  }
  const reported = new Set(engine.rows);
  for (const [k, n] of sqlCounts) {
    const [metric, group, key] = k.split("|");
    if (n !== 0 && !reported.has(`${metric}|${group}`))
      mismatches.push(`${metric} | ${group} | ${key}: SQL ${n}, not in the report`);
  }
  return { cells, mismatches, metricsCompared };
}
