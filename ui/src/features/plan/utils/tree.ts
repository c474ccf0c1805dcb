// The task tree as rows: flattening for the (virtualised) tree list and for the board and timeline.
import type { TaskNode, TaskView } from "../../../ipc";
import { byOrderThenId } from "./taskTree";

export type TreeRow = {
  task: TaskView;
  depth: number;
  hasChildren: boolean;
  /** Rollups of the task's live subtree, the task included (hours). */
  totalEstimate: number;
  doneEstimate: number;
};

/**
 * The rows a member sees, in tree order: everything except the subtasks of collapsed tasks.
 * Collapsing is what is remembered, so parents that appear later (a remote change) start open.
 */
export function visibleRows(nodes: readonly TaskNode[], collapsed: ReadonlySet<string> = new Set()): TreeRow[] {
  const out: TreeRow[] = [];
  // An explicit stack, so a very deep tree cannot overflow the call stack.
  const stack = nodes.map((node) => ({ node, depth: 0 })).reverse();
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node, depth } = top;
    out.push({
      task: node.task,
      depth,
      hasChildren: node.children.length > 0,
      totalEstimate: node.total_estimate,
      doneEstimate: node.done_estimate,
    });
    if (!collapsed.has(node.task.id)) {
      for (let i = node.children.length - 1; i >= 0; i--) {
        stack.push({ node: node.children[i] as TaskNode, depth: depth + 1 });
      }
    }
  }
  return out;
}

/** Every task of the tree, parents before children, siblings in order. */
export function allTasks(nodes: readonly TaskNode[]): TaskView[] {
  return visibleRows(nodes).map((r) => r.task);
}

/** Ids of the tasks that have subtasks (what "collapse all" closes). */
export function parentIds(nodes: readonly TaskNode[]): string[] {
  return visibleRows(nodes)
    .filter((r) => r.hasChildren)
    .map((r) => r.task.id);
}

/** `id` and every task below it (following `parent` links), so loops in the data cannot hang it. */
export function subtreeIds(tasks: readonly TaskView[], id: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const t of tasks) {
    if (t.parent === null) continue;
    const list = children.get(t.parent);
    if (list) list.push(t.id);
    else children.set(t.parent, [t.id]);
  }
  const found = new Set<string>([id]);
  const stack = [id];
  for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
    for (const child of children.get(at) ?? []) {
      if (!found.has(child)) {
        found.add(child);
        stack.push(child);
      }
    }
  }
  return found;
}

/**
 * The tasks `task` can be moved under: every live task except itself and its subtasks (the
 * core refuses those, as they would make a loop), in the order given.
 */
export function parentCandidates(tasks: readonly TaskView[], task: TaskView): TaskView[] {
  const own = subtreeIds(tasks, task.id);
  return tasks.filter((t) => !t.deleted && !own.has(t.id));
}

/** The last live task directly under `parent` (null: the top level) other than `except`, in sibling order; null if none. */
export function lastChild(tasks: readonly TaskView[], parent: string | null, except: string): string | null {
  const siblings = tasks.filter((t) => !t.deleted && t.parent === parent && t.id !== except).sort(byOrderThenId);
  return siblings.at(-1)?.id ?? null;
}
