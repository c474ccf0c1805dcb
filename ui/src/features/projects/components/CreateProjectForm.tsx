// First run, part one: start a project on this machine; no server needed.
import { Alert, Button, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { createProject, type ProjectSummary } from "../../../ipc";

export function CreateProjectForm({ onCreated }: { onCreated: (project: ProjectSummary) => Promise<void> }) {
  const [name, setName] = useState("");
  const [me, setMe] = useState("");
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const nameProblem = name.trim() === "" ? "Give the project a name." : null;
  const meProblem = me.trim() === "" ? "Say who you are, so the team sees who changed what." : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    if (nameProblem || meProblem || busy) return;
    setBusy(true);
    setError(null);
    try {
      const project = await createProject(name.trim(), me.trim());
      await onCreated(project);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          data-testid="project-name"
          label="Project name"
          placeholder="Website relaunch"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={checked && nameProblem}
          disabled={busy}
        />
        <TextInput
          data-testid="my-name"
          label="Your name"
          placeholder="Ada Lovelace"
          value={me}
          onChange={(e) => setMe(e.currentTarget.value)}
          error={checked && meProblem}
          disabled={busy}
        />
        {error && (
          <Alert color="red" title="The project was not created">
            {error}
          </Alert>
        )}
        <Button data-testid="create-project" type="submit" loading={busy}>
          Create project
        </Button>
      </Stack>
    </form>
  );
}
