// Test data in the shape of the core's read models (TaskView, TaskNode, MilestoneView, MemberView).
import type { MemberView, MilestoneView, TaskNode, TaskView } from "../../ipc";

export function taskView(id: string, fields: Partial<TaskView> = {}): TaskView {
  return {
    id,
    title: `Task ${id}`,
    description: "",
    status: "todo",
    parent: null,
    assignees: [],
    estimate: null,
    spent: 0,
    start: null,
    due: null,
    depends_on: [],
    milestone: null,
    goal: null,
    tags: [],
    order: id,
    done_at: null,
    created_at: null,
    created_by: null,
    deleted: false,
    ...fields,
  } as TaskView;
}

export function node(id: string, children: TaskNode[] = [], fields: Partial<TaskView> = {}): TaskNode {
  const task = taskView(id, { ...fields });
  for (const c of children) c.task.parent = id;
  return { task, total_estimate: 0, done_estimate: 0, children } as TaskNode;
}

/** The tasks of a tree fixture as the flat list `view_tasks` returns (what the plan loads). */
export function flatTasks(nodes: readonly TaskNode[]): TaskView[] {
  return nodes.flatMap((n) => [n.task, ...flatTasks(n.children)]);
}

export function milestoneView(id: string, fields: Partial<MilestoneView> = {}): MilestoneView {
  return {
    id,
    title: `Milestone ${id}`,
    description: "",
    due: "2026-03-01",
    status: "open",
    tasks_total: 0,
    tasks_done: 0,
    deleted: false,
    ...fields,
  } as MilestoneView;
}

export function memberView(id: string, name: string): MemberView {
  return {
    id,
    name,
    role: "member",
    title: null,
    email: null,
    capacity_hours: 40,
    active: true,
    deleted: false,
  } as MemberView;
}
