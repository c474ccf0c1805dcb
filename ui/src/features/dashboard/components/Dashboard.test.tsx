// The dashboard against a fake IPC: health and reasons, progress, counts, overdue, milestones, goals,
// budget burn, the health override, and live refresh.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DashboardView, MemberView } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { formatMoney } from "../utils/health";
import { Dashboard } from "./Dashboard";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);
// Typing into Mantine forms is slow in jsdom when the whole suite runs in parallel.
vi.setConfig({ testTimeout: 20000 });

function dashboard(fields: Partial<DashboardView> = {}): DashboardView {
  return {
    today: "2026-03-10",
    name: "Apollo",
    client: "ACME",
    currency: "EUR",
    health: "at_risk",
    health_overridden: false,
    health_computed: "at_risk",
    health_reasons: ["2 of 5 open tasks are overdue (more than 10%)"],
    percent_complete: 42.5,
    tasks_open: 5,
    tasks_done: 3,
    tasks_overdue: 2,
    overdue: [
      { id: "t1", title: "Book venue", due: "2026-03-01", assignees: ["m1"], assignee_names: ["Ann"], days_late: 9 },
      { id: "t2", title: "Print flyers", due: "2026-03-09", assignees: [], assignee_names: [], days_late: 1 },
    ],
    next_milestones: [
      { id: "ms1", title: "Launch", description: "", due: "2026-04-01", status: "open", tasks_total: 4, tasks_done: 1, deleted: false },
    ],
    goals: [
      { id: "g1", title: "Sign customers", horizon: "short", metric: "customers", current: 3, target: 10, progress: 0.3, on_track: false },
    ],
    budget: { project_budget: 500000, lines: { planned: 400000, committed: 50000, actual: 123450, remaining: 226550 } },
    ...fields,
  } as DashboardView;
}

const ann = { id: "m1", name: "Ann", role: "coordinator", title: null, email: null, capacity_hours: 40, active: true, deleted: false } as MemberView;

