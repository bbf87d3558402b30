/**
 * The CompStat packet as one self-contained HTML page: what is handed out at the accountability meeting and
 * what `render-pdf.ts` prints. Self-contained on purpose (inline CSS, no scripts, fonts, images or links):
 * it must open the same from an e-mail attachment, a shared drive or an offline laptop, and print without
 * a network. Tables follow the seed's layout; everything a reader needs to trust them (data as-of lines,
 * definitions, the significance rule) is on the page.
 */

import { DETAIL_HEADINGS, DETAIL_NOTE, type Details, detailColumns, tableDetails } from "./render-details.js";
import {
  cellOf,
  dataAsOfLines,
  formatLongDate,
  indexReport,
  ledgerColumns,
  type ReportCell,
  type ReportColumn,
  type ReportIndex,
  reportColumns,
  rowHeading,
} from "./render-layout.js";
import { HTML_STYLE } from "./render-style.js";
import type { CompStatReport, GoalStatus, ReportChange, ReportTable } from "./report.js";

export interface HtmlOptions {
  /** The document title; default "CITY CompStat, through DATE". */
  readonly title?: string;
}

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const INT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const ONE = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * A change cell: the seed's text; shaded and starred only when significant, because colouring every
 * percent would flag noise on small counts. The star keeps the meaning in grey-scale print.
 */
function changeCell(c: ReportChange, extra = ""): string {
  const z =
    c.z === null
      ? "no data for one side"
      : `z = ${c.z.toFixed(2)}${c.pValue === null ? "" : `, p = ${c.pValue.toPrecision(3)}`}`;
  if (c.significance === "none")
    return `<td class="num${extra}" title="${escapeHtml(z)}">${escapeHtml(c.label)}</td>`;
  const cls = `num sig-${c.significance} ${(c.z ?? 0) > 0 ? "up" : "down"}${extra}`;
  const mark = c.significance === "notable" ? "**" : "*";
  return `<td class="${cls}" title="${escapeHtml(z)}">${escapeHtml(c.label)}<span class="mark">${mark}</span></td>`;
}

function cellHtml(cell: ReportCell | null, extra: string): string {
  if (!cell) return `<td class="num${extra}"></td>`;
  if (cell.kind === "count") return `<td class="num${extra}">${INT.format(cell.count)}</td>`;
  if (cell.kind === "baseline") return `<td class="num base${extra}">${ONE.format(cell.mean)}</td>`;
  return changeCell(cell.change, extra);
}

function headCells(columns: readonly ReportColumn[], block: number): string {
  return columns
    .map(
      (c, i) =>
        `<th scope="col"${i === 0 && block > 0 ? ' class="block-start"' : ""}>${escapeHtml(c.label)}</th>`,
    )
    .join("");
}

/** Side-by-side blocks up to this many number columns; wider tables print one block under another. */
const MAX_SIDE_BY_SIDE = 20;
/** Above this many number columns the table prints in the dense (smaller) type. */
const DENSE_FROM = 12;

/**
 * A table's HTML: blocks side by side as in the seed while they fit a landscape page, else one table per
 * block (a table wider than the page would be cut off in the PDF, and no script may shrink it).
 */
function tablesHtml(
  report: CompStatReport,
  index: ReportIndex,
  table: ReportTable,
  pageBreak: boolean,
): string {
  const width = reportColumns(report).length * table.blocks.length;
  if (width <= MAX_SIDE_BY_SIDE || table.blocks.length < 2) return tableHtml(report, index, table, pageBreak);
  return table.blocks
    .map((block, b) => {
      const title = block.title === null ? table.title : `${table.title}: ${block.title}`;
      return tableHtml(
        report,
        index,
        { ...table, title, blocks: [{ ...block, title: null }] },
        pageBreak && b === 0,
      );
    })
    .join("\n");
}

