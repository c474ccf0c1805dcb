// The plan-integrity checks: what a clean merge (or anyone's edit) can still leave broken — people
// over capacity or in two meetings at once, dependency loops, dates that contradict a dependency or
// a milestone, budgets exceeded, work left with inactive members, sign-offs over unmet criteria.
// The same checks as `tandem check`, run again whenever the project changes.
import { Alert, Group, Stack, Text, Title } from "@mantine/core";
import { views, type ItemRef } from "../../../ipc";
import { useProjectResource } from "../../../hooks/useProjectResource";
import { countBySeverity } from "../utils/findings";
import { FindingCard } from "./FindingCard";

// Any change can make or clear a finding, so every change reloads the checks.
const loadChecks = (projectId: string) => views.checks(projectId);

type Props = {
  projectId: string;
  /** Opens an item a finding names in the view that shows it. */
  onOpenItem?: (item: ItemRef, label: string) => void;
};

export function ChecksView({ projectId, onOpenItem }: Props) {
  const { data, error } = useProjectResource(projectId, loadChecks);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3}>Plan checks</Title>
        {data && (
          <Text size="sm" c="dimmed" data-testid="checks-summary">
            {data.findings.length === 0
              ? `No findings as of ${data.today}`
              : `${countBySeverity(data.findings)} as of ${data.today}`}
          </Text>
        )}
      </Group>
      {error && (
        <Alert color="red" title="The checks could not run" data-testid="checks-error">
          {error}
        </Alert>
      )}
      {data === null && error === null && <Text c="dimmed">Checking the plan…</Text>}
      {data && data.findings.length === 0 && (
        <Text data-testid="checks-clean">
          No one is booked over capacity or into two meetings at once, no dependencies loop or contradict dates, no
          task is due after its milestone, the budget holds, no work is left with inactive members, and no deliverable
          is signed off with unmet criteria.
        </Text>
      )}
      {data?.findings.map((f) => (
        <FindingCard key={`${f.kind}:${f.key}`} finding={f} labels={data.labels} onOpenItem={onOpenItem} />
      ))}
    </Stack>
  );
}
