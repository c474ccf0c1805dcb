// The wording of "what changed", text diffs cut down around the edits, the meeting series, the
// start the form stands for, the history filter, and the "as of" title.
import { describe, expect, it } from "vitest";
import type { AsOfView, ChangeInfo, MeetingSummary, TextSpan } from "../../../ipc";
import { asOfTitle, healthColor, statusLabel } from "./asOf";
import { fromLocalInput, hasEdits, meetingSeries, periodLabel, shownValue, toDiffStart, toLocalInput, trimUnchanged } from "./diff";
import { filterKey, isFiltered, itemValue, localMidnight, noFilter, parseItemValue, toHistoryFilter } from "./historyFilter";
import { withAuthorHeadings } from "./historyRows";

const same = (text: string): TextSpan => ({ op: "same", text });
const added = (text: string): TextSpan => ({ op: "added", text });
const removed = (text: string): TextSpan => ({ op: "removed", text });

describe("text diffs", () => {
  it("cuts long unchanged stretches down to the context around each edit", () => {
    const spans = [same("a".repeat(100)), removed("old"), added("new"), same("b".repeat(10)), added("!"), same("c".repeat(100))];
    expect(trimUnchanged(spans, 5)).toEqual([
      same("…aaaaa"),
      removed("old"),
      added("new"),
      same("bbbbbbbbbb"),
      added("!"),
      same("ccccc…"),
    ]);
    expect(trimUnchanged([same("x".repeat(30)), added("y"), same("z".repeat(30))], 5)).toEqual([
      same("…xxxxx"),
      added("y"),
      same("zzzzz…"),
    ]);
    const middle = trimUnchanged([added("1"), same("0123456789abcdef"), added("2")], 3);
    expect(middle[1]).toEqual(same("012…def"));
  });

  it("counts characters, not UTF-16 units, when it cuts", () => {
    expect(trimUnchanged([added("x"), same("😀😀😀😀😀😀")], 2)).toEqual([added("x"), same("😀😀…")]);
  });

  it("knows a diff without edits", () => {
    expect(hasEdits([same("abc")])).toBe(false);
    expect(hasEdits([same("abc"), added("d")])).toBe(true);
  });

  it("says when a value is unset", () => {
    expect(shownValue(null)).toBe("(unset)");
    expect(shownValue("")).toBe("(unset)");
    expect(shownValue("2026-12-10")).toBe("2026-12-10");
  });
});

describe("the start of what changed", () => {
  const NOW = new Date(2026, 11, 3, 12, 0).getTime();

  it("reads a local date and time, and refuses the future and half-typed values", () => {
    const at = new Date(2026, 11, 1, 9, 30).getTime();
    expect(fromLocalInput(toLocalInput(at))).toBe(at);
    expect(fromLocalInput("2026-02-30T10:00")).toBeNull();
    expect(toDiffStart({ mode: "time", at: "2026-12-01T09:30", series: null }, NOW)).toEqual({ start: { since: "time", at }, error: null });
    expect(toDiffStart({ mode: "time", at: "2026-12-01", series: null }, NOW).error).toBe("Give a date and time.");
    expect(toDiffStart({ mode: "time", at: "2026-12-04T09:30", series: null }, NOW).error).toMatch(/in the future/);
  });

  it("needs a series for a meeting, and nothing for offline", () => {
    expect(toDiffStart({ mode: "meeting", at: "", series: null }, NOW).error).toBe("Choose a meeting series.");
    expect(toDiffStart({ mode: "meeting", at: "", series: "Steering" }, NOW).start).toEqual({ since: "meeting", series: "Steering" });
    expect(toDiffStart({ mode: "offline", at: "", series: null }, NOW).start).toEqual({ since: "offline" });
  });

  it("names the period", () => {
    const at = new Date(2026, 11, 1, 9, 30).getTime();
    expect(periodLabel({ since: "time", at }, { since: at, meeting: null, diff: null })).toMatch(/^Since .*2026/);
    expect(periodLabel({ since: "meeting", series: "Steering" }, { since: at, meeting: "Steering 2", diff: null })).toMatch(
      /^Since the meeting “Steering 2” \(Steering\) on /,
    );
    expect(periodLabel({ since: "offline" }, { since: null, meeting: null, diff: null })).toBe("While you were offline (since your previous sync)");
    expect(periodLabel({ since: "offline" }, { since: at, meeting: null, diff: null })).toMatch(/^While you were offline \(since your previous sync on /);
  });

  it("lists each meeting series once, live meetings only", () => {
    const meeting = (series: string | null, deleted = false) => ({ series, deleted }) as MeetingSummary;
    expect(meetingSeries([meeting("Steering"), meeting("steering "), meeting(null), meeting("Retro", true), meeting("Daily")])).toEqual([
      "Daily",
      "Steering",
    ]);
  });
});

describe("the history filter", () => {
  it("turns whole local days into a period, the end day included", () => {
    const form = { ...noFilter, fromDay: "2026-12-01", toDay: "2026-12-03" };
    expect(toHistoryFilter(form)).toEqual({
      filter: { member: null, item: null, from: new Date(2026, 11, 1).getTime(), to: new Date(2026, 11, 4).getTime() },
      error: null,
    });
    expect(toHistoryFilter({ ...form, fromDay: "2026-12-04" }).error).toMatch(/ends before it starts/);
    expect(toHistoryFilter({ ...form, fromDay: "2026-12-03" }).error).toBeNull();
    expect(localMidnight("not a day")).toBeNull();
  });

  it("keys and recognises filters", () => {
    const item = { kind: "task" as const, id: "t1" };
    const { filter } = toHistoryFilter({ ...noFilter, member: "m1", item: { ref: item, label: "Brief" } });
    expect(filter && isFiltered(filter)).toBe(true);
    expect(isFiltered({ member: null, item: null, from: null, to: null })).toBe(false);
    expect(filterKey(filter!, "author")).toBe("author|m1|task:t1||");
    expect(parseItemValue(itemValue(item))).toEqual(item);
    expect(parseItemValue("log_entry:0001-abc:def")).toEqual({ kind: "log_entry", id: "0001-abc:def" });
    expect(parseItemValue("nothing")).toBeNull();
  });
});

describe("author headings", () => {
  it("puts each author's count above their changes", () => {
    const change = (hash: string) => ({ hash }) as ChangeInfo;
    const rows = withAuthorHeadings([
      { author: "m1", author_name: "Ann", changes: [change("a"), change("b")] },
      { author: null, author_name: "unknown device ab12", changes: [change("c")] },
    ]);
    expect(rows.map((r) => (r.type === "change" ? r.key : r.label))).toEqual(["Ann · 2 changes", "a", "b", "unknown device ab12 · 1 change", "c"]);
  });
});

describe("as of", () => {
  const view = { dashboard: { name: "Apollo" }, last_change: { time: new Date(2026, 11, 1, 9, 0).getTime() }, day: "2026-12-01" } as AsOfView;

  it("titles the view by the moment asked", () => {
    expect(asOfTitle(view, { at: "time", time: new Date(2026, 11, 2, 8, 0).getTime() })).toMatch(/^Apollo as of .*2026/);
    expect(asOfTitle(view, { at: "change", hash: "0123456789abcdef" })).toMatch(/^Apollo right after change 01234567 \(.*2026/);
  });

  it("colours health and spells statuses", () => {
    expect([healthColor("on_track"), healthColor("at_risk"), healthColor("off_track")]).toEqual(["green", "yellow", "red"]);
    expect(statusLabel("in_progress")).toBe("in progress");
  });
});
