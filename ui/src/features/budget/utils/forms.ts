// The budget view's forms: what the member typed → the core's command fields, or what to fix.
// Edits send only the fields that changed, so concurrent edits of other fields survive the merge.
import type { AllocationView, BudgetLineView, ExpenseView, ResourceView } from "../../../ipc";
import { moneyInput, parseMoney } from "./money";

export type Errors<V> = Partial<Record<keyof V, string>>;
export type Checked<T, V> = { ok: true; value: T } | { ok: false; errors: Errors<V> };

function hoursValue(text: string, field: string, required: boolean): { value: number | null } | { error: string } {
  const t = text.trim();
  if (t === "") return required ? { error: `Enter the ${field}` } : { value: null };
  const n = Number(t);
  if (!Number.isFinite(n) || n < 0) return { error: `The ${field} must be a number of hours, like 8 or 2.5` };
  return { value: n };
}

function changed<T extends object>(patch: T): T {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as T;
}

// Budget lines ---------------------------------------------------------------------------------

export type LineForm = { name: string; category: string; planned: string };
export const EMPTY_LINE: LineForm = { name: "", category: "", planned: "" };

export function lineForm(line: BudgetLineView): LineForm {
  return { name: line.name, category: line.category, planned: moneyInput(line.money.planned) };
}

export function checkLine(v: LineForm): Checked<{ name: string; category: string; planned: number }, LineForm> {
  const planned = parseMoney(v.planned);
  if (!planned.ok) return { ok: false, errors: { planned: planned.message } };
  return { ok: true, value: { name: v.name.trim(), category: v.category.trim(), planned: planned.minor } };
}

export function linePatch(line: BudgetLineView, v: LineForm) {
  const checked = checkLine(v);
  if (!checked.ok) return checked;
  const { name, category, planned } = checked.value;
  return {
    ok: true as const,
    value: changed({
      name: name !== line.name ? name : undefined,
      category: category !== line.category ? category : undefined,
      planned: planned !== line.money.planned ? planned : undefined,
    }),
  };
}

// Expenses -------------------------------------------------------------------------------------

export type ExpenseForm = {
  budget_line: string;
  amount: string;
  date: string;
  description: string;
  state: "actual" | "committed";
  /** A resource id, or "" for none. */
  resource: string;
};

export function emptyExpense(budgetLine: string, today: string): ExpenseForm {
  return { budget_line: budgetLine, amount: "", date: today, description: "", state: "actual", resource: "" };
}

export function expenseForm(e: ExpenseView): ExpenseForm {
  return {
    budget_line: e.budget_line,
    amount: moneyInput(e.amount),
    date: e.date ?? "",
    description: e.description,
    state: e.state,
    resource: e.resource ?? "",
  };
}

type NewExpenseFields = {
  budget_line: string;
  amount: number;
  date: string;
  description: string;
  state: "actual" | "committed";
  resource: string | null;
};

export function checkExpense(v: ExpenseForm): Checked<NewExpenseFields, ExpenseForm> {
  const errors: Errors<ExpenseForm> = {};
  const amount = parseMoney(v.amount);
  if (!amount.ok) errors.amount = amount.message;
  else if (amount.minor === 0) errors.amount = "The amount must be more than 0";
  if (v.budget_line === "") errors.budget_line = "Choose the budget line it is booked on";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) errors.date = "Enter the date of the expense";
  if (!amount.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      budget_line: v.budget_line,
      amount: amount.minor,
      date: v.date,
      description: v.description.trim(),
      state: v.state,
      resource: v.resource === "" ? null : v.resource,
    },
  };
}

export function expensePatch(e: ExpenseView, v: ExpenseForm) {
  const checked = checkExpense(v);
  if (!checked.ok) return checked;
  const n = checked.value;
  return {
    ok: true as const,
    value: changed({
      budget_line: n.budget_line !== e.budget_line ? n.budget_line : undefined,
      amount: n.amount !== e.amount ? n.amount : undefined,
      date: n.date !== e.date ? n.date : undefined,
      description: n.description !== e.description ? n.description : undefined,
      state: n.state !== e.state ? n.state : undefined,
      resource:
        n.resource === e.resource ? undefined : n.resource === null ? ("clear" as const) : { set: n.resource },
    }),
  };
}

// Resources ------------------------------------------------------------------------------------

