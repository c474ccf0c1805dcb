// The plan: task tree, board and timeline tabs over the same live task tree, and the milestones beside them.
import { Stack, Tabs, Title } from "@mantine/core";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import type { MemberView, MilestoneView, TaskNode } from "../../../ipc";
import { useFocusRequest } from "../../../hooks/useFocusRequest";
import { usePlanData } from "../hooks/usePlanData";
import { allTasks } from "../utils/tree";
import { Loadable } from "./Loadable";
import { MilestonesPanel } from "./MilestonesPanel";
import { TaskBoard } from "./TaskBoard";
import { TaskTree } from "./TaskTree";
import { Timeline } from "./Timeline";

const NONE: never[] = [];

export function PlanView({ projectId }: { projectId: string }) {
  const { tree, milestones, members } = usePlanData(projectId);
  // Members and milestones only label things in the tree; the tree does not wait for them.
  const memberList: MemberView[] = members.data ?? NONE;
  const milestoneList: MilestoneView[] = milestones.data ?? NONE;
  const tasks = useMemo(() => allTasks(tree.data ?? NONE), [tree.data]);
  const memberNames = useMemo(() => new Map(memberList.map((m) => [m.id as string, m.name])), [memberList]);
  const [tab, setTab] = useState<string | null>("tree");
  // A task opened from search opens in the tree's drawer (the tree handles the request).
  const taskWanted = useFocusRequest("task").id;
  useEffect(() => {
    if (taskWanted !== null) setTab("tree");
  }, [taskWanted]);

  const withTree = (render: (nodes: TaskNode[]) => ReactNode) => (
    <Loadable data={tree.data} error={tree.error} what="tasks">
      {render}
    </Loadable>
  );

  // Keyed by project, so collapsed rows, open drawers and half-typed titles do not leak into another project.
  return (
    <Stack key={projectId}>
      <Title order={2}>Plan</Title>
      {/* Only the open tab is mounted: the timeline's chart is costly and the others refetch nothing. */}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="tree" data-testid="plan-tab-tree">
            Task tree
          </Tabs.Tab>
          <Tabs.Tab value="board" data-testid="plan-tab-board">
            Board
          </Tabs.Tab>
          <Tabs.Tab value="timeline" data-testid="plan-tab-timeline">
            Timeline
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="tree" pt="md">
          {withTree((nodes) => (
            <TaskTree projectId={projectId} nodes={nodes} members={memberList} milestones={milestoneList} />
          ))}
        </Tabs.Panel>
        <Tabs.Panel value="board" pt="md">
          {withTree(() => (
            <TaskBoard projectId={projectId} tasks={tasks} memberNames={memberNames} />
          ))}
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          {withTree(() => (
            <Timeline projectId={projectId} tasks={tasks} milestones={milestoneList} />
          ))}
        </Tabs.Panel>
      </Tabs>
      <Loadable data={milestones.data} error={milestones.error} what="milestones">
        {(list) => <MilestonesPanel projectId={projectId} milestones={list} />}
      </Loadable>
    </Stack>
  );
}
