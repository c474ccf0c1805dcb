// The shared notes through the real editor, against a fake IPC whose read_text/edit_text are backed
// by a FakeTextCore: the editor opens on the text with its heads, every keystroke goes out as a char
// splice counted in a text the core had, others' text comes in without moving the caret, and nothing
// typed is lost to a remote edit, a save in flight or a failed save.
import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { TextEdited, TextState } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { FakeTextCore } from "../../../test/fakeTextCore";
import { renderWithMantine } from "../../../test/render";
import { meetingView } from "./fixtures";
import { MeetingDetail } from "./MeetingDetail";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

/** read_text and edit_text answered by `core` at once. */
function backBy(core: FakeTextCore) {
  fakeIpc.readText.mockImplementation(async () => core.read());
  fakeIpc.editText.mockImplementation(async (_p, _k, _i, _f, at, splice) => core.save(at, splice));
}

/**
 * Saves that reach the core only when the test releases them, one by one, so whatever happens to
 * the core meanwhile (someone else's edit) is already there when the save lands.
 */
function holdSaves(core: FakeTextCore) {
  const waiting: Array<() => void> = [];
  fakeIpc.editText.mockImplementation(
    (_p, _k, _i, _f, at, splice) =>
      new Promise<TextEdited>((resolve, reject) =>
        waiting.push(() => {
          try {
            resolve(core.save(at, splice));
          } catch (e) {
            reject(e);
          }
        }),
      ),
  );
  return {
    get pending() {
      return waiting.length;
    },
    release: async () => {
      const next = waiting.shift();
      if (!next) throw new Error("no save is waiting");
      await act(async () => next());
    },
  };
}

/** Renders the meeting; `viewNotes` is what the meeting view says, shown until read_text answers. */
function renderMeeting(viewNotes: string) {
  fakeIpc.views.meeting.mockImplementation(async () => meetingView("m1", { notes: viewNotes }));
  renderWithMantine(<MeetingDetail projectId="p1" meetingId="m1" members={[]} decisions={[]} />);
}

const notesState = () => screen.getByTestId("notes-state");

/** Renders the meeting on `core` and waits until the editor has read the text and is editable. */
async function openNotes(core: FakeTextCore) {
  backBy(core);
  renderMeeting(core.text);
  const textarea = (await screen.findByTestId("meeting-notes")) as HTMLTextAreaElement;
  await waitFor(() => expect(notesState()).toHaveAttribute("data-state", "saved"));
  expect(textarea).not.toHaveAttribute("readonly");
  return textarea;
}

const editCalls = () => fakeIpc.editText.mock.calls.map(([p, k, i, f, at, splice]) => ({ p, k, i, f, at, ...splice }));
const sent = (at: string[], pos: number, del: number, insert: string) => ({
  p: "p1",
  k: "meeting",
  i: "m1",
  f: "notes",
  at,
  pos,
  delete: del,
  insert,
});

const meetingChanged = () => act(() => emit.projectChanged("p1", [{ kind: "meeting", id: "m1" }]));

/** The text before the caret, to say where the caret is in words rather than UTF-16 units. */
const beforeCaret = (textarea: HTMLTextAreaElement) => textarea.value.slice(0, textarea.selectionStart);

