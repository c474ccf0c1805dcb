// The period a status report covers, as the generate form takes it: two `YYYY-MM-DD` days.

/** `YYYY-MM-DD` of a local date. */
export function isoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The last seven days up to `today`, as `tandem report generate` defaults to. */
export function lastWeek(today: Date): { from: string; to: string } {
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6);
  return { from: isoDay(from), to: isoDay(today) };
}

/** Whether `s` is a real calendar day written `YYYY-MM-DD`. */
export function isDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Why the period cannot be generated, or null when it can (the core checks its length). */
export function periodProblem(from: string, to: string): string | null {
  if (!isDay(from)) return `The first day "${from}" is not a date; type it as YYYY-MM-DD.`;
  if (!isDay(to)) return `The last day "${to}" is not a date; type it as YYYY-MM-DD.`;
  if (from.trim() > to.trim()) return "The first day is after the last day; swap them.";
  return null;
}

/** "12.3 kB" */
export function size(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
