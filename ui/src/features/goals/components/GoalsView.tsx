// The goals view: short- and long-term goals measured by a metric; add, edit, record the current
// value, close (achieved / abandoned), reopen and delete. Follows project changes.
import { Alert, Card, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { views, type GoalView, type MemberView } from "../../../ipc";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { useCommand } from "../../../hooks/useCommand";
import { byData, useFocusTarget } from "../../../hooks/useFocusRequest";
import { EMPTY_GOAL, formFromGoal, goalPatch, newGoal, type GoalFormValues } from "../utils/goalForm";
import { GoalForm } from "./GoalForm";
import { GoalRow, type GoalStatus } from "./GoalRow";

const loadGoals = (projectId: string) => views.goals(projectId);
const loadMembers = (projectId: string) => views.members(projectId);
const goalKinds = touchesKinds("goal", "task");
const memberKinds = touchesKinds("member");

export function GoalsView({ projectId }: { projectId: string }) {
  const goals = useProjectResource(projectId, loadGoals, goalKinds);
  const members = useProjectResource(projectId, loadMembers, memberKinds);
  const adding = useCommand(projectId);
  const editing = useCommand(projectId);
  const rowCommand = useCommand(projectId);
  const [edited, setEdited] = useState<GoalView | null>(null);

  const memberList: MemberView[] = members.data ?? [];
  const live = (goals.data ?? []).filter((g) => !g.deleted);
  const nameOf = (id: string | null) => (id === null ? null : (memberList.find((m) => m.id === id)?.name ?? id));

  // A goal opened from search: its row highlighted (deleted goals are not listed).
  useFocusTarget("goal", {
    lookup: (_, id) => {
      if (goals.data === null) return goals.error === null ? null : "The goals could not be loaded.";
      const goal = goals.data.find((g) => g.id === id);
      if (goal === undefined) return "That goal is not in this project any more.";
      return goal.deleted ? "That goal is deleted, so it is not listed." : true;
    },
    selector: (_, id) => `[data-testid="goal-row"]${byData("goal-id", id)}`,
  });

  async function add(values: GoalFormValues) {
    const parsed = newGoal(values);
    if ("errors" in parsed) return parsed.errors;
    const done = await adding.run({ area: "goal", command: { action: "add", ...parsed.goal } });
    return done ? null : {};
  }

  async function saveEdit(goal: GoalView, values: GoalFormValues) {
    const parsed = goalPatch(goal, values);
    if ("errors" in parsed) return parsed.errors;
    if (Object.keys(parsed.patch).length > 0) {
      const done = await editing.run(
        { area: "goal", command: { action: "update", id: goal.id, patch: parsed.patch } },
        { kind: "goal", id: goal.id, fields: { description: goal.description } },
      );
      if (!done) return {};
    }
    setEdited(null);
    return null;
  }

  const record = async (goal: GoalView, current: number) =>
    (await rowCommand.run({ area: "goal", command: { action: "record_progress", id: goal.id, current } })) !== null;

  const setStatus = (goal: GoalView, status: GoalStatus) =>
    void rowCommand.run({ area: "goal", command: { action: "update", id: goal.id, patch: { status } } });

  const remove = (goal: GoalView) =>
    void rowCommand.run({ area: "item", command: { action: "delete", kind: "goal", id: goal.id } });

  return (
    <Stack data-testid="goals-view">
      <Title order={2}>Goals</Title>
      <Card withBorder>
        <Title order={5} mb="xs">
          New goal
        </Title>
        <GoalForm
          initial={EMPTY_GOAL}
          members={memberList}
          submitLabel="Add goal"
          resetAfter
          onSubmit={add}
          testIds={{ title: "new-goal-title", submit: "add-goal" }}
        />
        {adding.error && (
          <Alert color="red" title="The goal was not added" mt="xs">
            {adding.error}
          </Alert>
        )}
      </Card>

      {rowCommand.error && (
        <Alert color="red" title="That change was not saved" withCloseButton onClose={rowCommand.clearError}>
          {rowCommand.error}
        </Alert>
      )}
      {goals.error && (
        <Alert color="red" title="Cannot load the goals">
          {goals.error}
        </Alert>
      )}
      {goals.data === null && !goals.error && <Text c="dimmed">Loading goals…</Text>}
      {goals.data !== null && live.length === 0 && (
        <Text c="dimmed">No goals yet. Name the first one above, with the metric that shows it is met.</Text>
      )}
      {live.length > 0 && (
        <Table highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Goal</Table.Th>
              <Table.Th>Baseline → target</Table.Th>
              <Table.Th>Current</Table.Th>
              <Table.Th>Progress</Table.Th>
              <Table.Th>Horizon</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {live.map((goal) => (
              <GoalRow
                // A new current value from anywhere resets the row's input to it.
                key={`${goal.id}:${goal.current}`}
                goal={goal}
                ownerName={nameOf(goal.owner)}
                onRecord={(current) => record(goal, current)}
                onStatus={(status) => setStatus(goal, status)}
                onEdit={() => {
                  editing.clearError();
                  setEdited(goal);
                }}
                onDelete={() => remove(goal)}
              />
            ))}
          </Table.Tbody>
        </Table>
      )}

      <Modal opened={edited !== null} onClose={() => setEdited(null)} title="Edit goal" size="lg">
        {edited && (
          <>
            <GoalForm
              initial={formFromGoal(edited)}
              members={memberList}
              submitLabel="Save goal"
              onSubmit={(values) => saveEdit(edited, values)}
              testIds={{ title: "edit-goal-title", submit: "save-goal" }}
            />
            {editing.error && (
              <Alert color="red" title="The goal was not saved" mt="xs">
                {editing.error}
              </Alert>
            )}
          </>
        )}
      </Modal>
    </Stack>
  );
}
