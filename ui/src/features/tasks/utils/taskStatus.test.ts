// The task list's rules, as tables.
import { describe, expect, it } from "vitest";
import { isOverdue, localDay, statusLabel, toggledStatus } from "./taskStatus";

describe("toggledStatus", () => {
  it.each([
    ["todo", "done"],
    ["in_progress", "done"],
    ["blocked", "done"],
    ["cancelled", "done"],
    ["done", "todo"],
  ])("%s → %s", (from, to) => {
    expect(toggledStatus(from)).toBe(to);
  });
});

describe("statusLabel", () => {
  it.each([
    ["todo", "To do"],
    ["in_progress", "In progress"],
    ["done", "Done"],
    ["someday", "someday"],
  ])("%s → %s", (status, label) => {
    expect(statusLabel(status)).toBe(label);
  });
});

describe("isOverdue", () => {
  const today = "2025-06-02";
  it.each<[string, string | null, boolean]>([
    ["todo", "2025-06-01", true],
    ["in_progress", "2024-12-31", true],
    ["blocked", "2025-06-01", true],
    ["todo", "2025-06-02", false],
    ["todo", "2025-06-03", false],
    ["todo", null, false],
    ["done", "2025-06-01", false],
    ["cancelled", "2025-06-01", false],
  ])("%s due %s → %s", (status, due, expected) => {
    expect(isOverdue({ status, due }, today)).toBe(expected);
  });
});

describe("localDay", () => {
  it("pads month and day", () => {
    expect(localDay(new Date(2025, 0, 5, 23, 59))).toBe("2025-01-05");
  });
});
