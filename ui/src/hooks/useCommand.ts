// Runs one tandem-core command for a form or a row and keeps its refusal to show next to it.
// Views do not reload after a command: the `project-changed` event that follows does.
import { useCallback, useState } from "react";
import { execute, type Command, type Executed } from "../ipc";

export type CommandRunner = {
  /** Resolves to the result, or null when the core refused (the message is then in `error`). */
  run: (command: Command) => Promise<Executed | null>;
  error: string | null;
  busy: boolean;
  clearError: () => void;
};

export function useCommand(projectId: string): CommandRunner {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = useCallback(
    async (command: Command) => {
      setBusy(true);
      try {
        const done = await execute(projectId, command);
        setError(null);
        return done;
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
        return null;
      } finally {
        setBusy(false);
      }
    },
    [projectId],
  );
  const clearError = useCallback(() => setError(null), []);

  return { run, error, busy, clearError };
}
