// Money on screen: amounts are integer minor units (cents) everywhere, as the core stores them.

/**
 * `123450` in `EUR` → `€1,234.50` (in the member's locale). Always two decimals, because the core
 * keeps every currency in hundredths. An unknown currency code still shows the number.
 */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const major = minor / 100;
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(major);
  } catch {
    return `${major.toFixed(2)} ${currency}`;
  }
}

export type ParsedMoney = { ok: true; minor: number } | { ok: false; message: string };

/**
 * What the member typed → minor units, without floating point: `1,234.50` → 123450, `12` → 1200.
 * Commas, spaces and underscores group digits; `.` is the decimal point; at most two decimals.
 * Negative amounts are refused (the core takes none); the message says how to write it instead.
 */
export function parseMoney(input: string): ParsedMoney {
  const text = input.trim();
  if (text === "") return { ok: false, message: "Enter an amount, like 1250 or 1,250.50" };
  if (text.startsWith("-")) return { ok: false, message: "The amount must not be negative" };
  const match = /^(\d[\d, _]*)?(?:\.(\d*))?$/.exec(text);
  const whole = match?.[1]?.replace(/[, _]/g, "") ?? "";
  const fraction = match?.[2] ?? "";
  if (!match || (whole === "" && fraction === "")) {
    return { ok: false, message: `"${text}" is not an amount; write it like 1250 or 1,250.50` };
  }
  if (fraction.length > 2) {
    return { ok: false, message: `"${text}" has more than two decimal places` };
  }
  const minor = Number(whole || "0") * 100 + Number(fraction.padEnd(2, "0"));
  if (!Number.isSafeInteger(minor)) return { ok: false, message: `"${text}" is too large` };
  return { ok: true, minor };
}

/** Minor units as the member would type them back: `123450` → `1234.50` (for edit forms). */
export function moneyInput(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
