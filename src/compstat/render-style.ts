/**
 * The packet's stylesheet, inlined by `render-html.ts`. System fonts only (no download, nothing to fail
 * offline); thin rules and right-aligned tabular figures like the seed's tables; print rules so a table row
 * never splits across pages and the header row repeats on each page.
 */
export const HTML_STYLE = `
@page { size: landscape; margin: 12mm; }
:root { color: #111; background: #fff; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0 auto; max-width: 1180px; padding: 16px;
  font: 10pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
}
h1 { font-size: 18pt; margin: 0 0 2px; }
h2 { font-size: 13pt; margin: 18px 0 6px; border-bottom: 1pt solid #333; padding-bottom: 2px; }
h3 { font-size: 11pt; margin: 12px 0 4px; }
.packet-head { border-bottom: 1.5pt solid #111; padding-bottom: 6px; margin-bottom: 12px; }
.kicker { margin: 0; font-size: 9pt; letter-spacing: 0.12em; text-transform: uppercase; color: #555; }
.asof { margin: 2px 0; font-weight: 600; }
.data-asof { list-style: none; margin: 0; padding: 0; color: #333; font-size: 9pt; }
.report-table { margin: 0 0 16px; }
table { border-collapse: collapse; margin: 0 0 4px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 700; font-size: 12pt; padding: 0 0 4px; caption-side: top; }
.goals caption, .ledger caption { font-size: 10pt; font-weight: 600; color: #333; }
caption .sub { font-weight: 400; font-size: 9pt; color: #555; margin-left: 6px; }
th, td { padding: 2px 8px; border-bottom: 0.5pt solid #c8c8c8; vertical-align: top; }
thead th { border-bottom: 1pt solid #333; vertical-align: bottom; font-weight: 600; font-size: 9pt; max-width: 7.5em; }
thead th.block { text-align: center; border-bottom: 0.5pt solid #999; font-size: 10pt; max-width: none; }
th[scope="row"] { text-align: left; font-weight: 400; white-space: nowrap; }
.goals th[scope="row"] { white-space: normal; max-width: 22em; }
.rowhead { text-align: left; }
td.num { text-align: right; white-space: nowrap; }
td.base { color: #333; font-style: italic; }
tr.total th, tr.total td { font-weight: 700; border-top: 1pt solid #333; border-bottom: 1pt solid #333; }
.block-start { border-left: 0.75pt solid #999; }
.sig-elevated.up { background: #fce4d6; }
.sig-notable.up { background: #f8cbad; }
.sig-elevated.down { background: #ddebf7; }
.sig-notable.down { background: #bdd7ee; }
.mark { font-size: 75%; vertical-align: super; margin-left: 1px; }
.legend, .small { font-size: 8pt; color: #444; margin: 2px 0 0; max-width: 60em; }
.bar { display: inline-block; width: 60px; height: 6px; border: 0.5pt solid #777; vertical-align: middle; }
.bar > span { display: block; height: 100%; background: #777; }
.status { font-weight: 700; white-space: nowrap; }
.status-met, .status-on-track { color: #1d5e2b; }
.status-missed, .status-off-track { color: #8a1c1c; }
dl { display: grid; grid-template-columns: minmax(9em, max-content) 1fr; gap: 3px 14px; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; }
tr, dt, dd, li { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
caption, h2, h3 { break-after: avoid; page-break-after: avoid; }
.metric-start { break-before: page; page-break-before: always; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  table.compstat { font-size: 8pt; }
  table.compstat th, table.compstat td { padding: 1px 4px; }
  table.compstat.dense { font-size: 7pt; }
  table.compstat.dense thead th { font-size: 6.5pt; max-width: 6em; }
  .definitions { break-before: page; page-break-before: always; }
}
`;
