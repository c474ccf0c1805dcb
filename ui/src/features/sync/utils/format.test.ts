// The sync wording, as tables of input and expected text.
import { describe, expect, it } from "vitest";
import type { RemoteChangesItem, SyncStatusItem } from "../../../ipc";
import { count, lastSyncText, remoteNoticeParts, stateLabel, syncBadgeText } from "./format";

const NOW = Date.UTC(2025, 5, 2, 12, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("count", () => {
  it.each([
    [0, "change", "0 changes"],
    [1, "change", "1 change"],
    [2, "change", "2 changes"],
    [1, "conflict", "1 conflict"],
    [7, "conflict", "7 conflicts"],
  ])("%i %s → %s", (n, word, expected) => {
    expect(count(n, word)).toBe(expected);
  });

  it("takes an irregular plural", () => {
    expect(count(2, "entry", "entries")).toBe("2 entries");
  });
});

describe("stateLabel", () => {
  it.each([
    ["local_only", "Local only"],
    ["offline", "Offline"],
    ["connecting", "Connecting…"],
    ["syncing", "Syncing…"],
    ["up_to_date", "Up to date"],
    ["storage_error", "Storage error"],
    ["access_revoked", "Access revoked"],
    ["some_future_state", "some_future_state"],
  ])("%s → %s", (state, label) => {
    expect(stateLabel(state)).toBe(label);
  });
});

describe("lastSyncText", () => {
  it.each<[number | null, string]>([
    [null, "never synced"],
    [NOW, "synced just now"],
    [NOW + 5 * SECOND, "synced just now"],
    [NOW - 44 * SECOND, "synced just now"],
    [NOW - 50 * SECOND, "synced 1 minute ago"],
    [NOW - 89 * SECOND, "synced 1 minute ago"],
    [NOW - 2 * MINUTE, "synced 2 minutes ago"],
    [NOW - 59 * MINUTE, "synced 59 minutes ago"],
    [NOW - HOUR, "synced 1 hour ago"],
    [NOW - 5 * HOUR - 40 * MINUTE, "synced 5 hours ago"],
    [NOW - DAY, "synced 1 day ago"],
    [NOW - 9 * DAY, "synced 9 days ago"],
  ])("%s → %s", (lastSynced, expected) => {
    expect(lastSyncText(lastSynced, NOW)).toBe(expected);
  });
});

function status(fields: Partial<SyncStatusItem>): SyncStatusItem {
  return {
    project: "p1",
    name: "Apollo",
    server: "https://sync.example",
    role: "member",
    state: "up_to_date",
    unsent: 0,
    last_synced: NOW - 2 * MINUTE,
    detail: null,
    ...fields,
  };
}

describe("syncBadgeText", () => {
  it.each<[Partial<SyncStatusItem>, string]>([
    [{}, "Up to date · synced 2 minutes ago"],
    [{ state: "offline", unsent: 3 }, "Offline · 3 changes not on the server yet · synced 2 minutes ago"],
    [{ state: "offline", unsent: 1, detail: "connection refused" }, "Offline · 1 change not on the server yet · synced 2 minutes ago"],
    [{ state: "connecting", last_synced: null }, "Connecting… · never synced"],
    [{ state: "syncing", unsent: 2 }, "Syncing… · 2 changes not on the server yet · synced 2 minutes ago"],
    [{ state: "local_only", server: null, role: null, unsent: 4, last_synced: null }, "Local only"],
    [{ state: "storage_error", detail: "disk full" }, "Storage error · disk full · synced 2 minutes ago"],
    [{ state: "access_revoked", detail: null, unsent: 2 }, "Access revoked · 2 changes not on the server yet · synced 2 minutes ago"],
  ])("%j → %s", (fields, expected) => {
    expect(syncBadgeText(status(fields), NOW)).toBe(expected);
  });
});

function changes(fields: Partial<RemoteChangesItem>): RemoteChangesItem {
  return { project: "p1", name: "Apollo", new_changes: 0, authors: [], conflicts: 0, deleted_edits: 0, ...fields };
}

describe("remoteNoticeParts", () => {
  it.each<[Partial<RemoteChangesItem>, string[]]>([
    [{ new_changes: 3, authors: [{ name: "Bo", changes: 3 }] }, ["Bo made 3 changes"]],
    [{ new_changes: 1, authors: [{ name: "Bo", changes: 1 }] }, ["Bo made 1 change"]],
    [
      { new_changes: 5, authors: [{ name: "Bo", changes: 3 }, { name: "Ann", changes: 2 }], conflicts: 2 },
      ["Bo made 3 changes and Ann made 2 changes", "2 conflicts to review"],
    ],
    [
      {
        new_changes: 10,
        authors: [
          { name: "Bo", changes: 4 },
          { name: "Ann", changes: 3 },
          { name: "Cy", changes: 1 },
          { name: "Di", changes: 1 },
          { name: "Ed", changes: 1 },
        ],
      },
      ["Bo made 4 changes, Ann made 3 changes, Cy made 1 change and 2 others made 2 changes"],
    ],
    [{ new_changes: 4 }, ["4 new changes arrived"]],
    [{ new_changes: 1, authors: [{ name: "Bo", changes: 1 }], conflicts: 1 }, ["Bo made 1 change", "1 conflict to review"]],
    [{ deleted_edits: 1 }, ["1 edit to a deleted item"]],
    [{ conflicts: 3, deleted_edits: 2 }, ["3 conflicts to review", "2 edits to deleted items"]],
    [{}, []],
  ])("%j → %j", (fields, expected) => {
    expect(remoteNoticeParts(changes(fields), "p1")).toEqual(expected);
  });

  it("names the project when it is not the one on screen", () => {
    const item = changes({ new_changes: 2, authors: [{ name: "Bo", changes: 2 }], conflicts: 1 });
    expect(remoteNoticeParts(item, "p2")).toEqual(["In Apollo: Bo made 2 changes", "1 conflict to review"]);
    expect(remoteNoticeParts(item, null)).toEqual(["In Apollo: Bo made 2 changes", "1 conflict to review"]);
  });
});
