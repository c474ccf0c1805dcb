// The meeting's shared notes: every keystroke goes to the core as a minimal splice counted in a
// text the core had at known heads, so people typing at once in different places all keep their
// text exactly where they typed it; text that others typed is merged in without moving this
// member's cursor or selection.
import { Button, Group, Text, Textarea } from "@mantine/core";
import { useEffect, useRef, useState, type ChangeEvent } from "react";
import { editText, onProjectChanged, readText } from "../../../ipc";
import { useIpcEvent } from "../../../hooks/useIpcEvent";
import { NotesSync, type NotesSyncState } from "../utils/notesSync";
import type { Merged } from "../../../lib/textSplice";

type Props = {
  projectId: string;
  meetingId: string;
  /** The notes as the meeting view read them: shown until the editor has read them itself. */
  notes: string;
  /** Told true while keystrokes are being saved, false once they are (see useMeeting). */
  onSaving: (saving: boolean) => void;
};

/** A caret stays before text others typed right at it; a selection does not take such text in. */
function movedSelection(start: number, end: number, moved: Merged): { start: number; end: number } {
  if (start === end) return { start: moved.map(start), end: moved.map(start) };
  const from = moved.mapAfter(start);
  const to = moved.map(end);
  return from <= to ? { start: from, end: to } : { start: to, end: to };
}

export function NotesEditor({ projectId, meetingId, notes, onSaving }: Props) {
  const [value, setValue] = useState(notes);
  const [sync, setSync] = useState<NotesSync | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<NotesSyncState>({ saving: false, error: null });
  const textarea = useRef<HTMLTextAreaElement>(null);
  const latest = useRef({ onSaving });
  latest.current = { onSaving };

  // The editor reads the notes with their heads; until then the text is shown read-only.
  useEffect(() => {
    let live = true;
    setSync(null);
    readText(projectId, "meeting", meetingId, "notes").then(
      (initial) => {
        if (!live) return;
        const created = new NotesSync(initial, {
          save: (at, splice) => editText(projectId, "meeting", meetingId, "notes", at, splice),
          read: () => readText(projectId, "meeting", meetingId, "notes"),
          show: (text, moved) => {
            // Into the textarea at once, not at React's next render: a keystroke in between would
            // otherwise be read against the old text (and undo the others' edit on saving).
            const el = textarea.current;
            if (el) {
              const focused = document.activeElement === el;
              const selection = movedSelection(el.selectionStart, el.selectionEnd, moved);
              el.value = text;
              if (focused) el.setSelectionRange(selection.start, selection.end, el.selectionDirection);
            }
            setValue(text);
          },
          state: (state) => {
            latest.current.onSaving(state.saving);
            setSaveState(state);
          },
        });
        setValue(initial.text);
        setLoadError(null);
        setSync(created);
      },
      (e: unknown) => {
        if (live) setLoadError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, [projectId, meetingId]);

  useIpcEvent(onProjectChanged, (changed) => {
    if (changed.project !== projectId) return;
    if (changed.items.length === 0 || changed.items.some((i) => i.kind === "meeting" && i.id === meetingId)) {
      sync?.refresh();
    }
  });

  function onChange(event: ChangeEvent<HTMLTextAreaElement>) {
    if (!sync) return;
    const next = event.currentTarget.value;
    setValue(next);
    sync.edit(next, event.currentTarget.selectionEnd);
  }

  const state = loadError ? "failed" : !sync ? "loading" : saveState.error ? "failed" : saveState.saving ? "saving" : "saved";
  return (
    <div>
      <Group justify="space-between" mb={4}>
        <Text fw={500} size="sm">
          Notes
        </Text>
        <Group gap="xs" data-testid="notes-state" data-state={state}>
          {loadError ? (
            <Text size="xs" c="red">
              Cannot open the notes for editing: {loadError}
            </Text>
          ) : saveState.error ? (
            <>
              <Text size="xs" c="red">
                Not saved: {saveState.error}
              </Text>
              <Button size="compact-xs" variant="light" onClick={() => sync?.retry()}>
                Retry
              </Button>
            </>
          ) : (
            <Text size="xs" c="dimmed">
              {!sync ? "Opening…" : saveState.saving ? "Saving…" : "Saved"}
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
        readOnly={!sync}
        value={value}
        onChange={onChange}
      />
    </div>
  );
}
