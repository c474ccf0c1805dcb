// Allocations: hours of a resource assigned to a task; add, change the hours or note, delete.
import { ActionIcon, Alert, Group, Modal, NativeSelect, SimpleGrid, Table, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { AllocationView, ResourceView, TaskView } from "../../../ipc";
import { useCommand } from "../../../hooks/useCommand";
import { allocationForm, allocationPatch, checkAllocation, EMPTY_ALLOCATION, type AllocationForm } from "../utils/forms";
import { EntityForm, type Field } from "./EntityForm";

type Options = { resources: ResourceView[]; tasks: TaskView[] };

function AllocationFields({ field, resources, tasks, prefix }: Options & { field: (name: keyof AllocationForm) => Field; prefix: string }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="xs">
      <NativeSelect
        label="Resource"
        data={[
          { value: "", label: "Choose a resource" },
          ...resources.filter((r) => !r.deleted).map((r) => ({ value: r.id, label: r.name })),
        ]}
        data-testid={`${prefix}-allocation-resource`}
        {...field("resource")}
      />
      <NativeSelect
        label="Task"
        data={[
          { value: "", label: "Choose a task" },
          ...tasks.filter((t) => !t.deleted).map((t) => ({ value: t.id, label: t.title })),
        ]}
        data-testid={`${prefix}-allocation-task`}
        {...field("task")}
      />
      <TextInput label="Hours" inputMode="decimal" data-testid={`${prefix}-allocation-hours`} {...field("hours")} />
      <TextInput label="Note" {...field("note")} />
    </SimpleGrid>
  );
}

type Props = Options & { projectId: string; allocations: AllocationView[] };

export function Allocations({ projectId, allocations, resources, tasks }: Props) {
  const adding = useCommand(projectId);
  const editing = useCommand(projectId);
  const rows = useCommand(projectId);
  const [edited, setEdited] = useState<AllocationView | null>(null);
  const live = allocations.filter((a) => !a.deleted);

  async function add(values: AllocationForm) {
    const checked = checkAllocation(values);
    if (!checked.ok) return checked.errors;
    const done = await adding.run({ area: "resource", command: { action: "add_allocation", ...checked.value } });
    return done ? null : {};
  }

  async function save(allocation: AllocationView, values: AllocationForm) {
    const patch = allocationPatch(allocation, values);
    if (!patch.ok) return patch.errors;
    if (Object.keys(patch.value).length > 0) {
      const done = await editing.run({
        area: "resource",
        command: { action: "update_allocation", id: allocation.id, patch: patch.value },
      });
      if (!done) return {};
    }
    setEdited(null);
    return null;
  }

  return (
    <>
      <EntityForm initial={EMPTY_ALLOCATION} onSubmit={add} submitLabel="Allocate" submitTestId="add-allocation" resetAfter>
        {(field) => <AllocationFields field={field} resources={resources} tasks={tasks} prefix="new" />}
      </EntityForm>
      {adding.error && (
        <Alert color="red" title="The allocation was not added">
          {adding.error}
        </Alert>
      )}
      {rows.error && (
        <Alert color="red" title="That change was not saved" withCloseButton onClose={rows.clearError}>
          {rows.error}
        </Alert>
      )}
      {live.length === 0 ? (
        <Text c="dimmed">No allocations yet. Allocate a resource's hours to a task above.</Text>
      ) : (
        <Table highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Resource</Table.Th>
              <Table.Th>Task</Table.Th>
              <Table.Th ta="right">Hours</Table.Th>
              <Table.Th>Note</Table.Th>
              <Table.Th w={80} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {live.map((a) => (
              <Table.Tr key={a.id} data-testid="allocation-row" data-allocation-id={a.id}>
                <Table.Td>{a.resource_name}</Table.Td>
                <Table.Td>
                  <Text size="sm" td={a.task_deleted ? "line-through" : undefined}>
                    {a.task_title}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{a.hours} h</Table.Td>
                <Table.Td>{a.note}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon variant="subtle" aria-label={`Edit allocation of ${a.resource_name} to ${a.task_title}`} onClick={() => setEdited(a)}>
                      ✎
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Delete allocation of ${a.resource_name} to ${a.task_title}`}
                      onClick={() => void rows.run({ area: "item", command: { action: "delete", kind: "allocation", id: a.id } })}
                    >
                      ✕
                    </ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <Modal opened={edited !== null} onClose={() => setEdited(null)} title="Edit allocation" size="lg">
        {edited && (
          <>
            <EntityForm initial={allocationForm(edited)} onSubmit={(v) => save(edited, v)} submitLabel="Save allocation" submitTestId="save-allocation">
              {(field) => <AllocationFields field={field} resources={resources} tasks={tasks} prefix="edit" />}
            </EntityForm>
            {editing.error && (
              <Alert color="red" mt="xs" title="The allocation was not saved">
                {editing.error}
              </Alert>
            )}
          </>
        )}
      </Modal>
    </>
  );
}