// Typing through user-event into Mantine inputs is slow in jsdom; these tests need more than 5 s.
describe("NotesEditor", { timeout: 30_000 }, () => {
  beforeEach(() => {
    resetFakeIpc();
  });

  it("stays read-only, saying it is opening, until read_text answers; then shows that text, editable", async () => {
    const user = userEvent.setup();
    const core = new FakeTextCore("Agenda: budget");
    let answer: (text: TextState) => void = () => {};
    fakeIpc.readText.mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    // The meeting view's notes are older than what read_text will answer.
    renderMeeting("Agenda");
    const textarea = (await screen.findByTestId("meeting-notes")) as HTMLTextAreaElement;

    expect(fakeIpc.readText).toHaveBeenCalledWith("p1", "meeting", "m1", "notes");
    expect(textarea).toHaveAttribute("readonly");
    expect(textarea).toHaveValue("Agenda");
    expect(notesState()).toHaveAttribute("data-state", "loading");
    expect(notesState()).toHaveTextContent("Opening…");
    // Typing now changes nothing and sends nothing.
    await user.type(textarea, "x");
    expect(textarea).toHaveValue("Agenda");
    expect(fakeIpc.editText).not.toHaveBeenCalled();

    await act(async () => answer(core.read()));
    await waitFor(() => expect(textarea).toHaveValue("Agenda: budget"));
    expect(textarea).not.toHaveAttribute("readonly");
    expect(notesState()).toHaveAttribute("data-state", "saved");
    expect(notesState()).toHaveTextContent("Saved");
    expect(fakeIpc.readText).toHaveBeenCalledTimes(1);
  });

  it("sends each keystroke in chars, counted in the text with the heads it was read or saved at", async () => {
    const user = userEvent.setup();
    const core = new FakeTextCore("😀 ok");
    const textarea = await openNotes(core);
    const saves = holdSaves(core);

    await user.type(textarea, "!!");
    expect(textarea).toHaveValue("😀 ok!!");
    // "😀 ok" is 5 UTF-16 units but 4 chars; the first save counts in the text read_text gave (v1).
    expect(editCalls()).toEqual([sent(["v1"], 4, 0, "!")]);
    expect(notesState()).toHaveAttribute("data-state", "saving");
    expect(notesState()).toHaveTextContent("Saving…");

    // The second "!" waited for the first save and counts in the text that save answered (v2).
    await saves.release();
    expect(editCalls()).toEqual([sent(["v1"], 4, 0, "!"), sent(["v2"], 5, 0, "!")]);
    expect(notesState()).toHaveTextContent("Saving…");
    await saves.release();
    await waitFor(() => expect(notesState()).toHaveAttribute("data-state", "saved"));
    expect(notesState()).toHaveTextContent("Saved");
    expect(core.text).toBe("😀 ok!!");
    expect(textarea).toHaveValue("😀 ok!!");
    expect(saves.pending).toBe(0);
  });

  it("shows someone else's text without moving the selection or the caret, and sends nothing", async () => {
    const core = new FakeTextCore("hello world");
    const textarea = await openNotes(core);
    textarea.focus();
    textarea.setSelectionRange(6, 11); // "world"

    core.remote(0, 0, ">> ");
    core.remote(9, 0, "big "); // ">> hello big world"
    meetingChanged();
    await waitFor(() => expect(textarea).toHaveValue(">> hello big world"));
    expect(textarea.value.slice(textarea.selectionStart, textarea.selectionEnd)).toBe("world");

    // An emoji (two UTF-16 units, one char) arrives before the caret.
    textarea.setSelectionRange(3, 3); // before "hello"
    core.remote(0, 0, "😀");
    meetingChanged();
    await waitFor(() => expect(textarea).toHaveValue("😀>> hello big world"));
    expect(textarea.selectionStart).toBe(5);
    expect(textarea.selectionEnd).toBe(5);
    expect(beforeCaret(textarea)).toBe("😀>> ");

    expect(fakeIpc.readText).toHaveBeenCalledTimes(3);
    expect(fakeIpc.editText).not.toHaveBeenCalled();
    expect(core.saves).toEqual([]);
    expect(notesState()).toHaveAttribute("data-state", "saved");
  });

  // Others typed in two places around the caret between two reads: each is carried separately.
  it("keeps the caret on its characters when others typed both before and after it", async () => {
    const core = new FakeTextCore("hello");
    const textarea = await openNotes(core);
    textarea.focus();
    textarea.setSelectionRange(3, 3); // "hel|lo"

    core.remote(0, 0, "A ");
    core.remote(core.text.length, 0, " B");
    meetingChanged();
    await waitFor(() => expect(textarea).toHaveValue("A hello B"));
    expect(beforeCaret(textarea)).toBe("A hel"); // today: "" (the caret is at 0)
  });

  it("lands keystrokes where the member typed them when someone's edit reached the core unannounced", async () => {
    const user = userEvent.setup();
    const core = new FakeTextCore("Hello world");
    const textarea = await openNotes(core);

    core.remote(0, 0, "Big "); // in the core, but no event yet: the editor still shows "Hello world"
    expect(textarea).toHaveValue("Hello world");

    await user.type(textarea, "brave ", { initialSelectionStart: 6, initialSelectionEnd: 6 });
    await waitFor(() => expect(notesState()).toHaveAttribute("data-state", "saved"));
    expect(core.text).toBe("Big Hello brave world");
    expect(textarea).toHaveValue("Big Hello brave world");
    expect(beforeCaret(textarea)).toBe("Big Hello brave ");
    expect(textarea.selectionEnd).toBe(textarea.selectionStart);
    // The first keystroke counted in the text the editor had read (v1), at the place it showed.
    expect(editCalls()[0]).toEqual(sent(["v1"], 6, 0, "b"));
  });

  it("places a keystroke next to the same letter on the side of the caret", async () => {
    const user = userEvent.setup();
    const core = new FakeTextCore("aa");
    const textarea = await openNotes(core);
    core.remote(1, 0, "X"); // "aXa", not read yet

    // "a" typed before the first "a": "aa" -> "aaa" could be an insertion anywhere; the caret says 0.
    await user.type(textarea, "a", { initialSelectionStart: 0, initialSelectionEnd: 0 });
    await waitFor(() => expect(notesState()).toHaveAttribute("data-state", "saved"));
    expect(editCalls()).toEqual([sent(["v1"], 0, 0, "a")]);
    expect(core.text).toBe("aaXa");
    expect(textarea).toHaveValue("aaXa");
    expect(beforeCaret(textarea)).toBe("a");
  });

  it("loses nothing typed while a save is in flight and someone else's edit arrives", async () => {
    const user = userEvent.setup();
    const core = new FakeTextCore("Notes: ");
    const textarea = await openNotes(core);
    const saves = holdSaves(core);

    await user.type(textarea, "ship");
    expect(editCalls()).toEqual([sent(["v1"], 7, 0, "s")]); // "hip" waits for it

    // Someone adds a heading while "s" is being saved; the editor does not take it in yet.
    core.remote(0, 0, "# Standup\n");
    meetingChanged();
    expect(textarea).toHaveValue("Notes: ship");

    // "s" lands after their heading; "hip" is carried onto their text and saved next, in chars
    // counted in the text the first save answered.
    await saves.release();
    expect(textarea).toHaveValue("# Standup\nNotes: ship");
    expect(beforeCaret(textarea)).toBe("# Standup\nNotes: ship");
    expect(editCalls()[1]).toEqual(sent(["v3"], 18, 0, "hip"));
    await saves.release();
    await waitFor(() => expect(notesState()).toHaveAttribute("data-state", "saved"));

    // Again, with their line arriving after the caret.
    await user.type(textarea, "!");
    core.remote(core.text.length, 0, "\nBo: ok");
    meetingChanged();
    while (saves.pending > 0) await saves.release();
    await waitFor(() => expect(textarea).toHaveValue("# Standup\nNotes: ship!\nBo: ok"));
    await waitFor(() => expect(notesState()).toHaveAttribute("data-state", "saved"));

    expect(core.text).toBe("# Standup\nNotes: ship!\nBo: ok");
    expect(textarea).toHaveValue(core.text);
    expect(beforeCaret(textarea)).toBe("# Standup\nNotes: ship!");
    expect(core.saves.map((s) => s.insert)).toEqual(["s", "hip", "!"]);
  });

  // Others' edits that came in before a save landed, one before and one after what the member
  // typed: what was typed during the save stays where it was typed ("hip" after "s").
  it("keeps what is typed during a save where it was typed when others edit both before and after it", async () => {
    const user = userEvent.setup();
    const core = new FakeTextCore("Notes: ");
    const textarea = await openNotes(core);
    const saves = holdSaves(core);

    await user.type(textarea, "ship");
    core.remote(0, 0, "# Standup\n");
    core.remote(core.text.length, 0, "\nBo: ok");
    meetingChanged();
    while (saves.pending > 0) await saves.release();
    await waitFor(() => expect(notesState()).toHaveAttribute("data-state", "saved"));

    expect(core.text).toBe(textarea.value); // true today
    expect(textarea).toHaveValue("# Standup\nNotes: ship\nBo: ok"); // today: "# Standup\nNotes: s\nBo: okhip"
    expect(beforeCaret(textarea)).toBe("# Standup\nNotes: ship");
  });

  it("keeps the text after a failed save, says why, and sends it again on Retry", async () => {
    const user = userEvent.setup();
    const core = new FakeTextCore("abc");
    const textarea = await openNotes(core);
    fakeIpc.editText.mockRejectedValueOnce(new Error("viewers cannot change the project"));

    await user.type(textarea, "d");
    expect(await screen.findByText("Not saved: viewers cannot change the project")).toBeInTheDocument();
    expect(notesState()).toHaveAttribute("data-state", "failed");
    expect(textarea).toHaveValue("abcd");
    expect(core.text).toBe("abc");
    expect(editCalls()).toEqual([sent(["v1"], 3, 0, "d")]);

    await user.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(notesState()).toHaveAttribute("data-state", "saved"));
    expect(notesState()).toHaveTextContent("Saved");
    expect(screen.queryByRole("button", { name: "Retry" })).not.toBeInTheDocument();
    expect(editCalls()).toEqual([sent(["v1"], 3, 0, "d"), sent(["v1"], 3, 0, "d")]);
    expect(core.text).toBe("abcd");
    expect(textarea).toHaveValue("abcd");
  });

  it("says why the notes cannot be opened when read_text fails, and stays read-only", async () => {
    fakeIpc.readText.mockRejectedValue(new Error("the meeting is not in this project"));
    renderMeeting("old notes");
    const textarea = (await screen.findByTestId("meeting-notes")) as HTMLTextAreaElement;
    expect(
      await screen.findByText("Cannot open the notes for editing: the meeting is not in this project"),
    ).toBeInTheDocument();
    expect(notesState()).toHaveAttribute("data-state", "failed");
    expect(textarea).toHaveAttribute("readonly");
    expect(textarea).toHaveValue("old notes");
  });

  it("reads the notes again only for changes to this meeting or unnamed changes in this project", async () => {
    const core = new FakeTextCore("abc");
    const textarea = await openNotes(core);
    expect(fakeIpc.readText).toHaveBeenCalledTimes(1);

    core.remote(3, 0, "d");
    act(() => emit.projectChanged("p1", [{ kind: "meeting", id: "m2" }]));
    act(() => emit.projectChanged("p1", [{ kind: "task", id: "m1" }]));
    act(() => emit.projectChanged("p2", [{ kind: "meeting", id: "m1" }]));
    act(() => emit.projectChanged("p2"));
    await act(async () => {}); // let anything those started settle
    expect(fakeIpc.readText).toHaveBeenCalledTimes(1);
    expect(textarea).toHaveValue("abc");

    // A change naming no items may be anything, this meeting included.
    act(() => emit.projectChanged("p1"));
    await waitFor(() => expect(textarea).toHaveValue("abcd"));
    expect(fakeIpc.readText).toHaveBeenCalledTimes(2);

    core.remote(4, 0, "e");
    act(() => emit.projectChanged("p1", [{ kind: "task", id: "t1" }, { kind: "meeting", id: "m1" }]));
    await waitFor(() => expect(textarea).toHaveValue("abcde"));
    expect(fakeIpc.readText).toHaveBeenCalledTimes(3);
  });
});
