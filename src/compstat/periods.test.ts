/**
 * CompStat periods (domain.md, "Periods"): pure date arithmetic. Year to date keeps the same month-day in
 * every year (Feb 29 -> Feb 28), rolling windows end on the as-of date and are compared with the window
 * before and the same month-day a year earlier, full years only once over, baselines the N years before.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../domain/errors.js";
import {
  buildPeriod,
  dateOf,
  dayNumber,
  parseBaseline,
  parsePeriod,
  parseYears,
  periodWindows,
  sameDayInYear,
} from "./periods.js";
import type { ReportPeriod, ReportWindow } from "./report.js";

function byId(p: ReportPeriod, id: string): ReportWindow {
  const w = periodWindows(p).find((x) => x.id === id);
  if (!w) throw new Error(`no window ${id} in ${periodWindows(p).map((x) => x.id)}`);
  return w;
}

function span(w: ReportWindow): [string, string, number] {
  return [w.start, w.end, w.days];
}

/** Throws unless fn throws an AppError with this code whose message contains every fragment. */
function expectAppError(fn: () => unknown, code: string, ...fragments: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, "expected an AppError").toBeInstanceOf(AppError);
  const err = caught as AppError;
  expect(err.code).toBe(code);
  for (const f of fragments) expect(err.message).toContain(f);
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Any real date 1990-01-01 .. 2099-12-31. */
const anyDate = fc
  .integer({ min: dayNumber("1990-01-01"), max: dayNumber("2099-12-31") })
  .map((d) => dateOf(d));

describe("year to date", () => {
  it("uses Jan 1 .. the as-of month-day in every year compared (the seed: Jan 1 - Sep 29)", () => {
    const p = buildPeriod({ kind: "ytd" }, { asOf: "2019-09-29", years: [2017, 2018, 2019] });
    expect(p.windows.map((w) => w.id)).toEqual(["ytd:2017", "ytd:2018", "ytd:2019"]);
    expect(p.windows.map(span)).toEqual([
      ["2017-01-01", "2017-09-29", 272],
      ["2018-01-01", "2018-09-29", 272],
      ["2019-01-01", "2019-09-29", 272],
    ]);
    expect(p.windows.map((w) => w.year)).toEqual([2017, 2018, 2019]);
    // the current year is compared with each earlier one
    expect(p.comparisons.map((c) => [c.base, c.current])).toEqual([
      ["ytd:2017", "ytd:2019"],
      ["ytd:2018", "ytd:2019"],
    ]);
  });

  it("as of 2024-02-29: ytd:2023 ends 2023-02-28, ytd:2024 ends 2024-02-29", () => {
    const p = buildPeriod({ kind: "ytd" }, { asOf: "2024-02-29", years: [2020, 2023, 2024] });
    expect(span(byId(p, "ytd:2023"))).toEqual(["2023-01-01", "2023-02-28", 59]);
    expect(span(byId(p, "ytd:2024"))).toEqual(["2024-01-01", "2024-02-29", 60]);
    // a leap year compared keeps its Feb 29
    expect(span(byId(p, "ytd:2020"))).toEqual(["2020-01-01", "2020-02-29", 60]);
  });

  it("defaults to the as-of year and the one before", () => {
    const p = buildPeriod({ kind: "ytd" }, { asOf: "2021-03-15" });
    expect(p.windows.map((w) => [w.id, w.end])).toEqual([
      ["ytd:2020", "2020-03-15"],
      ["ytd:2021", "2021-03-15"],
    ]);
  });

  it("property: every window starts Jan 1 and ends on the as-of month-day (Feb 29 -> Feb 28)", () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 6 }), (asOf, back) => {
        const y = Number(asOf.slice(0, 4));
        const years = Array.from({ length: back + 1 }, (_, i) => y - back + i);
        const p = buildPeriod({ kind: "ytd" }, { asOf, years });
        expect(p.windows).toHaveLength(years.length);
        for (const w of p.windows) {
          expect(w.start).toBe(`${w.year}-01-01`);
          const md = asOf.slice(5);
          const want = md === "02-29" && !isLeap(w.year) ? "02-28" : md;
          expect(w.end).toBe(`${w.year}-${want}`);
          expect(w.days).toBe(dayNumber(w.end) - dayNumber(w.start) + 1);
        }
        expect(p.windows.at(-1)!.end).toBe(asOf);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a year after the as-of date", () => {
    expectAppError(
      () => buildPeriod({ kind: "ytd" }, { asOf: "2019-09-29", years: [2019, 2020] }),
      "invalid-argument",
      "2020",
    );
  });
});

