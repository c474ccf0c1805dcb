// The read models the plan shows, each kept current by the project-changed event.
import { useMemo } from "react";
import { views, type TaskNode, type TaskView } from "../../../ipc";
import { useItemCollection, type ItemSource } from "../../../hooks/useItemCollection";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { buildTaskTree } from "../utils/taskTree";

// Module-level sources, loaders and relevance tests: the hooks need them stable.
/**
 * Every task, deleted ones included, patched one by one when a change names a few of them: a
 * large plan is never reloaded whole for a small edit. A TaskView reads only its task's own
 * fields, and every command that writes a task records it as touched, so no other kind's change
 * makes a task stale (milestones and members are loaded on their own, below).
 */
const taskSource: ItemSource<TaskView> = {
  kind: "task",
  loadAll: (projectId) => views.tasks(projectId),
  loadOne: (projectId, id) => views.task(projectId, id),
  idOf: (task) => task.id,
};
const loadMilestones = (projectId: string) => views.milestones(projectId);
const loadMembers = (projectId: string) => views.members(projectId);
// A milestone's progress counts its tasks, so task changes reload it too.
const milestonesChanged = touchesKinds("milestone", "task");
const membersChanged = touchesKinds("member");

export type TreeResource = { data: TaskNode[] | null; error: string | null };

export function usePlanData(projectId: string) {
  const tasks = useItemCollection(projectId, taskSource);
  // The tree (and its rollups) is rebuilt from the patched tasks, as the core would build it.
  const nodes = useMemo(() => (tasks.data === null ? null : buildTaskTree(tasks.data.values())), [tasks.data]);
  const tree: TreeResource = useMemo(() => ({ data: nodes, error: tasks.error }), [nodes, tasks.error]);
  return {
    tree,
    milestones: useProjectResource(projectId, loadMilestones, milestonesChanged),
    members: useProjectResource(projectId, loadMembers, membersChanged),
  };
}
