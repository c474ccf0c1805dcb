// Words for sync state and remote-change notices; pure functions so the wording is tested, not eyeballed.
import type { RemoteChangesItem, SyncStatusItem } from "../../../ipc";

/** `1 change`, `3 changes`; `plural` for irregular words. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

const STATE_LABELS: Record<string, string> = {
  local_only: "Local only",
  offline: "Offline",
  connecting: "Connecting…",
  syncing: "Syncing…",
  up_to_date: "Up to date",
  storage_error: "Storage error",
  access_revoked: "Access revoked",
};

/** The badge label for a sync state; a state this UI does not know yet is shown as it came. */
export function stateLabel(state: string): string {
  return STATE_LABELS[state] ?? state;
}

export type StateTone = "ok" | "busy" | "idle" | "error";

export function stateTone(state: string): StateTone {
  switch (state) {
    case "up_to_date":
      return "ok";
    case "connecting":
    case "syncing":
      return "busy";
    case "storage_error":
    case "access_revoked":
      return "error";
    default:
      return "idle";
  }
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `synced 5 minutes ago` from UTC milliseconds; `now` is passed in so this stays pure. */
export function lastSyncText(lastSynced: number | null, now: number): string {
  if (lastSynced === null) return "never synced";
  // A clock slightly behind the server's would give a negative age: that is still "just now".
  const age = Math.max(0, now - lastSynced);
  if (age < 45_000) return "synced just now";
  if (age < HOUR) return `synced ${count(Math.max(1, Math.round(age / MINUTE)), "minute")} ago`;
  if (age < DAY) return `synced ${count(Math.floor(age / HOUR), "hour")} ago`;
  return `synced ${count(Math.floor(age / DAY), "day")} ago`;
}

/**
 * The badge's full text, label first: `Offline · 3 changes not on the server yet · synced 2 hours ago`.
 * A local-only project has no server, so it has nothing unsent and no last sync to report. Errors
 * carry their reason, because the member must act on it.
 */
export function syncBadgeText(status: SyncStatusItem, now: number): string {
  const parts = [stateLabel(status.state)];
  if (status.state === "local_only") return parts[0] ?? "";
  if (stateTone(status.state) === "error" && status.detail) parts.push(status.detail);
  if (status.unsent > 0) parts.push(`${count(status.unsent, "change")} not on the server yet`);
  parts.push(lastSyncText(status.last_synced, now));
  return parts.join(" · ");
}

/** How many authors a notice names before it sums up the rest. */
const NAMED_AUTHORS = 3;

function listJoin(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * The sentences of a remote-changes notice, e.g. `["Bo made 3 changes", "2 conflicts to review"]`;
 * empty when nothing worth telling arrived. `currentProject` decides whether to name the project.
 */
export function remoteNoticeParts(changes: RemoteChangesItem, currentProject: string | null): string[] {
  const parts: string[] = [];
  const named = changes.authors.slice(0, NAMED_AUTHORS).map((a) => `${a.name} made ${count(a.changes, "change")}`);
  const others = changes.authors.slice(NAMED_AUTHORS);
  if (others.length > 0) {
    const otherChanges = others.reduce((sum, a) => sum + a.changes, 0);
    named.push(`${count(others.length, "other")} made ${count(otherChanges, "change")}`);
  }
  if (named.length > 0) parts.push(listJoin(named));
  else if (changes.new_changes > 0) parts.push(`${count(changes.new_changes, "new change")} arrived`);
  if (changes.conflicts > 0) parts.push(`${count(changes.conflicts, "conflict")} to review`);
  if (changes.deleted_edits > 0) {
    parts.push(changes.deleted_edits === 1 ? "1 edit to a deleted item" : `${changes.deleted_edits} edits to deleted items`);
  }
  if (parts.length > 0 && changes.project !== currentProject) parts[0] = `In ${changes.name}: ${parts[0]}`;
  return parts;
}
