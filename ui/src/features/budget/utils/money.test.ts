// Parsing and formatting money, as tables.
import { describe, expect, it } from "vitest";
import { formatMoney, moneyInput, parseMoney } from "./money";

describe("parseMoney", () => {
  it.each([
    ["1,234.50", 123450],
    ["1234.5", 123450],
    ["1234", 123400],
    ["  12 ", 1200],
    ["0.07", 7],
    [".5", 50],
    ["7.", 700],
    ["1 000 000", 100000000],
    ["0", 0],
  ])("%s → %d", (input, minor) => {
    expect(parseMoney(input)).toEqual({ ok: true, minor });
  });

  it.each([
    ["", "Enter an amount, like 1250 or 1,250.50"],
    ["   ", "Enter an amount, like 1250 or 1,250.50"],
    ["-5", "The amount must not be negative"],
    ["abc", '"abc" is not an amount; write it like 1250 or 1,250.50'],
    ["12.345", '"12.345" has more than two decimal places'],
    ["1.234,50", '"1.234,50" is not an amount; write it like 1250 or 1,250.50'],
    ["€12", '"€12" is not an amount; write it like 1250 or 1,250.50'],
    [".", '"." is not an amount; write it like 1250 or 1,250.50'],
    ["99999999999999999", '"99999999999999999" is too large'],
  ])("%j is refused: %s", (input, message) => {
    expect(parseMoney(input)).toEqual({ ok: false, message });
  });
});

describe("formatMoney", () => {
  it.each([
    [123450, "EUR", "€1,234.50"],
    [7, "USD", "$0.07"],
    [-250, "GBP", "-£2.50"],
    [1200, "JPY", "¥12.00"],
  ])("%d %s → %s", (minor, currency, text) => {
    expect(formatMoney(minor, currency, "en-US")).toBe(text);
  });

  it("still shows the number for a code Intl does not know", () => {
    expect(formatMoney(123450, "not a code", "en-US")).toBe("1234.50 not a code");
  });
});

describe("moneyInput", () => {
  it.each([
    [123450, "1234.50"],
    [5, "0.05"],
    [0, "0.00"],
    [-310, "-3.10"],
  ])("%d → %s", (minor, text) => {
    expect(moneyInput(minor)).toBe(text);
  });
});