describe("rolling windows", () => {
  it("28 days: current ends on the as-of date, prior is the 28 before, last year ends on the same month-day", () => {
    const p = buildPeriod({ kind: "28d" }, { asOf: "2019-09-29" });
    expect(span(byId(p, "28d:current"))).toEqual(["2019-09-02", "2019-09-29", 28]);
    expect(span(byId(p, "28d:prior"))).toEqual(["2019-08-05", "2019-09-01", 28]);
    expect(span(byId(p, "28d:last-year"))).toEqual(["2018-09-02", "2018-09-29", 28]);
    // display order: oldest first, current last
    expect(p.windows.map((w) => w.id)).toEqual(["28d:last-year", "28d:prior", "28d:current"]);
    expect(p.comparisons.map((c) => [c.base, c.current])).toEqual([
      ["28d:prior", "28d:current"],
      ["28d:last-year", "28d:current"],
    ]);
  });

  it("28 days across a leap day: as of 2024-03-10 the window holds Feb 29; last year's ends 2023-03-10", () => {
    const p = buildPeriod({ kind: "28d" }, { asOf: "2024-03-10" });
    expect(span(byId(p, "28d:current"))).toEqual(["2024-02-12", "2024-03-10", 28]);
    expect(span(byId(p, "28d:prior"))).toEqual(["2024-01-15", "2024-02-11", 28]);
    expect(span(byId(p, "28d:last-year"))).toEqual(["2023-02-11", "2023-03-10", 28]);
  });

  it("as of Feb 29 the last-year window ends Feb 28", () => {
    const p = buildPeriod({ kind: "28d" }, { asOf: "2024-02-29" });
    expect(span(byId(p, "28d:last-year"))).toEqual(["2023-02-01", "2023-02-28", 28]);
    const w = buildPeriod({ kind: "week" }, { asOf: "2024-02-29" });
    expect(span(byId(w, "week:last-year"))).toEqual(["2023-02-22", "2023-02-28", 7]);
  });

  it("week: 7 days ending on the as-of date, the 7 before, the same 7 a year earlier", () => {
    const p = buildPeriod({ kind: "week" }, { asOf: "2019-01-03" });
    expect(span(byId(p, "week:current"))).toEqual(["2018-12-28", "2019-01-03", 7]);
    expect(span(byId(p, "week:prior"))).toEqual(["2018-12-21", "2018-12-27", 7]);
    expect(span(byId(p, "week:last-year"))).toEqual(["2017-12-28", "2018-01-03", 7]);
  });

  it("property: current, prior and last-year windows for any as-of date", () => {
    fc.assert(
      fc.property(anyDate, fc.constantFrom("week" as const, "28d" as const), (asOf, kind) => {
        const n = kind === "week" ? 7 : 28;
        const p = buildPeriod({ kind }, { asOf });
        const cur = byId(p, `${kind}:current`);
        const prior = byId(p, `${kind}:prior`);
        const last = byId(p, `${kind}:last-year`);
        for (const w of [cur, prior, last]) {
          expect(w.days).toBe(n);
          expect(dayNumber(w.end) - dayNumber(w.start) + 1).toBe(n);
          expect(w.year).toBe(Number(w.end.slice(0, 4)));
        }
        expect(cur.end).toBe(asOf);
        expect(dayNumber(prior.end)).toBe(dayNumber(cur.start) - 1);
        expect(last.end).toBe(sameDayInYear(asOf, Number(asOf.slice(0, 4)) - 1));
      }),
      { numRuns: 300 },
    );
  });
});

describe("full years", () => {
  it("keeps only the years ended by the as-of date", () => {
    const p = buildPeriod({ kind: "year" }, { asOf: "2019-09-29", years: [2017, 2018, 2019] });
    expect(p.windows.map((w) => w.id)).toEqual(["year:2017", "year:2018"]);
    expect(p.windows.map(span)).toEqual([
      ["2017-01-01", "2017-12-31", 365],
      ["2018-01-01", "2018-12-31", 365],
    ]);
    expect(p.comparisons.map((c) => c.id)).toEqual(["year:2017..2018"]);
  });

  it("a year counts as ended on its Dec 31", () => {
    const p = buildPeriod({ kind: "year" }, { asOf: "2019-12-31", years: [2019] });
    expect(p.windows.map(span)).toEqual([["2019-01-01", "2019-12-31", 365]]);
    const leap = buildPeriod({ kind: "year" }, { asOf: "2020-12-31", years: [2020] });
    expect(leap.windows[0]?.days).toBe(366);
    const before = buildPeriod({ kind: "year" }, { asOf: "2019-12-30", years: [2019] });
    expect(before.windows).toEqual([]);
  });
});

