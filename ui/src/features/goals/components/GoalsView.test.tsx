// The goals view against a fake IPC: lists goals, adds, edits, records progress, closes, follows changes.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { GoalView, MemberView } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { GoalsView } from "./GoalsView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);
// Typing into Mantine forms is slow in jsdom when the whole suite runs in parallel.
vi.setConfig({ testTimeout: 20000 });

function goal(id: string, fields: Partial<GoalView> = {}): GoalView {
  return {
    id,
    title: `Goal ${id}`,
    description: "",
    horizon: "short",
    metric: "customers",
    baseline: 0,
    target: 10,
    current: 4,
    due: null,
    owner: null,
    status: "active",
    progress: 0.4,
    on_track: null,
    tasks_total: 0,
    tasks_done: 0,
    created_at: null,
    created_by: null,
    deleted: false,
    ...fields,
  } as GoalView;
}

const ann = { id: "m1", name: "Ann", role: "coordinator", title: null, email: null, capacity_hours: 40, active: true, deleted: false } as MemberView;

function row(goalId: string): HTMLElement {
  const found = screen.getAllByTestId("goal-row").find((r) => r.dataset.goalId === goalId);
  if (!found) throw new Error(`no row for goal ${goalId}`);
  return found;
}

const executed = { summary: "ok", created: null, changed: true };