function tableHtml(
  report: CompStatReport,
  index: ReportIndex,
  table: ReportTable,
  pageBreak: boolean,
): string {
  const columns = reportColumns(report);
  const dense = columns.length * table.blocks.length > DENSE_FROM ? " dense" : "";
  const titled = table.blocks.some((b) => b.title !== null);
  const blockRow = titled
    ? `<tr><td></td>${table.blocks
        .map(
          (b, i) =>
            `<th scope="colgroup" colspan="${columns.length}" class="block${i > 0 ? " block-start" : ""}">${escapeHtml(b.title ?? "")}</th>`,
        )
        .join("")}</tr>`
    : "";
  const head = `<tr><th scope="col" class="rowhead">${escapeHtml(rowHeading(table, index))}</th>${table.blocks
    .map((_, b) => headCells(columns, b))
    .join("")}</tr>`;
  const body = table.rowLabels
    .map((label, r) => {
      const cells = table.blocks
        .map((block, b) => {
          const row = index.row(table.rowMetrics?.[r] ?? table.metric, block.cells[r] ?? null);
          return columns
            .map((col, i) => cellHtml(cellOf(row, col), i === 0 && b > 0 ? " block-start" : ""))
            .join("");
        })
        .join("");
      const total = r === table.rowLabels.length - 1 ? ' class="total"' : "";
      return `<tr${total}><th scope="row">${escapeHtml(label)}</th>${cells}</tr>`;
    })
    .join("\n");
  return `<section class="report-table${pageBreak ? " metric-start" : ""}">
<table class="compstat${dense}">
<caption>${escapeHtml(table.title)}${table.kind === "metrics" ? "" : ` <span class="sub">${escapeHtml(index.metricLabel(table.metric))}</span>`}</caption>
<thead>${blockRow}${head}</thead>
<tbody>
${body}
</tbody>
</table>
<p class="legend">Shaded changes are unlikely to be chance alone: Poisson z = 2(&#8730;current &#8722; &#8730;base)
(Wheeler 2016); * |z| &#8805; 2 elevated, ** |z| &#8805; 3 notable; orange up, blue down. Blank: both counts 0;
&#8220;new&#8221;: none in the base period. Baseline averages have one decimal.</p>
</section>`;
}

const DAY_MS = 86_400_000;
const dayNumber = (d: string): number => Date.parse(`${d}T00:00:00Z`) / DAY_MS;
const STATUS: Record<GoalStatus["status"], string> = {
  met: "Met",
  missed: "Missed",
  "on-track": "On track",
  "off-track": "Off track",
  "too-early": "Too early to tell",
};

/** Share of the goal's days gone by the as-of date, 0..100; NaN-safe for malformed dates. */
function elapsedPercent(goal: GoalStatus, asOf: string): number {
  const total = dayNumber(goal.deadline) - dayNumber(goal.start) + 1;
  const gone = Math.min(dayNumber(asOf), dayNumber(goal.deadline)) - dayNumber(goal.start) + 1;
  const p = (gone / total) * 100;
  return Number.isFinite(p) ? Math.min(100, Math.max(0, p)) : 0;
}

function bar(percent: number): string {
  return `<span class="bar" aria-hidden="true"><span style="width:${percent.toFixed(0)}%"></span></span>`;
}

function goalsHtml(report: CompStatReport, index: ReportIndex): string {
  if (report.goals.length === 0) return "";
  const rows = report.goals
    .map((g) => {
      const elapsed = elapsedPercent(g, report.asOf);
      const used = g.targetCount > 0 ? Math.min(100, (g.observed / g.targetCount) * 100) : 100;
      const change =
        g.changeToDate === null ? "" : ` (${g.changeToDate > 0 ? "+" : ""}${ONE.format(g.changeToDate)}%)`;
      return `<tr>
<th scope="row">${escapeHtml(g.label)}<div class="small">${escapeHtml(index.metricLabel(g.metric))}, ${escapeHtml(index.group(g.group)?.label ?? g.group)}; baseline ${INT.format(g.baseline.count)} (${escapeHtml(g.baseline.start)} to ${escapeHtml(g.baseline.end)})</div></th>
<td>${escapeHtml(g.start)} to ${escapeHtml(g.deadline)}<div class="small">${bar(elapsed)} ${elapsed.toFixed(0)}% of the time gone</div></td>
<td class="num">${g.targetPercent > 0 ? "+" : ""}${INT.format(g.targetPercent)}%<div class="small">at most ${INT.format(g.targetCount)}</div></td>
<td class="num">${INT.format(g.observed)} vs ${ONE.format(g.expected)} expected${escapeHtml(change)}<div class="small">${bar(used)} ${used.toFixed(0)}% of the allowance</div></td>
<td class="num">${ONE.format(g.projected)} vs ${INT.format(g.targetCount)}</td>
<td class="status status-${escapeHtml(g.status)}">${STATUS[g.status]}</td>
</tr>`;
    })
    .join("\n");
  return `<section class="goals">
<h2>Goals</h2>
<table>
<caption>Goals: progress to date and projection to the deadline</caption>
<thead><tr><th scope="col">Goal</th><th scope="col">Period</th><th scope="col">Target</th><th scope="col">To date</th><th scope="col">Projected vs target</th><th scope="col">Status</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="legend">Expected: what the baseline level predicts for the same days, seasonally weighted (${escapeHtml(
    [...new Set(report.goals.map((g) => g.seasonality))].join("; "),
  )}). Projected: the count to date plus the rest of the period at the current ratio.</p>
</section>`;
}

