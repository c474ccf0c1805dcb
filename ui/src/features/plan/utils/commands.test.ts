// The JSON of each command the plan sends, as serde reads it in core/src (tasks.rs, milestones.rs, items.rs).
import { describe, expect, it } from "vitest";
import { editOf, milestoneCommands, taskCommands } from "./commands";

describe("commands", () => {
  it("spells task commands as the core's TaskCommand", () => {
    expect(taskCommands.add("Plan", null)).toEqual({ area: "task", command: { action: "add", title: "Plan" } });
    expect(taskCommands.add("Sub", "t1")).toEqual({ area: "task", command: { action: "add", title: "Sub", parent: "t1" } });
    expect(taskCommands.update("t1", { estimate: editOf<number>(null), due: editOf("2026-03-02") })).toEqual({
      area: "task",
      command: { action: "update", id: "t1", patch: { estimate: "clear", due: { set: "2026-03-02" } } },
    });
    expect(taskCommands.addDependency("t2", "t1")).toEqual({
      area: "task",
      command: { action: "add_dependency", id: "t2", on: "t1" },
    });
    expect(taskCommands.move("t2", "t1", "t3")).toEqual({
      area: "task",
      command: { action: "move", id: "t2", parent: { set: "t1" }, after: "t3" },
    });
    expect(taskCommands.move("t2", null, null)).toEqual({
      area: "task",
      command: { action: "move", id: "t2", parent: "clear", after: null },
    });
    expect(taskCommands.tag("t1", "backend")).toEqual({ area: "task", command: { action: "tag", id: "t1", tag: "backend" } });
    expect(taskCommands.untag("t1", "backend")).toEqual({ area: "task", command: { action: "untag", id: "t1", tag: "backend" } });
    expect(taskCommands.reorder("t2", null)).toEqual({ area: "task", command: { action: "move", id: "t2", after: null } });
  });

  it("deletes and restores through the item area (soft delete)", () => {
    expect(taskCommands.remove("t1")).toEqual({ area: "item", command: { action: "delete", kind: "task", id: "t1" } });
    expect(taskCommands.restore("t1")).toEqual({ area: "item", command: { action: "restore", kind: "task", id: "t1" } });
    expect(milestoneCommands.remove("m1")).toEqual({
      area: "item",
      command: { action: "delete", kind: "milestone", id: "m1" },
    });
  });

  it("spells milestone commands as the core's MilestoneCommand", () => {
    expect(milestoneCommands.add("Beta", "2026-04-01")).toEqual({
      area: "milestone",
      command: { action: "add", title: "Beta", due: "2026-04-01" },
    });
    expect(milestoneCommands.update("m1", { status: "reached" })).toEqual({
      area: "milestone",
      command: { action: "update", id: "m1", status: "reached" },
    });
  });
});
