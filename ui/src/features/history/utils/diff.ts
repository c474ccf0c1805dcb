// How "what changed" reads: the period it covers, what happened to each item, field values, text
// diffs shortened around the edits, and the meeting series to start from.
import type { DiffStart, ItemChange, ItemDiff, MeetingSummary, TextSpan, WhatChanged } from "../../../ipc";

/** "Tue, Dec 1, 2026, 09:00" in the member's locale and time zone. */
export function formatMoment(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** The period a result covers, as a heading: "since …", "since the meeting …", "while you were offline …". */
export function periodLabel(start: DiffStart, result: WhatChanged): string {
  switch (start.since) {
    case "time":
      return `Since ${formatMoment(start.at)}`;
    case "meeting":
      return result.meeting !== null && result.since !== null
        ? `Since the meeting “${result.meeting}” (${start.series}) on ${formatMoment(result.since)}`
        : `Since the last ${start.series} meeting`;
    case "offline":
      return result.since !== null
        ? `While you were offline (since your previous sync on ${formatMoment(result.since)})`
        : "While you were offline (since your previous sync)";
  }
}

export const CHANGE_WORDS: Record<ItemChange, { label: string; color: string }> = {
  created: { label: "created", color: "green" },
  changed: { label: "changed", color: "blue" },
  deleted: { label: "deleted", color: "red" },
  restored: { label: "restored", color: "teal" },
};

/** "task", "budget line"; the project's own settings have no item. */
export function itemKind(diff: ItemDiff): string {
  return diff.item === null ? "project settings" : diff.item.kind.replace(/_/g, " ");
}

/** A field value for people; an unset value says so. */
export function shownValue(value: string | null): string {
  return value === null || value === "" ? "(unset)" : value;
}

/** `criteria/k3/met` as "criteria › k3 › met". */
export function fieldName(field: string): string {
  return field.split("/").join(" › ");
}

/**
 * A text diff with long unchanged stretches cut down to `context` characters on each side of
 * an edit ("…" marks the cut), so a one-word edit in a long description reads at a glance.
 */
export function trimUnchanged(spans: TextSpan[], context = 60): TextSpan[] {
  return spans.map((span, i) => {
    if (span.op !== "same") return span;
    const chars = [...span.text];
    const first = i === 0;
    const last = i === spans.length - 1;
    const keep = (first ? 0 : context) + (last ? 0 : context);
    if (chars.length <= keep + 1) return span;
    const head = first ? "" : chars.slice(0, context).join("");
    const tail = last ? "" : chars.slice(chars.length - context).join("");
    return { op: "same", text: `${head}…${tail}` };
  });
}

/** Whether a field's text spans change anything at all. */
export function hasEdits(spans: TextSpan[]): boolean {
  return spans.some((s) => s.op !== "same");
}

/** The meeting series that have a meeting, by name (first spelling wins, case ignored). */
export function meetingSeries(meetings: MeetingSummary[]): string[] {
  const seen = new Map<string, string>();
  for (const m of meetings) {
    const series = m.series?.trim();
    if (m.deleted || !series) continue;
    if (!seen.has(series.toLowerCase())) seen.set(series.toLowerCase(), series);
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DDTHH:mm` in local time, what a datetime-local input holds. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant a datetime-local value means here, or null when it is not a whole date and time. */
export function fromLocalInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const d = new Date(year, month - 1, day, hour, minute);
  // Dates that Date would roll over (Feb 30 → Mar 2) are not dates.
  if (d.getMonth() !== month - 1 || d.getDate() !== day || d.getHours() !== hour) return null;
  return d.getTime();
}

/** Where "what changed" starts, as the form holds it. */
export type StartForm = { mode: DiffStart["since"]; at: string; series: string | null };

/** The start the form stands for, or what to fix; `now` refuses a moment in the future. */
export function toDiffStart(form: StartForm, now: number): { start: DiffStart; error: null } | { start: null; error: string } {
  switch (form.mode) {
    case "time": {
      const at = fromLocalInput(form.at);
      if (at === null) return { start: null, error: "Give a date and time." };
      if (at > now) return { start: null, error: "That moment is in the future; choose one before now." };
      return { start: { since: "time", at }, error: null };
    }
    case "meeting":
      return form.series
        ? { start: { since: "meeting", series: form.series }, error: null }
        : { start: null, error: "Choose a meeting series." };
    case "offline":
      return { start: { since: "offline" }, error: null };
  }
}
