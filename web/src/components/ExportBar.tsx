/**
 * Export buttons for the report on screen (CSV, Excel, PDF packet, HTML packet). Every export is written
 * to the audit log with its purpose (domain.md, People: safeguards), so the purpose comes first and the
 * buttons stay disabled until it is given. The purpose is kept for this browser tab only.
 */
import { useId, useState } from "react";

const FORMATS = [
  { id: "csv", label: "CSV" },
  { id: "xlsx", label: "Excel" },
  { id: "pdf", label: "PDF packet" },
  { id: "html", label: "HTML packet" },
] as const;

const KEY = "peacestat:export-purpose";

export function ExportBar(props: { search: string }) {
  const id = useId();
  const [purpose, setPurpose] = useState(() => sessionStorage.getItem(KEY) ?? "");
  const ready = purpose.trim().length >= 5;
  const href = (format: string) => {
    const p = new URLSearchParams(props.search);
    p.set("format", format);
    p.set("purpose", purpose.trim());
    return `/api/compstat/export?${p.toString()}`;
  };
  return (
    <section className="export-bar no-print" aria-label="Export this report">
      <div className="field">
        <label htmlFor={`${id}-purpose`}>Purpose of the export</label>
        <input
          id={`${id}-purpose`}
          type="text"
          value={purpose}
          placeholder="e.g. Tuesday CompStat meeting"
          onChange={(e) => {
            setPurpose(e.currentTarget.value);
            sessionStorage.setItem(KEY, e.currentTarget.value);
          }}
          aria-describedby={`${id}-purpose-hint`}
        />
        <p className="hint" id={`${id}-purpose-hint`}>
          Written to the audit log with your name. At least 5 characters.
        </p>
      </div>
      <ul className="export-links">
        {FORMATS.map((f) => (
          <li key={f.id}>
            {ready ? (
              <a className="button-link" href={href(f.id)} download>
                {f.label}
              </a>
            ) : (
              <span className="button-link disabled" aria-disabled="true">
                {f.label}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
