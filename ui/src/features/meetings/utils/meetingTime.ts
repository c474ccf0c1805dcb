// Meeting times: the core stores instants as UTC milliseconds; people read and type them in
// their own time zone, through a datetime-local input ("YYYY-MM-DDTHH:mm").

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DDTHH:mm` in local time, what a datetime-local input holds. */
export function toLocalInput(millis: number): string {
  const d = new Date(millis);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant a datetime-local value means here, or null when it is not a complete date and time. */
export function fromLocalInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const d = new Date(year, month - 1, day, hour, minute);
  // Reject dates that Date silently rolls over (Feb 30 → Mar 2).
  if (d.getMonth() !== month - 1 || d.getDate() !== day || d.getHours() !== hour) return null;
  return d.getTime();
}

/** "2025-03-04 10:00–11:30" in local time; the end carries its date when it is another day. */
export function formatMeetingTime(start: number, durationMinutes: number): string {
  const [day, time] = toLocalInput(start).split("T") as [string, string];
  const [endDay, endTime] = toLocalInput(start + durationMinutes * 60_000).split("T") as [string, string];
  return `${day} ${time}–${endDay === day ? "" : `${endDay} `}${endTime}`;
}

/** Newest first (the core lists by start, oldest first), ties by id as the core breaks them. */
export function newestFirst<T extends { start: number; id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => b.start - a.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The next full hour from `now`: a sensible default start for a new meeting. */
export function nextFullHour(now: Date): number {
  const d = new Date(now);
  d.setMinutes(0, 0, 0);
  d.setHours(d.getHours() + 1);
  return d.getTime();
}
