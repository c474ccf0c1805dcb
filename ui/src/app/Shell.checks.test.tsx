// The checks through the shell: the notice after a merge opens the Checks view, and an item a
// finding names opens in the view that shows it (a task in the plan, focused).
import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AppInfo, Finding, ProjectSummary } from "../ipc";
import { flatTasks, memberView, node } from "../features/plan/testData";
import { emit, fakeIpc, resetFakeIpc } from "../test/fakeIpc";
import { renderWithMantine } from "../test/render";
import { Shell } from "./Shell";

vi.mock("../ipc", async () => (await import("../test/fakeIpc")).fakeIpc);

const apollo: ProjectSummary = { id: "p1", name: "Apollo", current: true };
const info: AppInfo = { home: "/home/ann/.tandem", device: "ab12", current_project: "p1" };

const cycle: Finding = {
  kind: "dependency_cycle",
  severity: "error",
  key: "a,b",
  message: "'Launch' waits for 'Test', which waits for 'Launch'",
  items: [
    { kind: "task", id: "a" },
    { kind: "task", id: "b" },
  ],
  caused_by: [],
};
const labels = [
  { item: { kind: "task" as const, id: "a" }, label: "Launch" },
  { item: { kind: "task" as const, id: "b" }, label: "Test" },
];

describe("Shell: plan checks", { timeout: 30_000 }, () => {
  beforeEach(() => {
    resetFakeIpc();
    fakeIpc.views.dashboard.mockReturnValue(new Promise(() => {}));
    fakeIpc.syncStatuses.mockResolvedValue([]);
    fakeIpc.views.members.mockResolvedValue([memberView("m1", "Ann")]);
    fakeIpc.views.tasks.mockResolvedValue(
      flatTasks([node("a", [], { title: "Launch" }), node("b", [], { title: "Test" })]),
    );
    fakeIpc.views.milestones.mockResolvedValue([]);
    fakeIpc.views.checks.mockResolvedValue({ today: "2026-12-01", findings: [cycle], labels });
  });

  it("goes from the notice after a merge to the checks, and from a finding to its task", async () => {
    const user = userEvent.setup();
    renderWithMantine(<Shell info={info} projects={[apollo]} current={apollo} onSelect={vi.fn()} onAdded={vi.fn()} />);
    await waitFor(() => expect(fakeIpc.onMergeFindings).toHaveBeenCalled());
    await act(async () => {});
    act(() => emit.mergeFindings({ project: "p1", name: "Apollo", total: 1, findings: [cycle], labels }));
    await user.click(await screen.findByTestId("open-checks"));
    expect(screen.getByTestId("nav-checks")).toHaveAttribute("data-active", "true");
    expect(fakeIpc.views.checks).toHaveBeenCalledWith("p1");

    const [, test] = await screen.findAllByTestId("finding-item");
    await user.click(test!);
    expect(screen.getByTestId("nav-plan")).toHaveAttribute("data-active", "true");
    expect(await screen.findByTestId("focus-notice")).toHaveTextContent("Opened task “Test” in Plan.");
  });
});
