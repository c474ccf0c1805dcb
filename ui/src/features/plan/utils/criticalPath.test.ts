// The critical path as data: which chain is longest, and how cycles and unknown ids are reported.
import { describe, expect, it } from "vitest";
import { criticalPath, type PathTask } from "./criticalPath";

/** `t("b", 3, "a")`: task b takes 3 days and waits for a. */
const t = (id: string, days: number, ...dependsOn: string[]): PathTask => ({ id, days, dependsOn });

describe("criticalPath", () => {
  it("is empty without tasks", () => {
    expect(criticalPath([])).toEqual({ path: [], days: 0, cycles: [], blockedByCycle: [], missing: [] });
  });

  it("follows a chain end to end", () => {
    const r = criticalPath([t("c", 1, "b"), t("a", 2), t("b", 3, "a")]);
    expect(r.path).toEqual(["a", "b", "c"]);
    expect(r.days).toBe(6);
  });

  it("takes the longer side of a diamond", () => {
    // a → (b: 1 day | c: 5 days) → d
    const r = criticalPath([t("a", 1), t("b", 1, "a"), t("c", 5, "a"), t("d", 2, "b", "c")]);
    expect(r.path).toEqual(["a", "c", "d"]);
    expect(r.days).toBe(8);
  });

  it("picks the longest of parallel branches, ties going to the smaller id", () => {
    const branches = [t("x1", 2), t("x2", 2, "x1"), t("y1", 5), t("z1", 1), t("z2", 3, "z1")];
    expect(criticalPath(branches)).toMatchObject({ path: ["y1"], days: 5 });
    const tied = [t("q", 4), t("p", 4)];
    expect(criticalPath(tied).path).toEqual(["p"]);
  });

  it("counts an independent single task as a path of its own", () => {
    expect(criticalPath([t("solo", 1)])).toMatchObject({ path: ["solo"], days: 1 });
  });

  it("reports a cycle instead of looping, and keeps the rest of the plan", () => {
    // a ⇄ b is a cycle, c waits on it, d → e is a healthy chain.
    const r = criticalPath([t("a", 1, "b"), t("b", 1, "a"), t("c", 9, "a"), t("d", 1), t("e", 1, "d")]);
    expect(r.cycles).toEqual([["a", "b"]]);
    expect(r.blockedByCycle).toEqual(["a", "b", "c"]);
    expect(r.path).toEqual(["d", "e"]);
    expect(r.days).toBe(2);
  });

  it("finds a self-dependency and a three-task cycle", () => {
    const r = criticalPath([t("s", 1, "s"), t("a", 1, "c"), t("b", 1, "a"), t("c", 1, "b")]);
    expect(r.cycles).toEqual([["s"], ["a", "c", "b"]]);
    expect(r.path).toEqual([]);
    expect(r.days).toBe(0);
  });

  it("ignores and reports dependencies on unknown tasks", () => {
    const r = criticalPath([t("a", 2, "gone"), t("b", 1, "a", "also-gone")]);
    expect(r.path).toEqual(["a", "b"]);
    expect(r.missing).toEqual([
      { task: "a", on: "gone" },
      { task: "b", on: "also-gone" },
    ]);
  });

  it("counts a dependency listed twice once", () => {
    expect(criticalPath([t("a", 1), t("b", 1, "a", "a")])).toMatchObject({ path: ["a", "b"], days: 2 });
  });

  it("handles a long chain without deep recursion", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => t(`n${i}`, 1, ...(i > 0 ? [`n${i - 1}`] : [])));
    const r = criticalPath(chain);
    expect(r.path).toHaveLength(20_000);
    expect(r.days).toBe(20_000);
  });
});
