// The task tree as rows: flattening for the (virtualised) tree list and for the board and timeline.
import type { TaskNode, TaskView } from "../../../ipc";

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
