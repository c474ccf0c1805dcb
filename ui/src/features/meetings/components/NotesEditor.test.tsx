// The shared notes against a fake IPC: local typing goes out as ordered char splices, remote text
// comes in without moving the cursor, and nothing typed is lost to a refetch or a failed save.
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Executed } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { meetingView } from "./fixtures";
import { MeetingDetail } from "./MeetingDetail";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

const saved: Executed = { summary: "Edit notes of 'Meeting m1'", created: null, changed: true };
const edit = (pos: number, del: number, insert: string) => ({
  area: "item",
  command: { action: "edit_text", kind: "meeting", id: "m1", field: "notes", pos, delete: del, insert },
});

/** Saves that wait until the test releases them, one by one. */
function holdSaves() {
  const waiting: Array<() => void> = [];
  fakeIpc.execute.mockImplementation(() => new Promise((resolve) => waiting.push(() => resolve(saved))));
  return async () => {
    await act(async () => waiting.shift()!());
  };
}

async function renderNotes(notes: string) {
  fakeIpc.views.meeting.mockResolvedValue(meetingView("m1", { notes }));
  renderWithMantine(<MeetingDetail projectId="p1" meetingId="m1" members={[]} decisions={[]} />);
  const textarea = (await screen.findByTestId("meeting-notes")) as HTMLTextAreaElement;
  return textarea;
}

/**
 * A stand-in for the core's notes: applies each splice by chars, as Rust does, so what the
 * editor reads back after saving is what its splices made of the text.
 */
function coreNotes(initial: string) {
  const state = { notes: initial };
  fakeIpc.views.meeting.mockImplementation(async () => meetingView("m1", { notes: state.notes }));
  fakeIpc.execute.mockImplementation(async (_project, command) => {
    const c = (command as { command: { pos: number; delete: number; insert: string } }).command;
    const chars = Array.from(state.notes);
    chars.splice(c.pos, c.delete, ...Array.from(c.insert));
    state.notes = chars.join("");
    return saved;
  });
  return state;
}

const sentCommands = () => fakeIpc.execute.mock.calls.map(([, c]) => c);

