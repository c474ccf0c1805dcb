// The notes editor's text arithmetic: minimal splices, chars vs UTF-16, cursors through remote edits.
import { describe, expect, it } from "vitest";
import {
  applySplice,
  charCount,
  diffSplice,
  mergeTexts,
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

describe("mergeTexts", () => {
  it("keeps what both sides typed and drops what either deleted", () => {
    expect(mergeTexts("one two", "one! two", "# one two three").text).toBe("# one! two three");
    expect(mergeTexts("abcdef", "af", "abcXdef").text).toBe("aXf");
    expect(mergeTexts("abcdef", "abcdef", "aef").text).toBe("aef");
    // Both typed at the same place: ours first.
    expect(mergeTexts("ab", "aXb", "aYb").text).toBe("aXYb");
    // Their edits on both sides of ours are two edits, not one around ours.
    expect(mergeTexts("Notes: s", "Notes: ship", "# Standup\nNotes: s\nBo: ok").text).toBe(
      "# Standup\nNotes: ship\nBo: ok",
    );
  });

  it("carries a caret across their edits", () => {
    const m = mergeTexts("hello world", "hello world", ">> hello big world");
    expect(m.map(1)).toBe(4); // text inserted before it moves it
    expect(m.map(0)).toBe(0); // text inserted right at it goes after it
    expect(m.map(6)).toBe(13); // "big " went in before "world": the caret before "world" follows it
    expect(m.map(11)).toBe(18);
    const d = mergeTexts("hello world", "hello world", "held");
    expect(d.map(4)).toBe(3); // inside a deleted stretch: to its start
    expect(d.map(11)).toBe(4);
    // Others typed on both sides of the caret in one go: it stays between.
    const both = mergeTexts("hello", "hello", "A hello B");
    expect(both.map(3)).toBe(5);
  });

  it("keeps a caret before text typed right at it, and a selection without it", () => {
    const m = mergeTexts("abcdef", "abcdef", "abcXYZdef");
    expect(m.map(3)).toBe(3);
    expect(m.mapAfter(3)).toBe(6);
  });

  it("maps our own typing, and counts UTF-16 units around an emoji", () => {
    const m = mergeTexts("ab", "aXXb", "😀ab");
    expect(m.text).toBe("😀aXXb");
    expect(m.map(3)).toBe(5); // after "aXX"
    const e = mergeTexts("hi there", "hi there", "😀hi there");
    expect("😀hi there".slice(0, e.map(2))).toBe("😀hi");
  });
});
