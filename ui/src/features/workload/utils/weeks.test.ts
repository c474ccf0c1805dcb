// Week arithmetic for the workload grid, as tables.
import { describe, expect, it } from "vitest";
import { addWeeks, hoursText, mondayOf, overload } from "./weeks";

describe("mondayOf", () => {
  it.each<[Date, string]>([
    [new Date(2026, 0, 5, 0, 0), "2026-01-05"], // a Monday is its own Monday
    [new Date(2026, 0, 7, 12, 0), "2026-01-05"], // Wednesday
    [new Date(2026, 0, 11, 23, 59), "2026-01-05"], // Sunday belongs to the week before
    [new Date(2026, 0, 1, 9, 0), "2025-12-29"], // across the year boundary
    [new Date(2024, 2, 1, 9, 0), "2024-02-26"], // across a leap February
    [new Date(2026, 2, 29, 3, 0), "2026-03-23"], // a DST change day in Europe
  ])("%s → %s", (date, monday) => {
    expect(mondayOf(date)).toBe(monday);
  });
});

describe("addWeeks", () => {
  it.each<[string, number, string]>([
    ["2026-01-05", 1, "2026-01-12"],
    ["2026-01-05", -1, "2025-12-29"],
    ["2026-02-23", 1, "2026-03-02"],
    ["2026-03-23", 2, "2026-04-06"],
    ["2026-01-05", 0, "2026-01-05"],
  ])("%s + %d weeks → %s", (day, weeks, result) => {
    expect(addWeeks(day, weeks)).toBe(result);
  });
});

describe("hoursText and overload", () => {
  it.each<[number, string]>([
    [40, "40"],
    [7.25, "7.3"],
    [0, "0"],
    [12.04, "12"],
  ])("%d h → %s", (hours, text) => {
    expect(hoursText(hours)).toBe(text);
  });

  it.each<[number, number, number]>([
    [44.5, 40, 4.5],
    [40, 40, 0],
    [10, 40, 0],
  ])("%d h of %d → %d over", (hours, capacity, over) => {
    expect(overload(hours, capacity)).toBe(over);
  });
});
