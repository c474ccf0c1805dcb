// A deliverable's acceptance criteria: tick them met or unmet, remove one, add another.
import { ActionIcon, Button, Checkbox, Group, Stack, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { DeliverableView } from "../../../ipc";

type Criterion = DeliverableView["criteria"][number];

type Props = {
  criteria: Criterion[];
  busy: boolean;
  onSetMet: (criterion: Criterion, met: boolean) => void;
  onRemove: (criterion: Criterion) => void;
  onAdd: (text: string) => Promise<boolean>;
};

export function CriteriaList({ criteria, busy, onSetMet, onRemove, onAdd }: Props) {
  const [text, setText] = useState("");
  const trimmed = text.trim();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (trimmed === "" || busy) return;
    if (await onAdd(trimmed)) setText("");
  }

  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        Acceptance criteria
      </Text>
      {criteria.length === 0 && (
        <Text size="sm" c="dimmed">
          No criteria yet: add what the client will check before signing off.
        </Text>
      )}
      {criteria.map((c) => (
        <Group key={c.id} data-testid="criterion-row" data-criterion-id={c.id} gap="xs" wrap="nowrap">
          <Checkbox
            data-testid="criterion-met"
            aria-label={`Met: ${c.text}`}
            checked={c.met}
            disabled={busy}
            onChange={(e) => onSetMet(c, e.currentTarget.checked)}
          />
          <Text size="sm" style={{ flex: 1 }} c={c.met ? "dimmed" : undefined}>
            {c.text}
          </Text>
          <ActionIcon
            variant="subtle"
            color="red"
            size="sm"
            aria-label={`Remove criterion ${c.text}`}
            disabled={busy}
            onClick={() => onRemove(c)}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <form onSubmit={submit}>
        <Group gap="xs" align="flex-end">
          <TextInput
            data-testid="new-criterion-text"
            aria-label="New criterion"
            placeholder="Add a criterion"
            size="xs"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button data-testid="add-criterion" type="submit" size="xs" variant="light" disabled={trimmed === "" || busy}>
            Add
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
