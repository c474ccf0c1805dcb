// Edits what a request says: its title, who asked, and the description. Sends only what changed.
import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import type { RequestView } from "../../../ipc";

export type RequestEdits = { title?: string; requester?: string; description?: string };

/** The fields that differ from the request as loaded; empty when nothing changed. */
export function requestEdits(request: RequestView, title: string, requester: string, description: string): RequestEdits {
  const edits: RequestEdits = {};
  if (title.trim() !== request.title) edits.title = title.trim();
  if (requester.trim() !== request.requester) edits.requester = requester.trim();
  if (description !== request.description) edits.description = description;
  return edits;
}

type Props = { request: RequestView; error: string | null; onSave: (edits: RequestEdits) => Promise<boolean>; onClose: () => void };

export function EditRequestModal({ request, error, onSave, onClose }: Props) {
  const [title, setTitle] = useState(request.title);
  const [requester, setRequester] = useState(request.requester);
  const [description, setDescription] = useState(request.description);
  const [saving, setSaving] = useState(false);
  const edits = requestEdits(request, title, requester, description);

  async function save() {
    setSaving(true);
    const saved = await onSave(edits);
    setSaving(false);
    if (saved) onClose();
  }

  return (
    <Modal opened onClose={onClose} title="Edit request">
      <Stack>
        <TextInput label="Request" value={title} onChange={(e) => setTitle(e.currentTarget.value)} data-testid="edit-request-title" />
        <TextInput label="Who asked" value={requester} onChange={(e) => setRequester(e.currentTarget.value)} />
        <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} />
        {error && (
          <Alert color="red" title="Not saved">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button data-testid="save-request" onClick={() => void save()} loading={saving} disabled={Object.keys(edits).length === 0}>
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
