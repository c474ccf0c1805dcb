// The resources & budget view against a fake IPC: lines with over-budget highlight and totals, the
// chart, expenses (record, mark paid, bad amounts), resources and allocations, live refresh.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AllocationView, BudgetLineView, BudgetView as Budget, ExpenseView, MemberView, ResourceView, TaskView } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { localDay } from "../utils/forms";
import { formatMoney } from "../utils/money";
import { BudgetView } from "./BudgetView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);
// Typing into Mantine forms is slow in jsdom when the whole suite runs in parallel.
vi.setConfig({ testTimeout: 20000 });

function line(id: string, name: string, planned: number, committed: number, actual: number): BudgetLineView {
  const remaining = planned - committed - actual;
  return {
    id,
    name,
    category: "Events",
    money: { planned, committed, actual, remaining },
    expenses: 1,
    over: remaining < 0,
    created_at: null,
    created_by: null,
    deleted: false,
  } as BudgetLineView;
}

function budget(lines: BudgetLineView[]): Budget {
  const sum = (f: (l: BudgetLineView) => number) => lines.reduce((s, l) => s + f(l), 0);
  return {
    currency: "EUR",
    project_budget: 1000000,
    unplanned: 1000000 - sum((l) => l.money.planned),
    lines,
    totals: {
      planned: sum((l) => l.money.planned),
      committed: sum((l) => l.money.committed),
      actual: sum((l) => l.money.actual),
      remaining: sum((l) => l.money.remaining),
    },
  } as Budget;
}

function expense(id: string, fields: Partial<ExpenseView> = {}): ExpenseView {
  return {
    id,
    budget_line: "b1",
    budget_line_name: "Venue",
    amount: 10000,
    date: "2026-03-01",
    description: `Expense ${id}`,
    state: "actual",
    resource: null,
    created_at: null,
    created_by: null,
    deleted: false,
    ...fields,
  } as ExpenseView;
}

const projector = {
  id: "r1",
  name: "Projector",
  kind: "equipment",
  member: null,
  cost_rate: 5000,
  rate_unit: "day",
  capacity_hours_per_week: null,
  notes: "",
  allocated_hours: 4,
  created_at: null,
  created_by: null,
  deleted: false,
} as ResourceView;

const allocation = {
  id: "a1",
  resource: "r1",
  resource_name: "Projector",
  task: "t1",
  task_title: "Demo day",
  task_deleted: false,
  hours: 4,
  note: "",
  created_at: null,
  created_by: null,
  deleted: false,
} as AllocationView;

const ann = { id: "m1", name: "Ann", role: "coordinator", title: null, email: null, capacity_hours: 40, active: true, deleted: false } as MemberView;
const demo = { id: "t1", title: "Demo day", deleted: false } as TaskView;
const executed = { summary: "ok", created: null, changed: true };
const eur = (minor: number) => formatMoney(minor, "EUR");

function rowOf(testId: string, attribute: string, id: string): HTMLElement {
  const found = screen.getAllByTestId(testId).find((r) => r.getAttribute(attribute) === id);
  if (!found) throw new Error(`no ${testId} ${id}`);
  return found;
}

