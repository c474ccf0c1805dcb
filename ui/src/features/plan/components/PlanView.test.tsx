// The plan view against a fake IPC: the task tree (add, subtasks, expand, status, drawer, delete), and milestones.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { flatTasks, memberView, milestoneView, node } from "../testData";
import { PlanView } from "./PlanView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

const executed = () => fakeIpc.execute.mock.calls.map(([project, command]) => ({ project, command }));

function rowOf(taskId: string): HTMLElement {
  const found = screen.getAllByTestId("tree-row").find((r) => r.dataset.taskId === taskId);
  if (!found) throw new Error(`no row for task ${taskId}`);
  return found;
}

async function treeIds(): Promise<string[]> {
  return (await screen.findAllByTestId("tree-row")).map((r) => r.dataset.taskId as string);
}

function setUp(tree = [node("a", [node("a1"), node("a2")], { title: "Launch" }), node("b", [], { title: "Retro" })]) {
  fakeIpc.views.tasks.mockResolvedValue(flatTasks(tree));
  fakeIpc.views.milestones.mockResolvedValue([]);
  fakeIpc.views.members.mockResolvedValue([memberView("m1", "Ann"), memberView("m2", "Bo")]);
  fakeIpc.execute.mockResolvedValue({ summary: "ok", created: null, changed: true } as never);
}

