// Tasks and milestones → gantt bars, and dragged bars → core commands.
import { describe, expect, it } from "vitest";
import { milestoneView, taskView } from "../testData";
import { addWorkingDays, durationDays } from "./dates";
import { dateChangeCommand, taskSpan, toTimeline } from "./timeline";

describe("working days", () => {
  it("turns hours into days of 8 hours, at least one", () => {
    expect([null, 0, 1, 8, 9, 16, 40].map(durationDays)).toEqual([1, 1, 1, 1, 2, 2, 5]);
  });

  it("skips weekends both ways", () => {
    // 2026-03-06 is a Friday, 2026-03-09 the Monday after.
    expect(addWorkingDays("2026-03-06", 1)).toBe("2026-03-09");
    expect(addWorkingDays("2026-03-09", -1)).toBe("2026-03-06");
    expect(addWorkingDays("2026-03-11", -4)).toBe("2026-03-05");
    expect(addWorkingDays("2026-03-11", 0)).toBe("2026-03-11");
  });
});

describe("taskSpan", () => {
  it("uses start and due when both are set", () => {
    expect(taskSpan({ start: "2026-03-02", due: "2026-03-04", estimate: 80 })).toEqual({
      start: "2026-03-02",
      end: "2026-03-04",
    });
  });

  it("derives the start from due minus the estimate in working days", () => {
    // 24 h = 3 working days ending Tuesday 2026-03-10: Friday, Monday, Tuesday.
    expect(taskSpan({ start: null, due: "2026-03-10", estimate: 24 })).toEqual({ start: "2026-03-06", end: "2026-03-10" });
    expect(taskSpan({ start: null, due: "2026-03-10", estimate: null })).toEqual({
      start: "2026-03-10",
      end: "2026-03-10",
    });
  });

  it("derives the end from a start alone, and gives up without dates", () => {
    expect(taskSpan({ start: "2026-03-06", due: null, estimate: 16 })).toEqual({ start: "2026-03-06", end: "2026-03-09" });
    expect(taskSpan({ start: null, due: null, estimate: 16 })).toBeNull();
  });
});

describe("toTimeline", () => {
  it("maps tasks to bars with progress, arrows between drawn bars, and the critical path", () => {
    const tasks = [
      taskView("a", { title: "Design", start: "2026-03-02", due: "2026-03-04", estimate: 24, status: "done" }),
      taskView("b", { title: "Build", due: "2026-03-10", estimate: 16, spent: 4, depends_on: ["a"] }),
      taskView("c", { title: "Docs", due: "2026-03-05", depends_on: ["a"] }),
      taskView("d", { title: "Someday", depends_on: ["b"] }),
      taskView("e", { title: "Dropped", status: "cancelled" }),
    ];
    const { bars, undated, critical } = toTimeline(tasks, []);
    expect(bars).toEqual([
      {
        id: "a",
        name: "Design",
        start: "2026-03-02",
        end: "2026-03-04",
        progress: 100,
        dependencies: "",
        custom_class: "plan-critical",
      },
      {
        id: "b",
        name: "Build",
        start: "2026-03-09",
        end: "2026-03-10",
        progress: 25,
        dependencies: "a",
        custom_class: "plan-critical",
      },
      { id: "c", name: "Docs", start: "2026-03-05", end: "2026-03-05", progress: 0, dependencies: "a" },
    ]);
    // d has no dates: it is listed, still on the critical path (its day counts), but not drawn.
    expect(undated.map((t) => t.id)).toEqual(["d"]);
    expect(critical.path).toEqual(["a", "b", "d"]);
    expect(critical.days).toBe(6);
  });

  it("joins several dependencies with commas and marks done and cancelled bars", () => {
    const tasks = [
      taskView("x", { due: "2026-03-02", status: "done" }),
      taskView("y", { due: "2026-03-02", status: "cancelled" }),
      taskView("z", { due: "2026-03-20", estimate: 8, depends_on: ["x", "y", "gone"] }),
      taskView("w", { due: "2026-03-20", estimate: 80 }),
    ];
    const { bars } = toTimeline(tasks, []);
    expect(bars.map((b) => [b.id, b.dependencies, b.custom_class ?? "-"])).toEqual([
      ["x", "", "plan-done"],
      ["y", "", "plan-cancelled"],
      ["z", "x, y", "-"],
      ["w", "", "plan-critical"],
    ]);
  });

  it("adds milestones as bars that wait for their drawn tasks, skipping deleted ones", () => {
    const tasks = [
      taskView("a", { due: "2026-03-02", milestone: "m1" }),
      taskView("b", { milestone: "m1" }),
      taskView("c", { due: "2026-03-03", milestone: "m1", status: "cancelled" }),
    ];
    const milestones = [
      milestoneView("m1", { title: "Beta", due: "2026-03-13", status: "reached" }),
      milestoneView("m2", { deleted: true }),
    ];
    const { bars } = toTimeline(tasks, milestones);
    expect(bars.at(-1)).toEqual({
      id: "ms_m1",
      name: "◆ Beta",
      start: "2026-03-13",
      end: "2026-03-13",
      progress: 100,
      dependencies: "a",
      custom_class: "plan-milestone",
    });
    expect(bars).toHaveLength(3);
  });
});

describe("dateChangeCommand", () => {
  const bar = { id: "t1", start: "2026-03-02", end: "2026-03-04" };
  // frappe-gantt hands back local instants; its end is one second before the next day.
  const at = (day: string, time = "00:00:00") => new Date(`${day}T${time}`);

  it("moves a task: both dates change", () => {
    expect(dateChangeCommand(bar, at("2026-03-09"), at("2026-03-11", "23:59:59"))).toEqual({
      area: "task",
      command: { action: "update", id: "t1", patch: { start: { set: "2026-03-09" }, due: { set: "2026-03-11" } } },
    });
  });

  it("resizes a task: only the end moved, so only due is sent", () => {
    expect(dateChangeCommand(bar, at("2026-03-02"), at("2026-03-06", "23:59:59"))).toEqual({
      area: "task",
      command: { action: "update", id: "t1", patch: { due: { set: "2026-03-06" } } },
    });
  });

  it("sends nothing when the days did not change", () => {
    expect(dateChangeCommand(bar, at("2026-03-02", "03:00:00"), at("2026-03-04", "23:59:59"))).toBeNull();
  });

  it("moves a milestone's due date", () => {
    const ms = { id: "ms_m1", start: "2026-03-13", end: "2026-03-13" };
    expect(dateChangeCommand(ms, at("2026-03-16"), at("2026-03-16", "23:59:59"))).toEqual({
      area: "milestone",
      command: { action: "update", id: "m1", due: "2026-03-16" },
    });
  });
});
