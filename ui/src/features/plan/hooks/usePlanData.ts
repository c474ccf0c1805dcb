// The read models the plan shows, each kept current by the project-changed event.
import { views } from "../../../ipc";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";

// Module-level loaders and relevance tests: useProjectResource needs them stable.
const loadTree = (projectId: string) => views.taskTree(projectId);
const loadMilestones = (projectId: string) => views.milestones(projectId);
const loadMembers = (projectId: string) => views.members(projectId);
const treeChanged = touchesKinds("task");
// A milestone's progress counts its tasks, so task changes reload it too.
const milestonesChanged = touchesKinds("milestone", "task");
const membersChanged = touchesKinds("member");

export function usePlanData(projectId: string) {
  return {
    tree: useProjectResource(projectId, loadTree, treeChanged),
    milestones: useProjectResource(projectId, loadMilestones, milestonesChanged),
    members: useProjectResource(projectId, loadMembers, membersChanged),
  };
}
