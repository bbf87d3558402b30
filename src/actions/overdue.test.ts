import { describe, expect, it } from "vitest";
import { addDays, cityToday, isDueThisWeek, isOverdue } from "./overdue.js";

const CHICAGO = "America/Chicago";

describe("cityToday", () => {
  it("follows the city's midnight, not UTC's (CDT, UTC-5)", () => {
    // 2025-06-04 04:59:59Z is 23:59:59 on the 3rd in Chicago; a second later it is the 4th.
    expect(cityToday(CHICAGO, new Date("2025-06-04T04:59:59Z"))).toBe("2025-06-03");
    expect(cityToday(CHICAGO, new Date("2025-06-04T05:00:00Z"))).toBe("2025-06-04");
  });
  it("in winter (CST, UTC-6)", () => {
    expect(cityToday(CHICAGO, new Date("2025-01-15T05:59:59Z"))).toBe("2025-01-14");
    expect(cityToday(CHICAGO, new Date("2025-01-15T06:00:00Z"))).toBe("2025-01-15");
  });
});

describe("isOverdue", () => {
  const due = { status: "open" as const, due: "2025-06-03" };
  it("is not overdue on the due day, overdue from the next city midnight", () => {
    expect(isOverdue(due, cityToday(CHICAGO, new Date("2025-06-04T04:59:59Z")))).toBe(false);
    expect(isOverdue(due, cityToday(CHICAGO, new Date("2025-06-04T05:00:00Z")))).toBe(true);
  });
  it("never for closed actions or actions without a due date", () => {
    expect(isOverdue({ status: "done", due: "2020-01-01" }, "2025-06-04")).toBe(false);
    expect(isOverdue({ status: "cancelled", due: "2020-01-01" }, "2025-06-04")).toBe(false);
    expect(isOverdue({ status: "blocked", due: "2020-01-01" }, "2025-06-04")).toBe(true);
    expect(isOverdue({ status: "in-progress", due: null }, "2025-06-04")).toBe(false);
  });
});

describe("isDueThisWeek", () => {
  it("covers today and the next six days", () => {
    const t = "2025-12-29";
    expect(addDays(t, 6)).toBe("2026-01-04");
    expect(isDueThisWeek({ status: "open", due: t }, t)).toBe(true);
    expect(isDueThisWeek({ status: "open", due: "2026-01-04" }, t)).toBe(true);
    expect(isDueThisWeek({ status: "open", due: "2026-01-05" }, t)).toBe(false);
    expect(isDueThisWeek({ status: "open", due: "2025-12-28" }, t)).toBe(false);
    expect(isDueThisWeek({ status: "done", due: t }, t)).toBe(false);
  });
});
