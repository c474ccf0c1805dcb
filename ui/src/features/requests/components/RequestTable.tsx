// The full list of client requests: status, priority, linked tasks, and the moves the workflow allows.
import { ActionIcon, Badge, Button, Menu, NativeSelect, Table, Text } from "@mantine/core";
import type { RequestView, TaskView } from "../../../ipc";
import {
  canMarkDuplicate,
  moveLabel,
  nextStatuses,
  originalTitle,
  PRIORITIES,
  statusLabel,
  type Priority,
  type RequestStatus,
} from "../utils/requestFlow";

const STATUS_COLORS: Record<string, string> = {
  new: "blue",
  accepted: "teal",
  in_progress: "cyan",
  done: "green",
  rejected: "red",
  duplicate: "gray",
};

export type RequestActions = {
  move: (request: RequestView, to: RequestStatus) => void;
  setPriority: (request: RequestView, priority: Priority) => void;
  edit: (request: RequestView) => void;
  markDuplicate: (request: RequestView) => void;
  remove: (request: RequestView) => void;
  restore: (request: RequestView) => void;
};

type RowProps = { request: RequestView; original: string | null; taskTitles: Map<string, string>; busy: boolean; actions: RequestActions };

function RequestRow({ request, original, taskTitles, busy, actions }: RowProps) {
  const linked = request.tasks.map((t) => taskTitles.get(t) ?? t);
  return (
    <Table.Tr data-testid="request-row" data-request-id={request.id}>
      <Table.Td>
        <Text data-testid="request-title" td={request.deleted ? "line-through" : undefined}>
          {request.title}
        </Text>
        {original !== null && (
          <Text size="xs" c="dimmed" data-testid="request-duplicate-of">
            Duplicate of {original}
          </Text>
        )}
        {request.response && (
          <Text size="xs" c="dimmed">
            Response: {request.response}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{request.requester}</Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={`Priority of ${request.title}`}
          size="xs"
          value={request.priority}
          data={PRIORITIES}
          disabled={busy || request.deleted}
          onChange={(e) => actions.setPriority(request, e.currentTarget.value as Priority)}
        />
      </Table.Td>
      <Table.Td>{request.received ?? "—"}</Table.Td>
      <Table.Td>
        <Badge data-testid="request-status" color={STATUS_COLORS[request.status] ?? "gray"} variant="light" tt="none">
          {statusLabel(request.status)}
        </Badge>
      </Table.Td>
      <Table.Td>{linked.length > 0 ? linked.join(", ") : <Text c="dimmed">—</Text>}</Table.Td>
      <Table.Td>
        {request.deleted ? (
          <Button size="xs" variant="light" disabled={busy} onClick={() => actions.restore(request)}>
            Restore
          </Button>
        ) : (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" aria-label={`Actions for ${request.title}`} disabled={busy}>
                ⋯
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {nextStatuses(request.status).map((to) => (
                <Menu.Item key={to} onClick={() => actions.move(request, to)}>
                  {moveLabel(request.status, to)}
                </Menu.Item>
              ))}
              {canMarkDuplicate(request) && (
                <Menu.Item data-testid="request-mark-duplicate" onClick={() => actions.markDuplicate(request)}>
                  Duplicate of…
                </Menu.Item>
              )}
              <Menu.Divider />
              <Menu.Item onClick={() => actions.edit(request)}>Edit…</Menu.Item>
              <Menu.Item color="red" onClick={() => actions.remove(request)}>
                Delete
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

type Props = {
  requests: RequestView[];
  /** Every request, deleted ones too, to name the originals of duplicates that the filter hides. */
  allRequests: RequestView[];
  tasks: TaskView[];
  busy: boolean;
  actions: RequestActions;
};

export function RequestTable({ requests, allRequests, tasks, busy, actions }: Props) {
  const taskTitles = new Map(tasks.map((t) => [t.id as string, t.title]));
  return (
    <Table highlightOnHover verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Request</Table.Th>
          <Table.Th>Who asked</Table.Th>
          <Table.Th w={120}>Priority</Table.Th>
          <Table.Th>Received</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Tasks</Table.Th>
          <Table.Th w={60} />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {requests.map((r) => (
          <RequestRow key={r.id} request={r} original={originalTitle(r, allRequests)} taskTitles={taskTitles} busy={busy} actions={actions} />
        ))}
      </Table.Tbody>
    </Table>
  );
}
