import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { renderCsv, renderCsvMeta } from "./render-csv.js";
import { tableDetails } from "./render-details.js";
import { renderHtml } from "./render-html.js";
import { formatUsDateTime, indexReport } from "./render-layout.js";
import { findChromium, NO_CHROMIUM_MESSAGE, renderPdf } from "./render-pdf.js";
import { renderXlsx, sheetName } from "./render-xlsx.js";
import { sampleReport } from "./sample-report.js";

type Line = Record<string, string>;
const readCsv = (text: string): Line[] => parse(text, { columns: true, record_delimiter: "\r\n" }) as Line[];
const find = (lines: Line[], group: string, column: string): Line | undefined =>
  lines.find((l) => l.group === group && l.column === column);

describe("renderCsv", () => {
  const report = sampleReport();
  const text = renderCsv(report);
  const lines = readCsv(text);

  it("is long and tidy: one line per metric x group x column, CRLF, no BOM", () => {
    // 16 groups (citywide, 7 districts, 2 focus areas, 6 cells) x (2 years + 3 YTD + 1 baseline + 3 changes)
    expect(lines).toHaveLength(16 * 9);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.split("\r\n")).toHaveLength(16 * 9 + 2);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/\n/);
  });

  it("holds the seed's numbers", () => {
    const ch = find(lines, "district:1", "ytd:2017..2019");
    expect(ch).toMatchObject({ column_kind: "change", value: "-50%", percent: "-50", significance: "none" });
    expect(find(lines, "citywide", "ytd:2019")).toMatchObject({ value: "71", population: "590157" });
    expect(find(lines, "citywide", "ytd:2018..2019")?.value).toBe("-12%");
    expect(find(lines, "district:5", "ytd:2017..2019")?.value).toBe("6%");
    expect(find(lines, "district:2", "year:2017")).toMatchObject({ value: "15", share: "0.1261" });
    const base = find(lines, "district:3", "ytd:baseline..2019");
    expect(base).toMatchObject({ value: "6%", z: "0.21", p_value: expect.stringMatching(/^0\.77321800063/) });
    expect(find(lines, "district:3", "ytd:baseline:2007-2015")).toMatchObject({
      column_kind: "baseline",
      value: "13.2222",
    });
    const blank = find(lines, "focus_area:Capitol Drive East|district:3", "ytd:2018..2019");
    expect(blank).toMatchObject({ value: "", percent: "", within: "Capitol Drive East", layer: "district" });
  });

  it("quotes a group name holding a comma and a quote", () => {
    const odd = 'Capitol "Drive", East';
    const csv = renderCsv(sampleReport({ secondArea: odd }));
    expect(csv).toContain('"focus_area:Capitol ""Drive"", East|district:5"');
    const parsed = readCsv(csv);
    expect(parsed).toHaveLength(16 * 9);
    expect(find(parsed, `focus_area:${odd}|district:5`, "ytd:2018..2019")).toMatchObject({
      value: "-86%",
      within: odd,
    });
  });

  it("writes a key,value companion with provenance and definitions", () => {
    const meta = parse(renderCsvMeta(report), { columns: true }) as { key: string; value: string }[];
    const get = (k: string) => meta.find((m) => m.key === k)?.value;
    expect(get("schema")).toBe("peacestat.compstat/1");
    expect(get("city")).toBe("Milwaukee, WI");
    expect(get("data_as_of.incidents")).toBe("2019-09-30 08:57:31");
    expect(get("counting_rule")).toMatch(/no UCR hierarchy/);
    expect(get("metric.homicides.definition")).toMatch(/09A/);
  });
});

describe("renderXlsx", () => {
  it("round-trips through exceljs with the seed's layout", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await renderXlsx(sampleReport())).buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "Homicide Citywide",
      "Homicides PSP Areas",
      "Definitions",
      "Goals",
      "Partner ledger",
      "Data",
    ]);
    const city = wb.getWorksheet("Homicide Citywide")!;
    expect(city.getCell("A1").value).toBe("Homicide Citywide");
    expect(city.getRow(2).getCell(2).value).toBe("2017 (Full Year)");
    // District 1 is row 3: counts, then the baseline mean, then the 2017-19 change (-50%)
    expect(city.getCell("B3").value).toBe(2);
    expect(city.getCell("G3").value).toBe(1);
    expect(city.getCell("G3").numFmt).toBe("0.0");
    expect(city.getCell("H3").value).toBe(-0.5);
    expect(city.getCell("H3").numFmt).toBe("0%");
    expect(city.getCell("A10").value).toBe("Total");
    expect(city.getCell("F10").value).toBe(71);
    expect(city.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });

    const psp = wb.getWorksheet("Homicides PSP Areas")!;
    expect(psp.getCell("B2").value).toBe("Center Street Corridor");
    expect(psp.getCell("K2").value).toBe("Capitol Drive East");
    expect(psp.getCell("B2").isMerged).toBe(true);
    // Capitol Drive East, district 3: counts 0 and 0, the change cells blank
    expect(psp.getCell("O4").value).toBe(0);
    expect(psp.getCell("Q4").value).toBeNull();
    expect(psp.getCell("R4").value).toBeNull();
    expect(psp.getCell("R5").value).toBe(-0.86);
    expect(wb.getWorksheet("Data")!.rowCount).toBe(16 * 9 + 1);
    expect(wb.getWorksheet("Partner ledger")!.getCell("E5").value).toBe(14);
    expect(wb.getWorksheet("Partner ledger")!.getCell("F5").value).toBe("new");
  });

  it("makes legal, unique sheet names", () => {
    const taken = new Set(["data"]);
    expect(sheetName("Homicides: [PSP] areas / districts * all of them?", taken)).toBe(
      "Homicides PSP areas districts",
    );
    expect(sheetName("Data", taken)).toBe("Data (2)");
    expect(sheetName("x".repeat(40), taken)).toHaveLength(31);
    expect(sheetName("x".repeat(40), taken)).toBe(`${"x".repeat(27)} (2)`);
  });
});

