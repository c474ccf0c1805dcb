// The board: one column per status; dragging a card to another column changes its status, within a column reorders siblings.
import {
  closestCorners,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { Alert, Badge, Card, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useEffect, useMemo, useState } from "react";
import type { TaskView } from "../../../ipc";
import { useRun } from "../hooks/useRun";
import { BOARD_COLUMNS, cardDropId, columnDropId, dropCommand, parseDropId } from "../utils/board";

type Props = { projectId: string; tasks: TaskView[]; memberNames: ReadonlyMap<string, string> };

export function TaskBoard({ projectId, tasks, memberNames }: Props) {
  const { run, error, clearError } = useRun(projectId);
  const [refusal, setRefusal] = useState<string | null>(null);
  // Cards shown in their new column while the core decides; dropped again if it refuses.
  const [moved, setMoved] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => setMoved(new Map()), [tasks]);

  const shown = useMemo(
    () => tasks.map((t) => (moved.has(t.id) ? ({ ...t, status: moved.get(t.id) } as TaskView) : t)),
    [tasks, moved],
  );
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  async function onDragEnd(event: DragEndEvent) {
    const active = parseDropId(event.active.id);
    const over = parseDropId(event.over?.id);
    if (!active || !("card" in active) || !over) return;
    const drop = dropCommand(shown, active.card, over);
    if (drop === null) return;
    setRefusal(null);
    if (drop.kind === "refused") return setRefusal(drop.message);
    if (drop.kind === "status") setMoved((m) => new Map(m).set(drop.taskId, drop.status));
    const ok = await run(drop.command);
    if (!ok && drop.kind === "status") {
      setMoved((m) => {
        const next = new Map(m);
        next.delete(drop.taskId);
        return next;
      });
    }
  }

  if (tasks.length === 0) {
    return (
      <Text c="dimmed" data-testid="board-empty">
        No tasks yet. Add the first one in the task tree, then drag it across the board.
      </Text>
    );
  }

  const message = error ?? refusal;
  return (
    <Stack gap="sm">
      {message && (
        <Alert
          color="red"
          title="The card was not moved"
          withCloseButton
          onClose={() => (clearError(), setRefusal(null))}
          data-testid="board-error"
        >
          {message}
        </Alert>
      )}
      <DndContext sensors={sensors} collisionDetection={closestCorners} onDragEnd={(e) => void onDragEnd(e)}>
        <SimpleGrid cols={{ base: 1, sm: 3, lg: 5 }} spacing="sm">
          {BOARD_COLUMNS.map((column) => (
            <BoardColumn
              key={column.status}
              {...column}
              tasks={shown.filter((t) => t.status === column.status)}
              memberNames={memberNames}
            />
          ))}
        </SimpleGrid>
      </DndContext>
    </Stack>
  );
}

type ColumnProps = { status: string; label: string; color: string; tasks: TaskView[]; memberNames: ReadonlyMap<string, string> };

function BoardColumn({ status, label, color, tasks, memberNames }: ColumnProps) {
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(status) });
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      p="xs"
      data-testid="board-column"
      data-status={status}
      bg={isOver ? "var(--mantine-color-default-hover)" : undefined}
      mih={200}
    >
      <Group justify="space-between" mb="xs">
        <Title order={5}>{label}</Title>
        <Badge color={color} variant="light">
          {tasks.length}
        </Badge>
      </Group>
      <SortableContext items={tasks.map((t) => cardDropId(t.id))} strategy={verticalListSortingStrategy}>
        <Stack gap="xs">
          {tasks.map((t) => (
            <BoardCard key={t.id} task={t} memberNames={memberNames} />
          ))}
        </Stack>
      </SortableContext>
    </Paper>
  );
}

function BoardCard({ task, memberNames }: { task: TaskView; memberNames: ReadonlyMap<string, string> }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: cardDropId(task.id) });
  const names = task.assignees.map((id) => memberNames.get(id) ?? id);
  return (
    <Card
      ref={setNodeRef}
      withBorder
      padding="xs"
      data-testid="board-card"
      data-task-id={task.id}
      style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.5 : 1, cursor: "grab" }}
      aria-label={`${task.title}: drag, or press space and use the arrow keys, to move`}
      {...attributes}
      {...listeners}
    >
      <Text size="sm" fw={500}>
        {task.title}
      </Text>
      <Group gap="xs">
        {names.length > 0 && (
          <Text size="xs" c="dimmed">
            {names.join(", ")}
          </Text>
        )}
        {task.due && (
          <Text size="xs" c="dimmed">
            due {task.due}
          </Text>
        )}
      </Group>
    </Card>
  );
}
