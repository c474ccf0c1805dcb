// The work-breakdown tree: expand/collapse, add tasks and subtasks, inline status, edit in a drawer, delete with undo.
import { Alert, Box, Button, Group, Stack, Text } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef, useState, type CSSProperties, type ReactNode } from "react";
import type { MemberView, MilestoneView, TaskNode } from "../../../ipc";
import { byData, useFocusTarget } from "../../../hooks/useFocusRequest";
import { useRun } from "../hooks/useRun";
import { taskCommands, type TaskStatus } from "../utils/commands";
import { allTasks, parentIds, visibleRows, type TreeRow } from "../utils/tree";
import { CommandError } from "./Loadable";
import { TaskDrawer } from "./TaskDrawer";
import { TreeAddForm } from "./TreeAddForm";
import { TREE_COLUMNS, TreeRowView } from "./TreeRowView";

/** Above this many visible rows only the rows in view are rendered. */
export const VIRTUALIZE_OVER = 150;
const ROW_HEIGHT = 42;

type Props = {
  projectId: string;
  nodes: TaskNode[];
  members: MemberView[];
  milestones: MilestoneView[];
};

export function TaskTree({ projectId, nodes, members, milestones }: Props) {
  const { run, error, clearError } = useRun(projectId);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [addUnder, setAddUnder] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<{ id: string; title: string } | null>(null);
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const inputRef = useRef<HTMLInputElement>(null);

  const rows = useMemo(() => visibleRows(nodes, collapsed), [nodes, collapsed]);
  const tasks = useMemo(() => allTasks(nodes), [nodes]);
  const byId = useMemo(() => new Map(tasks.map((t) => [t.id, t])), [tasks]);
  const memberNames = useMemo(() => new Map(members.map((m) => [m.id as string, m.name])), [members]);
  const parent = addUnder === null ? null : (byId.get(addUnder) ?? null);

  // A task opened from search: its parents are expanded, its row highlighted and its drawer opened.
  useFocusTarget("task", {
    lookup: (_, id) => (byId.has(id) ? true : "That task is deleted, so the plan does not show it."),
    reveal: (_, id) => {
      setCollapsed((current) => {
        const next = new Set(current);
        const seen = new Set<string>();
        for (let p = byId.get(id)?.parent ?? null; p !== null && !seen.has(p); p = byId.get(p)?.parent ?? null) {
          seen.add(p);
          next.delete(p);
        }
        return next;
      });
      setEditing(id);
    },
    selector: (_, id) => `[data-testid="tree-row"]${byData("task-id", id)}`,
  });

  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  async function add(title: string, parentId: string | null) {
    const ok = await run(taskCommands.add(title, parentId));
    // Open the parent so the new subtask shows up where the member expects it.
    if (ok && parentId !== null) {
      setCollapsed((current) => {
        const next = new Set(current);
        next.delete(parentId);
        return next;
      });
    }
    return ok;
  }

  async function setStatus(id: string, status: string) {
    setSaving((s) => new Set(s).add(id));
    await run(taskCommands.update(id, { status: status as TaskStatus }));
    setSaving((s) => {
      const next = new Set(s);
      next.delete(id);
      return next;
    });
  }

  async function remove(id: string) {
    const title = byId.get(id)?.title ?? id;
    if (await run(taskCommands.remove(id))) setDeleted({ id, title });
  }

  async function undoDelete() {
    if (deleted === null) return;
    if (await run(taskCommands.restore(deleted.id))) setDeleted(null);
  }

  const rowProps = (row: TreeRow) => ({
    row,
    expanded: !collapsed.has(row.task.id),
    memberNames,
    saving: saving.has(row.task.id),
    onToggle: toggle,
    onStatus: (id: string, status: string) => void setStatus(id, status),
    onAddSubtask: (id: string) => {
      setAddUnder(id);
      inputRef.current?.focus();
    },
    onEdit: setEditing,
    onDelete: (id: string) => void remove(id),
  });

  return (
    <Stack gap="sm">
      <TreeAddForm
        parent={parent && { id: parent.id, title: parent.title }}
        onClearParent={() => setAddUnder(null)}
        onAdd={add}
        inputRef={inputRef}
      />
      <CommandError error={error} onClose={clearError} />
      {deleted && (
        <Alert color="gray" withCloseButton onClose={() => setDeleted(null)} data-testid="tree-deleted">
          <Group justify="space-between">
            <Text size="sm">Deleted “{deleted.title}” and its subtasks.</Text>
            <Button size="xs" variant="light" data-testid="tree-undo-delete" onClick={() => void undoDelete()}>
              Undo
            </Button>
          </Group>
        </Alert>
      )}
      {nodes.length === 0 ? (
        <Text c="dimmed" data-testid="tree-empty">
          No tasks yet. Type a title above and press Enter to add the first one.
        </Text>
      ) : (
        <>
          <Group gap="xs">
            <Button size="xs" variant="subtle" onClick={() => setCollapsed(new Set())}>
              Expand all
            </Button>
            <Button size="xs" variant="subtle" onClick={() => setCollapsed(new Set(parentIds(nodes)))}>
              Collapse all
            </Button>
            <Text size="sm" c="dimmed">
              {tasks.length} task{tasks.length === 1 ? "" : "s"}
            </Text>
          </Group>
          <TreeHeader />
          {rows.length > VIRTUALIZE_OVER ? (
            <VirtualRows rows={rows} render={(row, style) => <TreeRowView key={row.task.id} {...rowProps(row)} style={style} />} />
          ) : (
            <Box role="rowgroup">
              {rows.map((row) => (
                <TreeRowView key={row.task.id} {...rowProps(row)} />
              ))}
            </Box>
          )}
        </>
      )}
      <TaskDrawer
        projectId={projectId}
        task={editing === null ? null : (byId.get(editing) ?? null)}
        tasks={tasks}
        members={members}
        milestones={milestones}
        onClose={() => setEditing(null)}
      />
    </Stack>
  );
}

function TreeHeader() {
  return (
    <Box style={{ display: "grid", gridTemplateColumns: TREE_COLUMNS, gap: 8 }} role="row">
      {["Task", "Status", "Assignees", "Due", "Estimate", ""].map((h, i) => (
        <Text key={i} size="sm" fw={600} role="columnheader">
          {h}
        </Text>
      ))}
    </Box>
  );
}

/** Renders only the rows in view of a fixed-height scroll box (large plans have thousands of tasks). */
function VirtualRows({ rows, render }: { rows: TreeRow[]; render: (row: TreeRow, style: CSSProperties) => ReactNode }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (i) => rows[i]?.task.id ?? i,
    // jsdom and the first paint have no layout yet; assume a screenful.
    initialRect: { width: 1000, height: 600 },
  });
  return (
    <Box ref={scrollRef} h={600} style={{ overflow: "auto" }} data-testid="tree-scroll" role="rowgroup">
      <Box style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) =>
          render(rows[item.index] as TreeRow, {
            position: "absolute",
            top: 0,
            left: 0,
            width: "100%",
            height: item.size,
            transform: `translateY(${item.start}px)`,
          }),
        )}
      </Box>
    </Box>
  );
}
