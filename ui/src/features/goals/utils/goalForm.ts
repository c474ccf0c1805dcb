// The goal form's values (what the member types) and the core's command fields they become.
import type { Command, GoalView } from "../../../ipc";

type GoalCommand = Extract<Command, { area: "goal" }>["command"];
/** The core's `GoalPatch`, as the `update` command carries it. */
export type GoalPatch = Extract<GoalCommand, { action: "update" }>["patch"];

export type GoalFormValues = {
  title: string;
  description: string;
  horizon: "short" | "long";
  metric: string;
  baseline: string;
  target: string;
  /** `YYYY-MM-DD`, or "" for none. */
  due: string;
  /** A member id, or "" for none. */
  owner: string;
};

export const EMPTY_GOAL: GoalFormValues = {
  title: "",
  description: "",
  horizon: "short",
  metric: "",
  baseline: "0",
  target: "",
  due: "",
  owner: "",
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** `1,5`-free decimal input: `12`, `-3.5`, `1e3` are numbers; anything else says what to type. */
export function parseDecimal(text: string, field: string): Parsed<number> {
  const t = text.trim();
  if (t === "") return { ok: false, message: `Enter the ${field}` };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, message: `The ${field} must be a number, like 40 or 12.5` };
  return { ok: true, value };
}

export type FormErrors = Partial<Record<keyof GoalFormValues, string>>;

type Numbers = { baseline: number; target: number };

function numbers(values: GoalFormValues): { numbers: Numbers } | { errors: FormErrors } {
  const baseline = parseDecimal(values.baseline, "baseline");
  const target = parseDecimal(values.target, "target");
  const errors: FormErrors = {};
  if (!baseline.ok) errors.baseline = baseline.message;
  if (!target.ok) errors.target = target.message;
  if (!baseline.ok || !target.ok) return { errors };
  return { numbers: { baseline: baseline.value, target: target.value } };
}

/** The `add` command's goal, or what to fix in the form. */
export function newGoal(values: GoalFormValues) {
  const parsed = numbers(values);
  if ("errors" in parsed) return parsed;
  return {
    goal: {
      title: values.title.trim(),
      description: values.description,
      horizon: values.horizon,
      metric: values.metric.trim(),
      baseline: parsed.numbers.baseline,
      target: parsed.numbers.target,
      current: null,
      due: values.due === "" ? null : values.due,
      owner: values.owner === "" ? null : values.owner,
    },
  };
}

/** What the edit form shows for a goal. */
export function formFromGoal(goal: GoalView): GoalFormValues {
  return {
    title: goal.title,
    description: goal.description,
    horizon: goal.horizon,
    metric: goal.metric,
    baseline: String(goal.baseline),
    target: String(goal.target),
    due: goal.due ?? "",
    owner: goal.owner ?? "",
  };
}

/**
 * The `update` patch: only the fields the member changed, so a concurrent edit of another field
 * on another device is not overwritten. Empty when nothing changed.
 */
export function goalPatch(goal: GoalView, values: GoalFormValues) {
  const parsed = numbers(values);
  if ("errors" in parsed) return parsed;
  const patch: GoalPatch = {};
  if (values.title.trim() !== goal.title) patch.title = values.title.trim();
  if (values.description !== goal.description) patch.description = values.description;
  if (values.horizon !== goal.horizon) patch.horizon = values.horizon;
  if (values.metric.trim() !== goal.metric) patch.metric = values.metric.trim();
  if (parsed.numbers.baseline !== goal.baseline) patch.baseline = parsed.numbers.baseline;
  if (parsed.numbers.target !== goal.target) patch.target = parsed.numbers.target;
  if (values.due !== (goal.due ?? "")) patch.due = values.due === "" ? "clear" : { set: values.due };
  if (values.owner !== (goal.owner ?? "")) patch.owner = values.owner === "" ? "clear" : { set: values.owner };
  return { patch };
}

/** `0.425` → `43%`. */
export function progressText(progress: number): string {
  return `${Math.round(Math.min(1, Math.max(0, progress)) * 100)}%`;
}
