// Keeps the notes editor's text and the core's in step. Every edit goes out as one splice counted
// in a text the core had at known heads (`base`), so the core can land it on the same characters
// whatever others typed meanwhile (`edit_text` with `at`). Others' text is taken in only while
// nothing of this member's is unsaved, so no keystroke is ever overwritten.
import { diffSplice, mergeTexts, toCharSplice, type Merged, type Splice } from "../../../lib/textSplice";

/** A text and the document heads it was read at (the IPC's `TextState`). */
export type TextAt = { text: string; heads: string[] };

/** What one saved splice answers (the IPC's `TextEdited`). */
export type SpliceSaved = { own: TextAt; latest: TextAt };

export type NotesSyncState = { saving: boolean; error: string | null };

export type NotesSyncHost = {
  /** Saves `splice` (chars) counted in the text at heads `at`. */
  save: (at: string[], splice: Splice) => Promise<SpliceSaved>;
  /** Reads the text and its heads as they are now. */
  read: () => Promise<TextAt>;
  /**
   * The text under the member changed without their typing (others' edits came in): show
   * `text`. `moved` takes positions (UTF-16) in the text shown before to the same places in
   * `text` (see `Merged`), to carry the caret and selection across.
   */
  show: (text: string, moved: Merged) => void;
  /** Whether anything is unsaved, and why the last save failed. */
  state: (state: NotesSyncState) => void;
};

const sameHeads = (a: string[], b: string[]) => a.length === b.length && a.every((h) => b.includes(h));

export class NotesSync {
  /** A text the core had, at heads; what is shown is this plus unsaved edits. */
  private base: TextAt;
  private shown: string;
  /** The caret after the member's only edit since the last save, to place an ambiguous splice. */
  private caret: number | undefined;
  private editsSinceSave = 0;
  private saving = false;
  private failed: string | null = null;
  /** The newest text read from the core that is not shown yet (waits while edits are unsaved). */
  private latest: TextAt | null = null;
  /** Bumped when a save starts and ends: a read that overlapped one may predate it. */
  private epoch = 0;
  private reading = false;
  private readAgain = false;

  constructor(
    initial: TextAt,
    private readonly host: NotesSyncHost,
  ) {
    this.base = initial;
    this.shown = initial.text;
  }

  /** The text as the member sees it. */
  get text(): string {
    return this.shown;
  }

  /** Whether something the member typed is not saved yet. */
  get busy(): boolean {
    return this.saving || this.failed !== null || this.shown !== this.base.text;
  }

  /** The member turned the text into `next`; `caret` is where the caret ended up. */
  edit(next: string, caret?: number): void {
    if (next === this.shown) return;
    this.shown = next;
    this.caret = caret;
    this.editsSinceSave++;
    void this.pump();
  }

  /** Something in the project changed: read the text again and show others' edits when safe. */
  refresh(): void {
    if (this.reading || this.saving) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    const epoch = this.epoch;
    this.host.read().then(
      (now) => {
        this.reading = false;
        // A save that ran meanwhile may not be in what was read: its own answer is newer.
        if (epoch === this.epoch) this.latest = now;
        else this.readAgain = true;
        this.settle();
      },
      () => {
        // Reading fails only when the meeting or project is gone; the view says so itself.
        this.reading = false;
      },
    );
  }

  /** Saves again after a failure. */
  retry(): void {
    this.failed = null;
    void this.pump();
  }

  private report(): void {
    this.host.state({ saving: this.saving || this.shown !== this.base.text, error: this.failed });
  }

  private async pump(): Promise<void> {
    if (this.saving || this.failed !== null) {
      this.report();
      return;
    }
    while (this.shown !== this.base.text) {
      const sent = this.shown;
      const ours = diffSplice(this.base.text, sent, this.editsSinceSave === 1 ? this.caret : undefined);
      if (!ours) break;
      this.editsSinceSave = 0;
      this.saving = true;
      this.epoch++;
      this.report();
      let saved: SpliceSaved;
      try {
        saved = await this.host.save(this.base.heads, toCharSplice(this.base.text, ours));
      } catch (e) {
        this.saving = false;
        this.epoch++;
        this.failed = e instanceof Error ? e.message : String(e);
        this.report();
        return;
      }
      this.saving = false;
      this.epoch++;
      this.latest = saved.latest;
      if (saved.own.text === sent) {
        // Exactly what was sent: later edits count in it.
        this.base = saved.own;
      } else {
        // Others' edits had come in before ours landed; carry what was typed since onto them.
        const merged = mergeTexts(sent, this.shown, saved.own.text, this.caret);
        this.base = saved.own;
        this.shown = merged.text;
        this.host.show(merged.text, merged);
      }
    }
    this.settle();
  }

  /** With nothing unsaved, shows the newest text read, and reads again if a read was skipped. */
  private settle(): void {
    if (this.saving || this.failed !== null || this.shown !== this.base.text) {
      this.report();
      return;
    }
    const latest = this.latest;
    this.latest = null;
    if (latest && !sameHeads(latest.heads, this.base.heads)) {
      const before = this.shown;
      this.base = latest;
      this.shown = latest.text;
      if (latest.text !== before) this.host.show(latest.text, mergeTexts(before, before, latest.text));
    }
    this.report();
    if (this.readAgain && !this.reading) {
      this.readAgain = false;
      this.refresh();
    }
  }
}
