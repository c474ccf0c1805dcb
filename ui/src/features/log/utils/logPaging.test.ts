// Log paging arithmetic and the filter the filter bar sends.
import { describe, expect, it } from "vitest";
import type { LogEntryView } from "../../../ipc";
import { appendPage, formatAt, pagesFor, parseRefKey, refKey, toLogFilter, noFilter } from "./logPaging";

const entry = (id: string): LogEntryView => ({ id, at: 0, author: null, author_name: "", kind: "note", body: id, refs: [] });

describe("pagesFor", () => {
  it("splits a reload into calls of at most 500", () => {
    expect(pagesFor(0)).toEqual([]);
    expect(pagesFor(100)).toEqual([{ offset: 0, limit: 100 }]);
    expect(pagesFor(1200)).toEqual([
      { offset: 0, limit: 500 },
      { offset: 500, limit: 500 },
      { offset: 1000, limit: 200 },
    ]);
  });
});

describe("appendPage", () => {
  it("skips entries already loaded (offsets shift when entries are written meanwhile)", () => {
    expect(appendPage([entry("a"), entry("b")], [entry("b"), entry("c")]).map((e) => e.id)).toEqual(["a", "b", "c"]);
  });
});

describe("toLogFilter", () => {
  it("is empty without conditions", () => {
    expect(toLogFilter(noFilter)).toEqual({ author: null, kind: null, item: null, from: null, to: null });
  });

  it("turns a period of days into local midnights, the end day included", () => {
    const f = toLogFilter({ ...noFilter, fromDay: "2025-03-01", toDay: "2025-03-31", author: "ann", kind: "problem" });
    expect(f).toEqual({
      author: "ann",
      kind: "problem",
      item: null,
      from: new Date(2025, 2, 1).getTime(),
      to: new Date(2025, 3, 1).getTime(),
    });
  });
});

describe("references", () => {
  it("round-trip through an option value", () => {
    expect(parseRefKey(refKey({ kind: "log_entry", id: "l:1" }))).toEqual({ kind: "log_entry", id: "l:1" });
  });
});

it("formats times in local time", () => {
  expect(formatAt(new Date(2025, 2, 4, 9, 5).getTime())).toBe("2025-03-04 09:05");
});
