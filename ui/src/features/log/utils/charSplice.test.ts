// Corrections of a log entry as one splice, counted in chars.
import { describe, expect, it } from "vitest";
import { charSplice } from "./charSplice";

describe("charSplice", () => {
  it.each([
    ["same", "same", null],
    ["teh cat", "the cat", { pos: 1, delete: 2, insert: "he" }],
    ["meeting on Monday", "meeting on Tuesday", { pos: 11, delete: 3, insert: "Tues" }],
    ["", "new", { pos: 0, delete: 0, insert: "new" }],
    ["😀 late", "😀 on time", { pos: 2, delete: 3, insert: "on tim" }], // the shared final "e" stays
    ["a😀b", "a😁b", { pos: 1, delete: 1, insert: "😁" }],
  ])("%j → %j", (old, next, expected) => {
    expect(charSplice(old, next)).toEqual(expected);
  });
});
