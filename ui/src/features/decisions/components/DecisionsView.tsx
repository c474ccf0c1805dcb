// The decision log: record decisions, edit them, move them through proposed → accepted →
// superseded (or rejected → reopened), link them to meetings and tasks, delete and restore.
import { Alert, Group, Paper, SegmentedControl, Stack, Switch, Text, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import { views, type Command, type DecisionView } from "../../../ipc";
import type { DecisionStatus } from "../types";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { useCommand } from "../../../hooks/useCommand";
import { byData, useFocusTarget } from "../../../hooks/useFocusRequest";
import { DECISION_STATUSES, decisionPatch, draftOf, emptyDraft, linkChanges, type DecisionDraft } from "../utils/decisionFlow";
import { DecisionCard } from "./DecisionCard";
import { DecisionForm } from "./DecisionForm";

const loadDecisions = (projectId: string) => views.decisions(projectId);
const loadMembers = (projectId: string) => views.members(projectId);
const loadMeetings = (projectId: string) => views.meetings(projectId);
const loadTasks = (projectId: string) => views.tasks(projectId);
const decisionKinds = touchesKinds("decision", "meeting");
const memberKinds = touchesKinds("member");
const meetingKinds = touchesKinds("meeting");
const taskKinds = touchesKinds("task");

/** Every command an edit needs: the patch first, then each link change, each its own change. */
function editCommands(d: DecisionView, draft: DecisionDraft): Command[] {
  const commands: Command[] = [];
  const patch = decisionPatch(draftOf(d), draft);
  if (patch) commands.push({ area: "decision", command: { action: "update", id: d.id, patch } });
  const meetings = linkChanges(d.meetings, draft.meetings);
  const tasks = linkChanges(d.tasks, draft.tasks);
  for (const m of meetings.add) commands.push({ area: "decision", command: { action: "link", id: d.id, to: { meeting: m } } });
  for (const m of meetings.remove) commands.push({ area: "decision", command: { action: "unlink", id: d.id, from: { meeting: m } } });
  for (const t of tasks.add) commands.push({ area: "decision", command: { action: "link", id: d.id, to: { task: t } } });
  for (const t of tasks.remove) commands.push({ area: "decision", command: { action: "unlink", id: d.id, from: { task: t } } });
  return commands;
}

export function DecisionsView({ projectId }: { projectId: string }) {
  const decisions = useProjectResource(projectId, loadDecisions, decisionKinds);
  const members = useProjectResource(projectId, loadMembers, memberKinds);
  const meetings = useProjectResource(projectId, loadMeetings, meetingKinds);
  const tasks = useProjectResource(projectId, loadTasks, taskKinds);
  const { run, error, clearError } = useCommand(projectId);
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<"all" | DecisionStatus>("all");
  const [showDeleted, setShowDeleted] = useState(false);

  const options = useMemo(
    () => ({
      members: (members.data ?? []).filter((m) => !m.deleted).map((m) => ({ value: m.id, label: m.name })),
      meetings: (meetings.data ?? []).filter((m) => !m.deleted).map((m) => ({ value: m.id, label: m.title })),
      tasks: (tasks.data ?? []).filter((t) => !t.deleted).map((t) => ({ value: t.id, label: t.title })),
    }),
    [members.data, meetings.data, tasks.data],
  );
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const d of decisions.data ?? []) map.set(d.id, d.title);
    for (const m of meetings.data ?? []) map.set(m.id, m.title);
    for (const t of tasks.data ?? []) map.set(t.id, t.title);
    return map;
  }, [decisions.data, meetings.data, tasks.data]);

  async function add(draft: DecisionDraft) {
    const done = await run({
      area: "decision",
      command: {
        action: "add",
        title: draft.title.trim(),
        context: draft.context,
        decision: draft.decision,
        alternatives: draft.alternatives,
        decided_by: draft.decidedBy,
        decided_at: draft.decidedAt === "" ? null : draft.decidedAt,
        meetings: draft.meetings,
        tasks: draft.tasks,
      },
    });
    return done !== null;
  }

  async function save(d: DecisionView, draft: DecisionDraft) {
    const texts = {
      kind: "decision" as const,
      id: d.id,
      fields: { context: d.context, decision: d.decision, alternatives: d.alternatives },
    };
    for (const command of editCommands(d, draft)) {
      if ((await run(command, texts)) === null) return false;
    }
    setEditing(null);
    return true;
  }

  // A decision opened from search: filters that hide it are dropped, and its card highlighted.
  useFocusTarget("decision", {
    lookup: (_, id) => {
      if (decisions.data === null) return decisions.error === null ? null : "The decisions could not be loaded.";
      return decisions.data.some((d) => d.id === id) ? true : "That decision is not in this project any more.";
    },
    reveal: (_, id) => {
      const d = decisions.data?.find((x) => x.id === id);
      if (d === undefined) return;
      if (status !== "all" && d.status !== status) setStatus("all");
      if (d.deleted) setShowDeleted(true);
    },
    selector: (_, id) => `[data-testid="decision-row"]${byData("decision-id", id)}`,
  });

  const all = decisions.data;
  // The core lists oldest first; the newest decisions matter most.
  const shown = all === null ? null : [...all].reverse().filter((d) => (showDeleted || !d.deleted) && (status === "all" || d.status === status));
  const deletedCount = all?.filter((d) => d.deleted).length ?? 0;

  return (
    <Stack>
      <Title order={2}>Decisions</Title>
      <Paper withBorder p="sm">
        <DecisionForm
          initial={emptyDraft}
          {...options}
          submitLabel="Record decision"
          onSubmit={add}
          testIds={{ title: "new-decision-title", submit: "add-decision" }}
        />
      </Paper>
      {error && (
        <Alert color="red" title="That change was not saved" withCloseButton onClose={clearError}>
          {error}
        </Alert>
      )}
      {decisions.error && (
        <Alert color="red" title="Cannot load the decisions">
          {decisions.error}
        </Alert>
      )}
      <Group justify="space-between">
        <SegmentedControl
          data-testid="decision-status-filter"
          size="xs"
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          data={[{ value: "all", label: "All" }, ...DECISION_STATUSES.map((s) => ({ value: s.value, label: s.label }))]}
        />
        {deletedCount > 0 && (
          <Switch
            size="xs"
            label={`Show deleted (${deletedCount})`}
            checked={showDeleted}
            onChange={(e) => setShowDeleted(e.currentTarget.checked)}
          />
        )}
      </Group>
      {shown === null && !decisions.error && <Text c="dimmed">Loading decisions…</Text>}
      {all !== null && all.filter((d) => !d.deleted).length === 0 && (
        <Text c="dimmed">No decisions yet. Record the first one with the form above.</Text>
      )}
      {shown !== null && shown.length === 0 && all !== null && all.some((d) => !d.deleted) && (
        <Text c="dimmed">No decisions with this status.</Text>
      )}
      {shown?.map((d) =>
        editing === d.id ? (
          <Paper key={d.id} withBorder p="sm" data-testid="decision-row" data-decision-id={d.id}>
            <DecisionForm
              initial={draftOf(d)}
              {...options}
              submitLabel="Save"
              onSubmit={(draft) => save(d, draft)}
              onCancel={() => setEditing(null)}
              testIds={{ title: "edit-decision-title", submit: "save-decision" }}
            />
          </Paper>
        ) : (
          <DecisionCard
            key={d.id}
            decision={d}
            names={names}
            successors={(all ?? [])
              .filter((o) => o.id !== d.id && !o.deleted && o.status !== "superseded")
              .map((o) => ({ value: o.id, label: o.title }))}
            onStatus={(to, supersededBy) =>
              void run({
                area: "decision",
                command: { action: "set_status", id: d.id, status: to, ...(supersededBy ? { superseded_by: supersededBy } : {}) },
              })
            }
            onEdit={() => setEditing(d.id)}
            onDelete={(deleted) =>
              void run({ area: "item", command: { action: deleted ? "delete" : "restore", kind: "decision", id: d.id } })
            }
          />
        ),
      )}
    </Stack>
  );
}
