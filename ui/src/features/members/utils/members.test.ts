// Edit patches carry only what changed, in the core's Edit form; removed members sort last.
import { describe, expect, it } from "vitest";
import type { MemberView } from "../../../ipc";
import { byActivity, detailsPatch } from "./members";

function member(id: string, fields: Partial<MemberView> = {}): MemberView {
  return { id, name: `M ${id}`, role: "member", title: null, email: null, capacity_hours: 40, active: true, deleted: false, ...fields } as MemberView;
}

describe("detailsPatch", () => {
  it("is empty when nothing changed", () => {
    expect(detailsPatch(member("a", { title: "Dev" }), "M a", "Dev", "")).toEqual({});
  });

  it("sets, clears and renames", () => {
    const m = member("a", { title: "Dev", email: null });
    expect(detailsPatch(m, " Ann ", "", "ann@example.com")).toEqual({
      name: "Ann",
      title: "clear",
      email: { set: "ann@example.com" },
    });
  });
});

describe("byActivity", () => {
  it("puts removed members after active ones and leaves deleted ones out", () => {
    const list = [member("a", { active: false }), member("b"), member("c", { deleted: true }), member("d")];
    expect(byActivity(list).map((m) => m.id)).toEqual(["b", "d", "a"]);
  });
});
