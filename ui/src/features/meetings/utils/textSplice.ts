// Minimal splices between two versions of a text, in the two units that meet here: JS strings
// index UTF-16 code units, the core's `EditText` counts Unicode scalar values (chars). Also maps
// a cursor or selection through a splice, so remote edits do not move what the member is doing.

/** Delete `delete` units at `pos`, then insert `insert` there. */
export type Splice = { pos: number; delete: number; insert: string };

/** A textarea selection in UTF-16 units; a collapsed one is a cursor. */
export type Selection = { start: number; end: number };

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

/**
 * Where `position` ends up after someone else's splice. Text inserted before it moves it right,
 * text after it leaves it; a deleted range around it pulls it to the range's start. `stickAfter`
 * decides the tie, text inserted exactly at the position: false stays before it (a cursor keeps
 * typing where it was), true moves past it (the start of a selection, so it does not grow).
 */
export function mapPosition(position: number, splice: Splice, stickAfter = false): number {
  const end = splice.pos + splice.delete;
  if (position < splice.pos) return position;
  if (position === splice.pos && splice.delete === 0) return stickAfter ? position + splice.insert.length : position;
  if (position >= end) return position - splice.delete + splice.insert.length;
  // Inside the replaced range: its text is gone, so go to the edge of what replaced it.
  return stickAfter ? splice.pos + splice.insert.length : splice.pos;
}

/** The selection after someone else's splice; it never grows to take in their new text. */
export function mapSelection(selection: Selection, splice: Splice): Selection {
  if (selection.start === selection.end) {
    const at = mapPosition(selection.start, splice);
    return { start: at, end: at };
  }
  const start = mapPosition(selection.start, splice, true);
  const end = mapPosition(selection.end, splice);
  // The whole selection was replaced: leave a cursor where it was.
  return start <= end ? { start, end } : { start: end, end };
}
