/**
 * The partner ledger: what each agency logged, by activity type, in every window of the report (the seed's
 * PSP CompStat: arrests, gun recoveries, NIBIN leads, search warrants, drug seizures, proactivity,
 * community engagement; police activity beside citizen complaints and use of force). Counted citywide, or
 * in the one area the report is about.
 */
import type { Database } from "../store/db.js";
import { change } from "./assemble.js";
import { accumulate, emptyAccumulated } from "./counts.js";
import type { ResolvedGroups } from "./groups.js";
import { sqlString } from "./metrics.js";
import { periodWindows } from "./periods.js";
import type { PartnerLedger, PartnerLedgerRow, ReportChange, ReportPeriod } from "./report.js";

export async function partnerLedger(
  db: Database,
  opts: { periods: readonly ReportPeriod[]; resolved: ResolvedGroups; asOf: string },
): Promise<PartnerLedger | null> {
  const any = await db.one<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM (SELECT 1 FROM partner_activity LIMIT 1)",
  );
  if ((any?.n ?? 0) === 0) return null;
  const windows = opts.periods.flatMap(periodWindows);
  if (windows.length === 0) return null;
  const from = windows.map((w) => w.start).sort()[0]!;
  const to = windows
    .map((w) => w.end)
    .sort()
    .at(-1)!;
  const single =
    opts.resolved.areas.length === 1 && opts.resolved.layers.length === 0 ? opts.resolved.areas[0]! : null;
  const where = single
    ? ` AND area_layer = ${sqlString(single.layer)} AND area_name = ${sqlString(single.area)}`
    : "";
  const rows = await db.all<{
    agency: string;
    activity_type: string;
    day: number;
    month: boolean;
    n: number;
  }>(
    `SELECT agency, activity_type, (CAST(activity_date AS DATE) - DATE '1970-01-01')::INTEGER AS day,
            activity_precision = 'month' AS month, sum(count)::DOUBLE AS n
     FROM partner_activity
     WHERE activity_date >= $1::TIMESTAMP AND activity_date < $2::TIMESTAMP + INTERVAL 1 DAY${where}
     GROUP BY ALL`,
    [from, to],
  );
  const acc = emptyAccumulated();
  accumulate(
    rows.map((r) => ({
      group: `${r.agency}\u0000${r.activity_type}`,
      day: r.day,
      month: r.month,
      units: [r.n],
      cleared: null,
      incidents: [r.n],
      events: r.n,
    })),
    windows,
    1,
    [0],
    acc,
  );
  const out: PartnerLedgerRow[] = [];
  const keys = [...acc.counts.keys()].sort();
  for (const key of keys) {
    const [agency, activityType] = key.split("\u0000") as [string, string];
    const byWindow = acc.counts.get(key)!;
    const counts: Record<string, number> = {};
    for (const w of windows) counts[w.id] = byWindow.get(w.id)?.units[0] ?? 0;
    const changes: Record<string, ReportChange> = {};
    for (const p of opts.periods) {
      for (const c of p.comparisons) {
        if (c.baseIsBaseline) {
          const sum = p.baseline!.windows.reduce((a, w) => a + (counts[w.id] ?? 0), 0);
          changes[c.id] = change(counts[c.current] ?? 0, sum, p.baseline!.windows.length, true);
        } else {
          changes[c.id] = change(counts[c.current] ?? 0, counts[c.base] ?? 0, 1, false);
        }
      }
    }
    if (Object.values(counts).some((n) => n > 0)) out.push({ agency, activityType, counts, changes });
  }
  return { group: single ? `${single.layer}:${single.area}` : "citywide", rows: out };
}
