// Marks a request as a duplicate of another one from the list, or points a duplicate at a
// different original. The core's refusal (say, a loop of duplicates) is shown in the dialog.
import { Alert, Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { useState } from "react";
import type { RequestView } from "../../../ipc";

type Props = {
  request: RequestView;
  /** The requests it may be a duplicate of, as picker options. */
  originals: { value: string; label: string }[];
  error: string | null;
  onSave: (original: string) => Promise<boolean>;
  onClose: () => void;
};

export function DuplicateOfModal({ request, originals, error, onSave, onClose }: Props) {
  const [original, setOriginal] = useState<string | null>(request.duplicate_of);
  const [saving, setSaving] = useState(false);
  const unchanged = original === null || original === request.duplicate_of;

  async function save() {
    if (original === null) return;
    setSaving(true);
    const saved = await onSave(original);
    setSaving(false);
    if (saved) onClose();
  }

  return (
    <Modal opened onClose={onClose} title="Mark as duplicate">
      <Stack>
        <Text size="sm">
          “{request.title}” asks for the same as another request. Pick that one; this request is then closed as its duplicate.
        </Text>
        {originals.length === 0 ? (
          <Text c="dimmed" size="sm">
            There is no other request to pick.
          </Text>
        ) : (
          <Select
            label="Duplicate of"
            placeholder="Pick the original request"
            data={originals}
            value={original}
            onChange={setOriginal}
            searchable
            data-testid="duplicate-of-picker"
          />
        )}
        {error && (
          <Alert color="red" title="Not marked as a duplicate">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button data-testid="save-duplicate-of" onClick={() => void save()} loading={saving} disabled={unchanged}>
            Mark duplicate
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
