// Flattening the task tree into rows.
import { describe, expect, it } from "vitest";
import type { TaskNode } from "../../../ipc";
import { allTasks, parentIds, visibleRows } from "./tree";
import { node } from "../testData";

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