describe("PlanView: task tree", () => {
  beforeEach(() => resetFakeIpc());

  it("loads the tree and shows it nested, expanded", async () => {
    setUp([node("a", [node("a1", [], { assignees: ["m1", "m2"], due: "2026-03-02", estimate: 4 })], { title: "Launch" })]);
    renderWithMantine(<PlanView projectId="p1" />);
    expect(screen.getByText("Loading the tasks…")).toBeInTheDocument();
    expect(await treeIds()).toEqual(["a", "a1"]);
    expect(fakeIpc.views.tasks).toHaveBeenCalledWith("p1");
    expect(rowOf("a1")).toHaveAttribute("aria-level", "2");
    await waitFor(() => expect(within(rowOf("a1")).getByText("Ann, Bo")).toBeInTheDocument());
    expect(within(rowOf("a1")).getByText("2026-03-02")).toBeInTheDocument();
    expect(within(rowOf("a1")).getByText("4 h")).toBeInTheDocument();
  });

  it("says how to add the first task, and shows load errors", async () => {
    setUp([]);
    renderWithMantine(<PlanView projectId="p1" />);
    expect(await screen.findByTestId("tree-empty")).toHaveTextContent("No tasks yet.");
    expect(await screen.findByTestId("milestones-empty")).toBeInTheDocument();
  });

  it("shows why the tasks cannot be loaded", async () => {
    setUp();
    fakeIpc.views.tasks.mockRejectedValue(new Error("project p1 not found"));
    renderWithMantine(<PlanView projectId="p1" />);
    expect(await screen.findByText("project p1 not found")).toBeInTheDocument();
  });

  it("collapses and expands a parent", async () => {
    const user = userEvent.setup();
    setUp();
    renderWithMantine(<PlanView projectId="p1" />);
    expect(await treeIds()).toEqual(["a", "a1", "a2", "b"]);
    await user.click(screen.getByLabelText("Collapse Launch"));
    expect(await treeIds()).toEqual(["a", "b"]);
    await user.click(screen.getByLabelText("Expand Launch"));
    expect(await treeIds()).toEqual(["a", "a1", "a2", "b"]);
    await user.click(screen.getByText("Collapse all"));
    expect(await treeIds()).toEqual(["a", "b"]);
  });

  it("adds a task and a subtask, clearing the input after each", async () => {
    const user = userEvent.setup();
    setUp();
    renderWithMantine(<PlanView projectId="p1" />);
    await treeIds();
    const input = screen.getByTestId("tree-new-title");
    expect(screen.getByTestId("tree-add-task")).toBeDisabled();

    await user.type(input, "  Book venue {Enter}");
    await waitFor(() => expect(input).toHaveValue(""));
    await user.click(within(rowOf("b")).getByTestId("tree-add-subtask"));
    expect(screen.getByTestId("tree-add-parent")).toHaveTextContent("under Retro");
    await user.type(input, "Collect notes");
    await user.click(screen.getByTestId("tree-add-task"));
    await waitFor(() => expect(input).toHaveValue(""));

    expect(executed()).toEqual([
      { project: "p1", command: { area: "task", command: { action: "add", title: "Book venue" } } },
      { project: "p1", command: { area: "task", command: { action: "add", title: "Collect notes", parent: "b" } } },
    ]);
  });

  it("keeps the title and shows the core's message when adding fails", async () => {
    const user = userEvent.setup();
    setUp();
    fakeIpc.execute.mockRejectedValue(new Error("title is too long (at most 300 characters)"));
    renderWithMantine(<PlanView projectId="p1" />);
    await treeIds();
    await user.type(screen.getByTestId("tree-new-title"), "Something{Enter}");
    expect(await screen.findByText("title is too long (at most 300 characters)")).toBeInTheDocument();
    expect(screen.getByTestId("tree-new-title")).toHaveValue("Something");
  });

  it("changes a status inline and shows a refused transition", async () => {
    const user = userEvent.setup();
    setUp();
    fakeIpc.execute
      .mockResolvedValueOnce({ summary: "ok", created: null, changed: true } as never)
      .mockRejectedValueOnce(new Error("a task cannot go from todo to done: task a has 2 open subtask(s)"));
    renderWithMantine(<PlanView projectId="p1" />);
    await treeIds();
    await user.selectOptions(screen.getByLabelText("Status of Retro"), "blocked");
    await user.selectOptions(screen.getByLabelText("Status of Launch"), "done");
    expect(await screen.findByTestId("plan-error")).toHaveTextContent("task a has 2 open subtask(s)");
    expect(executed().map((c) => c.command)).toEqual([
      { area: "task", command: { action: "update", id: "b", patch: { status: "blocked" } } },
      { area: "task", command: { action: "update", id: "a", patch: { status: "done" } } },
    ]);
  });

  it("soft-deletes a task and can undo it", async () => {
    const user = userEvent.setup();
    setUp();
    renderWithMantine(<PlanView projectId="p1" />);
    await treeIds();
    await user.click(within(rowOf("a")).getByTestId("tree-delete"));
    expect(await screen.findByTestId("tree-deleted")).toHaveTextContent("Deleted “Launch” and its subtasks.");
    await user.click(screen.getByTestId("tree-undo-delete"));
    await waitFor(() => expect(screen.queryByTestId("tree-deleted")).not.toBeInTheDocument());
    expect(executed().map((c) => c.command)).toEqual([
      { area: "item", command: { action: "delete", kind: "task", id: "a" } },
      { area: "item", command: { action: "restore", kind: "task", id: "a" } },
    ]);
  });

  it("edits the fields in the drawer and sends only what changed", async () => {
    const user = userEvent.setup();
    setUp([node("a", [], { title: "Launch", estimate: 4, start: "2026-03-02" })]);
    renderWithMantine(<PlanView projectId="p1" />);
    await treeIds();
    await user.click(within(rowOf("a")).getByTestId("tree-edit"));
    const drawer = await screen.findByTestId("task-drawer");
    const title = within(drawer).getByTestId("drawer-title");
    await user.clear(title);
    await user.type(title, "Launch v2");
    await user.clear(within(drawer).getByTestId("drawer-estimate"));
    await user.type(within(drawer).getByTestId("drawer-estimate"), "12");
    await user.clear(within(drawer).getByTestId("drawer-start"));
    await user.type(within(drawer).getByTestId("drawer-due"), "2026-03-20");
    await user.click(within(drawer).getByTestId("drawer-save"));
    await waitFor(() => expect(screen.queryByTestId("task-drawer")).not.toBeInTheDocument());
    expect(executed().map((c) => c.command)).toEqual([
      {
        area: "task",
        command: {
          action: "update",
          id: "a",
          patch: { title: "Launch v2", estimate: { set: 12 }, start: "clear", due: { set: "2026-03-20" } },
        },
      },
    ]);
  });

  it("keeps the drawer open with the core's message when saving fails", async () => {
    const user = userEvent.setup();
    setUp([node("a", [], { title: "Launch", start: "2026-03-10" })]);
    fakeIpc.execute.mockRejectedValue(new Error("start 2026-03-10 is after due 2026-03-01; move one of them"));
    renderWithMantine(<PlanView projectId="p1" />);
    await treeIds();
    await user.click(within(rowOf("a")).getByTestId("tree-edit"));
    const drawer = await screen.findByTestId("task-drawer");
    await user.type(within(drawer).getByTestId("drawer-due"), "2026-03-01");
    await user.click(within(drawer).getByTestId("drawer-save"));
    expect(await within(drawer).findByText(/is after due 2026-03-01/)).toBeInTheDocument();
    expect(within(drawer).getByTestId("drawer-due")).toHaveValue("2026-03-01");
  });

  it("adds and removes dependencies and assignees from the drawer", async () => {
    const user = userEvent.setup();
    setUp([
      node("a", [], { title: "Launch", depends_on: ["b"], assignees: ["m1"] }),
      node("b", [], { title: "Build" }),
      node("c", [], { title: "Test" }),
    ]);
    renderWithMantine(<PlanView projectId="p1" />);
    await treeIds();
    await user.click(within(rowOf("a")).getByTestId("tree-edit"));
    const drawer = await screen.findByTestId("task-drawer");
    expect(within(drawer).getByTestId("drawer-dependency")).toHaveTextContent("Build");

    await user.click(within(drawer).getByLabelText("Stop waiting for Build"));
    await user.click(within(drawer).getByLabelText("Add a dependency"));
    await user.click(await screen.findByRole("option", { name: "Test" }));
    await user.click(within(drawer).getByTestId("drawer-assignees"));
    await user.click(await screen.findByRole("option", { name: "Bo" }));

    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(3));
    expect(executed().map((c) => c.command)).toEqual([
      { area: "task", command: { action: "remove_dependency", id: "a", on: "b" } },
      { area: "task", command: { action: "add_dependency", id: "a", on: "c" } },
      { area: "task", command: { action: "assign", id: "a", member: "m2" } },
    ]);
  });

  it("moves a task under another parent, or to the top level, from the drawer", async () => {
    const user = userEvent.setup();
    setUp([
      node("a", [node("a1", [node("a1x", [], { title: "Deep" })], { title: "Venue" })], { title: "Launch" }),
      node("b", [node("b1", [], { title: "Slides" })], { title: "Retro" }),
      node("c", [], { title: "Budget" }),
    ]);
    renderWithMantine(<PlanView projectId="p1" />);
    await treeIds();
    await user.click(within(rowOf("a")).getByTestId("tree-edit"));
    let drawer = await screen.findByTestId("task-drawer");

    // The picker offers the top level and every task but "Launch" and its subtasks (a loop).
    await user.click(within(drawer).getByTestId("drawer-parent"));
    const offered = within(await screen.findByRole("listbox")).getAllByRole("option").map((o) => o.textContent);
    expect(offered).toEqual(["None (top level)", "Retro", "Slides", "Budget"]);
    await user.click(screen.getByRole("option", { name: "Retro" }));
    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(1));

    // A subtask to the top level: after the last top-level task.
    await user.click(within(drawer).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("task-drawer")).not.toBeInTheDocument());
    await user.click(within(rowOf("b1")).getByTestId("tree-edit"));
    drawer = await screen.findByTestId("task-drawer");
    expect(within(drawer).getByTestId("drawer-parent")).toHaveValue("Retro");
    await user.click(within(drawer).getByTestId("drawer-parent"));
    await user.click(await screen.findByRole("option", { name: "None (top level)" }));
    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(2));

    expect(executed().map((c) => c.command)).toEqual([
      { area: "task", command: { action: "move", id: "a", parent: { set: "b" }, after: "b1" } },
      { area: "task", command: { action: "move", id: "b1", parent: "clear", after: "c" } },
    ]);
  });

  it("shows the core's refusal of a move in the drawer", async () => {
    const user = userEvent.setup();
    setUp([node("a", [], { title: "Launch" }), node("b", [], { title: "Retro" })]);
    fakeIpc.execute.mockRejectedValue(new Error("task a cannot move under b: b is below it"));
    renderWithMantine(<PlanView projectId="p1" />);
    await treeIds();
    await user.click(within(rowOf("a")).getByTestId("tree-edit"));
    const drawer = await screen.findByTestId("task-drawer");
    await user.click(within(drawer).getByTestId("drawer-parent"));
    await user.click(await screen.findByRole("option", { name: "Retro" }));
    expect(await within(drawer).findByText("task a cannot move under b: b is below it")).toBeInTheDocument();
  });

  it("adds and removes tags from the drawer", async () => {
    const user = userEvent.setup();
    setUp([node("a", [], { title: "Launch", tags: ["backend", "q2"] })]);
    renderWithMantine(<PlanView projectId="p1" />);
    await treeIds();
    await user.click(within(rowOf("a")).getByTestId("tree-edit"));
    const drawer = await screen.findByTestId("task-drawer");
    expect(within(drawer).getAllByTestId("drawer-tag").map((t) => t.textContent)).toEqual(["#backend", "#q2"]);
    expect(within(drawer).getByTestId("drawer-add-tag")).toBeDisabled();

    await user.type(within(drawer).getByTestId("drawer-new-tag"), " Urgent {Enter}");
    await waitFor(() => expect(within(drawer).getByTestId("drawer-new-tag")).toHaveValue(""));
    await user.click(within(drawer).getByLabelText("Remove tag q2"));
    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(2));

    expect(executed().map((c) => c.command)).toEqual([
      { area: "task", command: { action: "tag", id: "a", tag: "Urgent" } },
      { area: "task", command: { action: "untag", id: "a", tag: "q2" } },
    ]);
  });

  it("keeps a refused tag in the field with the core's message", async () => {
    const user = userEvent.setup();
    setUp([node("a", [], { title: "Launch" })]);
    fakeIpc.execute.mockRejectedValue(new Error(`tag "two words" contains spaces; use '-' instead`));
    renderWithMantine(<PlanView projectId="p1" />);
    await treeIds();
    await user.click(within(rowOf("a")).getByTestId("tree-edit"));
    const drawer = await screen.findByTestId("task-drawer");
    await user.type(within(drawer).getByTestId("drawer-new-tag"), "two words");
    await user.click(within(drawer).getByTestId("drawer-add-tag"));
    expect(await within(drawer).findByText(/contains spaces; use '-' instead/)).toBeInTheDocument();
    expect(within(drawer).getByTestId("drawer-new-tag")).toHaveValue("two words");
  });

  it("virtualises a large tree", async () => {
    // jsdom has no layout: give every box a screenful of height, as the app's scroll box has.
    vi.spyOn(Element.prototype, "clientHeight", "get").mockReturnValue(600);
    vi.spyOn(Element.prototype, "clientWidth", "get").mockReturnValue(1000);
    setUp(Array.from({ length: 2000 }, (_, i) => node(`t${i}`)));
    renderWithMantine(<PlanView projectId="p1" />);
    const rows = await screen.findAllByTestId("tree-row");
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(100);
    expect(screen.getByText("2000 tasks")).toBeInTheDocument();
  });
});

