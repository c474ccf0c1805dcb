// Minimal splices between two versions of a text, in the two units that meet here: JS strings
// index UTF-16 code units, the core's `EditText` counts Unicode scalar values (chars). Also merges
// two edits of one text and maps a caret or selection across, so others' edits do not move what
// the member is doing.
import fastDiff from "fast-diff";

/** Delete `delete` units at `pos`, then insert `insert` there. */
export type Splice = { pos: number; delete: number; insert: string };

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Whether a UTF-16 index falls between the two halves of a surrogate pair (inside one char). */
function splitsPair(text: string, index: number): boolean {
  return index > 0 && index < text.length && isHighSurrogate(text.charCodeAt(index - 1)) && isLowSurrogate(text.charCodeAt(index));
}

/**
 * The single splice (UTF-16 units) that turns `old` into `next`, keeping the common prefix and
 * suffix; `null` when they are equal. Equal characters next to an edit make its place ambiguous
 * ("a" + "a" → "aa"): `cursor`, the caret after a local edit, says where the edit ended so the
 * splice lands where the member typed. The splice never cuts a surrogate pair (an emoji) in two.
 */
export function diffSplice(old: string, next: string, cursor?: number): Splice | null {
  if (old === next) return null;
  const shorter = Math.min(old.length, next.length);
  let prefix = 0;
  while (prefix < shorter && old.charCodeAt(prefix) === next.charCodeAt(prefix)) prefix++;
  if (cursor !== undefined) {
    // The edit ended at the cursor, so it started no later than the cursor minus what it added.
    prefix = Math.max(0, Math.min(prefix, cursor - Math.max(0, next.length - old.length)));
  }
  while (prefix > 0 && (splitsPair(old, prefix) || splitsPair(next, prefix))) prefix--;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    old.charCodeAt(old.length - 1 - suffix) === next.charCodeAt(next.length - 1 - suffix)
  ) {
    suffix++;
  }
  while (suffix > 0 && (splitsPair(old, old.length - suffix) || splitsPair(next, next.length - suffix))) suffix--;
  return { pos: prefix, delete: old.length - prefix - suffix, insert: next.slice(prefix, next.length - suffix) };
}

/** How many Unicode scalar values (what Rust's `chars()` counts) `text` holds. */
export function charCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (!(isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1)))) n++;
  }
  return n;
}

/** A UTF-16 splice of `base` re-expressed in chars, as `ItemCommand::EditText` takes it. */
export function toCharSplice(base: string, splice: Splice): Splice {
  return {
    pos: charCount(base.slice(0, splice.pos)),
    delete: charCount(base.slice(splice.pos, splice.pos + splice.delete)),
    insert: splice.insert,
  };
}

/** `text` with a UTF-16 splice applied. */
export function applySplice(text: string, splice: Splice): string {
  return text.slice(0, splice.pos) + splice.insert + text.slice(splice.pos + splice.delete);
}

/** One edit of a base text: delete `delete` units at `pos` of the base, insert `insert` there. */
type BaseEdit = { pos: number; delete: number; insert: string };

/** The edits (positions in `base`, in order, not overlapping) that turn `base` into `next`. */
function editsOf(base: string, next: string, cursor?: number): BaseEdit[] {
  const edits: BaseEdit[] = [];
  let pos = 0;
  for (const [op, text] of fastDiff(base, next, cursor)) {
    if (op === fastDiff.EQUAL) {
      pos += text.length;
      continue;
    }
    const last = edits.at(-1);
    const open = last && last.pos + last.delete === pos ? last : null;
    if (op === fastDiff.DELETE) {
      if (open && open.insert === "") open.delete += text.length;
      else edits.push({ pos, delete: text.length, insert: "" });
      pos += text.length;
    } else if (open) {
      open.insert += text;
    } else {
      edits.push({ pos, delete: 0, insert: text });
    }
  }
  return edits;
}

/**
 * Two versions of one text merged, and where each position of `ours` went: `map` stays before
 * text they typed exactly there (a caret keeps typing where it was), `mapAfter` moves past it
 * (the start of a selection, so the selection does not take their text in).
 */
export type Merged = { text: string; map: (oursPosition: number) => number; mapAfter: (oursPosition: number) => number };

/**
 * Merges `ours` and `theirs`, two edits of `base` made apart: every character either side typed
 * is kept, and a character is gone if either side deleted it. Where both typed at the same place,
 * ours comes first. `map` carries a caret or selection in `ours` to the same characters in the
 * result; at a place where they typed, it stays before their text. `cursor` (the caret in `ours`
 * after its last edit) places an ambiguous edit of ours where it was typed.
 */
export function mergeTexts(base: string, ours: string, theirs: string, cursor?: number): Merged {
  const mine = editsOf(base, ours, cursor);
  const their = editsOf(base, theirs);
  // oursTo[j] is where the gap before `ours[j]` (or, last, its end) lands in the result.
  const oursTo: number[] = [];
  const oursToAfter: number[] = [];
  let text = "";
  let m = 0;
  let t = 0;
  let deletedByMe = 0;
  let deletedByThem = 0;
  for (let i = 0; i <= base.length; i++) {
    while (m < mine.length && mine[m]!.pos === i) {
      const e = mine[m++]!;
      for (let k = 0; k < e.insert.length; k++) {
        oursTo.push(text.length + k);
        oursToAfter.push(text.length + k);
      }
      text += e.insert;
      deletedByMe = e.delete;
    }
    // The gap before base[i] in ours, taken before their text there: a caret keeps its place.
    if (deletedByMe === 0) oursTo.push(text.length);
    while (t < their.length && their[t]!.pos === i) {
      const e = their[t++]!;
      text += e.insert;
      deletedByThem = e.delete;
    }
    if (deletedByMe === 0) oursToAfter.push(text.length);
    if (i === base.length) break;
    if (deletedByMe === 0 && deletedByThem === 0) text += base[i];
    if (deletedByMe > 0) deletedByMe--;
    if (deletedByThem > 0) deletedByThem--;
  }
  const at = (table: number[]) => (p: number) => table[Math.max(0, Math.min(p, table.length - 1))]!;
  return { text, map: at(oursTo), mapAfter: at(oursToAfter) };
}
