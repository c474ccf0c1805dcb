// How the history reads: rows grouped under day or author headings, times relative when recent,
// the member filter, and compact labels for the items a change touched.
import type { AuthorGroup, ChangeInfo, ItemRef } from "../../../ipc";

export type HistoryRow =
  | { type: "day"; key: string; label: string }
  | { type: "author"; key: string; label: string }
  | { type: "change"; key: string; change: ChangeInfo };

function dayKey(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "Today", "Yesterday", or the local date spelled out. */
export function dayLabel(ms: number, now: number): string {
  const key = dayKey(ms);
  if (key === dayKey(now)) return "Today";
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (key === dayKey(yesterday.getTime())) return "Yesterday";
  return new Date(ms).toLocaleDateString(undefined, { weekday: "long", year: "numeric", month: "long", day: "numeric" });
}

/** Changes (newest first) with a heading before each local day's first change. */
export function withDayHeadings(changes: ChangeInfo[], now: number): HistoryRow[] {
  const rows: HistoryRow[] = [];
  let current = "";
  for (const change of changes) {
    const key = dayKey(change.time);
    if (key !== current) {
      current = key;
      rows.push({ type: "day", key: `day-${key}`, label: dayLabel(change.time, now) });
    }
    rows.push({ type: "change", key: change.hash, change });
  }
  return rows;
}

/** "1 change", "3 changes". */
export function changeCount(n: number): string {
  return `${n} ${n === 1 ? "change" : "changes"}`;
}

/** Each author's changes under a heading with their name and count, in the order given (most active first). */
export function withAuthorHeadings(groups: AuthorGroup[]): HistoryRow[] {
  return groups.flatMap((g) => [
    { type: "author" as const, key: `author-${g.author ?? g.author_name}`, label: `${g.author_name} · ${changeCount(g.changes.length)}` },
    ...g.changes.map((change) => ({ type: "change" as const, key: change.hash, change })),
  ]);
}

/** The changes as they come, without headings. */
export function withoutHeadings(changes: ChangeInfo[]): HistoryRow[] {
  return changes.map((change) => ({ type: "change", key: change.hash, change }));
}

/** "just now", "5 min ago", "3 h ago" for the last twelve hours, else the local time of day. */
export function changeTime(ms: number, now: number): string {
  const seconds = Math.floor((now - ms) / 1000);
  if (seconds >= 0 && seconds < 60) return "just now";
  const minutes = Math.floor(seconds / 60);
  if (seconds >= 0 && minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (seconds >= 0 && hours < 12) return `${hours} h ago`;
  return new Date(ms).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** Who a change is by, for the filter: the member id, or the name shown for an unknown device. */
export function authorKey(change: ChangeInfo): string {
  return change.author ?? `device:${change.author_name}`;
}

/** The authors of the loaded changes, by name, for the member filter. */
export function authorOptions(changes: ChangeInfo[]): { value: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const c of changes) if (!seen.has(authorKey(c))) seen.set(authorKey(c), c.author_name);
  return [...seen].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
}

export function byAuthor(changes: ChangeInfo[], author: string | null): ChangeInfo[] {
  return author === null ? changes : changes.filter((c) => authorKey(c) === author);
}

/** "task 3f9a2c1b": the kind in words and enough of the id to tell items apart. */
export function itemLabel(item: ItemRef): string {
  return `${item.kind.replace(/_/g, " ")} ${item.id.slice(0, 8)}`;
}
