import { describe, expect, it } from "vitest";
import { percentText } from "./percent";

describe("percentText", () => {
  it.each([
    [0, "0%"],
    [42.5, "42.5%"],
    [33.333, "33.3%"],
    [99.96, "100%"],
    [100, "100%"],
    [120, "100%"],
    [-3, "0%"],
    [Number.NaN, "0%"],
  ])("%d → %s", (n, expected) => {
    expect(percentText(n)).toBe(expected);
  });
});
