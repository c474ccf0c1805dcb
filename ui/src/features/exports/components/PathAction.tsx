// A path field with a button that runs an action on the path, and what the action said (or why
// it failed). The app has no file dialog: the member types the full path.
import { Alert, Button, Group, Text, TextInput } from "@mantine/core";
import { useState } from "react";

type Props = {
  /** Prefix of the data-testids: `<id>-path`, `<id>-run`, `<id>-done`, `<id>-error`. */
  id: string;
  label: string;
  placeholder: string;
  action: string;
  /** Runs on the typed path; resolves to what to say, or throws with why it failed. */
  run: (path: string) => Promise<string>;
};

export function PathAction({ id, label, placeholder, action, run }: Props) {
  const [path, setPath] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function go() {
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      setDone(await run(path));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <Group align="flex-end" gap="xs">
        <TextInput
          label={label}
          placeholder={placeholder}
          value={path}
          onChange={(e) => setPath(e.currentTarget.value)}
          style={{ flex: 1 }}
          data-testid={`${id}-path`}
        />
        <Button onClick={() => void go()} loading={busy} data-testid={`${id}-run`}>
          {action}
        </Button>
      </Group>
      {done && (
        <Text size="sm" c="green" mt={4} data-testid={`${id}-done`}>
          {done}
        </Text>
      )}
      {error && (
        <Alert color="red" mt="xs" data-testid={`${id}-error`} style={{ whiteSpace: "pre-line" }}>
          {error}
        </Alert>
      )}
    </div>
  );
}
