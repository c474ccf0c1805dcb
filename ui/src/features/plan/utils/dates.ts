// Calendar-day arithmetic on `YYYY-MM-DD` strings (done in UTC so time zones and DST never shift a day).

/** Hours of estimate that make one working day on the timeline and in the critical path. */
export const HOURS_PER_DAY = 8;

export function parseDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The local calendar day of an instant (what frappe-gantt hands back after a drag). */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const isWeekend = (d: Date) => d.getUTCDay() === 0 || d.getUTCDay() === 6;

/** Working days (Monday–Friday) an estimate in hours takes; no estimate, or 0, counts as one day. */
export function durationDays(estimateHours: number | null | undefined): number {
  if (estimateHours === null || estimateHours === undefined || !(estimateHours > 0)) return 1;
  return Math.max(1, Math.ceil(estimateHours / HOURS_PER_DAY));
}

/**
 * Moves `day` by `n` working days (negative: back), skipping weekends. Starting on a weekend,
 * the first step lands on the nearest working day in that direction.
 */
export function addWorkingDays(day: string, n: number): string {
  const d = parseDay(day);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + step);
    if (!isWeekend(d)) left--;
  }
  return formatDay(d);
}
