// One line to add a task: type a title, press Enter or the button.
import { Button, Group, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";

export function AddTaskForm({ onAdd }: { onAdd: (title: string) => Promise<boolean> }) {
  const [title, setTitle] = useState("");
  const [adding, setAdding] = useState(false);
  const trimmed = title.trim();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (trimmed === "" || adding) return;
    setAdding(true);
    const added = await onAdd(trimmed);
    setAdding(false);
    // On failure the title stays, so the member can fix it or retry.
    if (added) setTitle("");
  }

  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="xs">
        <TextInput
          data-testid="new-task-title"
          label="New task"
          placeholder="What needs doing?"
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Button data-testid="add-task" type="submit" disabled={trimmed === ""} loading={adding}>
          Add task
        </Button>
      </Group>
    </form>
  );
}
