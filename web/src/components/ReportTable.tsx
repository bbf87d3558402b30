/**
 * One CompStat table in the seed's layout: blocks side by side under their titles, and per block the
 * report's columns (per period: windows, baseline, comparisons). Change cells carry the seed's text; a
 * significant change is tinted (orange up, blue down) and starred, so the meaning survives grey-scale print
 * and does not rest on colour alone; the z (and p) is in the cell's title and, for significant cells, in
 * text for screen readers.
 */
import { type ReactNode, useRef } from "react";
import {
  cellOf,
  type ReportCell,
  type ReportColumn,
  type ReportIndex,
  rowHeading,
} from "../../../src/compstat/render-layout.js";
import type { ReportChange, ReportTable as Table } from "../../../src/compstat/report.js";
import { formatCount, formatMean } from "../format";
import { useOverflow } from "../useOverflow";

function ChangeCell(props: { change: ReportChange; start: boolean }) {
  const c = props.change;
  const z =
    c.z === null
      ? "no data for one side"
      : `z = ${c.z.toFixed(2)}${c.pValue === null ? "" : `, p = ${c.pValue.toPrecision(3)}`}`;
  const classes = ["num", "change"];
  if (props.start) classes.push("block-start");
  if (c.significance === "none") {
    return (
      <td className={classes.join(" ")} title={z}>
        {c.label}
      </td>
    );
  }
  const up = (c.z ?? 0) > 0;
  classes.push(`sig-${c.significance}`, up ? "up" : "down");
  return (
    <td className={classes.join(" ")} title={z}>
      {c.label}
      <span className="mark" aria-hidden="true">
        {c.significance === "notable" ? "**" : "*"}
      </span>
      <span className="sr-only">{` (${c.significance} ${up ? "increase" : "decrease"}, ${z})`}</span>
    </td>
  );
}

function Cell(props: { cell: ReportCell | null; start: boolean }) {
  const { cell, start } = props;
  const edge = start ? " block-start" : "";
  if (!cell) return <td className={`num${edge}`} />;
  if (cell.kind === "count") return <td className={`num${edge}`}>{formatCount(cell.count)}</td>;
  if (cell.kind === "baseline") return <td className={`num base${edge}`}>{formatMean(cell.mean)}</td>;
  return <ChangeCell change={cell.change} start={start} />;
}

/** Blocks have no id; their titles are distinct, and an untitled block is the only one. */
const blockKey = (title: string | null, i: number): string => title ?? `untitled-${String(i)}`;

export function ReportTable(props: { table: Table; columns: readonly ReportColumn[]; index: ReportIndex }) {
  const { table, columns, index } = props;
  const titled = table.blocks.some((b) => b.title !== null);
  const width = columns.length * table.blocks.length;
  const metric = index.metricLabel(table.metric);
  // The metric's name under the title, unless the title already says it ("Homicides by district").
  const caption: ReactNode =
    table.kind === "metrics" || table.title.includes(metric) ? (
      table.title
    ) : (
      <>
        {table.title} <span className="sub">{metric}</span>
      </>
    );
  const scroller = useRef<HTMLElement>(null);
  const overflows = useOverflow(scroller);
  const captionId = `caption-${table.id.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  return (
    // A table wider than the page scrolls inside its region, which then takes focus so keys can scroll it.
    <section
      ref={scroller}
      className="table-scroll"
      aria-labelledby={captionId}
      tabIndex={overflows ? 0 : undefined}
    >
      <table className={`compstat${width > 12 ? " dense" : ""}`}>
        <caption id={captionId}>{caption}</caption>
        <thead>
          {titled && (
            <tr>
              <td />
              {table.blocks.map((b, i) => (
                <th
                  key={blockKey(b.title, i)}
                  scope="colgroup"
                  colSpan={columns.length}
                  className={`block${i > 0 ? " block-start" : ""}`}
                >
                  {b.title ?? ""}
                </th>
              ))}
            </tr>
          )}
          <tr>
            <th scope="col" className="rowhead">
              {rowHeading(table, index)}
            </th>
            {table.blocks.map((block, b) =>
              columns.map((c, i) => (
                <th
                  key={`${blockKey(block.title, b)}:${c.id}`}
                  scope="col"
                  className={i === 0 && b > 0 ? "block-start" : undefined}
                >
                  {c.label}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          {table.rowLabels.map((label, r) => (
            <tr
              // biome-ignore lint/suspicious/noArrayIndexKey: row labels can repeat across layers; order is fixed
              key={r}
              className={r === table.rowLabels.length - 1 ? "total" : undefined}
            >
              <th scope="row">{label}</th>
              {table.blocks.map((block, b) => {
                const row = index.row(table.rowMetrics?.[r] ?? table.metric, block.cells[r] ?? null);
                return columns.map((col, i) => (
                  <Cell
                    key={`${blockKey(block.title, b)}:${col.id}`}
                    cell={cellOf(row, col)}
                    start={i === 0 && b > 0}
                  />
                ));
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
