// From the goal form to the core's fields, as tables.
import { describe, expect, it } from "vitest";
import type { GoalView } from "../../../ipc";
import { EMPTY_GOAL, formFromGoal, goalPatch, newGoal, parseDecimal, progressText } from "./goalForm";

describe("parseDecimal", () => {
  it.each([
    ["12", 12],
    [" -3.5 ", -3.5],
    ["0", 0],
  ])("%j → %d", (text, value) => {
    expect(parseDecimal(text, "target")).toEqual({ ok: true, value });
  });

  it.each([
    ["", "Enter the target"],
    ["abc", "The target must be a number, like 40 or 12.5"],
    ["1,5", "The target must be a number, like 40 or 12.5"],
  ])("%j → %s", (text, message) => {
    expect(parseDecimal(text, "target")).toEqual({ ok: false, message });
  });
});

describe("newGoal", () => {
  it("trims and converts the fields, leaving current to the core", () => {
    expect(
      newGoal({ ...EMPTY_GOAL, title: " NPS ", metric: " score ", baseline: "20", target: "40", due: "2026-06-30" }),
    ).toEqual({
      goal: {
        title: "NPS",
        description: "",
        horizon: "short",
        metric: "score",
        baseline: 20,
        target: 40,
        current: null,
        due: "2026-06-30",
        owner: null,
      },
    });
  });

  it("says which numbers to fix", () => {
    expect(newGoal({ ...EMPTY_GOAL, title: "x", baseline: "a", target: "" })).toEqual({
      errors: { baseline: "The baseline must be a number, like 40 or 12.5", target: "Enter the target" },
    });
  });
});

const goal = {
  id: "g1",
  title: "Latency",
  description: "",
  horizon: "short",
  metric: "p95 ms",
  baseline: 400,
  target: 200,
  current: 300,
  due: "2026-06-30",
  owner: "m1",
  status: "active",
  progress: 0.5,
  on_track: true,
  tasks_total: 0,
  tasks_done: 0,
  created_at: null,
  created_by: null,
  deleted: false,
} as GoalView;

describe("goalPatch", () => {
  it("is empty when nothing changed", () => {
    expect(goalPatch(goal, formFromGoal(goal))).toEqual({ patch: {} });
  });

  it("carries only the changed fields, clearing emptied ones", () => {
    const values = { ...formFromGoal(goal), target: "150", horizon: "long" as const, due: "", owner: "m2" };
    expect(goalPatch(goal, values)).toEqual({
      patch: { target: 150, horizon: "long", due: "clear", owner: { set: "m2" } },
    });
  });
});

describe("progressText", () => {
  it.each([
    [0, "0%"],
    [0.425, "43%"],
    [1, "100%"],
    [1.2, "100%"],
  ])("%d → %s", (p, text) => {
    expect(progressText(p)).toBe(text);
  });
});
