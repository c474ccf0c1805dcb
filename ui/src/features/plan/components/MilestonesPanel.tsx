// Milestones: add with a due date, edit title and date inline, set status (complete), delete.
import { ActionIcon, Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { MilestoneView } from "../../../ipc";
import { byData, useFocusTarget } from "../../../hooks/useFocusRequest";
import { useRun, type Run } from "../hooks/useRun";
import { milestoneCommands, type MilestoneStatus } from "../utils/commands";
import { MILESTONE_STATUS_OPTIONS } from "../utils/labels";
import { CommandError } from "./Loadable";

const STATUS_COLORS: Record<string, string> = { open: "blue", reached: "teal", missed: "red" };

export function MilestonesPanel({ projectId, milestones }: { projectId: string; milestones: MilestoneView[] }) {
  const { run, error, clearError } = useRun(projectId);
  const live = milestones.filter((m) => !m.deleted);
  // A milestone opened from search: scrolled to and highlighted.
  useFocusTarget("milestone", {
    lookup: (_, id) => (live.some((m) => m.id === id) ? true : "That milestone is deleted, so the plan does not show it."),
    selector: (_, id) => `[data-testid="milestone-row"]${byData("milestone-id", id)}`,
  });
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3}>Milestones</Title>
        <AddMilestoneForm run={run} />
        <CommandError error={error} onClose={clearError} />
        {live.length === 0 ? (
          <Text c="dimmed" data-testid="milestones-empty">
            No milestones yet. Give the first one a title and a due date above.
          </Text>
        ) : (
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Milestone</Table.Th>
                <Table.Th w={150}>Due</Table.Th>
                <Table.Th w={130}>Status</Table.Th>
                <Table.Th w={90}>Tasks done</Table.Th>
                <Table.Th w={200} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {live.map((m) => (
                <MilestoneRow key={m.id} milestone={m} run={run} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}

function AddMilestoneForm({ run }: { run: Run }) {
  const [title, setTitle] = useState("");
  const [due, setDue] = useState("");
  const [adding, setAdding] = useState(false);
  const ready = title.trim() !== "" && due !== "";

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready || adding) return;
    setAdding(true);
    const ok = await run(milestoneCommands.add(title.trim(), due));
    setAdding(false);
    if (ok) {
      setTitle("");
      setDue("");
    }
  }

  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="xs">
        <TextInput
          data-testid="new-milestone-title"
          label="New milestone"
          placeholder="Beta release"
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <TextInput
          data-testid="new-milestone-due"
          label="Due"
          type="date"
          value={due}
          onChange={(e) => setDue(e.currentTarget.value)}
        />
        <Button data-testid="add-milestone" type="submit" disabled={!ready} loading={adding}>
          Add milestone
        </Button>
      </Group>
    </form>
  );
}

function MilestoneRow({ milestone: m, run }: { milestone: MilestoneView; run: Run }) {
  const [editing, setEditing] = useState<{ title: string; due: string } | null>(null);

  async function save() {
    if (editing === null) return;
    const fields: { title?: string; due?: string } = {};
    if (editing.title.trim() !== m.title) fields.title = editing.title.trim();
    if (editing.due !== "" && editing.due !== m.due) fields.due = editing.due;
    // On refusal the row stays in edit mode with what the member typed.
    if (Object.keys(fields).length === 0 || (await run(milestoneCommands.update(m.id, fields)))) setEditing(null);
  }

  const setStatus = (status: MilestoneStatus) => void run(milestoneCommands.update(m.id, { status }));

  return (
    <Table.Tr data-testid="milestone-row" data-milestone-id={m.id}>
      <Table.Td>
        {editing ? (
          <TextInput
            size="xs"
            aria-label="Milestone title"
            data-testid="milestone-edit-title"
            value={editing.title}
            onChange={(e) => setEditing({ ...editing, title: e.currentTarget.value })}
          />
        ) : (
          <Text data-testid="milestone-title">{m.title}</Text>
        )}
      </Table.Td>
      <Table.Td>
        {editing ? (
          <TextInput
            size="xs"
            type="date"
            aria-label="Milestone due date"
            data-testid="milestone-edit-due"
            value={editing.due}
            onChange={(e) => setEditing({ ...editing, due: e.currentTarget.value })}
          />
        ) : (
          <Text data-testid="milestone-due">{m.due ?? "—"}</Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge data-testid="milestone-status" color={STATUS_COLORS[m.status] ?? "gray"} variant="light">
          {m.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {m.tasks_done}/{m.tasks_total}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" justify="flex-end">
          {editing ? (
            <>
              <Button size="xs" data-testid="milestone-save" onClick={() => void save()}>
                Save
              </Button>
              <Button size="xs" variant="default" onClick={() => setEditing(null)}>
                Cancel
              </Button>
            </>
          ) : (
            <>
              {m.status === "open" && (
                <Button size="xs" variant="light" color="teal" data-testid="milestone-complete" onClick={() => setStatus("reached")}>
                  Complete
                </Button>
              )}
              <NativeSelect
                size="xs"
                aria-label={`Status of ${m.title}`}
                data={MILESTONE_STATUS_OPTIONS}
                value={m.status}
                onChange={(e) => setStatus(e.currentTarget.value as MilestoneStatus)}
              />
              <ActionIcon
                variant="subtle"
                data-testid="milestone-edit"
                aria-label={`Edit ${m.title}`}
                onClick={() => setEditing({ title: m.title, due: m.due ?? "" })}
              >
                ✎
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                color="red"
                data-testid="milestone-delete"
                aria-label={`Delete ${m.title}`}
                onClick={() => void run(milestoneCommands.remove(m.id))}
              >
                ✕
              </ActionIcon>
            </>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
