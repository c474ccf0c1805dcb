// Which input a conflicted field gets, how typed values are read, and the settle command.
import { describe, expect, it } from "vitest";
import type { ChangeInfo, Conflict, ConflictValue } from "../../../ipc";
import { initialTyped, keepResolution, parseTyped, resolveCommand, valueKind } from "./resolve";

function value(v: ConflictValue["value"], display = String(v), hash: string | null = "abcdef12", current = false): ConflictValue {
  const change = hash === null ? null : ({ hash, author_name: "Ann", time: 0 } as ChangeInfo);
  return { value: v, display, change, current };
}

describe("valueKind", () => {
  it("tells numbers, whole numbers and yes/no apart", () => {
    expect(valueKind([value(4), value(6)])).toBe("integer");
    expect(valueKind([value(4), value(6.5)])).toBe("number");
    expect(valueKind([value(true), value(false)])).toBe("boolean");
  });

  it("knows member fields by their names shown in place of ids", () => {
    expect(valueKind([value("m1", "Ann"), value("m2", "Bo")])).toBe("member");
  });

  it("knows dates, and treats other strings as text", () => {
    expect(valueKind([value("2026-12-01"), value("2026-12-12")])).toBe("date");
    expect(valueKind([value("done"), value("blocked")])).toBe("text");
    expect(valueKind([value("2026-12-01"), value("soon")])).toBe("text");
  });

  it("leaves out cleared values and gives up on mixed kinds", () => {
    expect(valueKind([value(null, "null"), value(3)])).toBe("integer");
    expect(valueKind([value("3"), value(3)])).toBe("mixed");
  });
});

describe("parseTyped", () => {
  it("reads numbers from the number input, whole numbers only where the field holds them", () => {
    expect(parseTyped("number", 2.5)).toEqual({ ok: true, value: 2.5 });
    expect(parseTyped("number", "2,5")).toEqual({ ok: true, value: 2.5 });
    expect(parseTyped("integer", 3)).toEqual({ ok: true, value: 3 });
    expect(parseTyped("integer", 3.5)).toEqual({ ok: false, error: "This field holds whole numbers; 3.5 is not one." });
    expect(parseTyped("number", "")).toEqual({ ok: false, error: "Type a number." });
    expect(parseTyped("number", "-")).toEqual({ ok: false, error: "Type a number." });
  });

  it("reads yes/no, members, dates and text", () => {
    expect(parseTyped("boolean", false)).toEqual({ ok: true, value: false });
    expect(parseTyped("member", "m2")).toEqual({ ok: true, value: "m2" });
    expect(parseTyped("member", null)).toEqual({ ok: false, error: "Choose a member." });
    expect(parseTyped("date", "2026-12-12")).toEqual({ ok: true, value: "2026-12-12" });
    expect(parseTyped("date", "12/12/2026")).toEqual({ ok: false, error: "Give a date as YYYY-MM-DD." });
    expect(parseTyped("text", "  in review ")).toEqual({ ok: true, value: "  in review " });
    expect(parseTyped("text", "   ")).toEqual({ ok: false, error: "Type the new value first." });
    expect(parseTyped("mixed", "x").ok).toBe(false);
  });
});

describe("the settle command", () => {
  const conflict = { item: { kind: "task", id: "t1" }, label: "Brief", field: "due", values: [] } as unknown as Conflict;

  it("keeps a value by the change that wrote it", () => {
    expect(keepResolution(value("2026-12-01", "2026-12-01", "0a1b2c3d"))).toEqual({ by: "pick", change: "0a1b2c3d" });
    expect(keepResolution(value("x", "x", null))).toBeNull();
    expect(resolveCommand(conflict, { by: "pick", change: "0a1b2c3d" }, true)).toEqual({
      area: "conflict",
      command: {
        action: "resolve",
        item: { kind: "task", id: "t1" },
        field: "due",
        resolution: { by: "pick", change: "0a1b2c3d" },
        record_decision: true,
      },
    });
  });

  it("settles the project's own settings without an item", () => {
    const settings = { ...conflict, item: null, field: "name" } as Conflict;
    expect(resolveCommand(settings, { by: "value", value: "Apollo" }, false).command).toMatchObject({ item: null, field: "name" });
  });

  it("starts the typed input from the value shown now", () => {
    expect(initialTyped("integer", [value(4), value(6, "6", "h", true)])).toBe(6);
    expect(initialTyped("member", [value("m1", "Ann", "h", true)])).toBe("m1");
    expect(initialTyped("boolean", [value("x")])).toBe(false);
  });
});
