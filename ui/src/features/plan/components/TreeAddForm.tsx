// Adds a task at the top level, or a subtask under the task the member picked in the tree.
import { Badge, Button, CloseButton, Group, TextInput } from "@mantine/core";
import { useState, type FormEvent, type RefObject } from "react";

type Props = {
  parent: { id: string; title: string } | null;
  onClearParent: () => void;
  onAdd: (title: string, parent: string | null) => Promise<boolean>;
  inputRef: RefObject<HTMLInputElement>;
};

export function TreeAddForm({ parent, onClearParent, onAdd, inputRef }: Props) {
  const [title, setTitle] = useState("");
  const [adding, setAdding] = useState(false);
  const trimmed = title.trim();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (trimmed === "" || adding) return;
    setAdding(true);
    const added = await onAdd(trimmed, parent?.id ?? null);
    setAdding(false);
    // On failure the title stays, so the member can fix it and retry.
    if (added) setTitle("");
  }

  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="xs">
        <TextInput
          ref={inputRef}
          data-testid="tree-new-title"
          label={parent ? "New subtask" : "New task"}
          placeholder="What needs doing?"
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        {parent && (
          <Badge
            data-testid="tree-add-parent"
            variant="light"
            size="lg"
            tt="none"
            rightSection={<CloseButton size="xs" aria-label="Add at the top level instead" onClick={onClearParent} />}
          >
            under {parent.title}
          </Badge>
        )}
        <Button data-testid="tree-add-task" type="submit" disabled={trimmed === ""} loading={adding}>
          {parent ? "Add subtask" : "Add task"}
        </Button>
      </Group>
    </form>
  );
}
