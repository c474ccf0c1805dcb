// First run, part two: join a teammate's project through the invite code their server issued.
import { Alert, Button, Group, Loader, Stack, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { joinProject, type ProjectSummary } from "../../../ipc";
import { inviteCodeProblem } from "../utils/selection";

export function JoinProjectForm({ onJoined }: { onJoined: (project: ProjectSummary) => Promise<void> }) {
  const [code, setCode] = useState("");
  const [me, setMe] = useState("");
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const codeProblem = inviteCodeProblem(code);
  const meProblem = me.trim() === "" ? "Say who you are, so the team sees who changed what." : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    if (codeProblem || meProblem || busy) return;
    setBusy(true);
    setError(null);
    try {
      const project = await joinProject(code.trim(), me.trim());
      await onJoined(project);
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
          data-testid="invite-code"
          label="Invite code"
          placeholder="tandem-invite:…"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={checked && codeProblem}
          disabled={busy}
        />
        <TextInput
          data-testid="join-name"
          label="Your name"
          placeholder="Bo Berg"
          value={me}
          onChange={(e) => setMe(e.currentTarget.value)}
          error={checked && meProblem}
          disabled={busy}
        />
        {busy && (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">Joining: asking the server and downloading the project. This can take a few seconds.</Text>
          </Group>
        )}
        {error && (
          <Alert color="red" title="Could not join">
            {error}
          </Alert>
        )}
        <Button data-testid="join-project" type="submit" variant="light" loading={busy}>
          Join project
        </Button>
      </Stack>
    </form>
  );
}
