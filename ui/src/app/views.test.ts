import { describe, expect, it } from "vitest";
import { VIEWS, shortcutFor, viewForKind } from "./views";

describe("views", () => {
  it("have unique ids", () => {
    expect(new Set(VIEWS.map((v) => v.id)).size).toBe(VIEWS.length);
  });

  it("route every kind of item to the view that shows it", () => {
    expect(viewForKind("task")).toBe("plan");
    expect(viewForKind("log_entry")).toBe("log");
    expect(viewForKind("request")).toBe("requests");
    expect(viewForKind("report")).toBe("dashboard");
  });

  it("give the first nine views alt+digit shortcuts", () => {
    expect(shortcutFor(0)).toBe("alt+1");
    expect(shortcutFor(8)).toBe("alt+9");
    expect(shortcutFor(9)).toBeNull();
  });
});
