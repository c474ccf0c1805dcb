// The notes editor's text arithmetic: minimal splices, chars vs UTF-16, cursors through remote edits.
import { describe, expect, it } from "vitest";
import {
  applySplice,
  charCount,
  diffSplice,
  mapPosition,
  mapSelection,
  toCharSplice,
  type Splice,
} from "./textSplice";

const splice = (pos: number, del: number, insert: string): Splice => ({ pos, delete: del, insert });

describe("diffSplice", () => {
  it.each([
    ["", "", null],
    ["abc", "abc", null],
    ["", "hello", splice(0, 0, "hello")],
    ["abc", "abXc", splice(2, 0, "X")],
    ["abc", "ac", splice(1, 1, "")],
    ["hello world", "hello brave world", splice(6, 0, "brave ")],
    ["hello world", "help world", splice(3, 2, "p")],
    ["abc", "xyz", splice(0, 3, "xyz")],
    ["abc", "", splice(0, 3, "")],
  ])("%j → %j", (old, next, expected) => {
    expect(diffSplice(old, next)).toEqual(expected);
  });

  it("always rebuilds the new text", () => {
    const pairs = [
      ["aaaa", "aaa"],
      ["abab", "ab"],
      ["x😀y", "x😁y"],
      ["😀😀", "😀"],
      ["line\nline\n", "line\n"],
    ];
    for (const [old, next] of pairs) {
      const s = diffSplice(old!, next!);
      expect(applySplice(old!, s!)).toBe(next);
    }
  });

  it("uses the cursor to place an edit among equal characters", () => {
    // Typing "a" at the start of "a": without the hint the insert would land after it.
    expect(diffSplice("a", "aa")).toEqual(splice(1, 0, "a"));
    expect(diffSplice("a", "aa", 1)).toEqual(splice(0, 0, "a"));
    // Backspacing the first of "aa" (cursor ends at 0) versus the second (cursor ends at 1).
    expect(diffSplice("aa", "a", 0)).toEqual(splice(0, 1, ""));
    expect(diffSplice("aa", "a", 1)).toEqual(splice(1, 1, ""));
    // Pasting "lala" in the middle of "lala".
    expect(diffSplice("lala", "lalalala", 6)).toEqual(splice(2, 0, "lala"));
  });

  it("never splits a surrogate pair", () => {
    // 😀 and 😁 share their high surrogate; the splice must replace the whole emoji.
    expect(diffSplice("a😀b", "a😁b")).toEqual(splice(1, 2, "😁"));
    // 𝟘 (U+1D7D8) and 😘 (U+1F618) share their low surrogate.
    expect(diffSplice("𝟘", "😘")).toEqual(splice(0, 2, "😘"));
    expect(diffSplice("😀", "😀😀")).toEqual(splice(2, 0, "😀"));
    expect(diffSplice("😀", "😀😀", 2)).toEqual(splice(0, 0, "😀"));
  });
});

describe("chars versus UTF-16", () => {
  it("counts scalar values, as Rust's chars() does", () => {
    expect(charCount("")).toBe(0);
    expect(charCount("abc")).toBe(3);
    expect(charCount("😀")).toBe(1);
    expect(charCount("a😀b👍🏽")).toBe(5); // 👍🏽 is two scalar values (thumb + skin tone)
    expect(charCount("é")).toBe(1);
  });

  it("converts a splice's position and length to chars", () => {
    const base = "😀 hi 😀!";
    // Insert after the second emoji: UTF-16 index 8, char index 6.
    expect(toCharSplice(base, splice(8, 0, "x"))).toEqual(splice(6, 0, "x"));
    // Delete the second emoji: two UTF-16 units, one char.
    expect(toCharSplice(base, splice(6, 2, ""))).toEqual(splice(5, 1, ""));
    expect(toCharSplice("abc", splice(1, 1, "😀"))).toEqual(splice(1, 1, "😀"));
  });
});

describe("mapPosition and mapSelection", () => {
  const cursor = (at: number) => ({ start: at, end: at });

  it("moves a cursor right when text is inserted before it, and not when after it", () => {
    expect(mapSelection(cursor(5), splice(2, 0, "abc"))).toEqual(cursor(8));
    expect(mapSelection(cursor(5), splice(7, 0, "abc"))).toEqual(cursor(5));
  });

  it("keeps a cursor before text inserted exactly at it", () => {
    expect(mapSelection(cursor(5), splice(5, 0, "abc"))).toEqual(cursor(5));
    expect(mapPosition(5, splice(5, 0, "abc"), true)).toBe(8);
  });

  it("moves a cursor left when text before it is deleted", () => {
    expect(mapSelection(cursor(10), splice(2, 3, ""))).toEqual(cursor(7));
    expect(mapSelection(cursor(5), splice(2, 3, ""))).toEqual(cursor(2));
    expect(mapSelection(cursor(2), splice(2, 3, ""))).toEqual(cursor(2));
  });

  it("puts a cursor inside a deleted range at the range's start", () => {
    expect(mapSelection(cursor(4), splice(2, 5, ""))).toEqual(cursor(2));
    expect(mapSelection(cursor(4), splice(2, 5, "xy"))).toEqual(cursor(2));
  });

  it("shifts a selection without swallowing text inserted at its edges", () => {
    expect(mapSelection({ start: 3, end: 6 }, splice(0, 0, "ab"))).toEqual({ start: 5, end: 8 });
    expect(mapSelection({ start: 3, end: 6 }, splice(8, 0, "ab"))).toEqual({ start: 3, end: 6 });
    expect(mapSelection({ start: 3, end: 6 }, splice(3, 0, "ab"))).toEqual({ start: 5, end: 8 });
    expect(mapSelection({ start: 3, end: 6 }, splice(6, 0, "ab"))).toEqual({ start: 3, end: 6 });
    // Text inserted inside the selection becomes part of it.
    expect(mapSelection({ start: 3, end: 6 }, splice(4, 0, "ab"))).toEqual({ start: 3, end: 8 });
  });

  it("trims a selection that a deletion overlaps, and collapses one deleted entirely", () => {
    expect(mapSelection({ start: 3, end: 8 }, splice(1, 4, ""))).toEqual({ start: 1, end: 4 });
    expect(mapSelection({ start: 3, end: 8 }, splice(6, 4, ""))).toEqual({ start: 3, end: 6 });
    expect(mapSelection({ start: 3, end: 6 }, splice(2, 6, "xyz"))).toEqual({ start: 2, end: 2 });
  });

  it("keeps a cursor after an emoji inserted before it in the right place (UTF-16 units)", () => {
    const before = "hello world";
    const after = "😀hello world";
    const s = diffSplice(before, after)!;
    const moved = mapSelection(cursor(5), s);
    expect(after.slice(0, moved.start)).toBe("😀hello");
  });
});
