// Search hits open the item, not just its view: the shell against a fake IPC, from the palette to the focused item.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AppInfo, ProjectSummary, RiskView, SearchHit } from "../ipc";
import { summary } from "../features/meetings/components/fixtures";
import { flatTasks, memberView, node } from "../features/plan/testData";
import { fakeIpc, resetFakeIpc } from "../test/fakeIpc";
import { renderWithMantine } from "../test/render";
import { Shell } from "./Shell";

vi.mock("../ipc", async () => (await import("../test/fakeIpc")).fakeIpc);

const apollo: ProjectSummary = { id: "p1", name: "Apollo", current: true };
const info: AppInfo = { home: "/home/ann/.tandem", device: "ab12", current_project: "p1" };

function risk(id: string, fields: Partial<RiskView> = {}): RiskView {
  return {
    id,
    title: `Risk ${id}`,
    description: "",
    mitigation: "",
    probability: 2,
    impact: 3,
    score: 6,
    owner: null,
    review: null,
    status: "open",
    created_at: null,
    created_by: null,
    deleted: false,
    ...fields,
  } as RiskView;
}

function renderShell() {
  renderWithMantine(
    <Shell info={info} projects={[apollo]} current={apollo} onSelect={vi.fn()} onAdded={vi.fn()} />,
  );
}

/** Searches through the palette, as a member does, and picks the one hit. */
async function openHit(hit: SearchHit) {
  const user = userEvent.setup();
  fakeIpc.search.mockResolvedValue([hit]);
  await user.click(screen.getByTestId("open-palette"));
  await user.type(await screen.findByTestId("palette-input"), "xy");
  await user.click(await screen.findByTestId("palette-hit"));
}

const notice = () => screen.findByTestId("focus-notice");

// Typing into Mantine's spotlight in jsdom is slow on a busy machine.
describe("Shell: opening a search hit", { timeout: 30_000 }, () => {
  beforeEach(() => {
    resetFakeIpc();
    fakeIpc.views.dashboard.mockReturnValue(new Promise(() => {}));
    fakeIpc.syncStatuses.mockResolvedValue([]);
    fakeIpc.views.members.mockResolvedValue([memberView("m1", "Ann")]);
  });

  it("opens a task in the plan's drawer, from another tab of the plan", async () => {
    fakeIpc.views.tasks.mockResolvedValue(
      flatTasks([node("a", [node("a1", [], { title: "Book the venue" })], { title: "Launch" }), node("b")]),
    );
    fakeIpc.views.milestones.mockResolvedValue([]);
    renderShell();
    await userEvent.click(screen.getByTestId("nav-plan"));
    await userEvent.click(await screen.findByTestId("plan-tab-board"));
    await screen.findAllByTestId("board-card");
    await openHit({ kind: "task", id: "a1", label: "Book the venue", field: "title", snippet: "Book the venue" });

    const drawer = await screen.findByTestId("task-drawer");
    expect(within(drawer).getByTestId("drawer-title")).toHaveValue("Book the venue");
    expect(screen.getByTestId("plan-tab-tree")).toHaveAttribute("aria-selected", "true");
    expect(await notice()).toHaveTextContent("Opened task “Book the venue” in Plan.");
  });

  it("selects a meeting in the meetings view", async () => {
    fakeIpc.views.meetings.mockResolvedValue([summary("mt1", { title: "Kick-off" }), summary("mt2", { title: "Weekly sync" })]);
    fakeIpc.views.decisions.mockResolvedValue([]);
    renderShell();
    await openHit({ kind: "meeting", id: "mt2", label: "Weekly sync", field: "notes", snippet: "…billing…" });

    await waitFor(() => {
      const row = screen.getAllByTestId("meeting-row").find((r) => r.dataset.meetingId === "mt2");
      expect(row).toHaveAttribute("aria-selected", "true");
    });
    expect(fakeIpc.views.meeting).toHaveBeenCalledWith("p1", "mt2");
  });

  it("highlights a risk in the register", async () => {
    fakeIpc.views.risks.mockResolvedValue([risk("r1"), risk("r2", { title: "Vendor goes bust" })]);
    fakeIpc.views.riskMatrix.mockResolvedValue({ cells: [], counts: { open: 2, mitigating: 0, occurred: 0, closed: 0 } } as never);
    fakeIpc.views.issues.mockResolvedValue([]);
    renderShell();
    await openHit({ kind: "risk", id: "r2", label: "Vendor goes bust", field: "title", snippet: "Vendor goes bust" });

    await waitFor(() => {
      const row = screen.getAllByTestId("risk-row").find((r) => r.dataset.riskId === "r2");
      expect(row).toHaveAttribute("data-focused", "true");
    });
    const other = screen.getAllByTestId("risk-row").find((r) => r.dataset.riskId === "r1");
    expect(other).not.toHaveAttribute("data-focused");
  });

  it("says what happened when the view cannot show the item", async () => {
    fakeIpc.views.goals.mockResolvedValue([]);
    renderShell();
    await openHit({ kind: "goal", id: "g9", label: "NPS 40", field: "title", snippet: "NPS 40" });
    expect(await screen.findByTestId("goals-view")).toBeInTheDocument();
    await waitFor(async () => expect(await notice()).toHaveTextContent("That goal is not in this project any more."));
  });

  it("opens the view of a kind it cannot point at, and says so", async () => {
    fakeIpc.views.budget.mockReturnValue(new Promise(() => {}));
    fakeIpc.views.resources.mockReturnValue(new Promise(() => {}));
    fakeIpc.views.budgetLines.mockReturnValue(new Promise(() => {}));
    fakeIpc.views.expenses.mockReturnValue(new Promise(() => {}));
    fakeIpc.views.allocations.mockReturnValue(new Promise(() => {}));
    renderShell();
    await openHit({ kind: "expense", id: "e1", label: "Train tickets", field: "title", snippet: "Train tickets" });
    expect(await notice()).toHaveTextContent(
      "Opened Resources & budget, which lists expenses but cannot point at one: look for “Train tickets” there.",
    );
    expect(screen.getByTestId("nav-budget")).toHaveAttribute("data-active", "true");
  });
});