describe("GoalsView", () => {
  beforeEach(() => {
    resetFakeIpc();
    fakeIpc.views.members.mockResolvedValue([ann]);
  });

  it("lists live goals with values, progress, horizon and status", async () => {
    fakeIpc.views.goals.mockResolvedValue([
      goal("g1", { title: "Win customers", owner: "m1", on_track: false }),
      goal("g2", { title: "Old", deleted: true }),
      goal("g3", { title: "Cut latency", horizon: "long", baseline: 400, target: 200, current: 400, progress: 0, status: "achieved" }),
    ]);
    renderWithMantine(<GoalsView projectId="p1" />);

    expect(await screen.findAllByTestId("goal-row")).toHaveLength(2);
    expect(fakeIpc.views.goals).toHaveBeenCalledWith("p1");
    const first = within(row("g1"));
    expect(first.getByTestId("goal-title")).toHaveTextContent("Win customers");
    expect(first.getByTestId("goal-values")).toHaveTextContent("0 → 10");
    expect(first.getByTestId("goal-current")).toHaveValue("4");
    expect(first.getByTestId("goal-progress")).toHaveTextContent("40%");
    expect(await first.findByText("customers · Ann")).toBeInTheDocument();
    expect(first.getByText("Behind schedule")).toBeInTheDocument();
    expect(within(row("g3")).getByText("Long term")).toBeInTheDocument();
    expect(within(row("g3")).getByTestId("goal-status")).toHaveTextContent("achieved");
  });

  it("says how to add the first goal", async () => {
    fakeIpc.views.goals.mockResolvedValue([]);
    renderWithMantine(<GoalsView projectId="p1" />);
    expect(await screen.findByText(/No goals yet\. Name the first one above/)).toBeInTheDocument();
  });

  it("adds a goal with the core's add command and clears the form", async () => {
    const user = userEvent.setup();
    fakeIpc.views.goals.mockResolvedValue([]);
    fakeIpc.execute.mockResolvedValue({ ...executed, created: "g9" });
    renderWithMantine(<GoalsView projectId="p1" />);
    await screen.findByText(/No goals yet/);

    await user.type(screen.getByTestId("new-goal-title"), "Sign customers");
    await user.type(screen.getByLabelText("Metric"), "customers");
    await user.type(screen.getByLabelText("Target"), "12");
    await user.selectOptions(screen.getByLabelText("Horizon"), "long");
    await user.selectOptions(await screen.findByRole("combobox", { name: "Owner" }), "m1");
    await user.click(screen.getByTestId("add-goal"));

    await waitFor(() => expect(screen.getByTestId("new-goal-title")).toHaveValue(""));
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "goal",
      command: {
        action: "add",
        title: "Sign customers",
        description: "",
        horizon: "long",
        metric: "customers",
        baseline: 0,
        target: 12,
        current: null,
        due: null,
        owner: "m1",
      },
    });
  });

  it("keeps the input and shows the core's message when adding fails, and checks numbers first", async () => {
    const user = userEvent.setup();
    fakeIpc.views.goals.mockResolvedValue([]);
    fakeIpc.execute.mockRejectedValue(new Error("target must differ from baseline (both are 0)"));
    renderWithMantine(<GoalsView projectId="p1" />);
    await screen.findByText(/No goals yet/);

    await user.type(screen.getByTestId("new-goal-title"), "Flat");
    await user.type(screen.getByLabelText("Target"), "lots");
    await user.click(screen.getByTestId("add-goal"));
    expect(await screen.findByText("The target must be a number, like 40 or 12.5")).toBeInTheDocument();
    expect(fakeIpc.execute).not.toHaveBeenCalled();

    await user.clear(screen.getByLabelText("Target"));
    await user.type(screen.getByLabelText("Target"), "0");
    await user.click(screen.getByTestId("add-goal"));
    expect(await screen.findByText("target must differ from baseline (both are 0)")).toBeInTheDocument();
    expect(screen.getByTestId("new-goal-title")).toHaveValue("Flat");
  });

  it("records the current value", async () => {
    const user = userEvent.setup();
    fakeIpc.views.goals.mockResolvedValue([goal("g1")]);
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<GoalsView projectId="p1" />);
    await screen.findAllByTestId("goal-row");

    const input = within(row("g1")).getByTestId("goal-current");
    await user.clear(input);
    await user.type(input, "7.5{Enter}");
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "goal",
      command: { action: "record_progress", id: "g1", current: 7.5 },
    });
  });

  it("edits only the changed fields", async () => {
    const user = userEvent.setup();
    fakeIpc.views.goals.mockResolvedValue([goal("g1", { due: "2026-06-30" })]);
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<GoalsView projectId="p1" />);
    await screen.findAllByTestId("goal-row");

    await user.click(within(row("g1")).getByTestId("goal-actions"));
    await user.click(await screen.findByRole("menuitem", { name: "Edit" }));
    const title = await screen.findByTestId("edit-goal-title");
    await user.clear(title);
    await user.type(title, "Win more customers");
    await user.click(screen.getByTestId("save-goal"));

    await waitFor(() =>
      expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
        area: "goal",
        command: { action: "update", id: "g1", patch: { title: "Win more customers" } },
      }),
    );
  });

  it("closes a goal as achieved and deletes one, showing a refusal", async () => {
    const user = userEvent.setup();
    fakeIpc.views.goals.mockResolvedValue([goal("g1")]);
    fakeIpc.execute.mockResolvedValueOnce(executed).mockRejectedValueOnce(new Error("goal g1 is deleted"));
    renderWithMantine(<GoalsView projectId="p1" />);
    await screen.findAllByTestId("goal-row");

    await user.click(within(row("g1")).getByTestId("goal-actions"));
    await user.click(await screen.findByRole("menuitem", { name: "Close as achieved" }));
    await user.click(within(row("g1")).getByTestId("goal-actions"));
    await user.click(await screen.findByRole("menuitem", { name: "Delete" }));

    expect(await screen.findByText("goal g1 is deleted")).toBeInTheDocument();
    expect(fakeIpc.execute.mock.calls).toEqual([
      ["p1", { area: "goal", command: { action: "update", id: "g1", patch: { status: "achieved" } } }],
      ["p1", { area: "item", command: { action: "delete", kind: "goal", id: "g1" } }],
    ]);
  });

  it("reloads when goals change, not when only risks do", async () => {
    fakeIpc.views.goals.mockResolvedValue([goal("g1")]);
    renderWithMantine(<GoalsView projectId="p1" />);
    await screen.findAllByTestId("goal-row");

    fakeIpc.views.goals.mockResolvedValue([goal("g1", { current: 9, progress: 0.9 })]);
    act(() => emit.projectChanged("p1", [{ kind: "risk", id: "r1" }]));
    expect(fakeIpc.views.goals).toHaveBeenCalledTimes(1);

    act(() => emit.projectChanged("p1", [{ kind: "goal", id: "g1" }]));
    await waitFor(() => expect(within(row("g1")).getByTestId("goal-progress")).toHaveTextContent("90%"));
    expect(within(row("g1")).getByTestId("goal-current")).toHaveValue("9");
  });

  it("shows why the goals cannot be loaded", async () => {
    fakeIpc.views.goals.mockRejectedValue(new Error("project p1 not found"));
    renderWithMantine(<GoalsView projectId="p1" />);
    expect(await screen.findByText("project p1 not found")).toBeInTheDocument();
  });
});
