// Page merging as new changes arrive, day headings, relative times, the member filter.
import { describe, expect, it } from "vitest";
import type { ChangeInfo } from "../../../ipc";
import { appendPage, hasMore, mergeFirstPage } from "./historyPages";
import { authorOptions, byAuthor, changeTime, itemLabel, withDayHeadings } from "./historyRows";

const NOW = new Date(2025, 2, 10, 15, 0, 0).getTime();

function change(hash: string, fields: Partial<ChangeInfo> = {}): ChangeInfo {
  return { hash, actor: "aa", author: "m1", author_name: "Ann", time: NOW, summary: `Change ${hash}`, items: [], ...fields } as ChangeInfo;
}

const page = (total: number, ...hashes: string[]) => ({ total, offset: 0, entries: hashes.map((h) => change(h)) });
const hashes = (l: { entries: ChangeInfo[] }) => l.entries.map((e) => e.hash);

describe("mergeFirstPage", () => {
  it("starts with the first page", () => {
    expect(hashes(mergeFirstPage(null, page(5, "e", "d")))).toEqual(["e", "d"]);
  });

  it("keeps older pages when exactly the new changes arrived on top", () => {
    const loaded = { entries: page(5, "e", "d", "c", "b").entries, total: 5 };
    const merged = mergeFirstPage(loaded, page(7, "g", "f", "e", "d"));
    expect(hashes(merged)).toEqual(["g", "f", "e", "d", "c", "b"]);
    expect(merged.total).toBe(7);
  });

  it("starts over when a change landed below the top", () => {
    const loaded = { entries: page(5, "e", "d", "c", "b").entries, total: 5 };
    expect(hashes(mergeFirstPage(loaded, page(6, "e", "x", "d", "c")))).toEqual(["e", "x", "d", "c"]);
  });

  it("appends older pages without duplicates and knows when all is loaded", () => {
    const loaded = { entries: page(4, "d", "c").entries, total: 4 };
    const more = appendPage(loaded, { total: 4, offset: 1, entries: [change("c"), change("b"), change("a")] });
    expect(hashes(more)).toEqual(["d", "c", "b", "a"]);
    expect(hasMore(loaded)).toBe(true);
    expect(hasMore(more)).toBe(false);
  });
});

describe("rows", () => {
  it("puts a heading before each day", () => {
    const yesterday = NOW - 24 * 3600 * 1000;
    const rows = withDayHeadings([change("a"), change("b"), change("c", { time: yesterday })], NOW);
    expect(rows.map((r) => (r.type === "day" ? r.label : r.key))).toEqual(["Today", "a", "b", "Yesterday", "c"]);
  });

  it("says recent times relatively and older ones as the time of day", () => {
    expect(changeTime(NOW - 20_000, NOW)).toBe("just now");
    expect(changeTime(NOW - 5 * 60_000, NOW)).toBe("5 min ago");
    expect(changeTime(NOW - 3 * 3600_000, NOW)).toBe("3 h ago");
    expect(changeTime(NOW - 13 * 3600_000, NOW)).toMatch(/02/);
  });

  it("filters by author, unknown devices included", () => {
    const changes = [change("a"), change("b", { author: "m2", author_name: "Bo" }), change("c", { author: null, author_name: "unknown device ab12" })];
    expect(authorOptions(changes)).toEqual([
      { value: "m1", label: "Ann" },
      { value: "m2", label: "Bo" },
      { value: "device:unknown device ab12", label: "unknown device ab12" },
    ]);
    expect(byAuthor(changes, "m2").map((c) => c.hash)).toEqual(["b"]);
    expect(byAuthor(changes, null)).toHaveLength(3);
  });

  it("labels items by kind and id prefix", () => {
    expect(itemLabel({ kind: "budget_line", id: "0123456789abcdef" })).toBe("budget line 01234567");
  });
});