export type ResourceForm = {
  name: string;
  kind: "person" | "equipment" | "licence" | "vendor";
  member: string;
  cost_rate: string;
  rate_unit: "hour" | "day" | "month" | "fixed";
  capacity: string;
  notes: string;
};

export const EMPTY_RESOURCE: ResourceForm = {
  name: "",
  kind: "person",
  member: "",
  cost_rate: "0",
  rate_unit: "hour",
  capacity: "",
  notes: "",
};

export function resourceForm(r: ResourceView): ResourceForm {
  return {
    name: r.name,
    kind: r.kind,
    member: r.member ?? "",
    cost_rate: moneyInput(r.cost_rate),
    rate_unit: r.rate_unit,
    capacity: r.capacity_hours_per_week === null ? "" : String(r.capacity_hours_per_week),
    notes: r.notes,
  };
}

type NewResourceFields = {
  name: string;
  kind: ResourceForm["kind"];
  member: string | null;
  cost_rate: number;
  rate_unit: ResourceForm["rate_unit"];
  capacity_hours_per_week: number | null;
  notes: string;
};

export function checkResource(v: ResourceForm): Checked<NewResourceFields, ResourceForm> {
  const errors: Errors<ResourceForm> = {};
  const rate = parseMoney(v.cost_rate);
  if (!rate.ok) errors.cost_rate = rate.message;
  const capacity = hoursValue(v.capacity, "capacity", false);
  if ("error" in capacity) errors.capacity = capacity.error;
  if (!rate.ok || "error" in capacity) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name: v.name.trim(),
      kind: v.kind,
      // Only people are project members; other kinds drop a member chosen before the kind changed.
      member: v.kind === "person" && v.member !== "" ? v.member : null,
      cost_rate: rate.minor,
      rate_unit: v.rate_unit,
      capacity_hours_per_week: capacity.value,
      notes: v.notes.trim(),
    },
  };
}

export function resourcePatch(r: ResourceView, v: ResourceForm) {
  const checked = checkResource(v);
  if (!checked.ok) return checked;
  const n = checked.value;
  const edit = <T>(now: T | null, was: T | null) =>
    now === was ? undefined : now === null ? ("clear" as const) : { set: now };
  return {
    ok: true as const,
    value: changed({
      name: n.name !== r.name ? n.name : undefined,
      kind: n.kind !== r.kind ? n.kind : undefined,
      member: edit(n.member, r.member),
      cost_rate: n.cost_rate !== r.cost_rate ? n.cost_rate : undefined,
      rate_unit: n.rate_unit !== r.rate_unit ? n.rate_unit : undefined,
      capacity_hours_per_week: edit(n.capacity_hours_per_week, r.capacity_hours_per_week),
      notes: n.notes !== r.notes ? n.notes : undefined,
    }),
  };
}

// Allocations ----------------------------------------------------------------------------------

export type AllocationForm = { resource: string; task: string; hours: string; note: string };
export const EMPTY_ALLOCATION: AllocationForm = { resource: "", task: "", hours: "", note: "" };

export function allocationForm(a: AllocationView): AllocationForm {
  return { resource: a.resource, task: a.task, hours: String(a.hours), note: a.note };
}

export function checkAllocation(
  v: AllocationForm,
): Checked<{ resource: string; task: string; hours: number; note: string }, AllocationForm> {
  const errors: Errors<AllocationForm> = {};
  if (v.resource === "") errors.resource = "Choose a resource";
  if (v.task === "") errors.task = "Choose a task";
  const hours = hoursValue(v.hours, "hours", true);
  if ("error" in hours) errors.hours = hours.error;
  else if (hours.value === 0) errors.hours = "The hours must be more than 0";
  if ("error" in hours || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { resource: v.resource, task: v.task, hours: hours.value ?? 0, note: v.note.trim() } };
}

export function allocationPatch(a: AllocationView, v: AllocationForm) {
  const checked = checkAllocation(v);
  if (!checked.ok) return checked;
  const n = checked.value;
  return {
    ok: true as const,
    value: changed({
      resource: n.resource !== a.resource ? n.resource : undefined,
      task: n.task !== a.task ? n.task : undefined,
      hours: n.hours !== a.hours ? n.hours : undefined,
      note: n.note !== a.note ? n.note : undefined,
    }),
  };
}

/** `YYYY-MM-DD` of `date` in the local time zone: the default date of a new expense. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
