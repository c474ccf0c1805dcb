// The project log: an append-only journal, newest first, filtered by author, kind, period or
// item, loaded page by page as the member scrolls, with a form to add (or annotate) an entry.
import { Alert, Paper, Stack, Text, Title } from "@mantine/core";
import { useCallback, useMemo, useState } from "react";
import { views, type Command, type ItemRef, type LogEntryView } from "../../../ipc";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { useCommand } from "../../../hooks/useCommand";
import { useLogPages } from "../hooks/useLogPages";
import { charSplice } from "../utils/charSplice";
import { noFilter, refKey, toLogFilter, type FilterForm } from "../utils/logPaging";
import { AddLogEntryForm } from "./AddLogEntryForm";
import { LogFilters } from "./LogFilters";
import { LogList } from "./LogList";

const loadMembers = (projectId: string) => views.members(projectId);
const loadTasks = (projectId: string) => views.tasks(projectId);
const loadMeetings = (projectId: string) => views.meetings(projectId);
const loadDecisions = (projectId: string) => views.decisions(projectId);
const memberKinds = touchesKinds("member");
const taskKinds = touchesKinds("task");
const meetingKinds = touchesKinds("meeting");
const decisionKinds = touchesKinds("decision");

const KIND_NOUNS: Partial<Record<ItemRef["kind"], string>> = { log_entry: "log entry" };

export function LogView({ projectId }: { projectId: string }) {
  const [form, setForm] = useState<FilterForm>(noFilter);
  const filter = useMemo(() => toLogFilter(form), [form]);
  const log = useLogPages(projectId, filter);
  const members = useProjectResource(projectId, loadMembers, memberKinds);
  const tasks = useProjectResource(projectId, loadTasks, taskKinds);
  const meetings = useProjectResource(projectId, loadMeetings, meetingKinds);
  const decisions = useProjectResource(projectId, loadDecisions, decisionKinds);
  const { run, error, clearError } = useCommand(projectId);
  const [annotating, setAnnotating] = useState<LogEntryView | null>(null);

  const refOptions = useMemo(() => {
    const group = (name: string, kind: ItemRef["kind"], items: { id: string; title: string; deleted: boolean }[] | null) => ({
      group: name,
      items: (items ?? []).filter((i) => !i.deleted).map((i) => ({ value: refKey({ kind, id: i.id }), label: i.title })),
    });
    return [
      group("Tasks", "task", tasks.data),
      group("Meetings", "meeting", meetings.data),
      group("Decisions", "decision", decisions.data),
    ].filter((g) => g.items.length > 0);
  }, [tasks.data, meetings.data, decisions.data]);

  const names = useMemo(() => new Map(refOptions.flatMap((g) => g.items.map((i) => [i.value, i.label] as const))), [refOptions]);
  const nameOf = useCallback(
    (r: ItemRef) => names.get(refKey(r)) ?? `${KIND_NOUNS[r.kind] ?? r.kind.replace("_", " ")} ${r.id}`,
    [names],
  );

  async function fix(entry: LogEntryView, body: string) {
    const splice = charSplice(entry.body, body);
    if (splice === null) return true;
    const done = await run({
      area: "item",
      command: { action: "edit_text", kind: "log_entry", id: entry.id, field: "body", ...splice },
    });
    return done !== null;
  }

  const filtered = JSON.stringify(form) !== JSON.stringify(noFilter);
  return (
    <Stack>
      <Title order={2}>Project log</Title>
      <Paper withBorder p="sm">
        <AddLogEntryForm
          refOptions={refOptions}
          annotating={annotating}
          onStopAnnotating={() => setAnnotating(null)}
          onAdd={async (command: Command) => (await run(command)) !== null}
        />
      </Paper>
      {error && (
        <Alert color="red" title="That change was not saved" withCloseButton onClose={clearError}>
          {error}
        </Alert>
      )}
      <LogFilters value={form} onChange={setForm} members={members.data ?? []} nameOf={nameOf} />
      {log.error && (
        <Alert color="red" title="Cannot load the log">
          {log.error}
        </Alert>
      )}
      {log.entries === null && !log.error && <Text c="dimmed">Loading the log…</Text>}
      {log.entries !== null && log.entries.length === 0 && (
        <Text c="dimmed">
          {filtered ? "No entries match these filters." : "The log is empty. Write the first entry above."}
        </Text>
      )}
      {log.entries !== null && log.entries.length > 0 && (
        <LogList
          entries={log.entries}
          total={log.total}
          loading={log.loading}
          loadMore={log.loadMore}
          autoLoad={log.error === null}
          nameOf={nameOf}
          onRef={(item) => setForm((f) => ({ ...f, item }))}
          onAnnotate={setAnnotating}
          onFix={fix}
        />
      )}
    </Stack>
  );
}
