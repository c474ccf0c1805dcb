// A deliverable's acceptance criteria: tick them met or unmet, reword one in place, remove one,
// add another.
import { ActionIcon, Button, Checkbox, Group, Stack, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { DeliverableView } from "../../../ipc";

type Criterion = DeliverableView["criteria"][number];

type Props = {
  criteria: Criterion[];
  busy: boolean;
  onSetMet: (criterion: Criterion, met: boolean) => void;
  /** Resolves to true when the core took the new wording. */
  onReword: (criterion: Criterion, text: string) => Promise<boolean>;
  onRemove: (criterion: Criterion) => void;
  onAdd: (text: string) => Promise<boolean>;
};

const EMPTY_CRITERION = "A criterion needs some text. To drop it, remove it with × instead.";

type RowProps = {
  criterion: Criterion;
  busy: boolean;
  onSetMet: (met: boolean) => void;
  onReword: (text: string) => Promise<boolean>;
  onRemove: () => void;
};

function CriterionRow({ criterion: c, busy, onSetMet, onReword, onRemove }: RowProps) {
  // The draft while rewording; null when the criterion is shown as text.
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  function startEditing() {
    setDraft(c.text);
    setProblem(null);
  }

  function cancel() {
    setDraft(null);
    setProblem(null);
  }

  async function save() {
    if (draft === null || busy) return;
    const text = draft.trim();
    if (text === "") {
      setProblem(EMPTY_CRITERION);
      return;
    }
    if (text === c.text) {
      cancel();
      return;
    }
    // On a refusal the editor stays open with the draft; the card shows the core's message.
    if (await onReword(text)) cancel();
  }

  return (
    <Group data-testid="criterion-row" data-criterion-id={c.id} gap="xs" wrap="nowrap" align={draft === null ? "center" : "flex-start"}>
      <Checkbox
        data-testid="criterion-met"
        aria-label={`Met: ${c.text}`}
        checked={c.met}
        disabled={busy}
        onChange={(e) => onSetMet(e.currentTarget.checked)}
      />
      {draft === null ? (
        <>
          <Text size="sm" style={{ flex: 1 }} c={c.met ? "dimmed" : undefined}>
            {c.text}
          </Text>
          <ActionIcon
            data-testid="criterion-edit"
            variant="subtle"
            size="sm"
            aria-label={`Reword criterion ${c.text}`}
            disabled={busy}
            onClick={startEditing}
          >
            ✎
          </ActionIcon>
        </>
      ) : (
        <>
          <TextInput
            data-testid="criterion-edit-text"
            aria-label={`New wording for ${c.text}`}
            size="xs"
            value={draft}
            error={problem}
            autoFocus
            onChange={(e) => {
              setDraft(e.currentTarget.value);
              setProblem(null);
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                void save();
              }
              if (e.key === "Escape") cancel();
            }}
            style={{ flex: 1 }}
          />
          <Button data-testid="criterion-save" size="xs" variant="light" disabled={busy} onClick={() => void save()}>
            Save
          </Button>
          <Button data-testid="criterion-cancel" size="xs" variant="subtle" color="gray" onClick={cancel}>
            Cancel
          </Button>
        </>
      )}
      <ActionIcon
        variant="subtle"
        color="red"
        size="sm"
        aria-label={`Remove criterion ${c.text}`}
        disabled={busy}
        onClick={onRemove}
      >
        ×
      </ActionIcon>
    </Group>
  );
}

export function CriteriaList({ criteria, busy, onSetMet, onReword, onRemove, onAdd }: Props) {
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
        <CriterionRow
          key={c.id}
          criterion={c}
          busy={busy}
          onSetMet={(met) => onSetMet(c, met)}
          onReword={(newText) => onReword(c, newText)}
          onRemove={() => onRemove(c)}
        />
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
