// The meeting's shared notes: every keystroke goes to the core as a minimal splice (so people
// typing at once in different places all keep their text), and text that others typed is merged
// in without moving this member's cursor or selection.
import { Button, Group, Text, Textarea } from "@mantine/core";
import { useLayoutEffect, useRef, useState, type ChangeEvent } from "react";
import { execute, type Command } from "../../../ipc";
import { NotesQueue, type NotesEdit, type NotesQueueState } from "../utils/notesQueue";
import { diffSplice, mapSelection, toCharSplice } from "../utils/textSplice";

type Props = {
  projectId: string;
  meetingId: string;
  /** The notes as the core last returned them, and the number of the load that read them. */
  notes: string;
  loadNumber: number;
  nextLoadNumber: () => number;
  reload: () => void;
  /** Told true while keystrokes are being saved, false once they are (see useMeeting). */
  onSaving: (saving: boolean) => void;
};

/** The command that saves one queued edit. */
export function notesCommand(meetingId: string, edit: NotesEdit): Command {
  if ("replace" in edit) {
    return { area: "meeting", command: { action: "update", id: meetingId, patch: { notes: edit.replace } } };
  }
  const { pos, delete: del, insert } = edit.splice;
  return {
    area: "item",
    command: { action: "edit_text", kind: "meeting", id: meetingId, field: "notes", pos, delete: del, insert },
  };
}

export function NotesEditor({ projectId, meetingId, notes, loadNumber, nextLoadNumber, reload, onSaving }: Props) {
  const [value, setValue] = useState(notes);
  const [saveState, setSaveState] = useState<NotesQueueState>({ saving: false, error: null });
  // The text as this member sees it right now, ahead of React's state during a burst of input.
  const local = useRef(notes);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const restoreSelection = useRef<{ start: number; end: number } | null>(null);
  // Loads numbered below this started before our last save landed: their notes are stale.
  const freshFrom = useRef(0);
  const latest = useRef({ projectId, meetingId, nextLoadNumber, reload, onSaving });
  latest.current = { projectId, meetingId, nextLoadNumber, reload, onSaving };

  const [queue] = useState(
    () =>
      new NotesQueue(
        (edit) => execute(latest.current.projectId, notesCommand(latest.current.meetingId, edit)),
        (state) => {
          latest.current.onSaving(state.saving);
          setSaveState(state);
        },
        () => {
          // Everything is saved: read the notes once more, since change events that came in while
          // saving were ignored and may have carried someone else's text.
          freshFrom.current = latest.current.nextLoadNumber();
          latest.current.reload();
        },
      ),
  );

  // Someone else's text arrived: merge it in, keeping the cursor on the same characters. Text read
  // while our own edits are unsaved is skipped; the load after the last save brings it back.
  useLayoutEffect(() => {
    if (queue.busy || loadNumber < freshFrom.current || notes === local.current) return;
    const splice = diffSplice(local.current, notes);
    const el = textarea.current;
    if (splice && el) restoreSelection.current = mapSelection({ start: el.selectionStart, end: el.selectionEnd }, splice);
    local.current = notes;
    setValue(notes);
  }, [notes, loadNumber, queue]);

  // Setting a textarea's value puts the caret at the end; put it back where it belongs.
  useLayoutEffect(() => {
    const el = textarea.current;
    const selection = restoreSelection.current;
    restoreSelection.current = null;
    if (el && selection && document.activeElement === el) {
      el.setSelectionRange(selection.start, selection.end, el.selectionDirection);
    }
  }, [value]);

  function onChange(event: ChangeEvent<HTMLTextAreaElement>) {
    const next = event.currentTarget.value;
    const before = local.current;
    const splice = diffSplice(before, next, event.currentTarget.selectionEnd);
    local.current = next;
    setValue(next);
    if (splice) queue.push(toCharSplice(before, splice), next);
  }

  return (
    <div>
      <Group justify="space-between" mb={4}>
        <Text fw={500} size="sm">
          Notes
        </Text>
        <Group gap="xs" data-testid="notes-state" data-state={saveState.error ? "failed" : saveState.saving ? "saving" : "saved"}>
          {saveState.error ? (
            <>
              <Text size="xs" c="red">
                Not saved: {saveState.error}
              </Text>
              <Button size="compact-xs" variant="light" onClick={() => queue.retry(local.current)}>
                Retry
              </Button>
            </>
          ) : (
            <Text size="xs" c="dimmed">
              {saveState.saving ? "Saving…" : "Saved"}
            </Text>
          )}
        </Group>
      </Group>
      <Textarea
        ref={textarea}
        data-testid="meeting-notes"
        aria-label="Meeting notes"
        placeholder="Type the notes here; everyone in the meeting can type at the same time."
        autosize
        minRows={6}
        maxRows={30}
        value={value}
        onChange={onChange}
      />
    </div>
  );
}
