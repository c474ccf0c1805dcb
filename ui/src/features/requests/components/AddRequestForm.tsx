// Records a client request: what they asked for, who asked, and how urgent it is.
import { Button, Group, NativeSelect, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { PRIORITIES, type Priority } from "../utils/requestFlow";

export type NewRequestInput = { title: string; requester: string; priority: Priority };

export function AddRequestForm({ onAdd }: { onAdd: (request: NewRequestInput) => Promise<boolean> }) {
  const [title, setTitle] = useState("");
  const [requester, setRequester] = useState("");
  const [priority, setPriority] = useState<Priority>("normal");
  const [adding, setAdding] = useState(false);
  const ready = title.trim() !== "" && requester.trim() !== "";

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready || adding) return;
    setAdding(true);
    const added = await onAdd({ title: title.trim(), requester: requester.trim(), priority });
    setAdding(false);
    // On failure everything stays as typed, so the member can fix it or retry.
    if (added) {
      setTitle("");
      setPriority("normal");
    }
  }

  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="xs">
        <TextInput
          data-testid="new-request-title"
          label="New request"
          placeholder="What did the client ask for?"
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          style={{ flex: 2 }}
        />
        <TextInput
          data-testid="new-request-requester"
          label="Who asked"
          placeholder="Name"
          value={requester}
          onChange={(e) => setRequester(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <NativeSelect
          data-testid="new-request-priority"
          label="Priority"
          value={priority}
          data={PRIORITIES}
          onChange={(e) => setPriority(e.currentTarget.value as Priority)}
        />
        <Button data-testid="add-request" type="submit" disabled={!ready} loading={adding}>
          Add request
        </Button>
      </Group>
    </form>
  );
}
