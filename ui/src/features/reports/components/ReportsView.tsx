// Status reports: generate one for a period (health, progress, burndown, milestones, goals, risks,
// decisions, requests, budget burn, log highlights) and save it into the project, so the whole
// team has it; list the saved ones and open one. As `tandem report generate --save` does.
import { Alert, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { generateReport, views, type ReportFormat, type ReportView } from "../../../ipc";
import { byData, useFocusTarget } from "../../../hooks/useFocusRequest";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { lastWeek, periodProblem, size } from "../utils/period";
import { ReportViewer } from "./ReportViewer";

const loadReports = (projectId: string) => views.reports(projectId);
const reportsChanged = touchesKinds("report");

const FORMATS: { value: ReportFormat; label: string }[] = [
  { value: "html", label: "HTML with charts" },
  { value: "markdown", label: "Markdown" },
];

export function ReportsView({ projectId }: { projectId: string }) {
  const { data: reports, error: listError } = useProjectResource(projectId, loadReports, reportsChanged);
  const [period, setPeriod] = useState(() => lastWeek(new Date()));
  const [format, setFormat] = useState<ReportFormat>("html");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState<ReportView | null>(null);
  const [opening, setOpening] = useState<string | null>(null);

  async function generate() {
    const problem = periodProblem(period.from, period.to);
    if (problem !== null) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setOpened(await generateReport(projectId, period.from.trim(), period.to.trim(), format));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function open(id: string) {
    setOpening(id);
    setError(null);
    try {
      setOpened(await views.report(projectId, id));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setOpening(null);
    }
  }

  useFocusTarget("report", {
    lookup: (_, id) => {
      if (reports === null) return null;
      const found = reports.find((r) => r.id === id && !r.deleted);
      return found ? true : "That report was deleted.";
    },
    reveal: (_, id) => void open(id),
    selector: (_, id) => byData("report-id", id),
  });

  const live = (reports ?? []).filter((r) => !r.deleted);
  return (
    <Stack gap="sm">
      <Title order={3}>Status reports</Title>
      <Paper withBorder p="sm">
        <Group align="flex-end" gap="xs">
          <TextInput
            label="First day"
            value={period.from}
            onChange={(e) => setPeriod({ ...period, from: e.currentTarget.value })}
            placeholder="YYYY-MM-DD"
            w={130}
            data-testid="report-from"
          />
          <TextInput
            label="Last day"
            value={period.to}
            onChange={(e) => setPeriod({ ...period, to: e.currentTarget.value })}
            placeholder="YYYY-MM-DD"
            w={130}
            data-testid="report-to"
          />
          <NativeSelect
            label="Format"
            data={FORMATS}
            value={format}
            onChange={(e) => setFormat(e.currentTarget.value as ReportFormat)}
            data-testid="report-format"
          />
          <Button onClick={() => void generate()} loading={busy} data-testid="generate-report">
            Generate and save
          </Button>
        </Group>
        {error && (
          <Alert color="red" mt="xs" data-testid="report-error">
            {error}
          </Alert>
        )}
      </Paper>
      {opened && <ReportViewer projectId={projectId} report={opened} onClose={() => setOpened(null)} />}
      {listError && (
        <Alert color="red" data-testid="reports-error">
          {listError}
        </Alert>
      )}
      {reports !== null && live.length === 0 && <Text c="dimmed">No report has been saved yet.</Text>}
      {live.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Report</Table.Th>
              <Table.Th>Period</Table.Th>
              <Table.Th>Format</Table.Th>
              <Table.Th>Size</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {live.map((r) => (
              <Table.Tr key={r.id} data-testid="report-row" data-report-id={r.id}>
                <Table.Td>{r.title}</Table.Td>
                <Table.Td>
                  {r.period_from} to {r.period_to}
                </Table.Td>
                <Table.Td>{r.format}</Table.Td>
                <Table.Td>{size(r.size_bytes)}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="light"
                    loading={opening === r.id}
                    onClick={() => void open(r.id)}
                    data-testid="report-open"
                  >
                    Open
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
