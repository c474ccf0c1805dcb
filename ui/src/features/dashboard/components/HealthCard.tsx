// The project's health: the value shown, why the plan computes what it does, and the manual override.
import { Alert, Badge, Card, Group, List, NativeSelect, Text } from "@mantine/core";
import type { DashboardView } from "../../../ipc";
import { useCommand } from "../../../hooks/useCommand";
import { HEALTH, healthColor, healthLabel } from "../utils/health";

type Props = { projectId: string; dashboard: DashboardView };

export function HealthCard({ projectId, dashboard }: Props) {
  const { run, error, busy } = useCommand(projectId);
  const options = [
    { value: "", label: `Computed (${healthLabel(dashboard.health_computed)})` },
    ...Object.entries(HEALTH).map(([value, h]) => ({ value, label: `${h.label} (manual)` })),
  ];

  function override(value: string) {
    // Clearing the override hands health back to the rule; setting one keeps the computed reasons visible.
    const health = value === "" ? ("clear" as const) : { set: value as keyof typeof HEALTH };
    void run({ area: "project", command: { action: "update", health } });
  }

  return (
    <Card withBorder padding="md" data-testid="dashboard-health" data-health={dashboard.health}>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Health</Text>
        <Badge data-testid="dashboard-health-value" color={healthColor(dashboard.health)} size="lg" tt="none">
          {healthLabel(dashboard.health)}
        </Badge>
      </Group>
      {dashboard.health_overridden && (
        <Text size="sm" c="dimmed" data-testid="dashboard-health-override">
          Set by hand; the plan says {healthLabel(dashboard.health_computed)}.
        </Text>
      )}
      {dashboard.health_reasons.length === 0 ? (
        <Text size="sm">Nothing in the plan needs attention.</Text>
      ) : (
        <List size="sm" spacing={2} data-testid="dashboard-health-reasons">
          {dashboard.health_reasons.map((reason) => (
            <List.Item key={reason}>{reason}</List.Item>
          ))}
        </List>
      )}
      <NativeSelect
        mt="sm"
        size="xs"
        label="Health shown"
        data-testid="dashboard-health-select"
        value={dashboard.health_overridden ? dashboard.health : ""}
        data={options}
        disabled={busy}
        onChange={(e) => override(e.currentTarget.value)}
      />
      {error && (
        <Alert color="red" mt="xs" title="The health was not changed">
          {error}
        </Alert>
      )}
    </Card>
  );
}
