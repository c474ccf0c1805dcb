// One row of the task tree: expand toggle, title, inline status, assignees, dates, estimate, actions.
import { ActionIcon, Box, Group, NativeSelect, Text, Tooltip } from "@mantine/core";
import type { CSSProperties } from "react";
import type { TreeRow } from "../utils/tree";
import { hours, STATUS_OPTIONS } from "../utils/labels";

export const TREE_COLUMNS = "minmax(220px, 1fr) 140px 160px 100px 70px 110px";

type Props = {
  row: TreeRow;
  expanded: boolean;
  memberNames: ReadonlyMap<string, string>;
  saving: boolean;
  style?: CSSProperties;
  onToggle: (taskId: string) => void;
  onStatus: (taskId: string, status: string) => void;
  onAddSubtask: (taskId: string) => void;
  onEdit: (taskId: string) => void;
  onDelete: (taskId: string) => void;
};

export function TreeRowView({ row, expanded, memberNames, saving, style, ...on }: Props) {
  const { task, depth, hasChildren } = row;
  const names = task.assignees.map((id) => memberNames.get(id) ?? id);
  return (
    <Box
      data-testid="tree-row"
      data-task-id={task.id}
      role="row"
      aria-level={depth + 1}
      aria-expanded={hasChildren ? expanded : undefined}
      style={{
        display: "grid",
        gridTemplateColumns: TREE_COLUMNS,
        alignItems: "center",
        gap: 8,
        borderBottom: "1px solid var(--mantine-color-default-border)",
        ...style,
      }}
      py={4}
    >
      <Group gap={4} wrap="nowrap" pl={depth * 20}>
        {hasChildren ? (
          <ActionIcon
            variant="subtle"
            size="sm"
            data-testid="tree-toggle"
            aria-label={`${expanded ? "Collapse" : "Expand"} ${task.title}`}
            onClick={() => on.onToggle(task.id)}
          >
            {expanded ? "▾" : "▸"}
          </ActionIcon>
        ) : (
          <Box w={22} />
        )}
        <Text
          data-testid="tree-title"
          truncate
          td={task.status === "cancelled" ? "line-through" : undefined}
          style={{ cursor: "pointer" }}
          onDoubleClick={() => on.onEdit(task.id)}
        >
          {task.title}
        </Text>
      </Group>
      <NativeSelect
        size="xs"
        aria-label={`Status of ${task.title}`}
        data-testid="tree-status"
        value={task.status}
        data={STATUS_OPTIONS}
        disabled={saving}
        onChange={(e) => on.onStatus(task.id, e.currentTarget.value)}
      />
      <Text size="sm" truncate c={names.length === 0 ? "dimmed" : undefined}>
        {names.length === 0 ? "Unassigned" : names.join(", ")}
      </Text>
      <Text size="sm" c={task.due ? undefined : "dimmed"}>
        {task.due ?? "—"}
      </Text>
      <EstimateCell row={row} />
      <Group gap={2} wrap="nowrap">
        <Tooltip label="Add a subtask">
          <ActionIcon
            variant="subtle"
            data-testid="tree-add-subtask"
            aria-label={`Add a subtask to ${task.title}`}
            onClick={() => on.onAddSubtask(task.id)}
          >
            +
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Edit">
          <ActionIcon variant="subtle" data-testid="tree-edit" aria-label={`Edit ${task.title}`} onClick={() => on.onEdit(task.id)}>
            ✎
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Delete (can be undone)">
          <ActionIcon
            variant="subtle"
            color="red"
            data-testid="tree-delete"
            aria-label={`Delete ${task.title}`}
            onClick={() => on.onDelete(task.id)}
          >
            ✕
          </ActionIcon>
        </Tooltip>
      </Group>
    </Box>
  );
}

/** A task's own estimate; for a parent, the rollup of its live subtree, with the done part on hover. */
function EstimateCell({ row }: { row: TreeRow }) {
  const { task, hasChildren, totalEstimate, doneEstimate } = row;
  if (!hasChildren) {
    return (
      <Text size="sm" data-testid="tree-estimate" c={task.estimate === null ? "dimmed" : undefined}>
        {task.estimate === null ? "—" : hours(task.estimate)}
      </Text>
    );
  }
  return (
    <Text
      size="sm"
      data-testid="tree-estimate"
      c={totalEstimate === 0 ? "dimmed" : undefined}
      title={`${hours(totalEstimate)} for this task and its subtasks, ${hours(doneEstimate)} of it done`}
    >
      Σ {hours(totalEstimate)}
    </Text>
  );
}
