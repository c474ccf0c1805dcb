// The stakeholder's sign-off: who signed and when, with a way to revoke it; or a form to record one.
// The core refuses a sign-off before the review is accepted or while criteria are unmet, and
// its message is shown; the hint above the form says the same in advance.
import { Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { DeliverableView } from "../../../ipc";
import { signOffBlockers } from "../utils/review";

type Props = {
  deliverable: DeliverableView;
  busy: boolean;
  onSignOff: (by: string, note: string) => Promise<boolean>;
  onRevoke: () => void;
};

export function SignOffSection({ deliverable, busy, onSignOff, onRevoke }: Props) {
  const [by, setBy] = useState("");
  const [note, setNote] = useState("");
  const signoff = deliverable.signoff;

  if (signoff) {
    const when = signoff.at === null ? "" : ` on ${new Date(signoff.at).toLocaleDateString()}`;
    return (
      <Group gap="xs" data-testid="signed-off">
        <Text size="sm" c="teal" fw={500}>
          Signed off by {signoff.by}
          {when}
        </Text>
        {signoff.note && (
          <Text size="sm" c="dimmed">
            “{signoff.note}”
          </Text>
        )}
        <Button size="xs" variant="subtle" color="red" disabled={busy} onClick={onRevoke} data-testid="revoke-sign-off">
          Revoke
        </Button>
      </Group>
    );
  }

  const blockers = signOffBlockers(deliverable);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (by.trim() === "" || busy) return;
    if (await onSignOff(by.trim(), note.trim())) {
      setBy("");
      setNote("");
    }
  }

  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        Sign-off
      </Text>
      {blockers.length > 0 && (
        <Text size="xs" c="dimmed">
          Not ready yet: {blockers.join("; ")}.
        </Text>
      )}
      <form onSubmit={submit}>
        <Group gap="xs" align="flex-end">
          <TextInput
            data-testid="sign-off-by"
            aria-label="Signed off by"
            placeholder="Stakeholder's name"
            size="xs"
            value={by}
            onChange={(e) => setBy(e.currentTarget.value)}
          />
          <TextInput
            aria-label="Sign-off note"
            placeholder="Note (optional)"
            size="xs"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button data-testid="sign-off" type="submit" size="xs" disabled={by.trim() === "" || busy}>
            Sign off
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
