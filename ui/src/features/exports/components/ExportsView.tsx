// Exports and imports: the project's tasks, risks, decisions and requests as CSV, its meetings and
// milestones as iCalendar, all of it as JSON, or the raw archive with its whole history, written
// to a file; tasks added from a CSV; an archive opened as a project of its own. As `tandem export`,
// `tandem import tasks` and `tandem project open-archive` do.
import { NativeSelect, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { exportFile, importTasks, openArchive, type ExportKind, type ProjectSummary } from "../../../ipc";
import { EXPORTS, importedSentence, suggestedFile } from "../utils/exports";
import { HandoverPanel } from "./HandoverPanel";
import { PathAction } from "./PathAction";

type Props = {
  projectId: string;
  /** Called with the project an archive was opened as (it is now the current project). */
  onProjectOpened: (project: ProjectSummary) => void | Promise<void>;
};

export function ExportsView({ projectId, onProjectOpened }: Props) {
  const [kind, setKind] = useState<ExportKind>("tasks");

  async function exportTo(path: string): Promise<string> {
    const written = await exportFile(projectId, kind, path);
    return `Wrote ${written.bytes} bytes to ${written.path}`;
  }

  async function importFrom(path: string): Promise<string> {
    const imported = await importTasks(projectId, path);
    const said = importedSentence(imported.rows, imported.added);
    if (imported.error !== null) throw new Error(`${said} Adding stopped: ${imported.error}`);
    return said;
  }

  async function openFrom(path: string): Promise<string> {
    const project = await openArchive(path);
    await onProjectOpened(project);
    return `Opened “${project.name}” as a local copy.`;
  }

  return (
    <Stack gap="md">
      <Title order={3}>Export and import</Title>
      <Paper withBorder p="sm">
        <Title order={5} mb="xs">
          Export
        </Title>
        <NativeSelect
          label="What"
          data={EXPORTS.map(({ value, label }) => ({ value, label }))}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as ExportKind)}
          mb="xs"
          data-testid="export-kind"
        />
        <PathAction
          id="export"
          label="To the file"
          placeholder={`/home/you/Documents/${suggestedFile(kind)}`}
          action="Export"
          run={exportTo}
        />
      </Paper>
      <HandoverPanel projectId={projectId} />
      <Paper withBorder p="sm">
        <Title order={5} mb={4}>
          Import tasks from a CSV
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          The first line names the columns: title (required), description, assignees (names, separated by ;), estimate
          (hours), start, due (YYYY-MM-DD), tags (separated by ;). Every row is checked first: a CSV with a bad row
          adds nothing.
        </Text>
        <PathAction
          id="import"
          label="The CSV file"
          placeholder="/home/you/Documents/backlog.csv"
          action="Import"
          run={importFrom}
        />
      </Paper>
      <Paper withBorder p="sm">
        <Title order={5} mb={4}>
          Open an archive as a project
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          A .automerge archive (as exported above) opens as a new local project with its whole history. It is a copy:
          edits to it do not reach the original project.
        </Text>
        <PathAction
          id="archive"
          label="The archive"
          placeholder="/home/you/Documents/project.automerge"
          action="Open"
          run={openFrom}
        />
      </Paper>
    </Stack>
  );
}
