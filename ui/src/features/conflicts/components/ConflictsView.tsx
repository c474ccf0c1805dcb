// Concurrent edits the merge kept: fields where people wrote different values at the same time
// (Automerge shows one, deterministically, and keeps the others), and edits made to items that
// someone else deleted meanwhile (restoring the item brings them back).
import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { views, type Conflict, type DeletedEdit } from "../../../ipc";
import { useProjectResource } from "../../../hooks/useProjectResource";
import { useCommand } from "../../../hooks/useCommand";
import { canRestore, conflictKey, fieldLabel, kindLabel, writtenBy } from "../utils/conflicts";

// Both read models can change with any edit to any item, so every change reloads them.
const loadConflicts = (projectId: string) => views.conflicts(projectId);
const loadDeletedEdits = (projectId: string) => views.deletedEdits(projectId);

function ConflictRow({ conflict }: { conflict: Conflict }) {
  return (
    <Paper withBorder p="sm" data-testid="conflict-row" data-conflict-key={conflictKey(conflict)}>
      <Group gap="xs" mb={4}>
        <Text fw={600}>{conflict.label}</Text>
        <Text c="dimmed" size="sm">
          {conflict.item ? kindLabel(conflict.item.kind) : "project settings"} · {fieldLabel(conflict.field)}
        </Text>
      </Group>
      <Table withRowBorders={false} verticalSpacing={2}>
        <Table.Tbody>
          {conflict.values.map((v, i) => (
            <Table.Tr key={v.change?.hash ?? i} data-testid="conflict-value">
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {v.display}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {writtenBy(v.change)}
                </Text>
              </Table.Td>
              <Table.Td w={110}>
                {v.current && (
                  <Badge size="sm" variant="light" tt="none" title="The value everyone sees until someone sets the field again">
                    shown now
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function DeletedEditRow({ entry, busy, onRestore }: { entry: DeletedEdit; busy: boolean; onRestore: () => void }) {
  return (
    <Paper withBorder p="sm" data-testid="deleted-edit-row" data-item-kind={entry.item.kind} data-item-id={entry.item.id}>
      <Group justify="space-between" mb={4}>
        <Group gap="xs">
          <Text fw={600}>{entry.label}</Text>
          <Text c="dimmed" size="sm">
            {kindLabel(entry.item.kind)} deleted by {writtenBy(entry.deleted)}
          </Text>
        </Group>
        {canRestore(entry.item) && (
          <Button data-testid="restore-deleted" size="xs" variant="light" disabled={busy} onClick={onRestore}>
            Restore
          </Button>
        )}
      </Group>
      <Text size="sm">Edits made meanwhile, kept and back on restore:</Text>
      {entry.edits.map((edit) => (
        <Text key={edit.hash} size="sm" c="dimmed" data-hash={edit.hash}>
          {edit.summary} — {writtenBy(edit)}
        </Text>
      ))}
    </Paper>
  );
}

export function ConflictsView({ projectId }: { projectId: string }) {
  const conflicts = useProjectResource(projectId, loadConflicts);
  const deletedEdits = useProjectResource(projectId, loadDeletedEdits);
  const { run, busy, error } = useCommand(projectId);

  return (
    <Stack>
      <Title order={2}>Conflicts</Title>
      <Text size="sm" c="dimmed" data-testid="conflicts-resolution-note">
        Resolving conflicts comes with the coordinator's desk. Until then, changing the field in its own view
        settles it.
      </Text>
      {error && (
        <Alert color="red" title="Not restored">
          {error}
        </Alert>
      )}

      <Title order={3}>Concurrent values</Title>
      {conflicts.error && (
        <Alert color="red" title="Cannot load the conflicts">
          {conflicts.error}
        </Alert>
      )}
      {conflicts.data === null && !conflicts.error && <Text c="dimmed">Loading conflicts…</Text>}
      {conflicts.data?.length === 0 && (
        <Text c="dimmed">
          No conflicts. When two people change the same field before their edits meet, both values are listed here.
        </Text>
      )}
      {conflicts.data?.map((c) => <ConflictRow key={conflictKey(c)} conflict={c} />)}

      <Title order={3}>Edits to deleted items</Title>
      {deletedEdits.error && (
        <Alert color="red" title="Cannot load the edits to deleted items">
          {deletedEdits.error}
        </Alert>
      )}
      {deletedEdits.data === null && !deletedEdits.error && <Text c="dimmed">Loading…</Text>}
      {deletedEdits.data?.length === 0 && (
        <Text c="dimmed">
          None. When someone edits an item while another person deletes it, the edits are listed here so the item can
          be restored.
        </Text>
      )}
      {deletedEdits.data?.map((entry) => (
        <DeletedEditRow
          key={`${entry.item.kind}:${entry.item.id}`}
          entry={entry}
          busy={busy}
          onRestore={() => void run({ area: "item", command: { action: "restore", kind: entry.item.kind, id: entry.item.id } })}
        />
      ))}
    </Stack>
  );
}
