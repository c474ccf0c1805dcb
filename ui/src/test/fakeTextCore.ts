// A stand-in for one Automerge Text field behind `read_text`/`edit_text`, for tests of the notes
// editor. Like the core, every character keeps an identity, deleted ones stay as tombstones, each
// change gets new "heads", and a splice counted in the text as of older heads lands on the same
// characters: after the character that preceded its position, deleting only characters that are
// still there. Positions count chars (Unicode scalar values), as Rust does.
import type { SpliceSaved, TextAt } from "../features/meetings/utils/notesSync";

type Char = { id: number; ch: string; deletedAt: number | null; insertedAt: number };

export class FakeTextCore {
  private chars: Char[] = [];
  private nextId = 1;
  /** The version (change number) of the text now; heads are `["v<version>"]`. */
  version = 1;
  /** Every splice saved through `save`, as sent. */
  readonly saves: Array<{ at: string[]; pos: number; delete: number; insert: string }> = [];

  constructor(initial: string) {
    this.chars = Array.from(initial).map((ch) => ({ id: this.nextId++, ch, deletedAt: null, insertedAt: 1 }));
  }

  private visibleAt(version: number): Char[] {
    return this.chars.filter((c) => c.insertedAt <= version && (c.deletedAt === null || c.deletedAt > version));
  }

  private parse(heads: string[]): number {
    const head = heads.length === 1 ? heads[0]! : "";
    const v = /^v\d+$/.test(head) ? Number(head.slice(1)) : NaN;
    if (!(v >= 1 && v <= this.version)) throw new Error(`change ${heads.join(",")} is not in this project`);
    return v;
  }

  /** The text now, or as of `heads`. */
  textAt(heads?: string[]): string {
    const version = heads ? this.parse(heads) : this.version;
    return this.visibleAt(version)
      .map((c) => c.ch)
      .join("");
  }

  get text(): string {
    return this.textAt();
  }

  /** What `read_text` answers. */
  read(): TextAt {
    return { text: this.text, heads: [`v${this.version}`] };
  }

  /** Applies a splice counted in the text at `at` (or now) as one new change. */
  splice(pos: number, del: number, insert: string, at?: string[]): TextAt {
    const then = this.visibleAt(at ? this.parse(at) : this.version);
    if (pos + del > then.length) {
      throw new Error(`notes: position ${pos} + delete ${del} is beyond the end of the text (${then.length} characters)`);
    }
    const version = this.version + 1;
    for (const c of then.slice(pos, pos + del)) if (c.deletedAt === null) c.deletedAt = version;
    const anchor = pos === 0 ? -1 : this.chars.indexOf(then[pos - 1]!);
    const added = Array.from(insert).map((ch) => ({ id: this.nextId++, ch, deletedAt: null, insertedAt: version }));
    this.chars.splice(anchor + 1, 0, ...added);
    this.version = version;
    return this.read();
  }

  /** Someone else's edit, counted in the text as it is now. */
  remote(pos: number, del: number, insert: string): void {
    this.splice(pos, del, insert);
  }

  /** What `edit_text` answers: the text as of this change alone, and now (the same here). */
  save(at: string[], s: { pos: number; delete: number; insert: string }): SpliceSaved {
    this.saves.push({ at, ...s });
    const own = this.splice(s.pos, s.delete, s.insert, at);
    return { own, latest: own };
  }
}
