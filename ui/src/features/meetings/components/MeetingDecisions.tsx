// The decisions taken in a meeting: record a new one here, link one from the decision log, or
// unlink one. Editing a decision itself is the Decisions view's job.
import { ActionIcon, Badge, Button, Group, NativeSelect, Stack, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { Command, DecisionView, Executed } from "../../../ipc";
import type { MeetingDecision } from "../types";

type Props = {
  meetingId: string;
  linked: MeetingDecision[];
  /** Every decision of the project, to link an existing one; null while loading. */
  all: DecisionView[] | null;
  run: (command: Command) => Promise<Executed | null>;
};

const STATUS_COLORS: Record<string, string> = { proposed: "blue", accepted: "teal", superseded: "gray", rejected: "red" };

export function MeetingDecisions({ meetingId, linked, all, run }: Props) {
  const [title, setTitle] = useState("");
  const linkedIds = new Set(linked.map((d) => d.id));
  const linkable = (all ?? []).filter((d) => !d.deleted && !linkedIds.has(d.id));

  async function record(event: FormEvent) {
    event.preventDefault();
    if (title.trim() === "") return;
    const done = await run({ area: "decision", command: { action: "add", title: title.trim(), meetings: [meetingId] } });
    if (done) setTitle("");
  }

  return (
    <Stack gap="xs">
      <Text fw={500} size="sm">
        Decisions
      </Text>
      {linked.length === 0 && (
        <Text size="sm" c="dimmed">
          No decisions recorded in this meeting yet. Record one below.
        </Text>
      )}
      {linked.map((d) => (
        <Group key={d.id} data-testid="meeting-decision" data-decision-id={d.id} gap="xs" wrap="nowrap">
          <Text flex={1} td={d.deleted ? "line-through" : undefined}>
            {d.title}
          </Text>
          {d.status && (
            <Badge variant="light" color={STATUS_COLORS[d.status] ?? "gray"} tt="none">
              {d.status}
            </Badge>
          )}
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Unlink ${d.title}`}
            onClick={() => void run({ area: "meeting", command: { action: "unlink_decision", id: meetingId, decision: d.id } })}
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      <form onSubmit={record}>
        <Group gap="xs" align="flex-end">
          <TextInput
            data-testid="new-meeting-decision"
            aria-label="New decision"
            placeholder="What was decided"
            size="xs"
            style={{ flex: 1 }}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <Button data-testid="record-decision" type="submit" size="xs" disabled={title.trim() === ""}>
            Record
          </Button>
          {linkable.length > 0 && (
            <NativeSelect
              data-testid="link-decision"
              aria-label="Link an existing decision"
              size="xs"
              data={[{ value: "", label: "Link existing…" }, ...linkable.map((d) => ({ value: d.id, label: d.title }))]}
              value=""
              onChange={(e) => {
                const decision = e.currentTarget.value;
                if (decision !== "") void run({ area: "meeting", command: { action: "link_decision", id: meetingId, decision } });
              }}
            />
          )}
        </Group>
      </form>
    </Stack>
  );
}
