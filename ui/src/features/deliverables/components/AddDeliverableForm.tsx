// Adds a deliverable by title, with an optional due date; criteria are added on its card.
import { Button, Group, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";

export type NewDeliverableInput = { title: string; due: string | null };

export function AddDeliverableForm({ onAdd }: { onAdd: (d: NewDeliverableInput) => Promise<boolean> }) {
  const [title, setTitle] = useState("");
  const [due, setDue] = useState("");
  const [adding, setAdding] = useState(false);
  const trimmed = title.trim();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (trimmed === "" || adding) return;
    setAdding(true);
    const added = await onAdd({ title: trimmed, due: due === "" ? null : due });
    setAdding(false);
    if (added) {
      setTitle("");
      setDue("");
    }
  }

  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="xs">
        <TextInput
          data-testid="new-deliverable-title"
          label="New deliverable"
          placeholder="What will be handed over?"
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <TextInput
          data-testid="new-deliverable-due"
          label="Due"
          type="date"
          value={due}
          onChange={(e) => setDue(e.currentTarget.value)}
        />
        <Button data-testid="add-deliverable" type="submit" disabled={trimmed === ""} loading={adding}>
          Add deliverable
        </Button>
      </Group>
    </form>
  );
}
