// Runs core commands for one part of the plan and keeps the core's last refusal to show next to it.
import { useCallback, useState } from "react";
import { execute, type Command } from "../../../ipc";
import { withMergedTexts, type TextBase } from "../../../hooks/useCommand";

/** With `texts`, others' edits to the patched text fields since the form opened are kept. */
export type Run = (command: Command, texts?: TextBase) => Promise<boolean>;

export function useRun(projectId: string): { run: Run; error: string | null; clearError: () => void } {
  const [error, setError] = useState<string | null>(null);
  // No reload here: the project-changed event that follows the change refetches the views.
  const run = useCallback(
    async (command: Command, texts?: TextBase) => {
      try {
        await execute(projectId, texts === undefined ? command : await withMergedTexts(projectId, command, texts));
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
