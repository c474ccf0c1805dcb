// The project's overall budget, which the lines are planned against; set, change or clear it.
import { Alert, Button, Group, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useCommand } from "../../../hooks/useCommand";
import { moneyInput, parseMoney } from "../utils/money";

type Props = { projectId: string; budget: number | null };

export function ProjectBudget({ projectId, budget }: Props) {
  const { run, error, busy } = useCommand(projectId);
  const [text, setText] = useState(budget === null ? "" : moneyInput(budget));
  const [invalid, setInvalid] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // An empty field clears the budget; anything else must be an amount.
    if (text.trim() === "") {
      setInvalid(null);
      if (budget !== null) await run({ area: "project", command: { action: "update", budget: "clear" } });
      return;
    }
    const parsed = parseMoney(text);
    if (!parsed.ok) {
      setInvalid(parsed.message);
      return;
    }
    setInvalid(null);
    if (parsed.minor !== budget) await run({ area: "project", command: { action: "update", budget: { set: parsed.minor } } });
  }

  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="xs">
        <TextInput
          label="Project budget"
          placeholder="none set"
          inputMode="decimal"
          data-testid="project-budget"
          value={text}
          error={invalid}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <Button type="submit" variant="light" loading={busy} data-testid="save-project-budget">
          Save
        </Button>
      </Group>
      {error && (
        <Alert color="red" mt="xs" title="The project budget was not saved">
          {error}
        </Alert>
      )}
    </form>
  );
}
