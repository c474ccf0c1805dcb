// One log entry: when, who, what kind, the text, the items it is about. Entries are append-only
// (never deleted): "Annotate" writes a new entry that refers to this one; "Fix text" corrects a
// typo in place with one splice of the body, which the core allows (ItemCommand::EditText). The
// splice is counted in the text as read when fixing began (with its heads), so text others add
// meanwhile stays where they put it.
import { Badge, Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import type { ItemRef, LogEntryView, TextState } from "../../../ipc";
import { formatAt } from "../utils/logPaging";

export const KIND_COLORS: Record<string, string> = {
  note: "gray",
  progress: "teal",
  problem: "red",
  decision: "violet",
  milestone: "blue",
};

type Props = {
  entry: LogEntryView;
  nameOf: (ref: ItemRef) => string;
  onRef: (ref: ItemRef) => void;
  onAnnotate: (entry: LogEntryView) => void;
  onFix: FixText;
};

/** Correcting an entry's body in place. */
export type FixText = {
  /** The body as it is now, with the heads it was read at; rejects with the reason. */
  read: (entry: LogEntryView) => Promise<TextState>;
  /** Saves `body`, corrected from `base`; resolves false when the core refused it. */
  save: (entry: LogEntryView, base: TextState, body: string) => Promise<boolean>;
};

export function LogEntryRow({ entry, nameOf, onRef, onAnnotate, onFix }: Props) {
  const [fixing, setFixing] = useState<string | null>(null);
  const [base, setBase] = useState<TextState | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  async function begin() {
    setReadError(null);
    try {
      const state = await onFix.read(entry);
      setBase(state);
      setFixing(state.text);
    } catch (e) {
      setReadError(e instanceof Error ? e.message : String(e));
    }
  }
  async function save() {
    if (fixing === null || base === null) return;
    if (fixing.trim() === "" || fixing === base.text || (await onFix.save(entry, base, fixing))) setFixing(null);
  }
  return (
    <Stack gap={2} py={6} data-testid="log-entry" data-log-id={entry.id}>
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Group gap="xs">
          <Text size="xs" c="dimmed">
            {formatAt(entry.at)}
          </Text>
          <Text size="xs" fw={500}>
            {entry.author_name || "Unknown author"}
          </Text>
          <Badge size="xs" variant="light" color={KIND_COLORS[entry.kind] ?? "gray"} tt="none">
            {entry.kind}
          </Badge>
        </Group>
        <Group gap={2} wrap="nowrap">
          <Button size="compact-xs" variant="subtle" onClick={() => onAnnotate(entry)}>
            Annotate
          </Button>
          <Button size="compact-xs" variant="subtle" color="gray" onClick={() => void begin()}>
            Fix text
          </Button>
        </Group>
      </Group>
      {readError !== null && (
        <Text size="xs" c="red" data-testid="log-fix-error">
          Cannot start the correction: {readError}
        </Text>
      )}
      {fixing === null ? (
        <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="log-body">
          {entry.body}
        </Text>
      ) : (
        <Stack gap={4}>
          <Textarea
            data-testid="log-fix-text"
            aria-label="Corrected text"
            autosize
            minRows={2}
            value={fixing}
            onChange={(e) => setFixing(e.currentTarget.value)}
          />
          <Group gap="xs" justify="flex-end">
            <Button size="compact-xs" variant="default" onClick={() => setFixing(null)}>
              Cancel
            </Button>
            <Button data-testid="log-fix-save" size="compact-xs" onClick={() => void save()}>
              Save correction
            </Button>
          </Group>
        </Stack>
      )}
      {entry.refs.length > 0 && (
        <Group gap={4}>
          {entry.refs.map((r) => (
            <Badge
              key={`${r.kind}:${r.id}`}
              size="xs"
              variant="outline"
              tt="none"
              style={{ cursor: "pointer" }}
              title="Show only entries about this"
              onClick={() => onRef(r)}
            >
              {nameOf(r)}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}
