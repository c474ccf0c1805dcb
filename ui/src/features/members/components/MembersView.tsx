// The project's members: add one, change role and capacity, edit details, remove and restore.
// Members are never deleted (their history must stay readable), so "remove" marks them inactive.
import { Alert, Badge, Button, Group, NativeSelect, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { views, type Command, type MemberView } from "../../../ipc";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { useCommand } from "../../../hooks/useCommand";
import { byData, useFocusTarget } from "../../../hooks/useFocusRequest";
import { byActivity, MEMBER_ROLES, type MemberRole } from "../utils/members";
import { AddMemberForm, type NewMemberInput } from "./AddMemberForm";
import { CapacityInput } from "./CapacityInput";
import { EditMemberModal } from "./EditMemberModal";

const loadMembers = (projectId: string) => views.members(projectId);
const membersChanged = touchesKinds("member");

type ProjectCommand = Extract<Command, { area: "project" }>["command"];
type MemberPatch = Extract<ProjectCommand, { action: "update_member" }>["patch"];

const project = (command: ProjectCommand): Command => ({ area: "project", command });

type RowProps = { member: MemberView; busy: boolean; onPatch: (patch: MemberPatch) => void; onEdit: () => void };

function MemberRow({ member, busy, onPatch, onEdit }: RowProps) {
  return (
    <Table.Tr data-testid="member-row" data-member-id={member.id} style={{ opacity: member.active ? 1 : 0.6 }}>
      <Table.Td>
        <Text data-testid="member-name" fw={500}>
          {member.name}
        </Text>
        {(member.title || member.email) && (
          <Text size="xs" c="dimmed">
            {[member.title, member.email].filter(Boolean).join(" · ")}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={`Role of ${member.name}`}
          data-testid="member-role"
          size="xs"
          value={member.role}
          data={MEMBER_ROLES}
          disabled={busy}
          onChange={(e) => onPatch({ role: e.currentTarget.value as MemberRole })}
        />
      </Table.Td>
      <Table.Td>
        <CapacityInput name={member.name} hours={member.capacity_hours} disabled={busy} onSave={(h) => onPatch({ capacity_hours: h })} />
      </Table.Td>
      <Table.Td>
        <Badge data-testid="member-status" variant="light" color={member.active ? "teal" : "gray"} tt="none">
          {member.active ? "Active" : "Removed"}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="subtle" onClick={onEdit} disabled={busy}>
            Edit
          </Button>
          {member.active ? (
            <Button data-testid="remove-member" size="xs" variant="subtle" color="red" disabled={busy} onClick={() => onPatch({ active: false })}>
              Remove
            </Button>
          ) : (
            <Button data-testid="restore-member" size="xs" variant="light" disabled={busy} onClick={() => onPatch({ active: true })}>
              Restore
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export function MembersView({ projectId }: { projectId: string }) {
  const { data, error: loadError } = useProjectResource(projectId, loadMembers, membersChanged);
  const { run, busy, error } = useCommand(projectId);
  const [editing, setEditing] = useState<MemberView | null>(null);
  const members = data ? byActivity(data) : null;

  // A member opened from search: their row highlighted.
  useFocusTarget("member", {
    lookup: (_, id) => {
      if (data === null) return loadError === null ? null : "The members could not be loaded.";
      const member = data.find((m) => m.id === id);
      if (member === undefined) return "That member is not in this project any more.";
      return member.deleted ? "That member is deleted, so they are not listed." : true;
    },
    selector: (_, id) => `[data-testid="member-row"]${byData("member-id", id)}`,
  });

  async function add(input: NewMemberInput) {
    return (await run(project({ action: "add_member", ...input }))) !== null;
  }

  async function patch(member: MemberView, changes: MemberPatch) {
    return (await run(project({ action: "update_member", id: member.id, patch: changes }))) !== null;
  }

  return (
    <Stack>
      <Title order={2}>Members</Title>
      <AddMemberForm onAdd={add} />
      {error && !editing && (
        <Alert color="red" title="That change was not saved">
          {error}
        </Alert>
      )}
      {loadError && (
        <Alert color="red" title="Cannot load the members">
          {loadError}
        </Alert>
      )}
      {members === null && !loadError && <Text c="dimmed">Loading members…</Text>}
      {members !== null && members.length === 0 && <Text c="dimmed">No members yet. Add the first one above.</Text>}
      {members !== null && members.length > 0 && (
        <Table highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th w={160}>Role</Table.Th>
              <Table.Th w={110}>Capacity</Table.Th>
              <Table.Th w={100}>Status</Table.Th>
              <Table.Th w={170} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((m) => (
              <MemberRow key={m.id} member={m} busy={busy} onPatch={(p) => void patch(m, p)} onEdit={() => setEditing(m)} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <EditMemberModal member={editing} error={error} onSave={(p) => patch(editing, p)} onClose={() => setEditing(null)} />
      )}
    </Stack>
  );
}
