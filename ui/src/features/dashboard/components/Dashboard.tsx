// The project at a glance: client, progress by estimate, open/done/overdue counts and the members.
import { Alert, Badge, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { projectOverview } from "../../../ipc";
import { useProjectResource } from "../../../hooks/useProjectResource";
import { percentText } from "../utils/percent";

function Stat({ label, value, alert }: { label: string; value: number; alert?: boolean }) {
  return (
    <Card withBorder padding="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} c={alert && value > 0 ? "red" : undefined}>
        {value}
      </Text>
    </Card>
  );
}

export function Dashboard({ projectId }: { projectId: string }) {
  const { data: overview, error } = useProjectResource(projectId, projectOverview);

  if (overview === null) {
    return error ? (
      <Alert color="red" title="Cannot load the project overview">
        {error}
      </Alert>
    ) : (
      <Text c="dimmed">Loading the overview…</Text>
    );
  }

  return (
    <Stack>
      <div>
        <Title order={2}>{overview.name}</Title>
        <Text c="dimmed">{overview.client ? `Client: ${overview.client}` : "No client recorded"}</Text>
      </div>
      {error && (
        <Alert color="red" title="Showing the last loaded overview">
          {error}
        </Alert>
      )}

      <Card withBorder padding="md">
        <Group justify="space-between" mb="xs">
          <Text fw={600}>Complete, by estimate</Text>
          <Text fw={700}>{percentText(overview.percent_complete)}</Text>
        </Group>
        <Progress value={Math.min(100, Math.max(0, overview.percent_complete))} size="lg" aria-label="Percent complete" />
      </Card>

      <SimpleGrid cols={3}>
        <Stat label="Open tasks" value={overview.tasks_open} />
        <Stat label="Done tasks" value={overview.tasks_done} />
        <Stat label="Overdue tasks" value={overview.tasks_overdue} alert />
      </SimpleGrid>

      <Card withBorder padding="md">
        <Title order={4} mb="xs">
          Members
        </Title>
        {overview.members.length === 0 ? (
          <Text c="dimmed">No members yet.</Text>
        ) : (
          <Table>
            <Table.Tbody>
              {overview.members.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{m.name}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color="gray" tt="none">
                      {m.role}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>

      <Text size="sm" c="dimmed">
        Not built yet: health, burndown, milestones, goals, budget burn.
      </Text>
    </Stack>
  );
}
