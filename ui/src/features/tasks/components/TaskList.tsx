// The tasks view: add a task, tick it done, change its status; updates when the project changes.
import { Alert, Badge, Checkbox, NativeSelect, Stack, Table, Text, Title } from "@mantine/core";
import type { TaskItem } from "../../../ipc";
import { useTasks } from "../hooks/useTasks";
import { isOverdue, localDay, statusLabel, TASK_STATUSES, toggledStatus } from "../utils/taskStatus";
import { AddTaskForm } from "./AddTaskForm";

const STATUS_COLORS: Record<string, string> = {
  todo: "gray",
  in_progress: "blue",
  blocked: "orange",
  done: "teal",
  cancelled: "dark",
};

function statusOptions(current: string) {
  const known = TASK_STATUSES.map((s) => ({ value: s.value, label: s.label }));
  return known.some((s) => s.value === current) ? known : [...known, { value: current, label: current }];
}

type RowProps = {
  task: TaskItem;
  today: string;
  saving: boolean;
  onStatus: (taskId: string, status: string) => void;
};

function TaskRow({ task, today, saving, onStatus }: RowProps) {
  const overdue = isOverdue(task, today);
  return (
    <Table.Tr data-testid="task-row" data-task-id={task.id}>
      <Table.Td>
        <Checkbox
          data-testid="task-done"
          aria-label={`Done: ${task.title}`}
          checked={task.status === "done"}
          disabled={saving}
          onChange={() => onStatus(task.id, toggledStatus(task.status))}
        />
      </Table.Td>
      <Table.Td>
        <Text data-testid="task-title" td={task.status === "cancelled" ? "line-through" : undefined}>
          {task.title}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge
          data-testid="task-status"
          color={STATUS_COLORS[task.status] ?? "gray"}
          variant="light"
          tt="none"
          title={statusLabel(task.status)}
          style={{ overflow: "visible" }}
        >
          {task.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        {task.assignees.length > 0 ? task.assignees.join(", ") : <Text c="dimmed">Unassigned</Text>}
      </Table.Td>
      <Table.Td>
        {task.due === null ? (
          <Text c="dimmed">—</Text>
        ) : (
          <Text c={overdue ? "red" : undefined} fw={overdue ? 600 : undefined}>
            {task.due}
            {overdue && " (overdue)"}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={`Status of ${task.title}`}
          value={task.status}
          data={statusOptions(task.status)}
          disabled={saving}
          onChange={(e) => onStatus(task.id, e.currentTarget.value)}
          size="xs"
        />
      </Table.Td>
    </Table.Tr>
  );
}

export function TaskList({ projectId }: { projectId: string }) {
  const { tasks, loadError, editError, saving, add, setStatus } = useTasks(projectId);
  // Per render, so "overdue" follows midnight the next time anything changes.
  const today = localDay(new Date());

  return (
    <Stack>
      <Title order={2}>Tasks</Title>
      <AddTaskForm onAdd={add} />
      {editError && (
        <Alert color="red" title="That change was not saved">
          {editError}
        </Alert>
      )}
      {loadError && (
        <Alert color="red" title="Cannot load the tasks">
          {loadError}
        </Alert>
      )}
      {tasks === null && !loadError && <Text c="dimmed">Loading tasks…</Text>}
      {tasks !== null && tasks.length === 0 && <Text c="dimmed">No tasks yet. Add the first one above.</Text>}
      {tasks !== null && tasks.length > 0 && (
        <Table highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>Done</Table.Th>
              <Table.Th>Title</Table.Th>
              <Table.Th w={130}>Status</Table.Th>
              <Table.Th>Assignees</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th w={150}>Change status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tasks.map((task) => (
              <TaskRow
                key={task.id}
                task={task}
                today={today}
                saving={saving.has(task.id)}
                onStatus={(id, status) => void setStatus(id, status)}
              />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