describe("PlanView: milestones", () => {
  beforeEach(() => resetFakeIpc());

  function milestoneRow(id: string): HTMLElement {
    const found = screen.getAllByTestId("milestone-row").find((r) => r.dataset.milestoneId === id);
    if (!found) throw new Error(`no row for milestone ${id}`);
    return found;
  }

  it("lists live milestones with due date, status and progress", async () => {
    setUp();
    fakeIpc.views.milestones.mockResolvedValue([
      milestoneView("m1", { title: "Beta", due: "2026-04-01", tasks_total: 4, tasks_done: 1 }),
      milestoneView("m2", { title: "Gone", deleted: true }),
      milestoneView("m3", { title: "GA", status: "reached" }),
    ]);
    renderWithMantine(<PlanView projectId="p1" />);
    const rows = await screen.findAllByTestId("milestone-row");
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining("Beta2026-04-01open1/4"),
      expect.stringContaining("GA2026-03-01reached0/0"),
    ]);
  });

  it("adds a milestone once it has a title and a date", async () => {
    const user = userEvent.setup();
    setUp();
    renderWithMantine(<PlanView projectId="p1" />);
    await screen.findByTestId("milestones-empty");
    await user.type(screen.getByTestId("new-milestone-title"), "Beta");
    expect(screen.getByTestId("add-milestone")).toBeDisabled();
    await user.type(screen.getByTestId("new-milestone-due"), "2026-04-01");
    await user.click(screen.getByTestId("add-milestone"));
    await waitFor(() => expect(screen.getByTestId("new-milestone-title")).toHaveValue(""));
    expect(executed()).toEqual([
      { project: "p1", command: { area: "milestone", command: { action: "add", title: "Beta", due: "2026-04-01" } } },
    ]);
  });

  it("completes, edits and deletes a milestone", async () => {
    const user = userEvent.setup();
    setUp();
    fakeIpc.views.milestones.mockResolvedValue([milestoneView("m1", { title: "Beta", due: "2026-04-01" })]);
    renderWithMantine(<PlanView projectId="p1" />);
    await screen.findAllByTestId("milestone-row");

    await user.click(within(milestoneRow("m1")).getByTestId("milestone-complete"));
    await user.click(within(milestoneRow("m1")).getByTestId("milestone-edit"));
    const title = within(milestoneRow("m1")).getByTestId("milestone-edit-title");
    await user.clear(title);
    await user.type(title, "Public beta");
    await user.clear(within(milestoneRow("m1")).getByTestId("milestone-edit-due"));
    await user.type(within(milestoneRow("m1")).getByTestId("milestone-edit-due"), "2026-04-15");
    await user.click(within(milestoneRow("m1")).getByTestId("milestone-save"));
    await waitFor(() => expect(within(milestoneRow("m1")).queryByTestId("milestone-save")).not.toBeInTheDocument());
    await user.click(within(milestoneRow("m1")).getByTestId("milestone-delete"));

    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(3));
    expect(executed().map((c) => c.command)).toEqual([
      { area: "milestone", command: { action: "update", id: "m1", status: "reached" } },
      { area: "milestone", command: { action: "update", id: "m1", title: "Public beta", due: "2026-04-15" } },
      { area: "item", command: { action: "delete", kind: "milestone", id: "m1" } },
    ]);
  });
});
