// Client requests: record what the client asked for, triage new ones one at a time (a duplicate
// names the request it repeats), and follow every request through its workflow in the full list.
import { Alert, NativeSelect, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { views, type Command, type RequestView } from "../../../ipc";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { useCommand } from "../../../hooks/useCommand";
import { byData, useFocusTarget } from "../../../hooks/useFocusRequest";
import { duplicateCandidates, filterRequests, REQUEST_STATUSES, triageQueue, type RequestFilter } from "../utils/requestFlow";
import { AddRequestForm, type NewRequestInput } from "./AddRequestForm";
import { DuplicateOfModal } from "./DuplicateOfModal";
import { EditRequestModal, type RequestEdits } from "./EditRequestModal";
import { RequestTable, type RequestActions } from "./RequestTable";
import { TriagePanel, type TriageDecision } from "./TriagePanel";

const loadRequests = (projectId: string) => views.requests(projectId);
const loadTasks = (projectId: string) => views.tasks(projectId);
const requestsChanged = touchesKinds("request");
const tasksChanged = touchesKinds("task");

const FILTERS = [
  { value: "all", label: "All requests" },
  ...REQUEST_STATUSES,
  { value: "deleted", label: "Deleted" },
];

const request = (command: Extract<Command, { area: "request" }>["command"]): Command => ({ area: "request", command });

export function RequestsView({ projectId }: { projectId: string }) {
  const requests = useProjectResource(projectId, loadRequests, requestsChanged);
  const tasks = useProjectResource(projectId, loadTasks, tasksChanged);
  const { run, busy, error, clearError } = useCommand(projectId);
  const [deferred, setDeferred] = useState<string[]>([]);
  const [filter, setFilter] = useState<RequestFilter>("all");
  const [editing, setEditing] = useState<RequestView | null>(null);
  const [markingDuplicate, setMarkingDuplicate] = useState<RequestView | null>(null);

  const all = requests.data;
  const queue = all ? triageQueue(all, deferred) : [];
  const next = queue[0];
  const shown = all ? filterRequests(all, filter) : [];

  // A request opened from search: the filter is changed if it hides it, and its row highlighted.
  useFocusTarget("request", {
    lookup: (_, id) => {
      if (all === null) return requests.error === null ? null : "The requests could not be loaded.";
      return all.some((r) => r.id === id) ? true : "That request is not in this project any more.";
    },
    reveal: (_, id) => {
      const r = all?.find((x) => x.id === id);
      if (r === undefined || filterRequests([r], filter).length > 0) return;
      setFilter(r.deleted ? "deleted" : "all");
    },
    selector: (_, id) => `[data-testid="request-row"]${byData("request-id", id)}`,
  });

  async function add(input: NewRequestInput) {
    return (await run(request({ action: "add", ...input }))) !== null;
  }

  async function decide(r: RequestView, { status, response, task, duplicateOf }: TriageDecision) {
    const triaged = await run(
      request({
        action: "triage",
        id: r.id,
        status,
        ...(status === "duplicate" ? { duplicate_of: duplicateOf } : {}),
        ...(response.trim() ? { response: response.trim() } : {}),
      }),
    );
    if (!triaged) return false;
    // Linking is its own change in the core; if it fails the request stays accepted and the message says why.
    if (task) await run(request({ action: "link_task", id: r.id, task }));
    return true;
  }

  async function saveEdits(r: RequestView, edits: RequestEdits) {
    const texts = { kind: "request" as const, id: r.id, fields: { description: r.description, response: r.response } };
    return (await run(request({ action: "update", id: r.id, patch: edits }), texts)) !== null;
  }

  async function markDuplicate(r: RequestView, original: string) {
    return (await run(request({ action: "triage", id: r.id, status: "duplicate", duplicate_of: original }))) !== null;
  }

  const actions: RequestActions = {
    move: (r, to) => void run(request({ action: "triage", id: r.id, status: to })),
    setPriority: (r, priority) => void run(request({ action: "update", id: r.id, patch: { priority } })),
    edit: setEditing,
    markDuplicate: (r) => {
      // A refusal of an earlier change is not about this dialog.
      clearError();
      setMarkingDuplicate(r);
    },
    remove: (r) => void run({ area: "item", command: { action: "delete", kind: "request", id: r.id } }),
    restore: (r) => void run({ area: "item", command: { action: "restore", kind: "request", id: r.id } }),
  };

  return (
    <Stack>
      <Title order={2}>Client requests</Title>
      <AddRequestForm onAdd={add} />
      {error && !editing && !markingDuplicate && (
        <Alert color="red" title="That change was not saved">
          {error}
        </Alert>
      )}
      {requests.error && (
        <Alert color="red" title="Cannot load the requests">
          {requests.error}
        </Alert>
      )}
      {tasks.error && (
        <Alert color="orange" title="Cannot load the tasks to link">
          {tasks.error}
        </Alert>
      )}
      {all === null && !requests.error && <Text c="dimmed">Loading requests…</Text>}
      {next && (
        <TriagePanel
          key={next.id}
          request={next}
          position={1}
          total={queue.length}
          tasks={tasks.data ?? []}
          originals={duplicateCandidates(all ?? [], next)}
          busy={busy}
          onDecide={decide}
          onDefer={(r) => setDeferred((d) => [...d.filter((id) => id !== r.id), r.id])}
        />
      )}
      {all !== null && all.length === 0 && (
        <Text c="dimmed">No client requests yet. Record the first one above: what was asked, and who asked.</Text>
      )}
      {all !== null && all.length > 0 && (
        <>
          <NativeSelect
            data-testid="request-status-filter"
            label="Show"
            value={filter}
            data={FILTERS}
            onChange={(e) => setFilter(e.currentTarget.value as RequestFilter)}
            w={220}
          />
          {queue.length === 0 && <Text c="dimmed">Nothing left to triage.</Text>}
          {shown.length === 0 ? (
            <Text c="dimmed">No requests match this filter.</Text>
          ) : (
            <RequestTable requests={shown} allRequests={all} tasks={tasks.data ?? []} busy={busy} actions={actions} />
          )}
        </>
      )}
      {editing && (
        <EditRequestModal
          request={editing}
          error={error}
          onSave={(edits) => saveEdits(editing, edits)}
          onClose={() => setEditing(null)}
        />
      )}
      {markingDuplicate && (
        <DuplicateOfModal
          request={markingDuplicate}
          originals={duplicateCandidates(all ?? [], markingDuplicate)}
          error={error}
          onSave={(original) => markDuplicate(markingDuplicate, original)}
          onClose={() => setMarkingDuplicate(null)}
        />
      )}
    </Stack>
  );
}
