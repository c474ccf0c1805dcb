// The board against a fake IPC: columns by status, drops turned into core commands, refused moves put back.
import type { DragEndEvent } from "@dnd-kit/core";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { flatTasks, memberView, node, taskView } from "../testData";
import { PlanView } from "./PlanView";
import { TaskBoard } from "./TaskBoard";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

// The board's DndContext, wrapped so a test can hand it the drop dnd-kit would report.
const dnd = vi.hoisted(() => ({ onDragEnd: null as ((e: DragEndEvent) => void) | null }));
vi.mock("@dnd-kit/core", async (importOriginal) => {
  const real = await importOriginal<typeof import("@dnd-kit/core")>();
  const { createElement } = await import("react");
  return {
    ...real,
    DndContext: (props: Parameters<typeof real.DndContext>[0]) => {
      dnd.onDragEnd = props.onDragEnd ?? null;
      return createElement(real.DndContext, props);
    },
  };
});

/** Drops the card of `taskId` on a dnd-kit droppable id (`column:<status>` or `card:<task id>`). */
async function drop(taskId: string, overId: string | null) {
  const event = { active: { id: `card:${taskId}` }, over: overId === null ? null : { id: overId } } as unknown as DragEndEvent;
  await act(async () => dnd.onDragEnd?.(event));
}

/** Each column as `status: card ids`. */
function columns(): string[] {
  return screen.getAllByTestId("board-column").map((col) => {
    const cards = within(col).queryAllByTestId("board-card").map((c) => c.dataset.taskId);
    return `${col.dataset.status}: ${cards.join(" ")}`;
  });
}

const tasks = [
  taskView("a", { title: "Write", assignees: ["m1"], due: "2026-03-02" }),
  taskView("b", { title: "Review" }),
  taskView("c", { title: "Ship", status: "in_progress" }),
  taskView("d", { title: "Old", status: "done" }),
];
const names = new Map([["m1", "Ann"]]);
const executed = () => fakeIpc.execute.mock.calls.map(([, command]) => command);

describe("TaskBoard", () => {
  beforeEach(() => {
    resetFakeIpc();
    dnd.onDragEnd = null;
  });

  it("puts each task in its status column", () => {
    renderWithMantine(<TaskBoard projectId="p1" tasks={tasks} memberNames={names} />);
    expect(columns()).toEqual(["todo: a b", "in_progress: c", "blocked: ", "done: d", "cancelled: "]);
    const card = screen.getAllByTestId("board-card")[0] as HTMLElement;
    expect(card).toHaveTextContent("Write");
    expect(card).toHaveTextContent("Ann");
    expect(card).toHaveTextContent("due 2026-03-02");
  });

  it("says how to get cards on an empty board", () => {
    renderWithMantine(<TaskBoard projectId="p1" tasks={[]} memberNames={names} />);
    expect(screen.getByTestId("board-empty")).toHaveTextContent("No tasks yet.");
  });

  it("moves a card to the column it is dropped on and sends the status change", async () => {
    let finish: () => void = () => {};
    fakeIpc.execute.mockImplementation(() => new Promise((resolve) => (finish = () => resolve({} as never))));
    renderWithMantine(<TaskBoard projectId="p1" tasks={tasks} memberNames={names} />);
    const dropping = drop("a", "column:blocked");
    // Shown in its new column while the core decides.
    await waitFor(() => expect(columns()).toContain("blocked: a"));
    await act(async () => finish());
    await dropping;
    expect(executed()).toEqual([{ area: "task", command: { action: "update", id: "a", patch: { status: "blocked" } } }]);
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", expect.anything());
    expect(columns()).toContain("blocked: a");
  });

  it("changes the status when dropped on a card in another column", async () => {
    fakeIpc.execute.mockResolvedValue({} as never);
    renderWithMantine(<TaskBoard projectId="p1" tasks={tasks} memberNames={names} />);
    await drop("b", "card:c");
    expect(executed()).toEqual([{ area: "task", command: { action: "update", id: "b", patch: { status: "in_progress" } } }]);
  });

  it("puts the card back and shows the core's message when the move is refused", async () => {
    fakeIpc.execute.mockRejectedValue(
      new Error("a task cannot go from done to blocked; allowed: todo, in_progress"),
    );
    renderWithMantine(<TaskBoard projectId="p1" tasks={tasks} memberNames={names} />);
    await drop("d", "column:blocked");
    expect(await screen.findByTestId("board-error")).toHaveTextContent("a task cannot go from done to blocked");
    expect(columns()).toEqual(["todo: a b", "in_progress: c", "blocked: ", "done: d", "cancelled: "]);
  });

  it("reorders siblings within a column with the core's move command", async () => {
    fakeIpc.execute.mockResolvedValue({} as never);
    renderWithMantine(<TaskBoard projectId="p1" tasks={tasks} memberNames={names} />);
    await drop("b", "card:a");
    expect(executed()).toEqual([{ area: "task", command: { action: "move", id: "b", after: null } }]);
  });

  it("explains why tasks of different parents do not reorder, and sends nothing", async () => {
    const mixed = [taskView("a", { title: "Write" }), taskView("s", { title: "Sub", parent: "x" })];
    renderWithMantine(<TaskBoard projectId="p1" tasks={mixed} memberNames={names} />);
    await drop("s", "card:a");
    expect(await screen.findByTestId("board-error")).toHaveTextContent("belong to different parent tasks");
    expect(fakeIpc.execute).not.toHaveBeenCalled();
  });

  it("ignores a drop outside any column", async () => {
    renderWithMantine(<TaskBoard projectId="p1" tasks={tasks} memberNames={names} />);
    await drop("a", null);
    expect(fakeIpc.execute).not.toHaveBeenCalled();
  });

  it("is the plan's board tab, fed by the plan's tasks", async () => {
    const user = userEvent.setup();
    fakeIpc.views.tasks.mockResolvedValue(flatTasks([node("p", [node("k", [], { status: "blocked" })], { status: "in_progress" })]));
    fakeIpc.views.milestones.mockResolvedValue([]);
    fakeIpc.views.members.mockResolvedValue([memberView("m1", "Ann")]);
    renderWithMantine(<PlanView projectId="p1" />);
    await user.click(screen.getByTestId("plan-tab-board"));
    await waitFor(() => expect(columns()).toEqual(["todo: ", "in_progress: p", "blocked: k", "done: ", "cancelled: "]));
  });
});