describe("renderHtml", () => {
  const html = renderHtml(sampleReport({ secondArea: "Capitol <script>alert(1)</script> East" }));

  it("is one self-contained, escaped, accessible page", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<html lang="en">');
    for (const t of ["Homicide Citywide", "Homicides PSP Areas"]) expect(html).toContain(`<caption>${t} `);
    expect(html).toContain("Capitol &#60;script&#62;alert(1)&#60;/script&#62; East");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/http/i);
    expect(html).not.toMatch(/<link|<img|@import|url\(/i);
    expect(html).toContain('<th scope="row">Total</th>');
    expect(html).toContain('scope="colgroup"');
  });

  it("shows the seed's numbers, the data as-of lines and the definitions", () => {
    expect(html).toContain("Homicides data: 9/30/2019 8:57:31 AM");
    expect(html).toContain("Counts through September 29, 2019");
    expect(html).toContain(">-50%</td>");
    expect(html).toContain(">13.2</td>");
    // the citywide 2017-19 fall (91 -> 71, z = -2.23) is elevated; its cell is shaded and starred
    expect(html).toMatch(/class="num sig-elevated down"[^>]*>-22%<span class="mark">\*<\/span>/);
    expect(html).toContain("Definitions and notes");
    expect(html).toContain("Partner ledger");
    expect(html).toContain("On track");
    expect(html).toContain("@page { size: landscape; margin: 12mm; }");
  });

  it("adds square miles, rates and shares under an area table, for the current window of the longest period", () => {
    const report = sampleReport();
    const index = indexReport(report);
    const table = report.tables.find((t) => t.kind === "areas")!;
    const d = tableDetails(report, index, table)!;
    expect(d.window.id).toBe("year:2018");
    const total = d.rows.at(-1)!;
    expect(total.squareMiles).toBe("96.8");
    expect(total.share).toBe("100.0%");
    expect(html).toContain("rates, shares and clearance");
  });

  it("formats load times in the seed's style", () => {
    expect(formatUsDateTime("2019-09-30 08:57:31")).toBe("9/30/2019 8:57:31 AM");
    expect(formatUsDateTime("2019-09-27 16:00:00")).toBe("9/27/2019 4:00:00 PM");
    expect(formatUsDateTime("2019-01-01 00:05")).toBe("1/1/2019 12:05:00 AM");
  });
});

describe("renderPdf", () => {
  it("names the fix when Chromium is missing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "peacestat-pdf-"));
    try {
      const out = join(dir, "x.pdf");
      await expect(renderPdf("<p>x</p>", out, { chromium: "/nonexistent" })).rejects.toMatchObject({
        name: "AppError",
        code: "unsupported",
        message: NO_CHROMIUM_MESSAGE,
      });
      expect(await readdir(dir)).toEqual([]);
      // a file that is not a browser: the same advice, with what went wrong
      await expect(renderPdf("<p>x</p>", out, { chromium: "/bin/true" })).rejects.toMatchObject({
        code: "unsupported",
        message: expect.stringMatching(/^Chromium at \/bin\/true did not start .*PEACESTAT_CHROMIUM/),
      });
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe.skipIf(findChromium() === null)("with Chromium", () => {
    it("prints the packet to a PDF, leaving no temporary file", { timeout: 30_000 }, async () => {
      const dir = await mkdtemp(join(tmpdir(), "peacestat-pdf-"));
      try {
        const out = join(dir, "compstat.pdf");
        await renderPdf(renderHtml(sampleReport()), out);
        const pdf = await readFile(out);
        expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
        expect(pdf.length).toBeGreaterThan(5000);
        expect(await readdir(dir)).toEqual(["compstat.pdf"]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