describe("BudgetView", () => {
  beforeEach(() => {
    resetFakeIpc();
    // jsdom lays nothing out, so recharts warns that the chart has no size; the chart is not under test here.
    const warn = console.warn.bind(console);
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).includes("of chart should be greater than 0")) warn(...args);
    });
    fakeIpc.views.budget.mockResolvedValue(budget([line("b1", "Venue", 250000, 0, 300000), line("b2", "Catering", 100000, 20000, 10000)]));
    fakeIpc.views.expenses.mockResolvedValue([expense("e1"), expense("e2", { state: "committed", amount: 20000, budget_line: "b2", budget_line_name: "Catering" })]);
    fakeIpc.views.resources.mockResolvedValue([projector]);
    fakeIpc.views.allocations.mockResolvedValue([allocation]);
    fakeIpc.views.members.mockResolvedValue([ann]);
    fakeIpc.views.tasks.mockResolvedValue([demo]);
  });

  it("lists budget lines with money in the project's currency, highlights overspent ones, totals and charts them", async () => {
    renderWithMantine(<BudgetView projectId="p1" />);
    const venue = await screen.findByText("Venue", { selector: "p" });
    const venueRow = venue.closest("tr") as HTMLElement;
    expect(venueRow).toHaveAttribute("data-testid", "budget-line-row");
    expect(venueRow).toHaveAttribute("data-over", "true");
    expect(within(venueRow).getByText("over budget")).toBeInTheDocument();
    expect(within(venueRow).getByTestId("budget-line-remaining")).toHaveTextContent(eur(-50000));
    expect(rowOf("budget-line-row", "data-budget-line-id", "b2")).toHaveAttribute("data-over", "false");
    expect(screen.getByTestId("budget-totals")).toHaveTextContent(`Total${eur(350000)}${eur(20000)}${eur(310000)}${eur(20000)}`);
    expect(screen.getByTestId("budget-chart")).toBeInTheDocument();
    expect(screen.getByTestId("budget-summary")).toHaveTextContent(`Not yet planned ${eur(650000)}`);
  });

  it("says how to start when there is nothing yet", async () => {
    fakeIpc.views.budget.mockResolvedValue(budget([]));
    fakeIpc.views.expenses.mockResolvedValue([]);
    fakeIpc.views.resources.mockResolvedValue([]);
    fakeIpc.views.allocations.mockResolvedValue([]);
    renderWithMantine(<BudgetView projectId="p1" />);
    expect(await screen.findByText(/No budget lines yet\. Add the first one above/)).toBeInTheDocument();
    expect(screen.getByText(/Add a budget line first/)).toBeInTheDocument();
    expect(await screen.findByText(/No resources yet/)).toBeInTheDocument();
    expect(screen.getByText(/No allocations yet/)).toBeInTheDocument();
    expect(screen.queryByTestId("add-expense")).not.toBeInTheDocument();
  });

  it("adds a budget line with its planned amount in minor units", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockResolvedValue({ ...executed, created: "b3" });
    renderWithMantine(<BudgetView projectId="p1" />);
    await screen.findAllByTestId("budget-line-row");

    await user.type(screen.getByTestId("new-budget-line-name"), "Travel");
    await user.type(screen.getByTestId("new-budget-line-planned"), "1,234.50");
    await user.click(screen.getByTestId("add-budget-line"));
    await waitFor(() => expect(screen.getByTestId("new-budget-line-name")).toHaveValue(""));
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "resource",
      command: { action: "add_budget_line", name: "Travel", category: "", planned: 123450 },
    });
  });

  it("lists expenses newest first, records one, and marks an order paid", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockResolvedValue({ ...executed, created: "e3" });
    renderWithMantine(<BudgetView projectId="p1" />);

    const rows = await screen.findAllByTestId("expense-row");
    expect(rows.map((r) => r.dataset.expenseId)).toEqual(["e2", "e1"]);
    expect(within(rows[0] as HTMLElement).getByTestId("expense-amount")).toHaveTextContent(eur(20000));
    expect(within(rows[0] as HTMLElement).getByTestId("expense-state")).toHaveTextContent("ordered");

    await user.click(within(rows[0] as HTMLElement).getByRole("button", { name: "Mark paid" }));
    await user.selectOptions(screen.getByTestId("new-expense-line"), "b2");
    await user.type(screen.getByTestId("new-expense-amount"), "1,234.50");
    await user.type(screen.getByTestId("new-expense-description"), "Coffee");
    await user.click(screen.getByTestId("add-expense"));

    await waitFor(() => expect(screen.getByTestId("new-expense-amount")).toHaveValue(""));
    expect(fakeIpc.execute.mock.calls).toEqual([
      ["p1", { area: "resource", command: { action: "update_expense", id: "e2", patch: { state: "actual" } } }],
      [
        "p1",
        {
          area: "resource",
          command: {
            action: "add_expense",
            budget_line: "b2",
            amount: 123450,
            date: localDay(new Date()),
            description: "Coffee",
            state: "actual",
            resource: null,
          },
        },
      ],
    ]);
  });

  it("refuses a bad amount with a clear message and keeps what was typed", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockRejectedValue(new Error("budget line b1 is deleted"));
    renderWithMantine(<BudgetView projectId="p1" />);
    await screen.findAllByTestId("expense-row");

    await user.type(screen.getByTestId("new-expense-amount"), "12.345");
    await user.type(screen.getByTestId("new-expense-description"), "Taxi");
    await user.click(screen.getByTestId("add-expense"));
    expect(await screen.findByText('"12.345" has more than two decimal places')).toBeInTheDocument();
    expect(fakeIpc.execute).not.toHaveBeenCalled();
    expect(screen.getByTestId("new-expense-description")).toHaveValue("Taxi");

    await user.clear(screen.getByTestId("new-expense-amount"));
    await user.type(screen.getByTestId("new-expense-amount"), "12.34");
    await user.click(screen.getByTestId("add-expense"));
    expect(await screen.findByText("budget line b1 is deleted")).toBeInTheDocument();
    expect(screen.getByTestId("new-expense-amount")).toHaveValue("12.34");
    expect(screen.getByTestId("new-expense-description")).toHaveValue("Taxi");
  });

  it("adds a resource and deletes one", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<BudgetView projectId="p1" />);
    const resourceRow = await screen.findByTestId("resource-row");
    expect(resourceRow).toHaveTextContent("Projector");
    expect(resourceRow).toHaveTextContent(`${eur(5000)} per day`);

    await user.type(screen.getByTestId("new-resource-name"), "Ann");
    await user.selectOptions(await screen.findByRole("combobox", { name: "Member" }), "m1");
    await user.clear(screen.getByTestId("new-resource-rate"));
    await user.type(screen.getByTestId("new-resource-rate"), "85");
    await user.click(screen.getByTestId("add-resource"));
    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(1));
    await user.click(screen.getByRole("button", { name: "Delete Projector" }));

    expect(fakeIpc.execute.mock.calls).toEqual([
      [
        "p1",
        {
          area: "resource",
          command: {
            action: "add",
            name: "Ann",
            kind: "person",
            member: "m1",
            cost_rate: 8500,
            rate_unit: "hour",
            capacity_hours_per_week: null,
            notes: "",
          },
        },
      ],
      ["p1", { area: "item", command: { action: "delete", kind: "resource", id: "r1" } }],
    ]);
  });

  it("allocates a resource's hours to a task", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<BudgetView projectId="p1" />);
    expect(await screen.findByTestId("allocation-row")).toHaveTextContent("ProjectorDemo day4 h");
    await screen.findByRole("option", { name: "Demo day" });

    await user.selectOptions(screen.getByTestId("new-allocation-resource"), "r1");
    await user.selectOptions(screen.getByTestId("new-allocation-task"), "t1");
    await user.type(screen.getByTestId("new-allocation-hours"), "6");
    await user.click(screen.getByTestId("add-allocation"));
    await waitFor(() =>
      expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
        area: "resource",
        command: { action: "add_allocation", resource: "r1", task: "t1", hours: 6, note: "" },
      }),
    );
  });

  it("edits a budget line's planned amount", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<BudgetView projectId="p1" />);
    await screen.findAllByTestId("budget-line-row");

    await user.click(screen.getByRole("button", { name: "Edit Catering" }));
    const planned = await screen.findByTestId("edit-budget-line-planned");
    expect(planned).toHaveValue("1000.00");
    await user.clear(planned);
    await user.type(planned, "1500");
    await user.click(screen.getByTestId("save-budget-line"));
    await waitFor(() =>
      expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
        area: "resource",
        command: { action: "update_budget_line", id: "b2", patch: { planned: 150000 } },
      }),
    );
  });

  it("sets and clears the project budget", async () => {
    const user = userEvent.setup();
    fakeIpc.execute.mockResolvedValue(executed);
    renderWithMantine(<BudgetView projectId="p1" />);
    const input = await screen.findByTestId("project-budget");
    expect(input).toHaveValue("10000.00");

    await user.clear(input);
    await user.type(input, "12,000");
    await user.click(screen.getByTestId("save-project-budget"));
    await user.clear(input);
    await user.click(screen.getByTestId("save-project-budget"));
    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(2));
    expect(fakeIpc.execute.mock.calls).toEqual([
      ["p1", { area: "project", command: { action: "update", budget: { set: 1200000 } } }],
      ["p1", { area: "project", command: { action: "update", budget: "clear" } }],
    ]);
  });

  it("reloads the budget when an expense changes", async () => {
    renderWithMantine(<BudgetView projectId="p1" />);
    await screen.findAllByTestId("budget-line-row");
    fakeIpc.views.budget.mockResolvedValue(budget([line("b1", "Venue", 250000, 0, 0)]));

    act(() => emit.projectChanged("p1", [{ kind: "goal", id: "g1" }]));
    expect(fakeIpc.views.budget).toHaveBeenCalledTimes(1);
    act(() => emit.projectChanged("p1", [{ kind: "expense", id: "e9" }]));
    await waitFor(() => expect(screen.getAllByTestId("budget-line-row")).toHaveLength(1));
  });

  it("shows why the budget cannot be loaded", async () => {
    fakeIpc.views.budget.mockRejectedValue(new Error("project p1 not found"));
    renderWithMantine(<BudgetView projectId="p1" />);
    expect(await screen.findByText("project p1 not found")).toBeInTheDocument();
  });
});
