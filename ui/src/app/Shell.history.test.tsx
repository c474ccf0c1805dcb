// An item's history opened from the view that shows it: the task drawer's "Show its history"
// switches to the history narrowed to that task, through the shell.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AppInfo, ProjectSummary } from "../ipc";
import { flatTasks, memberView, node } from "../features/plan/testData";
import { fakeIpc, resetFakeIpc } from "../test/fakeIpc";
import { renderWithMantine } from "../test/render";
import { Shell } from "./Shell";

vi.mock("../ipc", async () => (await import("../test/fakeIpc")).fakeIpc);

const apollo: ProjectSummary = { id: "p1", name: "Apollo", current: true };
const info: AppInfo = { home: "/home/ann/.tandem", device: "ab12", current_project: "p1" };

describe("Shell: an item's history", { timeout: 30_000 }, () => {
  beforeEach(() => {
    resetFakeIpc();
    fakeIpc.views.dashboard.mockReturnValue(new Promise(() => {}));
    fakeIpc.syncStatuses.mockResolvedValue([]);
    fakeIpc.views.members.mockResolvedValue([memberView("m1", "Ann")]);
    fakeIpc.views.tasks.mockResolvedValue(flatTasks([node("a", [], { title: "Launch" })]));
    fakeIpc.views.milestones.mockResolvedValue([]);
    fakeIpc.views.meetings.mockResolvedValue([]);
    fakeIpc.views.historyFiltered.mockResolvedValue({ total: 0, offset: 0, count: 0, groups: { by: "none", changes: [] } });
  });

  it("opens the history of the task in the drawer, once its edits are saved or dropped", async () => {
    const user = userEvent.setup();
    renderWithMantine(<Shell info={info} projects={[apollo]} current={apollo} onSelect={vi.fn()} onAdded={vi.fn()} />);
    await user.click(screen.getByTestId("nav-plan"));
    await user.click(await screen.findByTestId("tree-edit"));
    const drawer = await screen.findByTestId("task-drawer");

    await user.type(within(drawer).getByTestId("drawer-title"), "!");
    expect(within(drawer).getByTestId("drawer-history")).toBeDisabled();
    await user.clear(within(drawer).getByTestId("drawer-title"));
    await user.type(within(drawer).getByTestId("drawer-title"), "Launch");

    await user.click(within(drawer).getByTestId("drawer-history"));
    await waitFor(() =>
      expect(fakeIpc.views.historyFiltered).toHaveBeenCalledWith(
        "p1",
        { member: null, item: { kind: "task", id: "a" }, from: null, to: null },
        "none",
        0,
        200,
      ),
    );
    // The request is taken at once: the whole history is never read on the way.
    expect(fakeIpc.views.historyFiltered.mock.calls.every(([, filter]) => filter.item?.id === "a")).toBe(true);
    expect(screen.getByTestId("nav-history")).toHaveAttribute("data-active", "true");
    expect(screen.getByRole("textbox", { name: "About the item" })).toHaveValue("Launch");
    expect(await screen.findByText("No changes match these filters.")).toBeInTheDocument();
  });
});
