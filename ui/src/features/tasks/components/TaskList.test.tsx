// The task list against a fake IPC module: shows tasks, adds, ticks done, changes status, follows change events.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { TaskItem } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { TaskList } from "./TaskList";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

function task(id: string, fields: Partial<TaskItem> = {}): TaskItem {
  return { id, title: `Task ${id}`, status: "todo", assignees: [], due: null, estimate: null, parent: null, ...fields };
}

/** Each row as `title | status`, in order: what the member sees, compactly. */
async function rows(): Promise<string[]> {
  const found = await screen.findAllByTestId("task-row");
  return found.map(
    (row) => `${within(row).getByTestId("task-title").textContent} | ${within(row).getByTestId("task-status").textContent}`,
  );
}

function row(taskId: string): HTMLElement {
  const found = screen.getAllByTestId("task-row").find((r) => r.dataset.taskId === taskId);
  if (!found) throw new Error(`no row for task ${taskId}`);
  return found;
}

describe("TaskList", () => {
  beforeEach(() => {
    resetFakeIpc();
  });

  it("lists the project's tasks with status, assignees and due date", async () => {
    fakeIpc.listTasks.mockResolvedValue([
      task("t1", { title: "Write brief", status: "in_progress", assignees: ["Ann", "Bo"], due: "2000-01-01" }),
      task("t2", { title: "Ship it", status: "done" }),
    ]);
    renderWithMantine(<TaskList projectId="p1" />);

    expect(await rows()).toEqual(["Write brief | in_progress", "Ship it | done"]);
    expect(fakeIpc.listTasks).toHaveBeenCalledWith("p1");
    expect(within(row("t1")).getByText("Ann, Bo")).toBeInTheDocument();
    expect(within(row("t1")).getByText(/2000-01-01/)).toHaveTextContent("2000-01-01 (overdue)");
    expect(within(row("t1")).getByTestId("task-done")).not.toBeChecked();
    expect(within(row("t2")).getByTestId("task-done")).toBeChecked();
    expect(within(row("t2")).getByText("Unassigned")).toBeInTheDocument();
  });

  it("says so when there are no tasks", async () => {
    fakeIpc.listTasks.mockResolvedValue([]);
    renderWithMantine(<TaskList projectId="p1" />);
    expect(await screen.findByText("No tasks yet. Add the first one above.")).toBeInTheDocument();
  });

  it("adds a task with the button and with Enter, and clears the input", async () => {
    const user = userEvent.setup();
    fakeIpc.listTasks.mockResolvedValue([]);
    fakeIpc.addTask
      .mockResolvedValueOnce(task("t1", { title: "Book the room" }))
      .mockResolvedValueOnce(task("t2", { title: "Send agenda" }));
    renderWithMantine(<TaskList projectId="p1" />);
    await screen.findByText(/No tasks yet/);

    const input = screen.getByTestId("new-task-title");
    expect(screen.getByTestId("add-task")).toBeDisabled();
    await user.type(input, "  Book the room ");
    await user.click(screen.getByTestId("add-task"));
    expect(await rows()).toEqual(["Book the room | todo"]);
    expect(input).toHaveValue("");

    await user.type(input, "Send agenda{Enter}");
    expect(await rows()).toEqual(["Book the room | todo", "Send agenda | todo"]);
    expect(fakeIpc.addTask.mock.calls).toEqual([
      ["p1", "Book the room"],
      ["p1", "Send agenda"],
    ]);
  });

  it("keeps the title and shows the message when adding fails", async () => {
    const user = userEvent.setup();
    fakeIpc.listTasks.mockResolvedValue([]);
    fakeIpc.addTask.mockRejectedValue(new Error("the title is too long"));
    renderWithMantine(<TaskList projectId="p1" />);
    await screen.findByText(/No tasks yet/);

    await user.type(screen.getByTestId("new-task-title"), "Something{Enter}");
    expect(await screen.findByText("the title is too long")).toBeInTheDocument();
    expect(screen.getByTestId("new-task-title")).toHaveValue("Something");
  });

  it("ticks a task done and back to todo", async () => {
    const user = userEvent.setup();
    fakeIpc.listTasks.mockResolvedValue([task("t1")]);
    fakeIpc.setTaskStatus
      .mockResolvedValueOnce(task("t1", { status: "done" }))
      .mockResolvedValueOnce(task("t1", { status: "todo" }));
    renderWithMantine(<TaskList projectId="p1" />);
    await rows();

    await user.click(within(row("t1")).getByTestId("task-done"));
    await waitFor(() => expect(within(row("t1")).getByTestId("task-status")).toHaveTextContent("done"));
    expect(within(row("t1")).getByTestId("task-done")).toBeChecked();

    await user.click(within(row("t1")).getByTestId("task-done"));
    await waitFor(() => expect(within(row("t1")).getByTestId("task-status")).toHaveTextContent("todo"));
    expect(fakeIpc.setTaskStatus.mock.calls).toEqual([
      ["p1", "t1", "done"],
      ["p1", "t1", "todo"],
    ]);
  });

  it("sets any status from the select", async () => {
    const user = userEvent.setup();
    fakeIpc.listTasks.mockResolvedValue([task("t1", { title: "Deploy" })]);
    fakeIpc.setTaskStatus.mockResolvedValue(task("t1", { title: "Deploy", status: "blocked" }));
    renderWithMantine(<TaskList projectId="p1" />);
    await rows();

    await user.selectOptions(screen.getByLabelText("Status of Deploy"), "blocked");
    expect(await rows()).toEqual(["Deploy | blocked"]);
    expect(fakeIpc.setTaskStatus).toHaveBeenCalledWith("p1", "t1", "blocked");
  });

  it("reloads when its project changes, and ignores other projects", async () => {
    fakeIpc.listTasks.mockResolvedValue([task("t1", { title: "Old" })]);
    renderWithMantine(<TaskList projectId="p1" />);
    expect(await rows()).toEqual(["Old | todo"]);

    fakeIpc.listTasks.mockResolvedValue([task("t1", { title: "Old", status: "done" }), task("t2", { title: "New" })]);
    act(() => emit.projectChanged("other-project"));
    expect(fakeIpc.listTasks).toHaveBeenCalledTimes(1);

    act(() => emit.projectChanged("p1"));
    await waitFor(async () => expect(await rows()).toEqual(["Old | done", "New | todo"]));
    expect(fakeIpc.listTasks).toHaveBeenCalledTimes(2);
  });

  it("coalesces a burst of change events into one more load", async () => {
    let finishLoad: (tasks: TaskItem[]) => void = () => {};
    fakeIpc.listTasks.mockResolvedValueOnce([task("t1")]);
    renderWithMantine(<TaskList projectId="p1" />);
    await rows();

    fakeIpc.listTasks.mockImplementation(() => new Promise((resolve) => (finishLoad = resolve)));
    act(() => {
      for (let i = 0; i < 5; i++) emit.projectChanged("p1");
    });
    expect(fakeIpc.listTasks).toHaveBeenCalledTimes(2);
    await act(async () => finishLoad([task("t1"), task("t2")]));
    // The four events that came in during the load ask for one more load, not four.
    await waitFor(() => expect(fakeIpc.listTasks).toHaveBeenCalledTimes(3));
    await act(async () => finishLoad([task("t1"), task("t2"), task("t3")]));
    expect(await rows()).toHaveLength(3);
    expect(fakeIpc.listTasks).toHaveBeenCalledTimes(3);
  });

  it("shows why the tasks cannot be loaded", async () => {
    fakeIpc.listTasks.mockRejectedValue(new Error("project p1 not found"));
    renderWithMantine(<TaskList projectId="p1" />);
    expect(await screen.findByText("project p1 not found")).toBeInTheDocument();
  });
});
