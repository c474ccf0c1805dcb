// Agenda moves as the core's "after" argument.
import { describe, expect, it } from "vitest";
import { afterForMove } from "./agendaOrder";

describe("afterForMove", () => {
  const ids = ["a", "b", "c", "d"];
  it.each([
    [1, 0, null], // b to the top
    [2, 1, "a"], // c up one: after a
    [0, 1, "b"], // a down one: after b
    [0, 3, "d"], // a to the bottom
    [3, 1, "a"], // d to second place
    [2, 3, "d"], // c down one
  ])("moves index %i to %i after %j", (from, to, after) => {
    expect(afterForMove(ids, from, to)).toBe(after);
  });

  it("says nothing moves for a no-op or a position off the list", () => {
    expect(afterForMove(ids, 1, 1)).toBeUndefined();
    expect(afterForMove(ids, 0, 4)).toBeUndefined();
    expect(afterForMove(ids, -1, 0)).toBeUndefined();
  });
});
