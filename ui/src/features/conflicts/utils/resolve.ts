// Settling a conflict: what kind of value the field holds (so the right input is offered), how a
// typed value is read into the JSON the core expects, and the command that settles the field.
import type { Command, Conflict, ConflictValue, Resolution } from "../../../ipc";

/**
 * The kind of value a conflicted field holds, judged from its concurrent values the way the core
 * checks a typed value: all numbers (whole or not), all yes/no, all member ids (shown as names),
 * all dates, or text. `mixed` when the values are of different kinds: only keeping one of them
 * is possible then.
 */
export type ValueKind = "integer" | "number" | "boolean" | "member" | "date" | "text" | "mixed";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function valueKind(values: ConflictValue[]): ValueKind {
  const present = values.map((v) => v.value).filter((v) => v !== null);
  if (present.length === 0) return "text";
  if (present.every((v) => typeof v === "number")) {
    return present.every((v) => Number.isInteger(v)) ? "integer" : "number";
  }
  if (present.every((v) => typeof v === "boolean")) return "boolean";
  if (!present.every((v) => typeof v === "string")) return "mixed";
  const strings = values.filter((v) => typeof v.value === "string");
  // The core shows a member id as the member's name; other strings are shown as they are.
  if (strings.every((v) => v.display !== v.value)) return "member";
  if (strings.every((v) => DATE.test(v.value as string))) return "date";
  return "text";
}

/** What a typed value reads as: the JSON to send, or why it cannot be sent (said next to the input). */
export type Parsed = { ok: true; value: string | number | boolean } | { ok: false; error: string };

/**
 * Reads what was typed for a field of `kind`. Numbers come from the number input (a number, or
 * the text it holds while incomplete), yes/no from a switch, members from a picker (their id).
 */
export function parseTyped(kind: ValueKind, typed: string | number | boolean | null): Parsed {
  switch (kind) {
    case "mixed":
      return { ok: false, error: "The values are of different kinds: keep one of them instead of typing a new one." };
    case "boolean":
      return typeof typed === "boolean" ? { ok: true, value: typed } : { ok: false, error: "Choose yes or no." };
    case "integer":
    case "number": {
      const n = typeof typed === "number" ? typed : Number(String(typed ?? "").trim().replace(",", "."));
      if (typed === null || String(typed).trim() === "" || !Number.isFinite(n)) {
        return { ok: false, error: "Type a number." };
      }
      if (kind === "integer" && !Number.isInteger(n)) {
        return { ok: false, error: `This field holds whole numbers; ${n} is not one.` };
      }
      return { ok: true, value: n };
    }
    case "member":
      return typeof typed === "string" && typed !== "" ? { ok: true, value: typed } : { ok: false, error: "Choose a member." };
    case "date": {
      const text = typeof typed === "string" ? typed.trim() : "";
      if (!DATE.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) {
        return { ok: false, error: "Give a date as YYYY-MM-DD." };
      }
      return { ok: true, value: text };
    }
    case "text": {
      const text = typeof typed === "string" ? typed : String(typed ?? "");
      return text.trim() === "" ? { ok: false, error: "Type the new value first." } : { ok: true, value: text };
    }
  }
}

/** The command that settles `conflict` with `resolution`, optionally recorded as a decision. */
export function resolveCommand(conflict: Conflict, resolution: Resolution, recordDecision: boolean): Command {
  return {
    area: "conflict",
    command: {
      action: "resolve",
      item: conflict.item,
      field: conflict.field,
      resolution,
      record_decision: recordDecision,
    },
  };
}

/** Keeping the value a change wrote; null when the value's change is unknown (it cannot be picked). */
export function keepResolution(value: ConflictValue): Resolution | null {
  return value.change === null ? null : { by: "pick", change: value.change.hash };
}

/** What the typed input starts with: the value shown now, so a small correction is one edit away. */
export function initialTyped(kind: ValueKind, values: ConflictValue[]): string | number | boolean | null {
  const shown = values.find((v) => v.current) ?? values[0];
  const value = shown?.value ?? null;
  switch (kind) {
    case "boolean":
      return typeof value === "boolean" ? value : false;
    case "integer":
    case "number":
      return typeof value === "number" ? value : null;
    case "member":
    case "date":
    case "text":
      return typeof value === "string" ? value : "";
    case "mixed":
      return null;
  }
}