// Typing through user-event into Mantine inputs is slow in jsdom; these tests need more than 5 s.
describe("NotesEditor", { timeout: 30_000 }, () => {
  beforeEach(() => {
    resetFakeIpc();
  });

  it("sends each edit as a splice in chars, not UTF-16 units", async () => {
    const user = userEvent.setup();
    const core = coreNotes("😀 ok");
    renderWithMantine(<MeetingDetail projectId="p1" meetingId="m1" members={[]} decisions={[]} />);
    const textarea = (await screen.findByTestId("meeting-notes")) as HTMLTextAreaElement;
    expect(textarea).toHaveValue("😀 ok");

    await user.type(textarea, "!");
    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(1));
    // "😀 ok" is 5 UTF-16 units but 4 chars: the core counts chars.
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", edit(4, 0, "!"));

    // Backspace on the space after the emoji: char 1, though UTF-16 index 2.
    await user.type(textarea, "{Backspace}", { initialSelectionStart: 3, initialSelectionEnd: 3 });
    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(2));
    expect(sentCommands()[1]).toEqual(edit(1, 1, ""));
    // Deleting the emoji (two UTF-16 units) deletes one char. (user-event's Backspace removes
    // half a surrogate pair, which browsers do not, so the browser's result is set directly.)
    fireEvent.change(textarea, { target: { value: "ok!" } });
    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(3));
    expect(sentCommands()[2]).toEqual(edit(0, 1, ""));
    expect(textarea).toHaveValue("ok!");
    expect(core.notes).toBe("ok!");
  });

  it("sends an emoji typed into the middle at its char position", async () => {
    const user = userEvent.setup();
    const core = coreNotes("a😀b");
    renderWithMantine(<MeetingDetail projectId="p1" meetingId="m1" members={[]} decisions={[]} />);
    const textarea = (await screen.findByTestId("meeting-notes")) as HTMLTextAreaElement;
    await user.click(textarea);
    textarea.setSelectionRange(3, 3);
    await user.paste("👍");
    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalled());
    expect(textarea).toHaveValue("a😀👍b");
    expect(sentCommands()).toEqual([edit(2, 0, "👍")]);
    await waitFor(() => expect(fakeIpc.views.meeting).toHaveBeenCalledTimes(2));
    expect(core.notes).toBe("a😀👍b");
    expect(textarea).toHaveValue("a😀👍b");
  });

  it("keeps one save in flight, merges what is typed meanwhile, and says when all is saved", async () => {
    const user = userEvent.setup();
    const release = holdSaves();
    const textarea = await renderNotes("");
    expect(screen.getByTestId("notes-state")).toHaveTextContent("Saved");

    await user.type(textarea, "Agreed");
    expect(textarea).toHaveValue("Agreed");
    expect(fakeIpc.execute).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId("notes-state")).toHaveTextContent("Saving…");

    await release();
    expect(fakeIpc.execute).toHaveBeenCalledTimes(2);
    await release();
    expect(sentCommands()).toEqual([edit(0, 0, "A"), edit(1, 0, "greed")]);
    await waitFor(() => expect(screen.getByTestId("notes-state")).toHaveTextContent("Saved"));
    expect(screen.getByTestId("notes-state")).toHaveAttribute("data-state", "saved");
  });

  it("merges text someone else typed without moving the cursor or the selection", async () => {
    const textarea = await renderNotes("hello world");
    textarea.focus();
    textarea.setSelectionRange(6, 11); // "world" selected

    fakeIpc.views.meeting.mockResolvedValue(meetingView("m1", { notes: ">> hello big world" }));
    act(() => emit.projectChanged("p1", [{ kind: "meeting", id: "m1" }]));
    await waitFor(() => expect(textarea).toHaveValue(">> hello big world"));
    expect(textarea.value.slice(textarea.selectionStart, textarea.selectionEnd)).toBe("world");

    textarea.setSelectionRange(3, 3); // cursor before "hello"
    fakeIpc.views.meeting.mockResolvedValue(meetingView("m1", { notes: ">> hello big world, bye" }));
    act(() => emit.projectChanged("p1", [{ kind: "meeting", id: "m1" }]));
    await waitFor(() => expect(textarea).toHaveValue(">> hello big world, bye"));
    expect(textarea.selectionStart).toBe(3);
    expect(textarea.selectionEnd).toBe(3);
    expect(fakeIpc.execute).not.toHaveBeenCalled();
  });

  it("moves the cursor by UTF-16 units when an emoji arrives before it", async () => {
    const textarea = await renderNotes("hi there");
    textarea.focus();
    textarea.setSelectionRange(2, 2);
    fakeIpc.views.meeting.mockResolvedValue(meetingView("m1", { notes: "😀hi there" }));
    act(() => emit.projectChanged("p1", [{ kind: "meeting", id: "m1" }]));
    await waitFor(() => expect(textarea).toHaveValue("😀hi there"));
    expect(textarea.value.slice(0, textarea.selectionStart)).toBe("😀hi");
  });

  it("does not refetch for change events while saving, then reads once and merges", async () => {
    const user = userEvent.setup();
    const release = holdSaves();
    const textarea = await renderNotes("abc");
    await user.type(textarea, "d");

    // Each saved keystroke is a change event; someone else's change may come in too. None of
    // them refetches while "d" is being saved: that text would not know "d" yet.
    act(() => emit.projectChanged("p1", [{ kind: "meeting", id: "m1" }]));
    expect(fakeIpc.views.meeting).toHaveBeenCalledTimes(1);
    expect(textarea).toHaveValue("abcd");

    // Once saved, the editor reads again and merges what the other person typed.
    fakeIpc.views.meeting.mockResolvedValue(meetingView("m1", { notes: "Xabcd" }));
    await release();
    await waitFor(() => expect(textarea).toHaveValue("Xabcd"));
    expect(fakeIpc.views.meeting).toHaveBeenCalledTimes(2);
    expect(textarea.selectionStart).toBe(5);

    // Change events refetch again once everything is saved.
    act(() => emit.projectChanged("p1", [{ kind: "meeting", id: "m1" }]));
    await waitFor(() => expect(fakeIpc.views.meeting).toHaveBeenCalledTimes(3));
  });

  it("ignores notes from a load that started before its last save finished", async () => {
    const user = userEvent.setup();
    const release = holdSaves();
    const textarea = await renderNotes("");
    let finishStale: () => void = () => {};
    fakeIpc.views.meeting.mockImplementationOnce(
      () => new Promise((resolve) => (finishStale = () => resolve(meetingView("m1", { notes: "" })))),
    );
    act(() => emit.projectChanged("p1", [{ kind: "meeting", id: "m1" }])); // a load starts, slowly
    await user.type(textarea, "a");
    await release();
    await user.type(textarea, "b");
    await release();
    fakeIpc.views.meeting.mockResolvedValue(meetingView("m1", { notes: "ab" }));
    // The slow load read the notes before "a" and "b" were saved: it must not wipe them.
    await act(async () => finishStale());
    expect(textarea).toHaveValue("ab");
    await waitFor(() => expect(fakeIpc.views.meeting).toHaveBeenCalledTimes(3));
    expect(textarea).toHaveValue("ab");
  });

  it("saves the whole text when a splice is refused, and shows a failure it cannot fix", async () => {
    const user = userEvent.setup();
    const textarea = await renderNotes("abc");
    fakeIpc.execute
      .mockRejectedValueOnce(new Error("position 4 is past the end of notes (3 chars)"))
      .mockResolvedValueOnce(saved);
    fakeIpc.views.meeting.mockResolvedValue(meetingView("m1", { notes: "abcd" }));
    await user.type(textarea, "d");
    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(2));
    expect(sentCommands()[1]).toEqual({ area: "meeting", command: { action: "update", id: "m1", patch: { notes: "abcd" } } });

    fakeIpc.execute.mockRejectedValue(new Error("viewers cannot change the project"));
    await user.type(textarea, "e");
    expect(await screen.findByText(/Not saved: viewers cannot change the project/)).toBeInTheDocument();
    expect(textarea).toHaveValue("abcde");

    fakeIpc.execute.mockResolvedValue(saved);
    await user.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(screen.getByTestId("notes-state")).toHaveTextContent("Saved"));
    expect(sentCommands().at(-1)).toEqual({ area: "meeting", command: { action: "update", id: "m1", patch: { notes: "abcde" } } });
  });
});
