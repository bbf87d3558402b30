import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatLocal,
  instantToLocalMs,
  localMsToInstant,
  parseLocalTime,
  precisionWindowEnd,
} from "./time.js";

const TZ = "America/Chicago";
const ok = (raw: string) => {
  const r = parseLocalTime(raw, TZ);
  if (r.kind !== "ok") throw new Error(`${raw}: ${r.reason}`);
  return [formatLocal(r.value.ms), r.value.precision];
};

describe("parseLocalTime", () => {
  it("reads local, ISO-with-offset, date-only and month-only times", () => {
    expect(ok("2023-05-01 22:10")).toEqual(["2023-05-01 22:10:00", "minute"]);
    expect(ok("2023-05-01 22:10:59")).toEqual(["2023-05-01 22:10:59", "minute"]);
    expect(ok("2023-05-01T22:10")).toEqual(["2023-05-01 22:10:00", "minute"]);
    expect(ok("2023-5-1 7:05")).toEqual(["2023-05-01 07:05:00", "minute"]);
    expect(ok("2023-05-01")).toEqual(["2023-05-01 00:00:00", "day"]);
    expect(ok("2023-05")).toEqual(["2023-05-01 00:00:00", "month"]);
    // CDT is UTC-5 in July, CST UTC-6 in January
    expect(ok("2023-07-04T03:30:00Z")).toEqual(["2023-07-03 22:30:00", "minute"]);
    expect(ok("2023-01-15T12:00:00-05:00")).toEqual(["2023-01-15 11:00:00", "minute"]);
    expect(ok("2023-01-15T12:00:00.123+0000")).toEqual(["2023-01-15 06:00:00", "minute"]);
  });

  it("rejects impossible dates with a reason", () => {
    const bad = (raw: string) => {
      const r = parseLocalTime(raw, TZ);
      return r.kind === "error" ? r.reason : "accepted";
    };
    expect(bad("2023-02-29 10:00")).toMatch(/day 29 does not exist/);
    expect(bad("2024-02-29 10:00")).toBe("accepted");
    expect(bad("2023-13-01")).toMatch(/month 13/);
    expect(bad("2023-01-01 24:00")).toMatch(/hour 24/);
    expect(bad("1850-01-01")).toMatch(/outside/);
    expect(bad("01/02/2023")).toMatch(/expected YYYY-MM-DD/);
    expect(bad("")).toMatch(/expected/);
  });

  it("precision windows end where the day or month ends", () => {
    const r = parseLocalTime("2024-02", TZ);
    if (r.kind !== "ok") throw new Error();
    expect(formatLocal(precisionWindowEnd(r.value))).toBe("2024-03-01 00:00:00");
  });
});

describe("zone conversion", () => {
  it("round-trips every instant outside the repeated fall-back hour", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2035, 0, 1) }), (utc) => {
        const instant = utc - (utc % 60000);
        const local = instantToLocalMs(instant, TZ);
        const back = localMsToInstant(local, TZ);
        // in the repeated hour two instants share one wall clock; the earlier is returned
        expect(back === instant || back === instant - 3_600_000).toBe(true);
        expect(instantToLocalMs(back, TZ)).toBe(local);
      }),
    );
  });
});
