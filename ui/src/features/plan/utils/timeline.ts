// Tasks and milestones → frappe-gantt bars: dates, progress, dependency arrows, critical-path classes.
import type { GanttTask } from "frappe-gantt";
import type { Command, MilestoneView, TaskView } from "../../../ipc";
import { milestoneCommands, taskCommands, type TaskPatch } from "./commands";
import { criticalPath, type CriticalPath } from "./criticalPath";
import { addWorkingDays, durationDays, localDay } from "./dates";

/** Bars of milestones get this prefix, so their ids never collide with task ids. */
export const MILESTONE_PREFIX = "ms_";

export const CLASSES = {
  critical: "plan-critical",
  milestone: "plan-milestone",
  done: "plan-done",
  cancelled: "plan-cancelled",
} as const;

export type Timeline = {
  bars: GanttTask[];
  /** Open tasks with neither a start nor a due date: listed under the chart instead. */
  undated: TaskView[];
  critical: CriticalPath;
};

/**
 * Where a task's bar goes: its start and due dates; with only one of them, the other is
 * derived from the estimate in working days (no estimate: one day). Neither: not on the chart.
 */
export function taskSpan(task: Pick<TaskView, "start" | "due" | "estimate">): { start: string; end: string } | null {
  const days = durationDays(task.estimate);
  if (task.start && task.due) return { start: task.start, end: task.due };
  if (task.due) return { start: addWorkingDays(task.due, -(days - 1)), end: task.due };
  if (task.start) return { start: task.start, end: addWorkingDays(task.start, days - 1) };
  return null;
}

function progressOf(task: TaskView): number {
  if (task.status === "done") return 100;
  if (task.status === "cancelled" || !task.estimate || task.estimate <= 0) return 0;
  return Math.min(100, Math.round((task.spent / task.estimate) * 100));
}

function classOf(task: TaskView, critical: ReadonlySet<string>): string | undefined {
  // frappe-gantt takes one class per bar; being on the critical path matters most.
  if (critical.has(task.id)) return CLASSES.critical;
  if (task.status === "done") return CLASSES.done;
  if (task.status === "cancelled") return CLASSES.cancelled;
  return undefined;
}

/** The critical path over the tasks that still count (cancelled work takes no time and blocks nothing). */
export function planCriticalPath(tasks: readonly TaskView[]): CriticalPath {
  const counted = tasks.filter((t) => t.status !== "cancelled");
  return criticalPath(counted.map((t) => ({ id: t.id, days: durationDays(t.estimate), dependsOn: t.depends_on })));
}

export function toTimeline(tasks: readonly TaskView[], milestones: readonly MilestoneView[]): Timeline {
  const critical = planCriticalPath(tasks);
  const onPath = new Set(critical.path);
  const bars: GanttTask[] = [];
  const undated: TaskView[] = [];
  const placed = new Set<string>();
  for (const task of tasks) {
    const span = taskSpan(task);
    if (span === null) {
      if (task.status !== "cancelled") undated.push(task);
      continue;
    }
    placed.add(task.id);
    const custom = classOf(task, onPath);
    bars.push({
      id: task.id,
      name: task.title,
      ...span,
      progress: progressOf(task),
      dependencies: "",
      ...(custom ? { custom_class: custom } : {}),
    });
  }
  // Arrows only between bars that are drawn; frappe-gantt fails on ids it does not know.
  for (const bar of bars) {
    const task = tasks.find((t) => t.id === bar.id) as TaskView;
    bar.dependencies = task.depends_on.filter((d) => placed.has(d)).join(", ");
  }
  for (const m of milestones) {
    if (m.deleted || !m.due) continue;
    const attached = tasks.filter((t) => t.milestone === m.id && placed.has(t.id) && t.status !== "cancelled");
    bars.push({
      id: MILESTONE_PREFIX + m.id,
      name: `◆ ${m.title}`,
      start: m.due,
      end: m.due,
      progress: m.status === "reached" ? 100 : 0,
      dependencies: attached.map((t) => t.id).join(", "),
      custom_class: CLASSES.milestone,
    });
  }
  return { bars, undated, critical };
}

/**
 * The command for a bar dragged or resized to `start`..`end` (frappe-gantt's instants, whose
 * local calendar days are what the member sees). Tasks get their start and/or due set to what
 * moved; milestones only have a due date. Null when the days did not change.
 */
export function dateChangeCommand(bar: Pick<GanttTask, "id" | "start" | "end">, start: Date, end: Date): Command | null {
  const newStart = localDay(start);
  const newEnd = localDay(end);
  if (bar.id.startsWith(MILESTONE_PREFIX)) {
    if (newEnd === bar.end) return null;
    return milestoneCommands.update(bar.id.slice(MILESTONE_PREFIX.length), { due: newEnd });
  }
  const patch: TaskPatch = {};
  if (newStart !== bar.start) patch.start = { set: newStart };
  if (newEnd !== bar.end) patch.due = { set: newEnd };
  return Object.keys(patch).length === 0 ? null : taskCommands.update(bar.id, patch);
}
