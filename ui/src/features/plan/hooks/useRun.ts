// Runs core commands for one part of the plan and keeps the core's last refusal to show next to it.
import { useCallback, useState } from "react";
import { execute, type Command } from "../../../ipc";

export type Run = (command: Command) => Promise<boolean>;

export function useRun(projectId: string): { run: Run; error: string | null; clearError: () => void } {
  const [error, setError] = useState<string | null>(null);
  // No reload here: the project-changed event that follows the change refetches the views.
  const run = useCallback(
    async (command: Command) => {
      try {
        await execute(projectId, command);
        setError(null);
        return true;
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
        return false;
      }
    },
    [projectId],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, error, clearError };
}
