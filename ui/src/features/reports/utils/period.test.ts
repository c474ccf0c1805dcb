import { describe, expect, it } from "vitest";
import { isDay, lastWeek, periodProblem, size } from "./period";

describe("report periods", () => {
  it("default to the last seven days", () => {
    expect(lastWeek(new Date(2026, 11, 1))).toEqual({ from: "2026-11-25", to: "2026-12-01" });
    expect(lastWeek(new Date(2026, 0, 3))).toEqual({ from: "2025-12-28", to: "2026-01-03" });
  });

  it("accept only real days, in order", () => {
    expect(isDay("2026-02-28")).toBe(true);
    expect(isDay("2026-02-30")).toBe(false);
    expect(isDay("1/12/2026")).toBe(false);
    expect(periodProblem("2026-11-25", "2026-12-01")).toBeNull();
    expect(periodProblem("2026-12-01", "2026-11-25")).toBe("The first day is after the last day; swap them.");
    expect(periodProblem("soon", "2026-11-25")).toBe('The first day "soon" is not a date; type it as YYYY-MM-DD.');
    expect(periodProblem("2026-11-25", "")).toBe('The last day "" is not a date; type it as YYYY-MM-DD.');
  });

  it("say sizes in bytes, kB or MB", () => {
    expect([size(999), size(12_345), size(2_500_000)]).toEqual(["999 B", "12.3 kB", "2.5 MB"]);
  });
});
