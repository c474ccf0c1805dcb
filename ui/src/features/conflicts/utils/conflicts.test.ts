// Field paths, keys, authorship wording, and which items can be restored.
import { describe, expect, it } from "vitest";
import type { ChangeInfo, Conflict } from "../../../ipc";
import { canRestore, conflictKey, fieldLabel, kindLabel, writtenBy } from "./conflicts";

describe("conflict wording", () => {
  it("spells nested fields and kinds", () => {
    expect(fieldLabel("criteria/k3/met")).toBe("criteria › k3 › met");
    expect(kindLabel("budget_line")).toBe("budget line");
  });

  it("keys conflicts by item and field, the project's own settings included", () => {
    expect(conflictKey({ item: { kind: "task", id: "t1" }, label: "X", field: "status", values: [] } as Conflict)).toBe("task:t1/status");
    expect(conflictKey({ item: null, label: "P", field: "name", values: [] } as Conflict)).toBe("project/name");
  });

  it("says who wrote a value", () => {
    expect(writtenBy(null)).toBe("unknown change");
    expect(writtenBy({ author_name: "Ann", time: 0 } as ChangeInfo)).toMatch(/^Ann, /);
  });

  it("restores every kind but members and log entries", () => {
    expect(canRestore({ kind: "task", id: "t" })).toBe(true);
    expect(canRestore({ kind: "member", id: "m" })).toBe(false);
    expect(canRestore({ kind: "log_entry", id: "l" })).toBe(false);
  });
});
