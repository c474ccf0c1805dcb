// The notes editor's sync against a stand-in core whose splices land like Automerge's: what the
// member types lands where they typed it, others' text is taken in only when nothing is unsaved,
// and nothing typed by anyone is lost.
import { describe, expect, it } from "vitest";
import { FakeTextCore } from "../../../test/fakeTextCore";
import { NotesSync, type NotesSyncState, type SpliceSaved, type TextAt } from "./notesSync";
import type { Merged } from "../../../lib/textSplice";

const flush = () => new Promise<void>((r) => setTimeout(r, 0));

/** A sync on `core`; saves wait for `release()` when `hold` is set, and can be told to fail. */
function setup(core: FakeTextCore, hold = false) {
  const shown: Array<{ text: string; moved: Merged }> = [];
  const states: NotesSyncState[] = [];
  const waiting: Array<() => void> = [];
  let failWith: string | null = null;
  let reads = 0;
  const sync = new NotesSync(core.read(), {
    save: (at, s) =>
      new Promise<SpliceSaved>((resolve, reject) => {
        const go = () => {
          if (failWith) reject(new Error(failWith));
          else {
            try {
              resolve(core.save(at, s));
            } catch (e) {
              reject(e as Error);
            }
          }
        };
        if (hold) waiting.push(go);
        else go();
      }),
    read: async () => {
      reads++;
      return core.read();
    },
    show: (text, moved) => shown.push({ text, moved }),
    state: (state) => states.push(state),
  });
  return {
    sync,
    shown,
    states,
    reads: () => reads,
    fail: (message: string | null) => {
      failWith = message;
    },
    release: async () => {
      waiting.shift()!();
      await flush();
    },
    pendingSaves: () => waiting.length,
  };
}

describe("NotesSync", () => {
  it("sends each edit counted in the text it was made on, with that text's heads", async () => {
    const core = new FakeTextCore("abc");
    const t = setup(core);
    t.sync.edit("abcd", 4);
    await flush();
    t.sync.edit("abcde", 5);
    await flush();
    expect(core.saves).toEqual([
      { at: ["v1"], pos: 3, delete: 0, insert: "d" },
      { at: ["v2"], pos: 4, delete: 0, insert: "e" },
    ]);
    expect(core.text).toBe("abcde");
    expect(t.states.at(-1)).toEqual({ saving: false, error: null });
  });

  it("lands a keystroke where the member typed it although someone's text arrived first", async () => {
    const core = new FakeTextCore("Hello world");
    const t = setup(core);
    core.remote(0, 0, "Big "); // not read by the editor yet
    t.sync.edit("Hello brave world", 12);
    await flush();
    expect(core.saves[0]).toEqual({ at: ["v1"], pos: 6, delete: 0, insert: "brave " });
    expect(core.text).toBe("Big Hello brave world");
    // The editor now shows the merged text, and says what the others' edit was for the caret.
    expect(t.sync.text).toBe("Big Hello brave world");
    expect(t.shown.map((s) => s.text)).toEqual(["Big Hello brave world"]);
    expect(t.shown[0]!.moved.map(12)).toBe(16); // a caret after "brave " stays after it
  });

  it("sends what is typed during a save as one splice after it, carried onto others' text", async () => {
    const core = new FakeTextCore("one two");
    const t = setup(core, true);
    t.sync.edit("one! two", 4);
    expect(t.pendingSaves()).toBe(1);
    core.remote(7, 0, " three"); // arrives before the held save lands
    t.sync.edit("one!! two", 5);
    t.sync.edit("one!!! two", 6);
    expect(t.pendingSaves()).toBe(1);
    await t.release();
    // The first save's own text had the others' words: what was typed since is carried over.
    expect(t.sync.text).toBe("one!!! two three");
    expect(t.pendingSaves()).toBe(1);
    await t.release();
    expect(core.saves.map((s) => [s.pos, s.delete, s.insert])).toEqual([
      [3, 0, "!"],
      [4, 0, "!!"],
    ]);
    expect(core.text).toBe("one!!! two three");
    expect(t.sync.text).toBe(core.text);
    expect(t.sync.busy).toBe(false);
  });

  it("takes others' text in on refresh only when nothing is unsaved", async () => {
    const core = new FakeTextCore("abc");
    const t = setup(core, true);
    t.sync.edit("abcd", 4);
    core.remote(0, 0, "X");
    t.sync.refresh(); // during the save: skipped, and read again afterwards
    await flush();
    expect(t.reads()).toBe(0);
    expect(t.sync.text).toBe("abcd");
    await t.release();
    await flush();
    expect(t.sync.text).toBe("Xabcd");
    core.remote(5, 0, "Y");
    t.sync.refresh();
    await flush();
    expect(t.sync.text).toBe("XabcdY");
    expect(t.shown.at(-1)!.text).toBe("XabcdY");
    expect(t.shown.at(-1)!.moved.map(5)).toBe(5); // a caret at the end stays before "Y"
  });

  it("drops a read that overlapped a save, since it may not know the save", async () => {
    const core = new FakeTextCore("");
    let finishRead: (t: TextAt) => void = () => {};
    const sync = new NotesSync(core.read(), {
      save: async (at, s) => core.save(at, s),
      read: () => new Promise<TextAt>((r) => (finishRead = r)),
      show: () => {},
      state: () => {},
    });
    sync.refresh();
    const stale = core.read();
    sync.edit("a", 1);
    await flush();
    finishRead(stale); // read before "a" was saved
    await flush();
    expect(sync.text).toBe("a");
  });

  it("keeps the text after a failed save and sends it again, counted in the same text, on retry", async () => {
    const core = new FakeTextCore("abc");
    const t = setup(core);
    t.fail("viewers cannot change the project");
    t.sync.edit("abcd", 4);
    await flush();
    expect(t.states.at(-1)).toEqual({ saving: true, error: "viewers cannot change the project" });
    t.sync.edit("abcde", 5);
    await flush();
    expect(t.sync.text).toBe("abcde");
    expect(core.saves).toEqual([]);
    t.fail(null);
    t.sync.retry();
    await flush();
    expect(core.saves).toEqual([{ at: ["v1"], pos: 3, delete: 0, insert: "de" }]);
    expect(core.text).toBe("abcde");
    expect(t.states.at(-1)).toEqual({ saving: false, error: null });
  });

  it("counts positions in chars for the core", async () => {
    const core = new FakeTextCore("😀 ok");
    const t = setup(core);
    t.sync.edit("😀 ok!", 6);
    await flush();
    t.sync.edit("😀ok!", 2);
    await flush();
    expect(core.saves.map((s) => [s.pos, s.delete, s.insert])).toEqual([
      [4, 0, "!"],
      [1, 1, ""],
    ]);
    expect(core.text).toBe("😀ok!");
  });

  it("two editors typing at once both keep every character", async () => {
    const core = new FakeTextCore("Notes:\n");
    const ada = setup(core, true);
    const bo = setup(core, true);
    ada.sync.edit("Notes:\nAda: ship it", 19);
    bo.sync.edit("# Notes:\n", 2);
    await bo.release();
    await ada.release();
    ada.sync.refresh();
    bo.sync.refresh();
    await flush();
    expect(core.text).toBe("# Notes:\nAda: ship it");
    expect(ada.sync.text).toBe(core.text);
    expect(bo.sync.text).toBe(core.text);
  });
});
