// Flattening the task tree into rows.
import { describe, expect, it } from "vitest";
import type { TaskNode } from "../../../ipc";
import { allTasks, lastChild, parentCandidates, parentIds, subtreeIds, visibleRows } from "./tree";
import { node, taskView } from "../testData";

const tree: TaskNode[] = [node("a", [node("a1", [node("a1x")]), node("a2")]), node("b")];

describe("tree rows", () => {
  it("shows roots only when every parent is collapsed", () => {
    expect(visibleRows(tree, new Set(["a", "a1"])).map((r) => r.task.id)).toEqual(["a", "b"]);
  });

  it("shows every task with its depth when nothing is collapsed", () => {
    const rows = visibleRows(tree, new Set());
    expect(rows.map((r) => `${r.task.id}@${r.depth}${r.hasChildren ? "+" : ""}`)).toEqual([
      "a@0+",
      "a1@1+",
      "a1x@2",
      "a2@1",
      "b@0",
    ]);
  });

  it("hides grandchildren under a collapsed child", () => {
    expect(visibleRows(tree, new Set(["a1"])).map((r) => r.task.id)).toEqual(["a", "a1", "a2", "b"]);
  });

  it("lists every task and every parent", () => {
    expect(allTasks(tree).map((t) => t.id)).toEqual(["a", "a1", "a1x", "a2", "b"]);
    expect(parentIds(tree)).toEqual(["a", "a1"]);
  });
});

describe("moving a task", () => {
  const tasks = allTasks(tree);
  const task = (id: string) => tasks.find((t) => t.id === id)!;

  it("never offers the task itself or any task below it as its new parent", () => {
    expect([...subtreeIds(tasks, "a")].sort()).toEqual(["a", "a1", "a1x", "a2"]);
    expect(parentCandidates(tasks, task("a")).map((t) => t.id)).toEqual(["b"]);
    expect(parentCandidates(tasks, task("a1")).map((t) => t.id)).toEqual(["a", "a2", "b"]);
    expect(parentCandidates(tasks, task("b")).map((t) => t.id)).toEqual(["a", "a1", "a1x", "a2"]);
  });

  it("skips deleted tasks and survives a parent loop in the data", () => {
    const looped = [
      taskView("x", { parent: "y" }),
      taskView("y", { parent: "x" }),
      taskView("z"),
      taskView("gone", { deleted: true }),
    ];
    expect(parentCandidates(looped, looped[0]!).map((t) => t.id)).toEqual(["z"]);
  });

  it("puts a moved task after the last sibling under its new parent", () => {
    expect(lastChild(tasks, "a", "b")).toBe("a2");
    expect(lastChild(tasks, null, "a1")).toBe("b");
    expect(lastChild(tasks, null, "b")).toBe("a");
    expect(lastChild(tasks, "b", "a")).toBeNull();
  });
});