describe("Dashboard", () => {
  beforeEach(() => {
    resetFakeIpc();
    // jsdom lays nothing out, so recharts warns that the chart has no size; the chart is not under test here.
    const warn = console.warn.bind(console);
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).includes("of chart should be greater than 0")) warn(...args);
    });
    fakeIpc.views.members.mockResolvedValue([ann]);
  });

  it("shows health with its reasons, progress and the counts", async () => {
    fakeIpc.views.dashboard.mockResolvedValue(dashboard());
    renderWithMantine(<Dashboard projectId="p1" />);

    const health = await screen.findByTestId("dashboard-health");
    expect(fakeIpc.views.dashboard).toHaveBeenCalledWith("p1");
    expect(within(health).getByTestId("dashboard-health-value")).toHaveTextContent("At risk");
    expect(within(health).getByText("2 of 5 open tasks are overdue (more than 10%)")).toBeInTheDocument();
    expect(within(health).queryByTestId("dashboard-health-override")).not.toBeInTheDocument();
    expect(within(screen.getByTestId("dashboard-progress")).getByTestId("dashboard-percent")).toHaveTextContent("42.5%");
    expect(screen.getByTestId("dashboard-open")).toHaveTextContent("5");
    expect(screen.getByTestId("dashboard-done")).toHaveTextContent("3");
    expect(screen.getByTestId("dashboard-overdue-count")).toHaveTextContent("2");
    expect(screen.getByText("Client: ACME")).toBeInTheDocument();
    expect(await screen.findByTestId("dashboard-member")).toHaveTextContent("Anncoordinator");
  });

  it("lists overdue tasks, next milestones and active goals", async () => {
    fakeIpc.views.dashboard.mockResolvedValue(dashboard());
    renderWithMantine(<Dashboard projectId="p1" />);

    const overdue = await screen.findByTestId("dashboard-overdue");
    const rows = within(overdue).getAllByTestId("dashboard-overdue-row");
    expect(rows.map((r) => r.textContent)).toEqual([
      "Book venuedue 2026-03-01, 9 days lateAnn",
      "Print flyersdue 2026-03-09, 1 day lateUnassigned",
    ]);
    expect(within(screen.getByTestId("dashboard-milestones")).getByText("Launch")).toBeInTheDocument();
    expect(within(screen.getByTestId("dashboard-milestones")).getByText("1/4 tasks done")).toBeInTheDocument();
    const goal = within(screen.getByTestId("dashboard-goals")).getByTestId("dashboard-goal");
    expect(goal).toHaveTextContent("Sign customers");
    expect(goal).toHaveTextContent("3 of 10 customers");
    expect(goal).toHaveTextContent("behind");
  });

  it("shows budget burn as a chart and as figures in the project's currency", async () => {
    fakeIpc.views.dashboard.mockResolvedValue(dashboard());
    renderWithMantine(<Dashboard projectId="p1" />);

    expect(await screen.findByTestId("dashboard-budget-chart")).toBeInTheDocument();
    const figures = screen.getByTestId("dashboard-budget");
    expect(figures).toHaveTextContent(`Planned ${formatMoney(400000, "EUR")}`);
    expect(figures).toHaveTextContent(`Committed ${formatMoney(50000, "EUR")}`);
    expect(figures).toHaveTextContent(`Actual ${formatMoney(123450, "EUR")}`);
    expect(figures).toHaveTextContent(`Project budget ${formatMoney(500000, "EUR")}`);
  });

  it("says what is empty on a new project", async () => {
    fakeIpc.views.dashboard.mockResolvedValue(
      dashboard({
        health: "on_track",
        health_computed: "on_track",
        health_reasons: [],
        overdue: [],
        tasks_overdue: 0,
        next_milestones: [],
        goals: [],
        budget: { project_budget: null, lines: { planned: 0, committed: 0, actual: 0, remaining: 0 } },
      }),
    );
    renderWithMantine(<Dashboard projectId="p1" />);
    expect(await screen.findByText("Nothing in the plan needs attention.")).toBeInTheDocument();
    expect(screen.getByText("Nothing is overdue.")).toBeInTheDocument();
    expect(screen.getByText(/No upcoming milestones/)).toBeInTheDocument();
    expect(screen.getByText(/No active goals/)).toBeInTheDocument();
    expect(screen.getByTestId("dashboard-budget-chart")).toHaveTextContent("No budget lines or expenses yet");
  });

  it("shows a manual override next to what the plan computes, and clears it", async () => {
    const user = userEvent.setup();
    fakeIpc.views.dashboard.mockResolvedValue(
      dashboard({ health: "on_track", health_overridden: true, health_computed: "off_track" }),
    );
    fakeIpc.execute.mockResolvedValue({ summary: "Update project: health", created: null, changed: true });
    renderWithMantine(<Dashboard projectId="p1" />);

    expect(await screen.findByTestId("dashboard-health-value")).toHaveTextContent("On track");
    expect(screen.getByTestId("dashboard-health-override")).toHaveTextContent("Set by hand; the plan says Off track.");
    expect(screen.getByTestId("dashboard-health-select")).toHaveValue("on_track");

    await user.selectOptions(screen.getByTestId("dashboard-health-select"), "");
    await user.selectOptions(screen.getByTestId("dashboard-health-select"), "at_risk");
    expect(fakeIpc.execute.mock.calls).toEqual([
      ["p1", { area: "project", command: { action: "update", health: "clear" } }],
      ["p1", { area: "project", command: { action: "update", health: { set: "at_risk" } } }],
    ]);
  });

  it("shows why an override was refused", async () => {
    const user = userEvent.setup();
    fakeIpc.views.dashboard.mockResolvedValue(dashboard());
    fakeIpc.execute.mockRejectedValue(new Error("only coordinators change the project settings"));
    renderWithMantine(<Dashboard projectId="p1" />);
    await user.selectOptions(await screen.findByTestId("dashboard-health-select"), "off_track");
    expect(await screen.findByText("only coordinators change the project settings")).toBeInTheDocument();
  });

  it("reloads on any change to its project", async () => {
    fakeIpc.views.dashboard.mockResolvedValue(dashboard());
    renderWithMantine(<Dashboard projectId="p1" />);
    await screen.findByTestId("dashboard-health");

    fakeIpc.views.dashboard.mockResolvedValue(dashboard({ tasks_open: 7 }));
    act(() => emit.projectChanged("p2"));
    act(() => emit.projectChanged("p1", [{ kind: "expense", id: "e1" }]));
    await waitFor(() => expect(screen.getByTestId("dashboard-open")).toHaveTextContent("7"));
    expect(fakeIpc.views.dashboard).toHaveBeenCalledTimes(2);
  });

  it("shows why the dashboard cannot be loaded", async () => {
    fakeIpc.views.dashboard.mockRejectedValue(new Error("project p1 not found"));
    renderWithMantine(<Dashboard projectId="p1" />);
    expect(await screen.findByText("project p1 not found")).toBeInTheDocument();
  });
});
