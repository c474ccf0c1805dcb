// The history's filter bar as typed (member, item, a period of whole local days, grouping) and
// the core's HistoryFilter it stands for.
import type { HistoryFilter, ItemRef } from "../../../ipc";

/** How the list is grouped: under local day headings, by author (most active first), or not at all. */
export type Grouping = "day" | "author" | "none";

/** An item the history is narrowed to, with what it is called (for the filter's label). */
export type ItemChoice = { ref: ItemRef; label: string };

export type FilterForm = {
  member: string | null;
  item: ItemChoice | null;
  /** `YYYY-MM-DD` or empty, as the date inputs hold them. */
  fromDay: string;
  toDay: string;
};

export const noFilter: FilterForm = { member: null, item: null, fromDay: "", toDay: "" };

/** The local midnight starting `day` (`YYYY-MM-DD`) plus `plusDays`, or null if it is not a date. */
export function localMidnight(day: string, plusDays = 0): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!m) return null;
  const [year, month, date] = m.slice(1).map(Number) as [number, number, number];
  const d = new Date(year, month - 1, date + plusDays);
  return Number.isNaN(d.getTime()) ? null : d.getTime();
}

/**
 * The core's filter for the form: the period runs from the start of `fromDay` to the end of
 * `toDay` (both local days, both included). An error when the period ends before it starts.
 */
export function toHistoryFilter(form: FilterForm): { filter: HistoryFilter; error: null } | { filter: null; error: string } {
  const from = localMidnight(form.fromDay);
  const to = localMidnight(form.toDay, 1);
  if (from !== null && to !== null && from >= to) {
    return { filter: null, error: "The period ends before it starts: choose an end on or after the start." };
  }
  return { filter: { member: form.member, item: form.item?.ref ?? null, from, to }, error: null };
}

/** Whether anything narrows the history. */
export function isFiltered(filter: HistoryFilter): boolean {
  return Boolean(filter.member || filter.item || filter.from != null || filter.to != null);
}

/** One string per distinct filter, so a page asked for under another filter is recognised and dropped. */
export function filterKey(filter: HistoryFilter, grouping: Grouping): string {
  const item = filter.item ? `${filter.item.kind}:${filter.item.id}` : "";
  return [grouping, filter.member ?? "", item, filter.from ?? "", filter.to ?? ""].join("|");
}

/** `task:abc` for a Select value, and back. */
export function itemValue(ref: ItemRef): string {
  return `${ref.kind}:${ref.id}`;
}

export function parseItemValue(value: string): ItemRef | null {
  const at = value.indexOf(":");
  if (at <= 0) return null;
  return { kind: value.slice(0, at) as ItemRef["kind"], id: value.slice(at + 1) };
}
