// Triage, one untriaged request at a time: accept (optionally linking the task that carries the
// work), reject, mark it a duplicate of another request, or defer to come back to it later. An
// optional response goes to the client.
import { Badge, Button, Group, Paper, Select, Stack, Text, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import type { RequestView, TaskView } from "../../../ipc";
import { priorityLabel } from "../utils/requestFlow";

export type TriageDecision = {
  status: "accepted" | "rejected" | "duplicate";
  response: string;
  task: string | null;
  /** The original, when marking the request a duplicate. */
  duplicateOf: string | null;
};

type Props = {
  request: RequestView;
  position: number;
  total: number;
  tasks: TaskView[];
  /** The requests this one may be a duplicate of, as picker options. */
  originals: { value: string; label: string }[];
  busy: boolean;
  onDecide: (request: RequestView, decision: TriageDecision) => Promise<boolean>;
  onDefer: (request: RequestView) => void;
};

export function TriagePanel({ request, position, total, tasks, originals, busy, onDecide, onDefer }: Props) {
  const [response, setResponse] = useState("");
  const [task, setTask] = useState<string | null>(null);
  const [original, setOriginal] = useState<string | null>(null);
  const taskOptions = tasks.filter((t) => !t.deleted).map((t) => ({ value: t.id, label: t.title }));

  async function decide(status: TriageDecision["status"]) {
    // The inputs belong to this request; they are cleared once it has been decided.
    const decision = {
      status,
      response,
      task: status === "accepted" ? task : null,
      duplicateOf: status === "duplicate" ? original : null,
    };
    if (await onDecide(request, decision)) {
      setResponse("");
      setTask(null);
      setOriginal(null);
    }
  }

  return (
    <Paper withBorder p="md" data-testid="triage-panel" data-request-id={request.id}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>Triage</Title>
          <Text size="sm" c="dimmed">
            {position} of {total} to triage
          </Text>
        </Group>
        <Group gap="xs">
          <Text fw={600} data-testid="triage-title">
            {request.title}
          </Text>
          <Badge variant="light" color={request.priority === "urgent" ? "red" : "gray"} tt="none">
            {priorityLabel(request.priority)}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          From {request.requester}
          {request.received && `, received ${request.received}`}
        </Text>
        {request.description && <Text size="sm">{request.description}</Text>}
        <Select
          label="Link a task (optional, on accept)"
          placeholder={taskOptions.length ? "Pick the task that carries the work" : "No tasks yet"}
          data={taskOptions}
          value={task}
          onChange={setTask}
          searchable
          clearable
          disabled={taskOptions.length === 0}
          data-testid="triage-task"
        />
        <Select
          label="Duplicate of (to mark it a duplicate)"
          placeholder={originals.length ? "Pick the request it repeats" : "No other requests"}
          data={originals}
          value={original}
          onChange={setOriginal}
          searchable
          clearable
          disabled={originals.length === 0}
          data-testid="triage-duplicate-of"
        />
        <Textarea
          label="Response to the client (optional)"
          value={response}
          onChange={(e) => setResponse(e.currentTarget.value)}
          autosize
          minRows={1}
          data-testid="triage-response"
        />
        <Group gap="xs">
          <Button data-testid="triage-accept" color="teal" loading={busy} onClick={() => void decide("accepted")}>
            Accept
          </Button>
          <Button data-testid="triage-reject" color="red" variant="light" disabled={busy} onClick={() => void decide("rejected")}>
            Reject
          </Button>
          <Button
            data-testid="triage-duplicate"
            color="gray"
            variant="light"
            disabled={busy || original === null}
            onClick={() => void decide("duplicate")}
          >
            Mark duplicate
          </Button>
          <Button data-testid="triage-defer" variant="default" disabled={busy || total < 2} onClick={() => onDefer(request)}>
            Defer
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
