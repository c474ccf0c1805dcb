// How the dashboard names and colours the project's health, and the money it shows.

export const HEALTH = {
  on_track: { label: "On track", color: "teal" },
  at_risk: { label: "At risk", color: "orange" },
  off_track: { label: "Off track", color: "red" },
} as const;

export type HealthValue = keyof typeof HEALTH;

export function healthLabel(health: string): string {
  return HEALTH[health as HealthValue]?.label ?? health;
}

export function healthColor(health: string): string {
  return HEALTH[health as HealthValue]?.color ?? "gray";
}

/**
 * Minor units → `€1,234.50` in the member's locale, always two decimals as the core stores them.
 * (The budget feature has the same rule with parsing; features do not share code.)
 */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}
