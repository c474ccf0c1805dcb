// Calendar weeks for the workload grid: local calendar days as `YYYY-MM-DD`, weeks starting on Monday.

/** `YYYY-MM-DD` of a local calendar day. */
function dayText(year: number, monthIndex: number, day: number): string {
  // Date.UTC normalises overflowing days (e.g. 32 January) without any time zone or DST shift.
  const d = new Date(Date.UTC(year, monthIndex, day));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The Monday of the week holding `date`, in the local time zone (ISO weeks start on Monday). */
export function mondayOf(date: Date): string {
  const sinceMonday = (date.getDay() + 6) % 7;
  return dayText(date.getFullYear(), date.getMonth(), date.getDate() - sinceMonday);
}

/** `day` (`YYYY-MM-DD`) moved by `weeks` weeks, either way. */
export function addWeeks(day: string, weeks: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return dayText(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + weeks * 7);
}

/** Hours as the grid writes them: at most one decimal, no trailing zeros (`7.5`, `40`). */
export function hoursText(hours: number): string {
  return String(Math.round(hours * 10) / 10);
}

/** How far `hours` go over `capacity`, or 0. */
export function overload(hours: number, capacity: number): number {
  return Math.max(0, Math.round((hours - capacity) * 10) / 10);
}
