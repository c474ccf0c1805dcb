// Wording for conflicts and deleted edits: field paths, item kinds, who wrote a value and when.
import type { ChangeInfo, Conflict, ItemRef } from "../../../ipc";

/** `criteria/k3/met` as "criteria › k3 › met". */
export function fieldLabel(field: string): string {
  return field.split("/").join(" › ");
}

export function kindLabel(kind: ItemRef["kind"]): string {
  return kind.replace(/_/g, " ");
}

/** The item and field a conflict is about, as one stable key. */
export function conflictKey(c: Conflict): string {
  return `${c.item ? `${c.item.kind}:${c.item.id}` : "project"}/${c.field}`;
}

/** "Ann, 3/10/2025, 2:05 PM" in the member's locale and time zone; "unknown change" if none. */
export function writtenBy(change: ChangeInfo | null): string {
  if (change === null) return "unknown change";
  return `${change.author_name}, ${new Date(change.time).toLocaleString()}`;
}

/** Members and log entries are never deleted, so only the other kinds can be restored. */
export function canRestore(item: ItemRef): boolean {
  return item.kind !== "member" && item.kind !== "log_entry";
}
