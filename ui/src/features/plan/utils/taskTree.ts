// The task tree built from the flat tasks, exactly as the core's `tasks::task_tree` builds it, so the plan can patch single tasks.
import type { TaskNode, TaskView } from "../../../ipc";

/**
 * Compares two strings as Rust compares `String`s: byte-wise in UTF-8, which is code-point
 * order. JavaScript's `<` compares UTF-16 code units, which differs only where a character
 * outside the BMP (a surrogate pair) meets one in U+E000–U+FFFF; that case is fixed up.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (0xD800–0xDFFF) stand for code points above 0xFFFF: move them above the rest.
      x += x <= 0xdfff ? 0x2000 : -0x800;
      y += y <= 0xdfff ? 0x2000 : -0x800;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** The order every reader of the core uses: (order key, id). */
export const byOrderThenId = (a: TaskView, b: TaskView): number => compareKeys(a.order, b.order) || compareKeys(a.id, b.id);

/** How deep the core builds the tree before it leaves the rest to the top level (its recursion limit). */
const MAX_DEPTH = 256;

/**
 * The work-breakdown tree of the live tasks among `tasks` (deleted ones are skipped), with each
 * node's rollups: `total_estimate` is its own estimate (none counts 0) plus its children's totals,
 * `done_estimate` the same counting only tasks whose status is done. Siblings are ordered by
 * (order key, id); tasks whose parent is deleted or missing are at the top level, among the
 * roots in that same order. Tasks caught in a parent loop (concurrent moves: a under b, b under
 * a) are added at the end, as the core does, so nothing disappears.
 */
export function buildTaskTree(tasks: Iterable<TaskView>): TaskNode[] {
  const live = [...tasks].filter((t) => !t.deleted).sort(byOrderThenId);
  const ids = new Set(live.map((t) => t.id as string));
  // Keyed by parent id; "" is the top level (ids are never empty).
  const byParent = new Map<string, TaskView[]>();
  for (const t of live) {
    const key = t.parent !== null && ids.has(t.parent) ? (t.parent as string) : "";
    const siblings = byParent.get(key);
    if (siblings) siblings.push(t);
    else byParent.set(key, [t]);
  }

  const nodeOf = (task: TaskView, depth: number): TaskNode => {
    const children = depth < MAX_DEPTH ? build(task.id, depth + 1) : [];
    const own = task.estimate ?? 0;
    const ownDone = task.status === "done" ? own : 0;
    let total = 0;
    let done = 0;
    for (const c of children) {
      total += c.total_estimate;
      done += c.done_estimate;
    }
    return { task, total_estimate: own + total, done_estimate: ownDone + done, children };
  };
  const build = (parent: string, depth: number): TaskNode[] => {
    const kids = byParent.get(parent);
    if (kids === undefined) return [];
    byParent.delete(parent);
    return kids.map((t) => nodeOf(t, depth));
  };

  const roots = build("", 0);
  // Whatever no root reached: parent loops, and subtrees below the depth limit. The core takes
  // the remaining groups by parent id, smallest first, and makes their tasks roots.
  const left = [...byParent.keys()].sort(compareKeys);
  for (const parent of left) {
    const kids = byParent.get(parent);
    if (kids === undefined) continue;
    byParent.delete(parent);
    for (const t of kids) roots.push(nodeOf(t, 0));
  }
  return roots;
}
