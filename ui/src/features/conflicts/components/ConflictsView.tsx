// Concurrent edits the merge kept: fields where people wrote different values at the same time
// (Automerge shows one, deterministically, and keeps the others), and edits made to items that
// someone else deleted meanwhile (restoring the item brings them back). The coordinator settles
// a field here: keeps one value or types a new one, as one change that may also record a decision.
import { Alert, Badge, Button, Checkbox, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { views, type Conflict, type DeletedEdit, type MemberView, type Resolution } from "../../../ipc";
import { useProjectResource } from "../../../hooks/useProjectResource";
import { useCommand } from "../../../hooks/useCommand";
import { canRestore, conflictKey, fieldLabel, kindLabel, writtenBy } from "../utils/conflicts";
import { initialTyped, keepResolution, parseTyped, resolveCommand, valueKind } from "../utils/resolve";
import { SettleForm } from "./SettleForm";

// Both read models can change with any edit to any item, so every change reloads them.
const loadConflicts = (projectId: string) => views.conflicts(projectId);
const loadDeletedEdits = (projectId: string) => views.deletedEdits(projectId);
// For member fields' pickers; a member change can add a choice.
const loadMembers = (projectId: string) => views.members(projectId);
const NO_MEMBERS: MemberView[] = [];

/**
 * One conflicted field with every concurrent value and the ways to settle it: keep one of the
 * values, or type a new one; optionally recorded as a decision. The core's refusal is shown in
 * the row, and what was typed stays. Once settled, the next reload drops the row.
 */
function ConflictRow({ projectId, conflict, members }: { projectId: string; conflict: Conflict; members: MemberView[] }) {
  const kind = valueKind(conflict.values);
  const { run, busy, error, clearError } = useCommand(projectId);
  const [typed, setTyped] = useState(() => initialTyped(kind, conflict.values));
  const [typedError, setTypedError] = useState<string | null>(null);
  const [record, setRecord] = useState(false);
  const [settled, setSettled] = useState<string | null>(null);

  async function settle(resolution: Resolution) {
    setSettled(null);
    const done = await run(resolveCommand(conflict, resolution, record));
    if (done !== null) setSettled(done.summary);
  }

  function submitTyped() {
    const parsed = parseTyped(kind, typed);
    if (!parsed.ok) {
      setTypedError(parsed.error);
      return;
    }
    setTypedError(null);
    void settle({ by: "value", value: parsed.value });
  }

  function type(value: string | number | boolean | null) {
    setTyped(value);
    setTypedError(null);
    clearError();
  }

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
          {conflict.values.map((v, i) => {
            const keep = keepResolution(v);
            return (
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
                <Table.Td w={110} ta="right">
                  <Button
                    data-testid="keep-value"
                    size="xs"
                    variant="light"
                    disabled={busy || keep === null}
                    title={keep === null ? "The change that wrote this value is unknown; type the value instead" : undefined}
                    onClick={() => keep && void settle(keep)}
                  >
                    Keep this
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Stack gap="xs" mt="xs">
        {kind === "mixed" ? (
          <Text size="sm" c="dimmed">
            The values are of different kinds, so a new one cannot be typed here: keep one of them.
          </Text>
        ) : (
          <SettleForm kind={kind} typed={typed} onType={type} error={typedError} members={members} busy={busy} onSubmit={submitTyped} />
        )}
        <Checkbox
          data-testid="settle-record-decision"
          label="Record as decision"
          description="Also adds an accepted decision to the decision log that names the values replaced."
          checked={record}
          onChange={(e) => setRecord(e.currentTarget.checked)}
        />
        {error && (
          <Alert color="red" title="Not settled" data-testid="settle-error">
            {error}
          </Alert>
        )}
        {settled && (
          <Text size="sm" c="green" data-testid="settle-done">
            {settled}
          </Text>
        )}
      </Stack>
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
  const members = useProjectResource(projectId, loadMembers);
  const { run, busy, error } = useCommand(projectId);

  return (
    <Stack>
      <Title order={2}>Conflicts</Title>
      <Text size="sm" c="dimmed" data-testid="conflicts-resolution-note">
        Settle a field by keeping one of its values or typing a new one. Your choice is written as its own change,
        which names the values it replaced; tick “Record as decision” to add it to the decision log as well.
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
      {conflicts.data?.map((c) => (
        <ConflictRow key={conflictKey(c)} projectId={projectId} conflict={c} members={members.data ?? NO_MEMBERS} />
      ))}

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
