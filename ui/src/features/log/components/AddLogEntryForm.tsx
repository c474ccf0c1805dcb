// Writes a log entry: the text, its kind, and optionally the items it is about. When annotating,
// the entry also refers to the annotated one.
import { Badge, Button, CloseButton, Group, MultiSelect, NativeSelect, Stack, Textarea } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { Command, ItemRef, LogEntryView } from "../../../ipc";
import type { LogKind } from "../types";
import { parseRefKey } from "../utils/logPaging";

export const LOG_KINDS: LogKind[] = ["note", "progress", "problem", "decision", "milestone"];

type Props = {
  /** Items the entry can refer to, as `kind:id` options grouped by kind. */
  refOptions: { group: string; items: { value: string; label: string }[] }[];
  annotating: LogEntryView | null;
  onStopAnnotating: () => void;
  onAdd: (command: Command) => Promise<boolean>;
};

export function AddLogEntryForm({ refOptions, annotating, onStopAnnotating, onAdd }: Props) {
  const [body, setBody] = useState("");
  const [kind, setKind] = useState<LogKind>("note");
  const [refs, setRefs] = useState<string[]>([]);
  const [adding, setAdding] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (body.trim() === "" || adding) return;
    const about: ItemRef[] = refs.map(parseRefKey);
    if (annotating) about.push({ kind: "log_entry", id: annotating.id });
    setAdding(true);
    const added = await onAdd({ area: "log", command: { action: "add", body: body.trim(), kind, refs: about } });
    setAdding(false);
    if (added) {
      setBody("");
      setRefs([]);
      onStopAnnotating();
    }
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        {annotating && (
          <Group gap={4}>
            <Badge variant="light" tt="none" data-testid="log-annotating">
              About the entry of {annotating.author_name || "an unknown author"}: “{annotating.body.slice(0, 60)}”
            </Badge>
            <CloseButton size="sm" aria-label="Stop annotating" onClick={onStopAnnotating} />
          </Group>
        )}
        <Textarea
          data-testid="new-log-text"
          label={annotating ? "Correction or remark" : "New log entry"}
          placeholder="What happened?"
          autosize
          minRows={2}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        <Group gap="xs" align="flex-end">
          <NativeSelect
            data-testid="new-log-kind"
            label="Kind"
            data={LOG_KINDS}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as LogKind)}
          />
          <MultiSelect
            data-testid="new-log-refs"
            label="About"
            placeholder="Tasks, meetings, decisions"
            data={refOptions}
            value={refs}
            onChange={setRefs}
            searchable
            style={{ flex: 1 }}
          />
          <Button data-testid="add-log-entry" type="submit" disabled={body.trim() === ""} loading={adding}>
            Add to log
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
