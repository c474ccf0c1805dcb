// Time travel: the project as it was at a moment (a time, or right after a change picked in the
// list), read-only: the dashboard's numbers of that day and the task list as it stood. Changes
// merged later that were made before the moment (offline work) are included once they arrive.
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput } from "@mantine/core";
import { useCallback, useState } from "react";
import { views, type AsOfView, type Moment } from "../../../ipc";
import { useProjectResource } from "../../../hooks/useProjectResource";
import { formatMoment, fromLocalInput, toLocalInput } from "../utils/diff";
import { asOfTitle, healthColor, statusLabel } from "../utils/asOf";

type Props = { projectId: string; moment: Moment | null; onMoment: (moment: Moment) => void };

type Answer = { key: string; view: AsOfView } | null;

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

function Snapshot({ view, moment }: { view: AsOfView; moment: Moment }) {
  const d = view.dashboard;
  return (
    <Stack data-testid="as-of-view">
      <Alert color="yellow" variant="light" title={asOfTitle(view, moment)} data-testid="as-of-banner">
        Read-only: this is how the project stood then; nothing here can be edited.
        {view.last_change && (
          <Text size="sm" mt={4}>
            Last change included: {view.last_change.summary || "(no description)"} — {view.last_change.author_name},{" "}
            {formatMoment(view.last_change.time)} ({view.last_change.hash.slice(0, 8)})
          </Text>
        )}
      </Alert>
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Paper withBorder p="xs">
          <Text size="xs" c="dimmed">
            Health
          </Text>
          <Badge color={healthColor(d.health)} variant="light" tt="none" mt={4} data-testid="as-of-health">
            {d.health.replace(/_/g, " ")}
          </Badge>
        </Paper>
        <Figure label="Complete (by estimate)" value={`${d.percent_complete}%`} testId="as-of-percent" />
        <Figure label="Open tasks" value={String(d.tasks_open)} testId="as-of-open" />
        <Figure label="Done tasks" value={String(d.tasks_done)} testId="as-of-done" />
        <Figure label={`Overdue on ${view.day}`} value={String(d.tasks_overdue)} testId="as-of-overdue" />
      </SimpleGrid>
      {view.tasks.length === 0 ? (
        <Text c="dimmed">No tasks then.</Text>
      ) : (
        <Table striped data-testid="as-of-tasks">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Task</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Assignees</Table.Th>
              <Table.Th>Due</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.tasks.map((t) => (
              <Table.Tr key={t.id} data-testid="as-of-task">
                <Table.Td>{t.title}</Table.Td>
                <Table.Td>{statusLabel(t.status)}</Table.Td>
                <Table.Td>{t.assignees.join(", ") || "—"}</Table.Td>
                <Table.Td>{t.due ?? "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

export function AsOfPanel({ projectId, moment, onMoment }: Props) {
  const [at, setAt] = useState(() => (moment?.at === "time" ? toLocalInput(moment.time) : toLocalInput(Date.now())));
  const [atError, setAtError] = useState<string | null>(null);
  const key = JSON.stringify(moment);
  // A new moment is a new loader; each answer carries the moment it was read for.
  const load = useCallback(
    (p: string): Promise<Answer> => {
      const asked = JSON.parse(key) as Moment | null;
      return asked === null ? Promise.resolve(null) : views.asOf(p, asked).then((view) => ({ key, view }));
    },
    [key],
  );
  const answer = useProjectResource(projectId, load);
  const shown = answer.data !== null && answer.data.key === key ? answer.data.view : null;

  function show() {
    const time = fromLocalInput(at);
    if (time === null) {
      setAtError("Give a date and time.");
      return;
    }
    setAtError(null);
    onMoment({ at: "time", time });
  }

  return (
    <Stack>
      <Group align="flex-end" gap="sm">
        <TextInput
          data-testid="as-of-at"
          label="The project as of"
          type="datetime-local"
          value={at}
          error={atError}
          onChange={(e) => {
            setAt(e.currentTarget.value);
            setAtError(null);
          }}
        />
        <Button data-testid="as-of-show" onClick={show}>
          Show
        </Button>
        {moment?.at === "change" && (
          <Text size="sm" c="dimmed" pb={8}>
            Showing the project right after change {moment.hash.slice(0, 8)}.
          </Text>
        )}
      </Group>
      {moment === null && (
        <Text c="dimmed">Pick a moment, or choose “As of here” on a change in the list of changes.</Text>
      )}
      {answer.error && (
        <Alert color="red" title="Cannot show the project as of then" data-testid="as-of-error">
          {answer.error}
        </Alert>
      )}
      {moment !== null && shown === null && !answer.error && <Text c="dimmed">Reading the project as of then…</Text>}
      {shown !== null && moment !== null && <Snapshot view={shown} moment={moment} />}
    </Stack>
  );
}
