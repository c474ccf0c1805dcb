import { describe, expect, it } from "vitest";
import { formatMoney, healthColor, healthLabel } from "./health";

describe("health", () => {
  it.each([
    ["on_track", "On track", "teal"],
    ["at_risk", "At risk", "orange"],
    ["off_track", "Off track", "red"],
    ["unknown", "unknown", "gray"],
  ])("%s → %s, %s", (health, label, color) => {
    expect(healthLabel(health)).toBe(label);
    expect(healthColor(health)).toBe(color);
  });
});

describe("formatMoney", () => {
  it.each([
    [123450, "EUR", "€1,234.50"],
    [0, "USD", "$0.00"],
    [99, "XYZ1", "0.99 XYZ1"],
  ])("%d %s → %s", (minor, currency, text) => {
    expect(formatMoney(minor, currency, "en-US")).toBe(text);
  });
});
