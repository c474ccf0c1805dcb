// The budget forms' conversions and checks, as tables.
import { describe, expect, it } from "vitest";
import type { AllocationView, BudgetLineView, ExpenseView, ResourceView } from "../../../ipc";
import {
  allocationForm,
  allocationPatch,
  checkAllocation,
  checkExpense,
  checkLine,
  checkResource,
  EMPTY_RESOURCE,
  emptyExpense,
  expenseForm,
  expensePatch,
  lineForm,
  localDay,
  linePatch,
  resourceForm,
  resourcePatch,
} from "./forms";

const line = {
  id: "b1",
  name: "Venue",
  category: "Events",
  money: { planned: 250000, committed: 0, actual: 0, remaining: 250000 },
  expenses: 0,
  over: false,
  created_at: null,
  created_by: null,
  deleted: false,
} as BudgetLineView;

describe("budget lines", () => {
  it("parses the planned amount", () => {
    expect(checkLine({ name: " Venue ", category: "", planned: "2,500" })).toEqual({
      ok: true,
      value: { name: "Venue", category: "", planned: 250000 },
    });
    expect(checkLine({ name: "Venue", category: "", planned: "lots" })).toEqual({
      ok: false,
      errors: { planned: '"lots" is not an amount; write it like 1250 or 1,250.50' },
    });
  });

  it("patches only what changed", () => {
    expect(linePatch(line, lineForm(line))).toEqual({ ok: true, value: {} });
    expect(linePatch(line, { ...lineForm(line), planned: "2600.50" })).toEqual({ ok: true, value: { planned: 260050 } });
  });
});

const expense = {
  id: "e1",
  budget_line: "b1",
  budget_line_name: "Venue",
  amount: 12345,
  date: "2026-03-01",
  description: "Deposit",
  state: "committed",
  resource: null,
  created_at: null,
  created_by: null,
  deleted: false,
} as ExpenseView;

describe("expenses", () => {
  it("needs a line, an amount above zero and a date", () => {
    expect(checkExpense({ ...emptyExpense("", ""), amount: "0" })).toEqual({
      ok: false,
      errors: {
        amount: "The amount must be more than 0",
        budget_line: "Choose the budget line it is booked on",
        date: "Enter the date of the expense",
      },
    });
  });

  it("becomes the add command's fields", () => {
    expect(checkExpense({ ...emptyExpense("b1", "2026-03-10"), amount: "1,234.50", description: " Catering " })).toEqual({
      ok: true,
      value: {
        budget_line: "b1",
        amount: 123450,
        date: "2026-03-10",
        description: "Catering",
        state: "actual",
        resource: null,
      },
    });
  });

  it("patches only what changed, setting and clearing the resource", () => {
    expect(expensePatch(expense, expenseForm(expense))).toEqual({ ok: true, value: {} });
    expect(expensePatch(expense, { ...expenseForm(expense), state: "actual", resource: "r1" })).toEqual({
      ok: true,
      value: { state: "actual", resource: { set: "r1" } },
    });
    expect(expensePatch({ ...expense, resource: "r1" }, expenseForm(expense))).toEqual({
      ok: true,
      value: { resource: "clear" },
    });
  });
});

const resource = {
  id: "r1",
  name: "Projector",
  kind: "equipment",
  member: null,
  cost_rate: 5000,
  rate_unit: "day",
  capacity_hours_per_week: null,
  notes: "",
  allocated_hours: 0,
  created_at: null,
  created_by: null,
  deleted: false,
} as ResourceView;

describe("resources", () => {
  it("keeps a member only for people and checks rate and capacity", () => {
    expect(checkResource({ ...EMPTY_RESOURCE, name: "Ann", member: "m1", cost_rate: "85", capacity: "32" })).toEqual({
      ok: true,
      value: {
        name: "Ann",
        kind: "person",
        member: "m1",
        cost_rate: 8500,
        rate_unit: "hour",
        capacity_hours_per_week: 32,
        notes: "",
      },
    });
    const equipment = checkResource({ ...EMPTY_RESOURCE, name: "Van", kind: "equipment", member: "m1" });
    expect(equipment.ok && equipment.value.member).toBe(null);
    expect(checkResource({ ...EMPTY_RESOURCE, cost_rate: "-1", capacity: "x" })).toEqual({
      ok: false,
      errors: {
        cost_rate: "The amount must not be negative",
        capacity: "The capacity must be a number of hours, like 8 or 2.5",
      },
    });
  });

  it("patches only what changed", () => {
    expect(resourcePatch(resource, resourceForm(resource))).toEqual({ ok: true, value: {} });
    expect(resourcePatch(resource, { ...resourceForm(resource), cost_rate: "60", capacity: "20" })).toEqual({
      ok: true,
      value: { cost_rate: 6000, capacity_hours_per_week: { set: 20 } },
    });
  });
});

describe("allocations", () => {
  const allocation = {
    id: "a1",
    resource: "r1",
    resource_name: "Projector",
    task: "t1",
    task_title: "Demo",
    task_deleted: false,
    hours: 4,
    note: "",
    created_at: null,
    created_by: null,
    deleted: false,
  } as AllocationView;

  it("needs a resource, a task and hours above zero", () => {
    expect(checkAllocation({ resource: "", task: "", hours: "0", note: "" })).toEqual({
      ok: false,
      errors: { resource: "Choose a resource", task: "Choose a task", hours: "The hours must be more than 0" },
    });
  });

  it("patches only what changed", () => {
    expect(allocationPatch(allocation, { ...allocationForm(allocation), hours: "6" })).toEqual({
      ok: true,
      value: { hours: 6 },
    });
  });
});

describe("localDay", () => {
  it("pads month and day in local time", () => {
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  });
});
