import { describe, expect, it } from "vitest";
import type { RemoteChangesItem } from "../../../ipc";
import { foldArrivals } from "./notices";

const arrival = (authors: Array<[string, number]>, conflicts = 0): RemoteChangesItem => ({
  project: "p1",
  name: "Apollo",
  new_changes: authors.reduce((n, [, c]) => n + c, 0),
  authors: authors.map(([name, changes]) => ({ name, changes })),
  conflicts,
  deleted_edits: 0,
});

describe("foldArrivals", () => {
  it("adds up the counts and each author's changes, busiest author first", () => {
    const folded = foldArrivals(arrival([["Ada", 1]]), arrival([["Bo", 3], ["Ada", 1]], 2));
    expect(folded.new_changes).toBe(5);
    expect(folded.conflicts).toBe(2);
    expect(folded.authors).toEqual([
      { name: "Bo", changes: 3 },
      { name: "Ada", changes: 2 },
    ]);
  });

  it("leaves both arrivals as they were", () => {
    const first = arrival([["Ada", 1]]);
    foldArrivals(first, arrival([["Ada", 4]]));
    expect(first.authors).toEqual([{ name: "Ada", changes: 1 }]);
  });
});
