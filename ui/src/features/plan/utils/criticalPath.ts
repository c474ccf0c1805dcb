// The critical path of the plan: the longest chain of finish-to-start dependencies, weighted by duration.

export type PathTask = {
  id: string;
  /** Working days; callers pass `durationDays(estimate)`, so tasks without estimates weigh 1. */
  days: number;
  /** Ids of the tasks this one waits for. */
  dependsOn: readonly string[];
};

export type CriticalPath = {
  /** Task ids from the first task to the last, empty when there are no tasks outside cycles. */
  path: string[];
  /** Sum of the durations on the path. */
  days: number;
  /** Each cycle found, as ids where each waits for the next and the last waits for the first. */
  cycles: string[][];
  /** Tasks left out because they are in a cycle or wait (transitively) on one. */
  blockedByCycle: string[];
  /** Dependencies naming a task that is not in the input (deleted, or not planned); ignored. */
  missing: { task: string; on: string }[];
};

/**
 * Longest path through the dependency DAG (Kahn's topological order, then one pass of
 * relaxation). Cycles cannot be ordered, so they are found, reported and left out instead of
 * being walked forever; the core refuses new cycles, but concurrent edits can still merge into one.
 * Ties go to the smaller id so every replica highlights the same path.
 */
export function criticalPath(tasks: readonly PathTask[]): CriticalPath {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const missing: CriticalPath["missing"] = [];
  const preds = new Map<string, string[]>();
  const succs = new Map<string, string[]>(tasks.map((t) => [t.id, []]));
  for (const t of tasks) {
    const known = [...new Set(t.dependsOn)].filter((on) => {
      if (byId.has(on)) return true;
      missing.push({ task: t.id, on });
      return false;
    });
    preds.set(t.id, known);
    for (const on of known) succs.get(on)?.push(t.id);
  }

  const waiting = new Map(tasks.map((t) => [t.id, preds.get(t.id)?.length ?? 0]));
  const ready = tasks.filter((t) => waiting.get(t.id) === 0).map((t) => t.id);
  const finish = new Map<string, number>();
  const via = new Map<string, string | null>();
  while (ready.length > 0) {
    const id = ready.pop() as string;
    let best: string | null = null;
    for (const p of preds.get(id) ?? []) {
      if (best === null || better(p, best, finish)) best = p;
    }
    finish.set(id, (best === null ? 0 : (finish.get(best) ?? 0)) + Math.max(0, byId.get(id)?.days ?? 0));
    via.set(id, best);
    for (const s of succs.get(id) ?? []) {
      const n = (waiting.get(s) ?? 0) - 1;
      waiting.set(s, n);
      if (n === 0) ready.push(s);
    }
  }

  let end: string | null = null;
  for (const id of finish.keys()) if (end === null || better(id, end, finish)) end = id;
  const path: string[] = [];
  for (let at = end; at !== null; at = via.get(at) ?? null) path.push(at);
  path.reverse();

  const blockedByCycle = tasks.map((t) => t.id).filter((id) => !finish.has(id));
  return {
    path,
    days: end === null ? 0 : (finish.get(end) ?? 0),
    cycles: findCycles(blockedByCycle, preds),
    blockedByCycle,
    missing,
  };
}

function better(a: string, b: string, finish: Map<string, number>): boolean {
  const fa = finish.get(a) ?? 0;
  const fb = finish.get(b) ?? 0;
  return fa > fb || (fa === fb && a < b);
}

/**
 * Every task Kahn could not order still has a predecessor it could not order, so walking
 * predecessors inside that set must come back to a task already on the walk: that is a cycle.
 * Tasks that merely wait on a cycle are walked once and not reported as cycles.
 */
function findCycles(stuck: string[], preds: Map<string, string[]>): string[][] {
  const inStuck = new Set(stuck);
  const done = new Set<string>();
  const cycles: string[][] = [];
  for (const start of stuck) {
    if (done.has(start)) continue;
    const walk: string[] = [];
    const onWalk = new Map<string, number>();
    let at: string | undefined = start;
    while (at !== undefined && !done.has(at) && !onWalk.has(at)) {
      onWalk.set(at, walk.length);
      walk.push(at);
      at = (preds.get(at) ?? []).filter((p) => inStuck.has(p)).sort()[0];
    }
    if (at !== undefined && onWalk.has(at)) cycles.push(walk.slice(onWalk.get(at)));
    for (const id of walk) done.add(id);
  }
  return cycles;
}