function ledgerHtml(report: CompStatReport, index: ReportIndex): string {
  const ledger = report.partnerLedger;
  if (!ledger || ledger.rows.length === 0) return "";
  const columns = ledgerColumns(report);
  const rows = ledger.rows
    .map((r) => {
      const cells = columns
        .map((c) => {
          const change = r.changes[c.id];
          if (c.kind === "change") return change ? changeCell(change) : '<td class="num"></td>';
          const n = r.counts[c.id];
          return `<td class="num">${n === undefined ? "" : INT.format(n)}</td>`;
        })
        .join("");
      return `<tr><th scope="row">${escapeHtml(r.agency)}</th><td>${escapeHtml(r.activityType)}</td>${cells}</tr>`;
    })
    .join("\n");
  const where = index.group(ledger.group)?.label ?? ledger.group;
  return `<section class="ledger">
<h2>Partner ledger</h2>
<table>
<caption>Partner activity, ${escapeHtml(where)}</caption>
<thead><tr><th scope="col">Agency</th><th scope="col">Activity</th>${headCells(columns, 0)}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

function definitionsHtml(report: CompStatReport): string {
  const d = report.definitions;
  const item = (term: string, text: string) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(text)}</dd>`;
  const parts = d.metrics.map((m) =>
    item(m.label, `${m.definition} Source: ${m.source}; counted: ${m.unit}. ${m.countingRule}`),
  );
  parts.push(item("Counting rule", d.countingRule), item("Periods", d.periods));
  for (const p of report.periods) {
    const spans = p.windows.map((w) => `${w.label}: ${w.start} to ${w.end} (${w.days} days)`);
    if (p.baseline) spans.push(`${p.baseline.label}: the mean over ${p.baseline.years.join(", ")}`);
    parts.push(item(p.label, `${spans.join("; ")}.`));
  }
  parts.push(
    item("Change", d.change),
    item("Significance", d.significance),
    item("Rates", d.rates),
    item("Clearance", d.clearance),
  );
  const notes = report.notes.length
    ? `<h3>Notes</h3><ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>`
    : "";
  const about = `Schema ${report.schema}; times are ${report.timeZone}; generated ${report.generatedAt}${
    report.snapshot ? `; rebuilt from the data as it was at ${report.snapshot}` : ""
  }.`;
  return `<section class="definitions">
<h2>Definitions and notes</h2>
<dl>
${parts.join("\n")}
</dl>
${notes}
<h3>Data as of</h3>
<ul>${dataAsOfLines(report)
    .map((l) => `<li>${escapeHtml(l)}</li>`)
    .join("")}</ul>
<p class="small">${escapeHtml(about)}</p>
</section>`;
}

/** The whole packet. Pure: the same report gives the same bytes. */
/** Rates, shares and clearance under an areas table (render-details.ts). */
function detailsHtml(d: Details | null): string {
  if (!d) return "";
  const cols = detailColumns(d);
  const head = `<tr><th scope="col" class="rowhead"></th>${cols.map((c) => `<th scope="col">${escapeHtml(DETAIL_HEADINGS[c])}</th>`).join("")}</tr>`;
  const body = d.rows
    .map(
      (r) =>
        `<tr><th scope="row">${escapeHtml(r.label)}</th>${cols.map((c) => `<td class="num">${escapeHtml(r[c])}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `
<section class="report-table details">
<table class="compstat dense">
<caption>${escapeHtml(d.title)}</caption>
<thead>${head}</thead>
<tbody>
${body}
</tbody>
</table>
<p class="legend">${escapeHtml(DETAIL_NOTE)}</p>
</section>`;
}

export function renderHtml(report: CompStatReport, options: HtmlOptions = {}): string {
  const index = indexReport(report);
  const through = formatLongDate(report.asOf);
  const title = options.title ?? `${report.city} CompStat, through ${through}`;
  const tables = report.tables
    .map(
      (t, i) =>
        tablesHtml(report, index, t, i > 0 && report.tables[i - 1]?.metric !== t.metric) +
        detailsHtml(tableDetails(report, index, t)),
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="PeaceStat">
<title>${escapeHtml(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header class="packet-head">
<p class="kicker">CompStat</p>
<h1>${escapeHtml(report.city)}</h1>
<p class="asof">Counts through ${escapeHtml(through)} (${escapeHtml(report.asOf)})</p>
<ul class="data-asof">${dataAsOfLines(report)
    .map((l) => `<li>${escapeHtml(l)}</li>`)
    .join("")}</ul>
</header>
<main>
${tables}
${goalsHtml(report, index)}
${ledgerHtml(report, index)}
${definitionsHtml(report)}
</main>
</body>
</html>
`;
}
