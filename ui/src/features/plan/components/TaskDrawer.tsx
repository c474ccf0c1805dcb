// Edits one task in a drawer: fields saved as one update; assignees, parent, tags and dependencies as their own commands.
import {
  ActionIcon,
  Badge,
  Button,
  CloseButton,
  Drawer,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { useEffect, useState, type FormEvent } from "react";
import type { MemberView, MilestoneView, TaskView } from "../../../ipc";
import { useItemHistory } from "../../../hooks/useItemHistory";
import { useRun } from "../hooks/useRun";
import { editOf, taskCommands, type TaskPatch, type TaskStatus } from "../utils/commands";
import { STATUS_OPTIONS } from "../utils/labels";
import { lastChild, parentCandidates } from "../utils/tree";
import { CommandError } from "./Loadable";

type Props = {
  projectId: string;
  /** The task being edited (live: it follows remote changes), or null when closed. */
  task: TaskView | null;
  tasks: TaskView[];
  members: MemberView[];
  milestones: MilestoneView[];
  onClose: () => void;
};

/** The parent picker's value for "no parent" (task ids are never this). */
const TOP_LEVEL = "(top level)";
/** A searchable list of a large plan's tasks shows at most this many matches. */
const PICKER_LIMIT = 100;

type Fields = {
  title: string;
  status: string;
  estimate: number | string;
  start: string;
  due: string;
  milestone: string;
  description: string;
};

function fieldsOf(task: TaskView): Fields {
  return {
    title: task.title,
    status: task.status,
    estimate: task.estimate ?? "",
    start: task.start ?? "",
    due: task.due ?? "",
    milestone: task.milestone ?? "",
    description: task.description,
  };
}

/** Only what the member changed, so concurrent edits of other fields by others survive. */
export function patchOf(task: TaskView, f: Fields): TaskPatch {
  const patch: TaskPatch = {};
  if (f.title.trim() !== task.title) patch.title = f.title.trim();
  if (f.status !== task.status) patch.status = f.status as TaskStatus;
  const estimate = f.estimate === "" ? null : Number(f.estimate);
  if (estimate !== task.estimate) patch.estimate = editOf(estimate);
  if ((f.start || null) !== task.start) patch.start = editOf(f.start || null);
  if ((f.due || null) !== task.due) patch.due = editOf(f.due || null);
  if ((f.milestone || null) !== task.milestone) patch.milestone = editOf(f.milestone || null);
  if (f.description !== task.description) patch.description = f.description;
  return patch;
}

export function TaskDrawer({ projectId, task, tasks, members, milestones, onClose }: Props) {
  const { run, error, clearError } = useRun(projectId);
  const history = useItemHistory();
  const [fields, setFields] = useState<Fields | null>(null);
  const [saving, setSaving] = useState(false);
  const [newTag, setNewTag] = useState("");
  const taskId = task?.id ?? null;

  // A new form when another task opens; edits in progress are not overwritten by refetches.
  useEffect(() => {
    setFields(task ? fieldsOf(task) : null);
    setNewTag("");
    clearError();
    // Only when another task is opened, not on every refetch of the same one.
  }, [taskId]);

  const set = (change: Partial<Fields>) => setFields((f) => (f ? { ...f, ...change } : f));

  async function save() {
    if (!task || !fields) return;
    const patch = patchOf(task, fields);
    if (Object.keys(patch).length === 0) return onClose();
    setSaving(true);
    const ok = await run(taskCommands.update(task.id, patch), {
      kind: "task",
      id: task.id,
      fields: { description: task.description },
    });
    setSaving(false);
    if (ok) onClose();
  }

  async function setAssignees(next: string[]) {
    if (!task) return;
    for (const m of next.filter((m) => !task.assignees.includes(m))) await run(taskCommands.assign(task.id, m));
    for (const m of task.assignees.filter((m) => !next.includes(m))) await run(taskCommands.unassign(task.id, m));
  }

  /** Moves the task under `parent` (null: the top level), after the subtasks already there. */
  async function moveUnder(parent: string | null) {
    if (!task || parent === task.parent) return;
    await run(taskCommands.move(task.id, parent, lastChild(tasks, parent, task.id)));
  }

  async function addTag(e: FormEvent) {
    e.preventDefault();
    const tag = newTag.trim();
    if (!task || tag === "") return;
    if (await run(taskCommands.tag(task.id, tag))) setNewTag("");
  }

  const parents = task ? parentCandidates(tasks, task) : [];
  const parentValue = task?.parent != null && parents.some((t) => t.id === task.parent) ? task.parent : TOP_LEVEL;
  const titleOf = (id: string) => tasks.find((t) => t.id === id)?.title ?? `${id} (deleted)`;
  const candidates = task ? tasks.filter((t) => t.id !== task.id && !task.depends_on.includes(t.id)) : [];
  const unsaved = task !== null && fields !== null && Object.keys(patchOf(task, fields)).length > 0;

  return (
    <Drawer opened={task !== null} onClose={onClose} position="right" size="md" title="Edit task">
      {task && fields && (
        <Stack data-testid="task-drawer">
          {history.open && (
            <Group justify="flex-end" mt={-8}>
              <Button
                data-testid="drawer-history"
                size="compact-sm"
                variant="subtle"
                // Leaving closes the form: unsaved edits are saved or cancelled first, never dropped.
                disabled={unsaved}
                title={unsaved ? "Save or cancel your edits first" : "Every change to this task, in the history"}
                onClick={() => {
                  history.open?.({ kind: "task", id: task.id }, task.title);
                  onClose();
                }}
              >
                Show its history
              </Button>
            </Group>
          )}
          <CommandError error={error} onClose={clearError} />
          <TextInput label="Title" data-testid="drawer-title" value={fields.title} onChange={(e) => set({ title: e.currentTarget.value })} />
          <NativeSelect
            label="Status"
            data-testid="drawer-status"
            data={STATUS_OPTIONS}
            value={fields.status}
            onChange={(e) => set({ status: e.currentTarget.value })}
          />
          <Group grow>
            <TextInput label="Start" type="date" data-testid="drawer-start" value={fields.start} onChange={(e) => set({ start: e.currentTarget.value })} />
            <TextInput label="Due" type="date" data-testid="drawer-due" value={fields.due} onChange={(e) => set({ due: e.currentTarget.value })} />
          </Group>
          <NumberInput
            label="Estimate (hours)"
            data-testid="drawer-estimate"
            min={0}
            decimalScale={2}
            value={fields.estimate}
            onChange={(v) => set({ estimate: v })}
          />
          <NativeSelect
            label="Milestone"
            data-testid="drawer-milestone"
            data={[{ value: "", label: "None" }, ...milestones.filter((m) => !m.deleted).map((m) => ({ value: m.id, label: m.title }))]}
            value={fields.milestone}
            onChange={(e) => set({ milestone: e.currentTarget.value })}
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={fields.description}
            onChange={(e) => set({ description: e.currentTarget.value })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button data-testid="drawer-save" loading={saving} onClick={() => void save()}>
              Save
            </Button>
          </Group>

          <MultiSelect
            label="Assignees (saved at once)"
            data-testid="drawer-assignees"
            data={members.filter((m) => !m.deleted).map((m) => ({ value: m.id, label: m.name }))}
            value={task.assignees}
            onChange={(next) => void setAssignees(next)}
            searchable
          />

          <Select
            label="Parent (moved at once)"
            data-testid="drawer-parent"
            data={[
              { value: TOP_LEVEL, label: "None (top level)" },
              ...parents.map((t) => ({ value: t.id, label: t.title })),
            ]}
            value={parentValue}
            onChange={(v) => v !== null && void moveUnder(v === TOP_LEVEL ? null : v)}
            allowDeselect={false}
            searchable
            limit={PICKER_LIMIT}
          />

          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Tags (saved at once)
            </Text>
            <Group gap="xs">
              {task.tags.length === 0 && (
                <Text size="sm" c="dimmed">
                  No tags.
                </Text>
              )}
              {task.tags.map((tag) => (
                <Badge
                  key={tag}
                  data-testid="drawer-tag"
                  variant="light"
                  tt="none"
                  rightSection={
                    <CloseButton
                      size="xs"
                      aria-label={`Remove tag ${tag}`}
                      onClick={() => void run(taskCommands.untag(task.id, tag))}
                    />
                  }
                >
                  #{tag}
                </Badge>
              ))}
            </Group>
            <form onSubmit={(e) => void addTag(e)}>
              <Group gap="xs" align="flex-end">
                <TextInput
                  aria-label="Add a tag"
                  data-testid="drawer-new-tag"
                  placeholder="Add a tag, e.g. backend"
                  value={newTag}
                  onChange={(e) => setNewTag(e.currentTarget.value)}
                  style={{ flex: 1 }}
                />
                <Button type="submit" variant="light" data-testid="drawer-add-tag" disabled={newTag.trim() === ""}>
                  Add tag
                </Button>
              </Group>
            </form>
          </Stack>

          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Waits for (saved at once)
            </Text>
            {task.depends_on.length === 0 && (
              <Text size="sm" c="dimmed">
                No dependencies.
              </Text>
            )}
            {task.depends_on.map((on) => (
              <Group key={on} gap="xs" data-testid="drawer-dependency" data-task-id={on}>
                <Text size="sm">{titleOf(on)}</Text>
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  color="red"
                  aria-label={`Stop waiting for ${titleOf(on)}`}
                  onClick={() => void run(taskCommands.removeDependency(task.id, on))}
                >
                  ✕
                </ActionIcon>
              </Group>
            ))}
            <Select
              aria-label="Add a dependency"
              data-testid="drawer-add-dependency"
              placeholder="Add a task this one waits for"
              data={candidates.map((t) => ({ value: t.id, label: t.title }))}
              value={null}
              onChange={(on) => on && void run(taskCommands.addDependency(task.id, on))}
              searchable
              clearable
            />
          </Stack>
        </Stack>
      )}
    </Drawer>
  );
}
