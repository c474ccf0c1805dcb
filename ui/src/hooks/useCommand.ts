// Runs one tandem-core command for a form or a row and keeps its refusal to show next to it.
// Views do not reload after a command: the `project-changed` event that follows does.
import { useCallback, useState } from "react";
import { execute, readText, type Command, type Executed, type Kind } from "../ipc";
import { mergeTexts } from "../lib/textSplice";

/**
 * The texts an edit form started from, for an `update` command whose patch replaces some of
 * them: `fields` maps each text field (`description`, `mitigation`…) to its value when the form
 * opened.
 */
export type TextBase = { kind: Kind; id: string; fields: Record<string, string> };

export type CommandRunner = {
  /**
   * Resolves to the result, or null when the core refused (the message is then in `error`).
   * With `texts`, each text the patch changes is first merged with what others wrote into that
   * field since the form opened, so saving the form does not undo their edits.
   */
  run: (command: Command, texts?: TextBase) => Promise<Executed | null>;
  error: string | null;
  busy: boolean;
  clearError: () => void;
};

/**
 * `command` with each patched text field of `texts` merged three ways: the text the form
 * started from, the form's text, and the field's text now. A field nobody else changed keeps
 * the form's text as is.
 */
export async function withMergedTexts(projectId: string, command: Command, texts: TextBase): Promise<Command> {
  const inner = command.command as { patch?: Record<string, unknown> };
  const patch = inner.patch;
  if (patch === undefined) return command;
  const merged: Record<string, unknown> = { ...patch };
  for (const [field, start] of Object.entries(texts.fields)) {
    const ours = patch[field];
    if (typeof ours !== "string" || ours === start) continue;
    const now = await readText(projectId, texts.kind, texts.id, field);
    if (now.text !== start) merged[field] = mergeTexts(start, ours, now.text).text;
  }
  return { ...command, command: { ...inner, patch: merged } } as Command;
}

export function useCommand(projectId: string): CommandRunner {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = useCallback(
    async (command: Command, texts?: TextBase) => {
      setBusy(true);
      try {
        const sent = texts === undefined ? command : await withMergedTexts(projectId, command, texts);
        const done = await execute(projectId, sent);
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
