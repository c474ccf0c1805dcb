// The notes outbox: one save at a time, in order, merging what piles up, recovering from failures.
import { describe, expect, it, vi } from "vitest";
import { NotesQueue, type NotesEdit, type NotesQueueState } from "./notesQueue";

/** A queue whose saves wait until the test settles them, recording what was sent. */
function setup() {
  const sent: NotesEdit[] = [];
  const settle: Array<{ ok: () => Promise<void>; fail: (message: string) => Promise<void> }> = [];
  const states: NotesQueueState[] = [];
  const drained = vi.fn();
  const queue = new NotesQueue(
    (edit) =>
      new Promise<void>((resolve, reject) => {
        sent.push(edit);
        const flush = () => new Promise<void>((r) => setTimeout(r, 0));
        settle.push({
          ok: async () => {
            resolve();
            await flush();
          },
          fail: async (message) => {
            reject(new Error(message));
            await flush();
          },
        });
      }),
    (state) => states.push(state),
    drained,
  );
  return { queue, sent, settle: () => settle.shift()!, states, drained };
}

const splice = (pos: number, del: number, insert: string) => ({ pos, delete: del, insert });

describe("NotesQueue", () => {
  it("sends one edit at a time, in order", async () => {
    const q = setup();
    q.queue.push(splice(0, 0, "a"), "a");
    q.queue.push(splice(0, 0, "b"), "ba");
    q.queue.push(splice(2, 0, "c"), "bac");
    expect(q.sent).toEqual([{ splice: splice(0, 0, "a") }]);
    expect(q.queue.busy).toBe(true);

    await q.settle().ok();
    expect(q.sent).toHaveLength(2);
    await q.settle().ok();
    await q.settle().ok();
    expect(q.sent).toEqual([
      { splice: splice(0, 0, "a") },
      { splice: splice(0, 0, "b") },
      { splice: splice(2, 0, "c") },
    ]);
    expect(q.queue.busy).toBe(false);
    expect(q.drained).toHaveBeenCalledTimes(1);
    expect(q.states.at(-1)).toEqual({ saving: false, error: null });
  });

  it("merges typing that piles up behind a save into one splice", async () => {
    const q = setup();
    q.queue.push(splice(0, 0, "h"), "h");
    q.queue.push(splice(1, 0, "e"), "he");
    q.queue.push(splice(2, 0, "l"), "hel");
    q.queue.push(splice(3, 0, "p"), "help");
    q.queue.push(splice(3, 1, ""), "hel");
    q.queue.push(splice(3, 0, "lo"), "hello");
    await q.settle().ok();
    await q.settle().ok();
    expect(q.sent).toEqual([{ splice: splice(0, 0, "h") }, { splice: splice(1, 0, "ello") }]);
    expect(q.drained).toHaveBeenCalledTimes(1);
  });

  it("drops a queued insert that was backspaced away entirely", async () => {
    const q = setup();
    q.queue.push(splice(0, 0, "a"), "a");
    q.queue.push(splice(1, 0, "b"), "ab");
    q.queue.push(splice(1, 1, ""), "a");
    await q.settle().ok();
    expect(q.sent).toEqual([{ splice: splice(0, 0, "a") }]);
    expect(q.queue.busy).toBe(false);
  });

  it("says it is saving while anything is unsaved", async () => {
    const q = setup();
    q.queue.push(splice(0, 0, "a"), "a");
    expect(q.states.at(-1)).toEqual({ saving: true, error: null });
    await q.settle().ok();
    expect(q.states.at(-1)).toEqual({ saving: false, error: null });
  });

  it("saves the whole text when a splice fails, then carries on", async () => {
    const q = setup();
    q.queue.push(splice(5, 0, "x"), "hellox");
    q.queue.push(splice(6, 0, "!"), "hellox!");
    q.queue.push(splice(0, 0, ">"), ">hellox!");
    await q.settle().fail("splice out of range");
    // The queued edits are part of the newest text, sent whole.
    expect(q.sent.at(-1)).toEqual({ replace: ">hellox!" });
    await q.settle().ok();
    expect(q.sent).toHaveLength(2);
    expect(q.queue.busy).toBe(false);
    expect(q.drained).toHaveBeenCalledTimes(1);
  });

  it("reports a failure it cannot recover from, and sends the whole text on the next edit", async () => {
    const q = setup();
    q.queue.push(splice(0, 0, "a"), "a");
    await q.settle().fail("splice out of range");
    await q.settle().fail("you are a viewer in this project");
    expect(q.states.at(-1)).toEqual({ saving: false, error: "you are a viewer in this project" });
    expect(q.queue.busy).toBe(true);
    expect(q.drained).not.toHaveBeenCalled();

    q.queue.push(splice(1, 0, "b"), "ab");
    expect(q.sent.at(-1)).toEqual({ replace: "ab" });
    await q.settle().ok();
    expect(q.queue.busy).toBe(false);
    expect(q.states.at(-1)).toEqual({ saving: false, error: null });
    expect(q.drained).toHaveBeenCalledTimes(1);
  });

  it("retries with the whole text", async () => {
    const q = setup();
    q.queue.push(splice(0, 0, "a"), "a");
    await q.settle().fail("disk full");
    await q.settle().fail("disk full");
    q.queue.retry("a");
    expect(q.sent.at(-1)).toEqual({ replace: "a" });
    await q.settle().ok();
    expect(q.queue.busy).toBe(false);
  });

  it("sends edits made while a whole-text save is out as splices on top of it", async () => {
    const q = setup();
    q.queue.push(splice(0, 0, "a"), "a");
    await q.settle().fail("x");
    await q.settle().fail("y");
    q.queue.push(splice(1, 0, "b"), "ab");
    q.queue.push(splice(2, 0, "c"), "abc");
    q.queue.push(splice(3, 0, "d"), "abcd");
    await q.settle().ok();
    // Typed while "ab" was being saved: a splice relative to "ab", merged into one.
    expect(q.sent.at(-1)).toEqual({ splice: splice(2, 0, "cd") });
    await q.settle().ok();
    expect(q.queue.busy).toBe(false);
  });
});
