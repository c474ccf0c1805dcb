// The log is read in pages (newest first, at most 500 entries per call): which pages to ask for,
// how a page joins what is loaded, and the LogFilter the filter bar stands for.
import type { ItemRef, LogEntryView, LogFilter } from "../../../ipc";
import type { LogKind } from "../types";

/** The most the IPC returns per call. */
export const MAX_PAGE = 500;

/** The (offset, limit) calls that read the first `count` entries again. */
export function pagesFor(count: number, max = MAX_PAGE): Array<{ offset: number; limit: number }> {
  const pages = [];
  for (let offset = 0; offset < count; offset += max) pages.push({ offset, limit: Math.min(max, count - offset) });
  return pages;
}

/**
 * `page` added after `loaded`. Entries written meanwhile shift offsets by a few, so a page can
 * repeat entries already shown; they are skipped rather than shown twice.
 */
export function appendPage(loaded: readonly LogEntryView[], page: readonly LogEntryView[]): LogEntryView[] {
  const seen = new Set(loaded.map((e) => e.id));
  return [...loaded, ...page.filter((e) => !seen.has(e.id))];
}

/** What the filter bar holds: ids, a kind, and calendar days (`YYYY-MM-DD`, inclusive). */
export type FilterForm = {
  author: string | null;
  kind: LogKind | null;
  fromDay: string;
  toDay: string;
  item: ItemRef | null;
};

export const noFilter: FilterForm = { author: null, kind: null, fromDay: "", toDay: "", item: null };

/** Local midnight at the start of `day`, in UTC milliseconds; null for an incomplete date. */
function localMidnight(day: string, plusDays = 0): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).getTime();
}

/** The core's LogFilter: a period of whole local days, `to` exclusive (the day after `toDay`). */
export function toLogFilter(form: FilterForm): LogFilter {
  return {
    author: form.author,
    kind: form.kind,
    item: form.item,
    from: localMidnight(form.fromDay),
    to: localMidnight(form.toDay, 1),
  };
}

/** "kind:id", how a reference is a select option value. */
export const refKey = (r: ItemRef) => `${r.kind}:${r.id}`;

export function parseRefKey(key: string): ItemRef {
  const at = key.indexOf(":");
  return { kind: key.slice(0, at) as ItemRef["kind"], id: key.slice(at + 1) };
}

/** "2025-03-04 09:05" in local time. */
export function formatAt(millis: number): string {
  const d = new Date(millis);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