describe("baselines", () => {
  it("--baseline 5 is the five years before the current one, same window in each", () => {
    const spec = parseBaseline("5");
    expect(spec).toEqual({ count: 5 });
    const ytd = buildPeriod({ kind: "ytd" }, { asOf: "2019-09-29", baseline: spec });
    expect(ytd.baseline?.years).toEqual([2014, 2015, 2016, 2017, 2018]);
    expect(ytd.baseline?.windows.map((w) => [w.start, w.end])).toEqual(
      [2014, 2015, 2016, 2017, 2018].map((y) => [`${y}-01-01`, `${y}-09-29`]),
    );
    expect(ytd.baseline?.label).toBe("2014 - 2018 Average");
    const cmp = ytd.comparisons.find((c) => c.baseIsBaseline);
    expect(cmp).toMatchObject({ base: ytd.baseline?.id, current: "ytd:2019" });

    const r = buildPeriod({ kind: "28d" }, { asOf: "2019-09-29", baseline: spec });
    expect(r.baseline?.windows.map((w) => [w.start, w.end])).toEqual(
      [2014, 2015, 2016, 2017, 2018].map((y) => [`${y}-09-02`, `${y}-09-29`]),
    );
    // full years: five years before the last full year
    const y = buildPeriod({ kind: "year" }, { asOf: "2019-09-29", years: [2017, 2018], baseline: spec });
    expect(y.baseline?.years).toEqual([2013, 2014, 2015, 2016, 2017]);
  });

  it("--baseline 2007-2015 names the years (the seed's Table 1)", () => {
    const spec = parseBaseline("2007-2015");
    expect(spec).toEqual({ years: [2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015] });
    const p = buildPeriod({ kind: "year" }, { asOf: "2016-12-31", years: [2016], baseline: spec });
    expect(p.baseline?.windows).toHaveLength(9);
    expect(p.baseline?.label).toBe("2007 - 2015 Average");
  });

  it("a Feb 29 as-of date maps to Feb 28 in the baseline years", () => {
    const p = buildPeriod({ kind: "ytd" }, { asOf: "2024-02-29", baseline: { count: 4 } });
    expect(p.baseline?.windows.map((w) => w.end)).toEqual([
      "2020-02-29",
      "2021-02-28",
      "2022-02-28",
      "2023-02-28",
    ]);
  });
});

describe("parsing --period, --years, --baseline", () => {
  it("accepts the period names and a FROM..TO range", () => {
    expect(parsePeriod("week")).toEqual({ kind: "week" });
    expect(parsePeriod("7d")).toEqual({ kind: "week" });
    expect(parsePeriod(" 28D ")).toEqual({ kind: "28d" });
    expect(parsePeriod("YTD")).toEqual({ kind: "ytd" });
    expect(parsePeriod("year")).toEqual({ kind: "year" });
    expect(parsePeriod("2019-01-01..2019-03-31")).toEqual({
      kind: "range",
      from: "2019-01-01",
      to: "2019-03-31",
    });
  });

  it("rejects bad periods with an invalid-argument error that names the input", () => {
    expectAppError(() => parsePeriod("2019-02-30"), "invalid-argument", "2019-02-30");
    expectAppError(() => parsePeriod("2019-02-30..2019-03-01"), "invalid-argument", "2019-02-30");
    expectAppError(() => parsePeriod("2019-13-01..2019-12-31"), "invalid-argument", "2019-13-01");
    expectAppError(() => parsePeriod("2019-13-01.."), "invalid-argument", "2019-13-01..");
    expectAppError(() => parsePeriod("2019-03-01..2019-02-01"), "invalid-argument", "before the start");
    expectAppError(() => parsePeriod("month"), "invalid-argument", "'month'", "28d");
    expectAppError(() => parsePeriod(""), "invalid-argument");
  });

  it("a one-day range is allowed", () => {
    const p = buildPeriod(parsePeriod("2019-05-05..2019-05-05"), { asOf: "2019-09-29" });
    const cur = p.windows.at(-1)!;
    expect(span(cur)).toEqual(["2019-05-05", "2019-05-05", 1]);
    expect(span(p.windows[1]!)).toEqual(["2019-05-04", "2019-05-04", 1]);
    expect(span(p.windows[0]!)).toEqual(["2018-05-05", "2018-05-05", 1]);
  });

  it("parses years as lists and ranges, sorted and without repeats", () => {
    expect(parseYears("2017,2018,2019")).toEqual([2017, 2018, 2019]);
    expect(parseYears("2019, 2015-2017,2016")).toEqual([2015, 2016, 2017, 2019]);
    expect(parseYears("2019")).toEqual([2019]);
  });

  it("rejects bad years", () => {
    expectAppError(() => parseYears("20x9"), "invalid-argument", "20x9");
    expectAppError(() => parseYears("2019-2017"), "invalid-argument", "2019-2017");
    expectAppError(() => parseYears("2019,abc"), "invalid-argument", "abc");
    expectAppError(() => parseYears("19"), "invalid-argument", "19");
  });

  it("rejects bad baselines", () => {
    expectAppError(() => parseBaseline("0"), "invalid-argument", "N >= 1");
    expectAppError(() => parseBaseline("20x9"), "invalid-argument", "20x9");
    expectAppError(() => parseBaseline("2015-2007"), "invalid-argument", "2015-2007");
    expect(parseBaseline(" 3 ")).toEqual({ count: 3 });
  });

  it("dayNumber rejects impossible dates", () => {
    expectAppError(() => dayNumber("2019-02-29"), "invalid-argument", "2019-02-29");
    expectAppError(() => dayNumber("2019-2-01"), "invalid-argument", "2019-2-01");
    expect(dayNumber("2000-02-29") - dayNumber("2000-02-28")).toBe(1);
    expect(dateOf(dayNumber("1999-12-31") + 1)).toBe("2000-01-01");
  });
});
