// Action items of a meeting: add one (with an assignee and due date), reassign, remove, and make
// it a task (the core's PromoteActionItem creates the task and remembers it on the item).
import { ActionIcon, Badge, Button, Group, NativeSelect, Stack, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { Command, Executed, MemberView } from "../../../ipc";
import type { ActionItemView } from "../types";

type Props = {
  meetingId: string;
  items: ActionItemView[];
  members: MemberView[];
  run: (command: Command) => Promise<Executed | null>;
};

function memberOptions(members: MemberView[], current: string | null) {
  const live = members.filter((m) => (m.active && !m.deleted) || m.id === current);
  return [{ value: "", label: "Nobody yet" }, ...live.map((m) => ({ value: m.id, label: m.name }))];
}

export function ActionItems({ meetingId, items, members, run }: Props) {
  const [text, setText] = useState("");
  const [assignee, setAssignee] = useState("");
  const [due, setDue] = useState("");

  async function add(event: FormEvent) {
    event.preventDefault();
    if (text.trim() === "") return;
    const done = await run({
      area: "meeting",
      command: {
        action: "add_action_item",
        id: meetingId,
        text: text.trim(),
        assignee: assignee === "" ? null : assignee,
        due: due === "" ? null : due,
      },
    });
    if (done) {
      setText("");
      setAssignee("");
      setDue("");
    }
  }

  return (
    <Stack gap="xs">
      <Text fw={500} size="sm">
        Action items
      </Text>
      {items.length === 0 && (
        <Text size="sm" c="dimmed">
          No action items yet. Add the first one below.
        </Text>
      )}
      {items.map((item) => (
        <Group key={item.id} data-testid="action-item" data-action-id={item.id} gap="xs" wrap="nowrap">
          <Text flex={1}>{item.text}</Text>
          <NativeSelect
            aria-label={`Assignee of ${item.text}`}
            size="xs"
            w={150}
            data={memberOptions(members, item.assignee)}
            value={item.assignee ?? ""}
            onChange={(e) => {
              const value = e.currentTarget.value;
              void run({
                area: "meeting",
                command: {
                  action: "update_action_item",
                  id: meetingId,
                  item: item.id,
                  assignee: value === "" ? "clear" : { set: value },
                },
              });
            }}
          />
          <TextInput
            aria-label={`Due date of ${item.text}`}
            type="date"
            size="xs"
            // Uncontrolled and reset when the core's value changes: a half-typed date is not sent.
            key={item.due ?? ""}
            defaultValue={item.due ?? ""}
            onBlur={(e) => {
              const value = e.currentTarget.value;
              if (value === (item.due ?? "")) return;
              void run({
                area: "meeting",
                command: { action: "update_action_item", id: meetingId, item: item.id, due: value === "" ? "clear" : { set: value } },
              });
            }}
          />
          {item.task ? (
            <Badge data-testid="action-task" variant="light" color="teal" tt="none">
              Task {item.task}
            </Badge>
          ) : (
            <Button
              data-testid="promote-action-item"
              size="compact-xs"
              variant="light"
              onClick={() => void run({ area: "meeting", command: { action: "promote_action_item", id: meetingId, item: item.id } })}
            >
              Make it a task
            </Button>
          )}
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove ${item.text}`}
            onClick={() => void run({ area: "meeting", command: { action: "remove_action_item", id: meetingId, item: item.id } })}
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      <form onSubmit={add}>
        <Group gap="xs" align="flex-end">
          <TextInput
            data-testid="new-action-text"
            aria-label="New action item"
            placeholder="Who does what"
            size="xs"
            style={{ flex: 1 }}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <NativeSelect
            data-testid="new-action-assignee"
            aria-label="Assignee of the new action item"
            size="xs"
            w={150}
            data={memberOptions(members, null)}
            value={assignee}
            onChange={(e) => setAssignee(e.currentTarget.value)}
          />
          <TextInput
            data-testid="new-action-due"
            aria-label="Due date of the new action item"
            type="date"
            size="xs"
            value={due}
            onChange={(e) => setDue(e.currentTarget.value)}
          />
          <Button data-testid="add-action-item" type="submit" size="xs" disabled={text.trim() === ""}>
            Add
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
