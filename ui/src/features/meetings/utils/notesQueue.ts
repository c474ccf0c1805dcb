// The outbox of the notes editor: local edits go to the core one at a time, in order, so fast
// typing is neither reordered nor lost, and edits that pile up behind a slow save are merged.
import { mergeCharSplices, type Splice } from "./textSplice";

/**
 * What goes out: a char splice of the notes as the core last saw them, or (after a failed save,
 * when that base is no longer known) the whole text, which the core writes as a minimal splice.
 */
export type NotesEdit = { splice: Splice } | { replace: string };

export type NotesQueueState = { saving: boolean; error: string | null };

type Pending = { edit: NotesEdit; textAfter: string };

export class NotesQueue {
  private pending: Pending[] = [];
  private inFlight = false;
  private failed: string | null = null;

  /**
   * `send` saves one edit; `onState` hears whether anything is unsaved and the last failure;
   * `onDrained` runs whenever everything has been saved (time to take the core's text again).
   */
  constructor(
    private readonly send: (edit: NotesEdit) => Promise<unknown>,
    private readonly onState: (state: NotesQueueState) => void,
    private readonly onDrained: () => void,
  ) {}

  /** Whether local edits are not saved yet (incoming text must not overwrite them). */
  get busy(): boolean {
    return this.inFlight || this.pending.length > 0 || this.failed !== null;
  }

  /** Queues a local edit: `splice` (chars) turned the notes into `textAfter`. */
  push(splice: Splice, textAfter: string): void {
    const last = this.inFlight ? this.pending.at(-1) : undefined;
    if (this.failed !== null) {
      // The core's text is not known to match ours any more: send all of it.
      this.pending = [{ edit: { replace: textAfter }, textAfter }];
      this.failed = null;
    } else if (last && "replace" in last.edit) {
      last.edit = { replace: textAfter };
      last.textAfter = textAfter;
    } else if (last && "splice" in last.edit) {
      const merged = mergeCharSplices(last.edit.splice, splice);
      if (merged === null) this.pending.push({ edit: { splice }, textAfter });
      else if (merged.delete === 0 && merged.insert === "") this.pending.pop();
      else this.pending[this.pending.length - 1] = { edit: { splice: merged }, textAfter };
    } else {
      this.pending.push({ edit: { splice }, textAfter });
    }
    void this.pump();
  }

  /** After a failure: saves the whole current text again. */
  retry(text: string): void {
    this.pending = [{ edit: { replace: text }, textAfter: text }];
    this.failed = null;
    void this.pump();
  }

  private report(): void {
    this.onState({ saving: this.inFlight || this.pending.length > 0, error: this.failed });
  }

  private async pump(): Promise<void> {
    if (this.inFlight) {
      this.report();
      return;
    }
    while (this.pending.length > 0) {
      const next = this.pending.shift()!;
      this.inFlight = true;
      this.report();
      try {
        await this.send(next.edit);
      } catch (first) {
        // A splice can miss when a remote edit changed the length under it; the whole text,
        // which the core diffs against what it has, still lands. Anything queued after the
        // failed splice is already part of the newest text.
        const latest = this.pending.at(-1)?.textAfter ?? next.textAfter;
        this.pending = [];
        try {
          if ("replace" in next.edit) throw first;
          await this.send({ replace: latest });
        } catch (e) {
          this.inFlight = false;
          this.failed = e instanceof Error ? e.message : String(e);
          this.report();
          return;
        }
      }
      this.inFlight = false;
    }
    this.report();
    this.onDrained();
  }
}
