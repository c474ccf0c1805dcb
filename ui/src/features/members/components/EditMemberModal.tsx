// Edits a member's name, job title and email; sends only the fields that changed.
import { Alert, Button, Group, Modal, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import type { MemberView } from "../../../ipc";
import { detailsPatch, type MemberDetails } from "../utils/members";

type Props = { member: MemberView; error: string | null; onSave: (patch: MemberDetails) => Promise<boolean>; onClose: () => void };

export function EditMemberModal({ member, error, onSave, onClose }: Props) {
  const [name, setName] = useState(member.name);
  const [title, setTitle] = useState(member.title ?? "");
  const [email, setEmail] = useState(member.email ?? "");
  const [saving, setSaving] = useState(false);
  const patch = detailsPatch(member, name, title, email);

  async function save() {
    setSaving(true);
    const saved = await onSave(patch);
    setSaving(false);
    if (saved) onClose();
  }

  return (
    <Modal opened onClose={onClose} title={`Edit ${member.name}`}>
      <Stack>
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="edit-member-name" />
        <TextInput label="Job title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <TextInput label="Email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
        {error && (
          <Alert color="red" title="Not saved">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button data-testid="save-member" onClick={() => void save()} loading={saving} disabled={Object.keys(patch).length === 0}>
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
