/** Plain-text rendering of reports for people; `--json` prints the report objects themselves. */

import type { AreaImportReport } from "../app/import-areas.js";
import type { EventImportReport } from "../app/import-events.js";
import type { ImportReport } from "../app/import-incidents.js";
import type { DatabaseInfo } from "../app/info.js";

const n = (v: number) => v.toLocaleString("en-US");

export function formatImport(r: ImportReport | EventImportReport): string {
  const out: string[] = [];
  out.push(
    r.dryRun
      ? `Dry run of ${r.file} (${r.format}, source '${r.source}'): nothing was written`
      : `Imported ${r.file} (${r.format}, source '${r.source}') as batch ${r.batchId}`,
  );
  const x = r.rows;
  out.push(
    `  rows read ${n(x.read)} = new ${n(x.new)} + updated ${n(x.updated)} + unchanged ${n(x.unchanged)} + rejected ${n(x.rejected)}`,
  );
  if (r.kind === "incident-import") {
    out.push(
      `  incidents: ${n(r.incidents.new)} new, ${n(r.incidents.updated)} updated (new version), ${n(r.incidents.unchanged)} unchanged`,
    );
  } else {
    out.push(`  stream: ${r.stream} records`);
  }
  if (r.warnings > 0) out.push(`  ${n(r.warnings)} values dropped from kept rows (warnings)`);
  for (const reason of r.reasons.slice(0, 8)) {
    out.push(
      `    ${n(reason.count)} x ${reason.severity}${reason.column ? ` [${reason.column}]` : ""}: ${reason.reason} (first on line ${reason.firstLine})`,
    );
  }
  if (r.reasons.length > 8) out.push(`    ... ${r.reasons.length - 8} more kinds`);
  if (r.issuesFile) out.push(`  every rejected row and warning: ${r.issuesFile}`);
  for (const note of r.notes) out.push(`  note: ${note}`);
  return out.join("\n");
}

export function formatAreaImport(r: AreaImportReport): string {
  const out = [
    `${r.dryRun ? "Dry run (nothing written): l" : "L"}ayer '${r.layer}' from ${r.file} (${r.sourceCrs}), batch ${r.batchId}: ${r.areas.length} areas from ${r.features} features`,
  ];
  for (const a of r.areas) {
    out.push(
      `  ${a.name.padEnd(24)} ${a.squareMiles.toFixed(2).padStart(8)} sq mi${a.population === null ? "" : `  population ${n(a.population)}`}`,
    );
  }
  out.push(`  ${n(r.assigned)} event assignments recomputed`);
  for (const note of r.notes) out.push(`  note: ${note}`);
  return out.join("\n");
}

export function formatInfo(i: DatabaseInfo): string {
  const out: string[] = [];
  out.push(
    `${i.city.name} (${i.city.timeZone}, analysis CRS ${i.city.analysisCrs ?? "not set yet"}) - ${i.database}`,
  );
  out.push(`Data as of ${i.dataAsOf ?? "never loaded"}`);
  const inc = i.incidents;
  out.push(
    `Incidents: ${n(inc.current)} current (${n(inc.versions)} versions), ${inc.firstOccurred ?? "-"} to ${inc.lastOccurred ?? "-"}, ${n(inc.withoutLocation)} without a usable location`,
  );
  if (inc.byYear.length > 0) {
    out.push(`  by year: ${inc.byYear.map((y) => `${y.year} ${n(y.incidents)}`).join(" | ")}`);
    const years = inc.byYear.map((y) => String(y.year));
    const shown = years.slice(-6);
    out.push(`  offenses (incidents with the offense; last ${shown.length} years):`);
    out.push(
      `    ${"code".padEnd(5)} ${"offense".padEnd(42)} ${shown.map((y) => y.padStart(7)).join("")} ${"all".padStart(9)}`,
    );
    for (const o of inc.offenses.slice(0, 25)) {
      out.push(
        `    ${o.code.padEnd(5)} ${o.name.slice(0, 42).padEnd(42)} ${shown.map((y) => n(o.byYear[y] ?? 0).padStart(7)).join("")} ${n(o.total).padStart(9)}`,
      );
    }
    if (inc.offenses.length > 25) out.push(`    ... ${inc.offenses.length - 25} more offense codes`);
  }
  if (inc.byDistrict.length > 0) {
    out.push(
      `  by district: ${inc.byDistrict.map((d) => `${d.district} ${n(d.incidents)} (${d.method})`).join(" | ")}`,
    );
  }
  out.push(`Layers: ${i.layers.length === 0 ? "none" : ""}`);
  for (const l of i.layers) {
    out.push(
      `  ${l.layer.padEnd(14)} ${String(l.areas).padStart(4)} areas ${l.squareMiles.toFixed(1).padStart(8)} sq mi  from ${l.sourceCrs}${l.populationYears ? `  population ${l.populationYears}` : ""}`,
    );
  }
  out.push(`Gunshot detections: ${n(i.gunshotDetections)}; calls for service: ${n(i.callsForService)}`);
  out.push(`Batches: ${i.batches.length}`);
  for (const b of i.batches.slice(-10)) {
    out.push(
      `  #${b.batch_id} ${b.finished_at} ${b.kind}/${b.format} ${b.file_name}: read ${n(Number(b.rows_read))}, new ${n(Number(b.rows_new))}, updated ${n(Number(b.rows_updated))}, unchanged ${n(Number(b.rows_unchanged))}, rejected ${n(Number(b.rows_rejected))}`,
    );
  }
  return out.join("\n");
}
