// The project at a glance: health and why, progress, open/done/overdue counts, the overdue tasks,
// next milestones, active goals and budget burn. One read model (`views.dashboard`), kept current.
import { Alert, Badge, Card, Group, Progress, RingProgress, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { views, type DashboardView, type MemberView } from "../../../ipc";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { percentText } from "../utils/percent";
import { BudgetBurn } from "./BudgetBurn";
import { HealthCard } from "./HealthCard";

// Health depends on tasks, milestones, budget and settings alike, so every change is relevant.
const loadDashboard = (projectId: string) => views.dashboard(projectId);
const loadMembers = (projectId: string) => views.members(projectId);
const memberKinds = touchesKinds("member");

function Stat({ label, value, alert, testId }: { label: string; value: number; alert?: boolean; testId: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} c={alert && value > 0 ? "red" : undefined} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

function ProgressCard({ percent }: { percent: number }) {
  const value = Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0));
  return (
    <Card withBorder padding="md" data-testid="dashboard-progress">
      <Text fw={600}>Complete, by estimate</Text>
      <Group justify="center">
        <RingProgress
          size={140}
          thickness={14}
          roundCaps
          sections={[{ value, color: "teal" }]}
          label={
            <Text ta="center" fw={700} size="xl" data-testid="dashboard-percent">
              {percentText(percent)}
            </Text>
          }
        />
      </Group>
      <Progress value={value} size="sm" aria-label="Percent complete" />
    </Card>
  );
}

function OverdueList({ overdue }: { overdue: DashboardView["overdue"] }) {
  return (
    <Card withBorder padding="md" data-testid="dashboard-overdue">
      <Title order={4} mb="xs">
        Overdue
      </Title>
      {overdue.length === 0 ? (
        <Text c="dimmed">Nothing is overdue.</Text>
      ) : (
        <Table>
          <Table.Tbody>
            {overdue.map((t) => (
              <Table.Tr key={t.id} data-testid="dashboard-overdue-row" data-task-id={t.id}>
                <Table.Td>{t.title}</Table.Td>
                <Table.Td>
                  <Text c="red" size="sm">
                    due {t.due}, {t.days_late} {t.days_late === 1 ? "day" : "days"} late
                  </Text>
                </Table.Td>
                <Table.Td>
                  {t.assignee_names.length > 0 ? t.assignee_names.join(", ") : <Text c="dimmed">Unassigned</Text>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function Milestones({ milestones }: { milestones: DashboardView["next_milestones"] }) {
  return (
    <Card withBorder padding="md" data-testid="dashboard-milestones">
      <Title order={4} mb="xs">
        Next milestones
      </Title>
      {milestones.length === 0 ? (
        <Text c="dimmed">No upcoming milestones. Add them in the plan.</Text>
      ) : (
        <Table>
          <Table.Tbody>
            {milestones.map((m) => (
              <Table.Tr key={m.id} data-testid="dashboard-milestone-row" data-milestone-id={m.id}>
                <Table.Td>{m.title}</Table.Td>
                <Table.Td>{m.due}</Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {m.tasks_done}/{m.tasks_total} tasks done
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function Goals({ goals }: { goals: DashboardView["goals"] }) {
  return (
    <Card withBorder padding="md" data-testid="dashboard-goals">
      <Title order={4} mb="xs">
        Active goals
      </Title>
      {goals.length === 0 ? (
        <Text c="dimmed">No active goals. Set them in Goals.</Text>
      ) : (
        <Stack gap="xs">
          {goals.map((g) => (
            <div key={g.id} data-testid="dashboard-goal" data-goal-id={g.id}>
              <Group justify="space-between" gap="xs">
                <Text size="sm" fw={500}>
                  {g.title}
                </Text>
                <Group gap={6}>
                  <Text size="xs" c="dimmed">
                    {g.current} of {g.target} {g.metric}
                  </Text>
                  {g.on_track === false && (
                    <Badge color="orange" variant="light" size="xs" tt="none">
                      behind
                    </Badge>
                  )}
                </Group>
              </Group>
              <Progress
                value={Math.min(1, Math.max(0, g.progress)) * 100}
                color={g.on_track === false ? "orange" : "teal"}
                aria-label={`Progress of ${g.title}`}
              />
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function Members({ members }: { members: MemberView[] | null }) {
  const live = (members ?? []).filter((m) => !m.deleted && m.active);
  return (
    <Card withBorder padding="md" data-testid="dashboard-members">
      <Title order={4} mb="xs">
        Members
      </Title>
      {members === null ? (
        <Text c="dimmed">Loading members…</Text>
      ) : live.length === 0 ? (
        <Text c="dimmed">No members yet.</Text>
      ) : (
        <Table>
          <Table.Tbody>
            {live.map((m) => (
              <Table.Tr key={m.id} data-testid="dashboard-member" data-member-id={m.id}>
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
  );
}

export function Dashboard({ projectId }: { projectId: string }) {
  const { data: dashboard, error } = useProjectResource(projectId, loadDashboard);
  const { data: members } = useProjectResource(projectId, loadMembers, memberKinds);

  if (dashboard === null) {
    return error ? (
      <Alert color="red" title="Cannot load the dashboard">
        {error}
      </Alert>
    ) : (
      <Text c="dimmed">Loading the dashboard…</Text>
    );
  }

  return (
    <Stack data-testid="dashboard">
      <div>
        <Title order={2}>{dashboard.name}</Title>
        <Text c="dimmed">{dashboard.client ? `Client: ${dashboard.client}` : "No client recorded"}</Text>
      </div>
      {error && (
        <Alert color="red" title="Showing the last loaded dashboard">
          {error}
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <HealthCard projectId={projectId} dashboard={dashboard} />
        <ProgressCard percent={dashboard.percent_complete} />
      </SimpleGrid>

      <SimpleGrid cols={3}>
        <Stat label="Open tasks" value={dashboard.tasks_open} testId="dashboard-open" />
        <Stat label="Done tasks" value={dashboard.tasks_done} testId="dashboard-done" />
        <Stat label="Overdue tasks" value={dashboard.tasks_overdue} alert testId="dashboard-overdue-count" />
      </SimpleGrid>

      <OverdueList overdue={dashboard.overdue} />

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Milestones milestones={dashboard.next_milestones} />
        <Goals goals={dashboard.goals} />
      </SimpleGrid>

      <Card withBorder padding="md">
        <Title order={4} mb="xs">
          Budget burn
        </Title>
        <BudgetBurn budget={dashboard.budget} currency={dashboard.currency} />
      </Card>

      <Members members={members} />
    </Stack>
  );
}
