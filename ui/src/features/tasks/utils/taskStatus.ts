// Task statuses as the core names them, their labels, and the small rules the task list applies.
import type { TaskItem } from "../../../ipc";

export const TASK_STATUSES = [
  { value: "todo", label: "To do" },
  { value: "in_progress", label: "In progress" },
  { value: "blocked", label: "Blocked" },
  { value: "done", label: "Done" },
  { value: "cancelled", label: "Cancelled" },
] as const;

export function statusLabel(status: string): string {
  return TASK_STATUSES.find((s) => s.value === status)?.label ?? status;
}

/** What the done checkbox sets: done, or back to todo when it is already done. */
export function toggledStatus(status: string): string {
  return status === "done" ? "todo" : "done";
}

/** `YYYY-MM-DD` of `date` in the local time zone: due dates are calendar days, not instants. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Open work due before `today` (`YYYY-MM-DD`); ISO dates compare correctly as strings. */
export function isOverdue(task: Pick<TaskItem, "status" | "due">, today: string): boolean {
  return task.due !== null && task.due < today && task.status !== "done" && task.status !== "cancelled";
}
