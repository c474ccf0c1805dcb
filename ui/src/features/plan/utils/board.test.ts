// Board drops → core commands.
import { describe, expect, it } from "vitest";
import { taskView } from "../testData";
import { dropCommand, parseDropId } from "./board";

const tasks = [
  taskView("p", { title: "Parent", status: "in_progress" }),
  taskView("a", { title: "A", parent: "p" }),
  taskView("b", { title: "B", parent: "p" }),
  taskView("c", { title: "C", parent: "p" }),
  taskView("x", { title: "X" }),
];

describe("dropCommand", () => {
  it("reads dnd-kit ids", () => {
    expect(parseDropId("column:done")).toEqual({ column: "done" });
    expect(parseDropId("card:t1")).toEqual({ card: "t1" });
    expect(parseDropId(null)).toBeNull();
  });

  it("changes the status when dropped on another column or on a card there", () => {
    expect(dropCommand(tasks, "a", { column: "done" })).toEqual({
      kind: "status",
      taskId: "a",
      status: "done",
      command: { area: "task", command: { action: "update", id: "a", patch: { status: "done" } } },
    });
    expect(dropCommand(tasks, "a", { card: "p" })).toMatchObject({ kind: "status", status: "in_progress" });
  });

  it("does nothing when put back in its own column or on itself", () => {
    expect(dropCommand(tasks, "a", { column: "todo" })).toBeNull();
    expect(dropCommand(tasks, "a", { card: "a" })).toBeNull();
    expect(dropCommand(tasks, "gone", { column: "done" })).toBeNull();
  });

  it("reorders among siblings: down goes after the target, up goes before it", () => {
    const move = (id: string, after: string | null) => ({
      kind: "reorder",
      command: { area: "task", command: { action: "move", id, after } },
    });
    expect(dropCommand(tasks, "a", { card: "c" })).toEqual(move("a", "c"));
    expect(dropCommand(tasks, "c", { card: "b" })).toEqual(move("c", "a"));
    expect(dropCommand(tasks, "c", { card: "a" })).toEqual(move("c", null));
  });

  it("refuses to reorder tasks with different parents", () => {
    expect(dropCommand(tasks, "a", { card: "x" })).toEqual({
      kind: "refused",
      message: "“A” and “X” belong to different parent tasks, so they cannot be reordered against each other.",
    });
  });
});
