// Resources: people, equipment, licences and vendors with their cost rate and capacity; add, edit, delete.
import { ActionIcon, Alert, Badge, Group, Modal, NativeSelect, SimpleGrid, Table, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { MemberView, ResourceView } from "../../../ipc";
import { useCommand } from "../../../hooks/useCommand";
import { checkResource, EMPTY_RESOURCE, resourceForm, resourcePatch, type ResourceForm } from "../utils/forms";
import { formatMoney } from "../utils/money";
import { EntityForm, type Field } from "./EntityForm";

export const RESOURCE_KINDS = [
  { value: "person", label: "Person" },
  { value: "equipment", label: "Equipment" },
  { value: "licence", label: "Licence" },
  { value: "vendor", label: "Vendor / service" },
];

const RATE_UNITS = [
  { value: "hour", label: "per hour" },
  { value: "day", label: "per day" },
  { value: "month", label: "per month" },
  { value: "fixed", label: "fixed price" },
];

type FieldsProps = { field: (name: keyof ResourceForm) => Field; values: ResourceForm; members: MemberView[]; prefix: string };

function ResourceFields({ field, values, members, prefix }: FieldsProps) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
      <TextInput label="Resource" placeholder="e.g. Sound engineer" data-testid={`${prefix}-resource-name`} {...field("name")} />
      <NativeSelect label="Kind" data={RESOURCE_KINDS} {...field("kind")} />
      {values.kind === "person" ? (
        <NativeSelect
          label="Member"
          data={[
            { value: "", label: "Not a project member" },
            ...members.filter((m) => !m.deleted).map((m) => ({ value: m.id, label: m.name })),
          ]}
          {...field("member")}
        />
      ) : (
        <div />
      )}
      <TextInput label="Cost rate" inputMode="decimal" data-testid={`${prefix}-resource-rate`} {...field("cost_rate")} />
      <NativeSelect label="Charged" data={RATE_UNITS} {...field("rate_unit")} />
      <TextInput label="Capacity (h/week)" inputMode="decimal" placeholder="optional" {...field("capacity")} />
      <TextInput label="Notes" {...field("notes")} style={{ gridColumn: "1 / -1" }} />
    </SimpleGrid>
  );
}

type Props = { projectId: string; currency: string; resources: ResourceView[]; members: MemberView[] };

export function Resources({ projectId, currency, resources, members }: Props) {
  const adding = useCommand(projectId);
  const editing = useCommand(projectId);
  const rows = useCommand(projectId);
  const [edited, setEdited] = useState<ResourceView | null>(null);
  const live = resources.filter((r) => !r.deleted);
  const memberName = (id: string | null) => (id === null ? null : (members.find((m) => m.id === id)?.name ?? id));
  const unitLabel = (unit: string) => RATE_UNITS.find((u) => u.value === unit)?.label ?? unit;

  async function add(values: ResourceForm) {
    const checked = checkResource(values);
    if (!checked.ok) return checked.errors;
    const done = await adding.run({ area: "resource", command: { action: "add", ...checked.value } });
    return done ? null : {};
  }

  async function save(resource: ResourceView, values: ResourceForm) {
    const patch = resourcePatch(resource, values);
    if (!patch.ok) return patch.errors;
    if (Object.keys(patch.value).length > 0) {
      const done = await editing.run({ area: "resource", command: { action: "update", id: resource.id, patch: patch.value } });
      if (!done) return {};
    }
    setEdited(null);
    return null;
  }

  return (
    <>
      <EntityForm
        initial={EMPTY_RESOURCE}
        onSubmit={add}
        submitLabel="Add resource"
        submitTestId="add-resource"
        resetAfter
        canSubmit={(v) => v.name.trim() !== ""}
      >
        {(field, values) => <ResourceFields field={field} values={values} members={members} prefix="new" />}
      </EntityForm>
      {adding.error && (
        <Alert color="red" title="The resource was not added">
          {adding.error}
        </Alert>
      )}
      {rows.error && (
        <Alert color="red" title="That change was not saved" withCloseButton onClose={rows.clearError}>
          {rows.error}
        </Alert>
      )}
      {live.length === 0 ? (
        <Text c="dimmed">No resources yet. Add the people, equipment, licences or vendors the project uses.</Text>
      ) : (
        <Table highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Resource</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th ta="right">Cost rate</Table.Th>
              <Table.Th ta="right">Capacity</Table.Th>
              <Table.Th ta="right">Allocated</Table.Th>
              <Table.Th w={80} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {live.map((r) => (
              <Table.Tr key={r.id} data-testid="resource-row" data-resource-id={r.id}>
                <Table.Td>
                  <Text size="sm">{r.name}</Text>
                  {r.member && (
                    <Text size="xs" c="dimmed">
                      {memberName(r.member)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color="gray" tt="none">
                    {RESOURCE_KINDS.find((k) => k.value === r.kind)?.label ?? r.kind}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">
                  {formatMoney(r.cost_rate, currency)} {unitLabel(r.rate_unit)}
                </Table.Td>
                <Table.Td ta="right">{r.capacity_hours_per_week === null ? "—" : `${r.capacity_hours_per_week} h/week`}</Table.Td>
                <Table.Td ta="right">{r.allocated_hours} h</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon variant="subtle" aria-label={`Edit ${r.name}`} onClick={() => setEdited(r)}>
                      ✎
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Delete ${r.name}`}
                      onClick={() => void rows.run({ area: "item", command: { action: "delete", kind: "resource", id: r.id } })}
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

      <Modal opened={edited !== null} onClose={() => setEdited(null)} title="Edit resource" size="lg">
        {edited && (
          <>
            <EntityForm initial={resourceForm(edited)} onSubmit={(v) => save(edited, v)} submitLabel="Save resource" submitTestId="save-resource">
              {(field, values) => <ResourceFields field={field} values={values} members={members} prefix="edit" />}
            </EntityForm>
            {editing.error && (
              <Alert color="red" mt="xs" title="The resource was not saved">
                {editing.error}
              </Alert>
            )}
          </>
        )}
      </Modal>
    </>
  );
}
