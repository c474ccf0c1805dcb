// The project log: an append-only journal, newest first, filtered by author, kind, period or
// item, loaded page by page as the member scrolls, with a form to add (or annotate) an entry.
import { Alert, Paper, Stack, Text, Title } from "@mantine/core";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { readText, views, type Command, type ItemRef, type LogEntryView, type TextState } from "../../../ipc";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { useCommand } from "../../../hooks/useCommand";
import { byData, useFocusRequest, useHighlight } from "../../../hooks/useFocusRequest";
import { useLogPages } from "../hooks/useLogPages";
import { charSplice } from "../utils/charSplice";
import { noFilter, refKey, toLogFilter, type FilterForm } from "../utils/logPaging";
import { AddLogEntryForm } from "./AddLogEntryForm";
import { LogFilters } from "./LogFilters";
import type { FixText } from "./LogEntryRow";
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
  const filtered = JSON.stringify(form) !== JSON.stringify(noFilter);

  // A log entry opened from search. The log is paged newest first and cannot be read from a given
  // entry (view_log takes a filter and an offset, not an id), so: if the entry is loaded, scroll
  // to it and highlight it; if filters hide it, clear them once and look again; otherwise say so.
  const focus = useFocusRequest("log_entry");
  const highlight = useHighlight();
  const [scrollTo, setScrollTo] = useState<{ id: string } | null>(null);
  /** The entries shown when the filters were cleared for the pending request (not yet reloaded). */
  const beforeClearing = useRef<LogEntryView[] | null | undefined>(undefined);
  const { request: focusRequest, done: focusDone } = focus;
  useEffect(() => {
    if (focusRequest === null) {
      beforeClearing.current = undefined;
      return;
    }
    const entries = log.entries;
    if (entries === null) {
      if (log.error !== null) focusDone("The log could not be loaded, so that entry cannot be shown.");
      return;
    }
    if (beforeClearing.current !== undefined && entries === beforeClearing.current) return;
    const id = focusRequest.id;
    if (entries.some((e) => e.id === id)) {
      setScrollTo({ id });
      highlight(`[data-testid="log-entry"]${byData("log-id", id)}`);
      focusDone();
      return;
    }
    if (filtered && beforeClearing.current === undefined) {
      beforeClearing.current = entries;
      setForm(noFilter);
      return;
    }
    focusDone(
      `That log entry is not on the loaded page of the log (the ${entries.length} newest of ${log.total} entries). ` +
        "The log cannot jump to an entry: press “Load more” below the log to read older entries.",
    );
  }, [focusRequest, focusDone, log.entries, log.error, log.total, filtered, highlight]);

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

  const fix = useMemo<FixText>(
    () => ({
      read: (entry: LogEntryView) => readText(projectId, "log_entry", entry.id, "body"),
      save: async (entry: LogEntryView, base: TextState, body: string) => {
        const splice = charSplice(base.text, body);
        if (splice === null) return true;
        const done = await run({
          area: "item",
          command: { action: "edit_text", kind: "log_entry", id: entry.id, field: "body", at: base.heads, ...splice },
        });
        return done !== null;
      },
    }),
    [projectId, run],
  );

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
          scrollTo={scrollTo}
        />
      )}
    </Stack>
  );
}
