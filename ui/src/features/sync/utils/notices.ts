// Folding a burst of arrivals into one notice: while someone types meeting notes, each saved
// keystroke reaches the other members as its own arrival, and a notice for each would bury the
// ones that matter.
import type { RemoteChangesItem } from "../../../ipc";

/** Arrivals for the same project this close together extend the newest notice. */
export const FOLD_WITHIN_MS = 60_000;

/** `earlier` and `later` arrivals of one project as one: counts add up, authors by name. */
export function foldArrivals(earlier: RemoteChangesItem, later: RemoteChangesItem): RemoteChangesItem {
  const authors = earlier.authors.map((a) => ({ ...a }));
  for (const a of later.authors) {
    const same = authors.find((b) => b.name === a.name);
    if (same) same.changes += a.changes;
    else authors.push({ ...a });
  }
  authors.sort((a, b) => b.changes - a.changes || a.name.localeCompare(b.name));
  return {
    project: later.project,
    name: later.name,
    new_changes: earlier.new_changes + later.new_changes,
    authors,
    conflicts: earlier.conflicts + later.conflicts,
    deleted_edits: earlier.deleted_edits + later.deleted_edits,
  };
}
