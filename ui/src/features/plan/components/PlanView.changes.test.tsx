// The plan kept current by project-changed: changed tasks fetched alone and patched in (rollups too), full reloads only when needed.
import { act, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ItemRef, TaskView } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { flatTasks, memberView, node, taskView } from "../testData";
import { PlanView } from "./PlanView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

function rowOf(taskId: string): HTMLElement {
  const found = screen.getAllByTestId("tree-row").find((r) => r.dataset.taskId === taskId);
  if (!found) throw new Error(`no row for task ${taskId}`);
  return found;
}

const treeIds = () => screen.getAllByTestId("tree-row").map((r) => r.dataset.taskId);
const titleOf = (taskId: string) => within(rowOf(taskId)).getByTestId("tree-title").textContent;
const estimateOf = (taskId: string) => within(rowOf(taskId)).getByTestId("tree-estimate");

/** a (1 h) with a1 (2 h) and a2 (3 h, done) under it, and b. */
const a1 = taskView("a1", { title: "Design", parent: "a", estimate: 2 });
function setUp() {
  const tree = [
    node("a", [node("a1", [], a1), node("a2", [], { estimate: 3, status: "done" })], { title: "Launch", estimate: 1 }),
    node("b", [], { title: "Retro" }),
  ];
  fakeIpc.views.tasks.mockResolvedValue(flatTasks(tree));
  fakeIpc.views.milestones.mockResolvedValue([]);
  fakeIpc.views.members.mockResolvedValue([memberView("m1", "Ann")]);
}

const tasksChanged = (...ids: string[]) =>
  act(() => emit.projectChanged("p1", ids.map((id): ItemRef => ({ kind: "task", id }))));

async function renderPlan() {
  renderWithMantine(<PlanView projectId="p1" />);
  await screen.findAllByTestId("tree-row");
}

describe("PlanView: live changes", () => {
  beforeEach(() => resetFakeIpc());

  it("fetches only the changed task, patches it into the tree and updates its parent's rollup", async () => {
    setUp();
    await renderPlan();
    expect(estimateOf("a")).toHaveTextContent("Σ 6 h");
    expect(estimateOf("a")).toHaveAttribute("title", "6 h for this task and its subtasks, 3 h of it done");

    fakeIpc.views.task.mockResolvedValue({ ...a1, title: "Design v2", estimate: 4.5, status: "done" });
    tasksChanged("a1");
    await waitFor(() => expect(titleOf("a1")).toBe("Design v2"));
    expect(estimateOf("a1")).toHaveTextContent("4.5 h");
    expect(estimateOf("a")).toHaveTextContent("Σ 8.5 h");
    expect(estimateOf("a")).toHaveAttribute("title", "8.5 h for this task and its subtasks, 7.5 h of it done");
    expect(fakeIpc.views.task.mock.calls).toEqual([["p1", "a1"]]);
    expect(fakeIpc.views.tasks).toHaveBeenCalledTimes(1);
    expect(fakeIpc.views.taskTree).not.toHaveBeenCalled();
  });

  it("takes a deleted task out of the tree and out of its parent's rollup", async () => {
    setUp();
    await renderPlan();
    fakeIpc.views.task.mockResolvedValue(taskView("a2", { parent: "a", estimate: 3, status: "done", deleted: true }));
    tasksChanged("a2");
    await waitFor(() => expect(treeIds()).toEqual(["a", "a1", "b"]));
    expect(estimateOf("a")).toHaveTextContent("Σ 3 h");
    expect(fakeIpc.views.tasks).toHaveBeenCalledTimes(1);
  });

  it("puts a new subtask under its parent, which becomes a parent with a rollup", async () => {
    setUp();
    await renderPlan();
    expect(estimateOf("b")).toHaveTextContent("—");
    fakeIpc.views.task.mockResolvedValue(taskView("c", { title: "Collect notes", parent: "b", order: "z", estimate: 2 }));
    tasksChanged("c");
    await waitFor(() => expect(treeIds()).toEqual(["a", "a1", "a2", "b", "c"]));
    expect(rowOf("c")).toHaveAttribute("aria-level", "2");
    expect(estimateOf("b")).toHaveTextContent("Σ 2 h");
    expect(screen.getByText("5 tasks")).toBeInTheDocument();
  });

  it("reloads everything once when a change names more than 50 tasks", async () => {
    setUp();
    await renderPlan();
    fakeIpc.views.tasks.mockResolvedValue([taskView("b", { title: "Retro, reloaded" })]);
    tasksChanged(...Array.from({ length: 51 }, (_, i) => `t${i}`));
    await waitFor(() => expect(treeIds()).toEqual(["b"]));
    expect(titleOf("b")).toBe("Retro, reloaded");
    expect(fakeIpc.views.tasks).toHaveBeenCalledTimes(2);
    expect(fakeIpc.views.task).not.toHaveBeenCalled();
  });

  it("reloads everything when a changed task cannot be read", async () => {
    setUp();
    await renderPlan();
    fakeIpc.views.task.mockRejectedValue(new Error("no task with id a1 in this project"));
    fakeIpc.views.tasks.mockResolvedValue([taskView("b", { title: "Retro" })]);
    tasksChanged("a1");
    await waitFor(() => expect(treeIds()).toEqual(["b"]));
    expect(fakeIpc.views.tasks).toHaveBeenCalledTimes(2);
    expect(screen.queryByText(/no task with id/)).not.toBeInTheDocument();
  });

  it("keeps the newest version of a task when answers come back out of order", async () => {
    setUp();
    await renderPlan();
    let answerFirst!: (t: TaskView) => void;
    let answerSecond!: (t: TaskView) => void;
    fakeIpc.views.task
      .mockReturnValueOnce(new Promise((resolve) => (answerFirst = resolve)))
      .mockReturnValueOnce(new Promise((resolve) => (answerSecond = resolve)));
    tasksChanged("a1");
    tasksChanged("a1");
    await act(async () => answerSecond({ ...a1, title: "Second" }));
    expect(titleOf("a1")).toBe("Second");
    await act(async () => answerFirst({ ...a1, title: "First" }));
    expect(titleOf("a1")).toBe("Second");
  });

  it("does not reload the tasks for changes to other kinds (a risk, a milestone)", async () => {
    setUp();
    await renderPlan();
    act(() => emit.projectChanged("p1", [{ kind: "risk", id: "r1" }]));
    act(() => emit.projectChanged("p1", [{ kind: "milestone", id: "ms1" }]));
    // The milestones panel reloads itself; the tasks it shows are not stale.
    await waitFor(() => expect(fakeIpc.views.milestones).toHaveBeenCalledTimes(2));
    expect(fakeIpc.views.tasks).toHaveBeenCalledTimes(1);
    expect(fakeIpc.views.task).not.toHaveBeenCalled();
    // A change whose items are unknown may have touched anything.
    act(() => emit.projectChanged("p1", []));
    await waitFor(() => expect(fakeIpc.views.tasks).toHaveBeenCalledTimes(2));
  });

  it("shows the patched task on the board too", async () => {
    setUp();
    await renderPlan();
    fakeIpc.views.task.mockResolvedValue({ ...a1, title: "Design v2", status: "blocked" });
    tasksChanged("a1");
    await waitFor(() => expect(titleOf("a1")).toBe("Design v2"));
    act(() => screen.getByTestId("plan-tab-board").click());
    const blocked = (await screen.findAllByTestId("board-column")).find((c) => c.dataset.status === "blocked");
    expect(within(blocked as HTMLElement).getByText("Design v2")).toBeInTheDocument();
  });
});
