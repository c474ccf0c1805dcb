import { describe, expect, it } from "vitest";
import { VIEWS, planForHit, shortcutFor, viewForKind } from "./views";

describe("views", () => {
  it("have unique ids", () => {
    expect(new Set(VIEWS.map((v) => v.id)).size).toBe(VIEWS.length);
  });

  it("route every kind of item to the view that shows it", () => {
    expect(viewForKind("task")).toBe("plan");
    expect(viewForKind("log_entry")).toBe("log");
    expect(viewForKind("request")).toBe("requests");
    expect(viewForKind("report")).toBe("reports");
  });

  it("say what a search hit opens: the item where a view can point at it, else the view", () => {
    expect(planForHit({ kind: "task", label: "Book venue" })).toEqual({
      view: "plan",
      focus: true,
      note: "Opened task “Book venue” in Plan.",
    });
    expect(planForHit({ kind: "log_entry", label: "Shipped" })).toMatchObject({ view: "log", focus: true });
    expect(planForHit({ kind: "allocation", label: "Ann on Launch" })).toMatchObject({ view: "workload", focus: false });
    expect(planForHit({ kind: "report", label: "March" })).toEqual({
      view: "reports",
      focus: true,
      note: "Opened report “March” in Reports.",
    });
    // Every kind has a view that lists it.
    for (const kind of ["member", "budget_line", "expense", "allocation", "report"] as const) {
      expect(VIEWS.some((v) => v.kinds.includes(kind))).toBe(true);
    }
    // Every kind a view says it can focus is one it shows.
    for (const v of VIEWS) for (const k of v.focuses ?? []) expect(v.kinds).toContain(k);
  });

  it("give the first nine views alt+digit shortcuts", () => {
    expect(shortcutFor(0)).toBe("alt+1");
    expect(shortcutFor(8)).toBe("alt+9");
    expect(shortcutFor(9)).toBeNull();
  });
});
