// One saved report: HTML shown as it is (a sandboxed frame: the report is one self-contained page
// with inline SVG charts and no scripts), Markdown as text; and "Save as file…" to a path.
import { Alert, Button, Group, Paper, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { saveReportFile, type ReportView } from "../../../ipc";
import { size } from "../utils/period";

type Props = { projectId: string; report: ReportView; onClose: () => void };

export function ReportViewer({ projectId, report, onClose }: Props) {
  const [path, setPath] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setSaved(null);
    setError(null);
    try {
      const written = await saveReportFile(projectId, report.id, path);
      setSaved(`Wrote ${size(written.bytes)} to ${written.path}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const extension = report.format === "html" ? "html" : "md";
  return (
    <Paper withBorder p="sm" data-testid="report-viewer" data-report-id={report.id}>
      <Group justify="space-between" mb="xs">
        <div>
          <Title order={4} data-testid="report-title">
            {report.title}
          </Title>
          <Text size="sm" c="dimmed">
            {report.period_from} to {report.period_to} · {report.format} · {size(report.size_bytes)}
          </Text>
        </div>
        <Button variant="default" size="xs" onClick={onClose} data-testid="report-close">
          Close
        </Button>
      </Group>
      <Group align="flex-end" gap="xs" mb="xs">
        <TextInput
          label="Save as file…"
          description="The full path of the file to write"
          placeholder={`/home/you/Documents/status.${extension}`}
          value={path}
          onChange={(e) => setPath(e.currentTarget.value)}
          style={{ flex: 1 }}
          data-testid="report-path"
        />
        <Button onClick={() => void save()} loading={busy} data-testid="report-save-file">
          Save
        </Button>
      </Group>
      {saved && (
        <Text size="sm" c="green" mb="xs" data-testid="report-saved">
          {saved}
        </Text>
      )}
      {error && (
        <Alert color="red" mb="xs" data-testid="report-save-error">
          {error}
        </Alert>
      )}
      {report.format === "html" ? (
        <iframe
          title={report.title}
          sandbox=""
          srcDoc={report.content}
          data-testid="report-frame"
          style={{ width: "100%", height: "70vh", border: "1px solid var(--mantine-color-gray-3)", background: "white" }}
        />
      ) : (
        <Text component="pre" size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="report-text">
          {report.content}
        </Text>
      )}
    </Paper>
  );
}
