// The risks & issues view: the probability × impact matrix (click a cell to filter), the risk
// register, and the issue register. Follows project changes.
import { Alert, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { views } from "../../../ipc";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { byData, useFocusTarget } from "../../../hooks/useFocusRequest";
import { visibleRisks, type Cell } from "../utils/matrix";
import { Issues } from "./Issues";
import { RiskMatrix } from "./RiskMatrix";
import { RiskRegister } from "./RiskRegister";

const loadRisks = (projectId: string) => views.risks(projectId);
const loadMatrix = (projectId: string) => views.riskMatrix(projectId);
const loadIssues = (projectId: string) => views.issues(projectId);
const loadMembers = (projectId: string) => views.members(projectId);
const riskKinds = touchesKinds("risk");
const issueKinds = touchesKinds("issue");
const memberKinds = touchesKinds("member");

export function RisksView({ projectId }: { projectId: string }) {
  const risks = useProjectResource(projectId, loadRisks, riskKinds);
  const matrix = useProjectResource(projectId, loadMatrix, riskKinds);
  const issues = useProjectResource(projectId, loadIssues, issueKinds);
  const members = useProjectResource(projectId, loadMembers, memberKinds);
  const [cell, setCell] = useState<Cell | null>(null);
  const memberList = members.data ?? [];

  // A risk or issue opened from search: the matrix filter is dropped if it hides it, and its row highlighted.
  useFocusTarget(["risk", "issue"], {
    lookup: (kind, id) => {
      const list = kind === "risk" ? risks : issues;
      if (list.data === null) return list.error === null ? null : `The ${kind === "risk" ? "risks" : "issues"} could not be loaded.`;
      const item = (list.data as { id: string; deleted: boolean }[]).find((i) => i.id === id);
      if (item === undefined) return `That ${kind} is not in this project any more.`;
      return item.deleted ? `That ${kind} is deleted, so it is not listed.` : true;
    },
    reveal: (kind, id) => {
      if (kind === "risk" && cell !== null && !visibleRisks(risks.data ?? [], cell).some((r) => r.id === id)) setCell(null);
    },
    selector: (kind, id) => (kind === "risk" ? `[data-testid="risk-row"]${byData("risk-id", id)}` : `[data-testid="issue-row"]${byData("issue-id", id)}`),
  });

  return (
    <Stack data-testid="risks-view">
      <Title order={2}>Risks &amp; issues</Title>

      <Card withBorder>
        <Title order={4} mb="xs">
          Risk matrix
        </Title>
        {matrix.data === null ? (
          matrix.error ? (
            <Alert color="red" title="Cannot load the risk matrix">
              {matrix.error}
            </Alert>
          ) : (
            <Text c="dimmed">Loading the matrix…</Text>
          )
        ) : (
          <RiskMatrix matrix={matrix.data} selected={cell} onSelect={setCell} />
        )}
      </Card>

      <Group justify="space-between">
        <Title order={3}>Risk register</Title>
        {cell && (
          <Group gap="xs">
            <Text size="sm" data-testid="risk-filter">
              Showing probability {cell.probability}, impact {cell.impact}
            </Text>
            <Button size="xs" variant="subtle" onClick={() => setCell(null)}>
              Show all
            </Button>
          </Group>
        )}
      </Group>
      {risks.error && (
        <Alert color="red" title="Cannot load the risks">
          {risks.error}
        </Alert>
      )}
      {risks.data === null && !risks.error && <Text c="dimmed">Loading risks…</Text>}
      {risks.data !== null && (
        <RiskRegister
          projectId={projectId}
          risks={visibleRisks(risks.data, cell)}
          filtered={cell !== null}
          members={memberList}
        />
      )}

      <Title order={3}>Issues</Title>
      <Issues projectId={projectId} issues={issues.data} error={issues.error} members={memberList} />
    </Stack>
  );
}
