// Building the task tree from flat tasks against hand-computed trees: order, orphans, deleted tasks, rollups, parent loops.
import { describe, expect, it } from "vitest";
import type { TaskNode } from "../../../ipc";
import { taskView as t } from "../testData";
import { buildTaskTree, compareKeys } from "./taskTree";

/** One line per node, indented by depth: `id total/done`. */
function render(nodes: readonly TaskNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${"  ".repeat(depth)}${n.task.id} ${n.total_estimate}/${n.done_estimate}`,
    ...render(n.children, depth + 1),
  ]);
}

describe("buildTaskTree", () => {
  it("orders by (order key, id), puts orphans at the top level and rolls estimates up", () => {
    const tasks = [
      t("r1", { order: "a", estimate: 2, status: "done" }),
      t("c1", { order: "b", parent: "r0", estimate: 3, status: "done" }),
      t("r0", { order: "a" }), // same order key as r1: the id breaks the tie
      t("g2", { order: "b", parent: "c1", estimate: 100, deleted: true }),
      t("g1", { order: "a", parent: "c1", estimate: 1.5, status: "done" }),
      t("c2", { order: "a", parent: "r0", estimate: 5, status: "in_progress" }),
      t("xd", { order: "0", deleted: true }),
      t("o1", { order: "b0", parent: "xd" }), // parent deleted
      t("o2", { order: "9", parent: "gone", estimate: 1 }), // parent missing
      t("d1", { order: "c", parent: "g2", status: "done", estimate: 4 }), // parent deleted, under a live task
    ];
    expect(render(buildTaskTree(tasks))).toEqual([
      "o2 1/0",
      "r0 9.5/4.5",
      "  c2 5/0",
      "  c1 4.5/4.5",
      "    g1 1.5/1.5",
      "r1 2/2",
      "o1 0/0",
      "d1 4/4",
    ]);
  });

  it("leaves deleted tasks out and keeps the parent's own estimate", () => {
    const tasks = [t("p", { estimate: 1 }), t("k", { parent: "p", estimate: 2, deleted: true })];
    const tree = buildTaskTree(tasks);
    expect(render(tree)).toEqual(["p 1/0"]);
    expect(tree[0]?.children).toEqual([]);
  });

  it("shows tasks caught in a parent loop after the roots, as the core does", () => {
    const tasks = [
      t("a", { parent: "b", estimate: 1 }),
      t("b", { parent: "a", estimate: 2, status: "done" }),
      t("z", { estimate: 4 }),
    ];
    // The core takes the loop's groups by parent id: a's child b becomes a root, a goes under it.
    expect(render(buildTaskTree(tasks))).toEqual(["z 4/0", "b 3/2", "  a 1/0"]);
  });

  it("stops nesting at the core's depth limit and shows the rest from the top level", () => {
    const id = (i: number) => `t${String(i).padStart(3, "0")}`;
    const chain = Array.from({ length: 300 }, (_, i) => t(id(i), { parent: i === 0 ? null : id(i - 1), estimate: 1 }));
    const tree = buildTaskTree(chain);
    expect(tree.map((n) => n.task.id)).toEqual(["t000", "t257"]);
    // t000 holds levels 0 to 256 (257 tasks), t257 the 43 below.
    expect(tree.map((n) => n.total_estimate)).toEqual([257, 43]);
  });

  it("returns an empty tree for no tasks", () => {
    expect(buildTaskTree([])).toEqual([]);
  });
});

describe("compareKeys", () => {
  it("orders like Rust's byte-wise string order", () => {
    expect(["b", "a1", "a", "B", "a0"].sort(compareKeys)).toEqual(["B", "a", "a0", "a1", "b"]);
    // UTF-16 code units put U+10000 (a surrogate pair) before U+FFFF; UTF-8 bytes put it after.
    expect(compareKeys("\u{10000}", "\uffff")).toBeGreaterThan(0);
    expect(compareKeys("\ue000", "\ud7ff")).toBeGreaterThan(0);
    expect(compareKeys("x", "x")).toBe(0);
  });
});
