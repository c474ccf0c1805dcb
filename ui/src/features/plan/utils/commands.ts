// The tandem-core commands the plan view sends, built in one place so every component speaks the core's JSON.
import type { Command } from "../../../ipc";

// The generated `Command` type names each area's command type; these pick them out of it, so
// the compiler checks every object below against the Rust definitions (core/src/tasks.rs, …).
type TaskCommand = Extract<Command, { area: "task" }>["command"];
type MilestoneCommand = Extract<Command, { area: "milestone" }>["command"];
type ItemCommand = Extract<Command, { area: "item" }>["command"];
export type TaskPatch = Extract<TaskCommand, { action: "update" }>["patch"];
export type TaskStatus = "todo" | "in_progress" | "blocked" | "done" | "cancelled";
export type MilestoneStatus = "open" | "reached" | "missed";

/** `Edit<T>` in core/src/values.rs as the plan uses it: set or clear (keep is leaving the field out). */
export type Edit<T> = { set: T } | "clear";

const task = (command: TaskCommand): Command => ({ area: "task", command });
const milestone = (command: MilestoneCommand): Command => ({ area: "milestone", command });
const item = (command: ItemCommand): Command => ({ area: "item", command });

export const taskCommands = {
  add: (title: string, parent: string | null): Command =>
    task(parent === null ? { action: "add", title } : { action: "add", title, parent }),
  update: (id: string, patch: TaskPatch): Command => task({ action: "update", id, patch }),
  assign: (id: string, member: string): Command => task({ action: "assign", id, member }),
  unassign: (id: string, member: string): Command => task({ action: "unassign", id, member }),
  addDependency: (id: string, on: string): Command => task({ action: "add_dependency", id, on }),
  removeDependency: (id: string, on: string): Command => task({ action: "remove_dependency", id, on }),
  /**
   * Puts the task under `parent` (null: the top level), after the sibling `after` there (null:
   * first). The core refuses a parent that is the task or one of its subtasks.
   */
  move: (id: string, parent: string | null, after: string | null): Command =>
    task({ action: "move", id, parent: editOf(parent), after }),
  /** The core trims the tag, drops a leading '#', lowercases it and refuses spaces. */
  tag: (id: string, tag: string): Command => task({ action: "tag", id, tag }),
  untag: (id: string, tag: string): Command => task({ action: "untag", id, tag }),
  /** Keeps the parent; `after: null` puts the task first among its siblings. */
  reorder: (id: string, after: string | null): Command => task({ action: "move", id, after }),
  /** Soft delete (items.rs): the task and its live subtree are flagged, and can be restored. */
  remove: (id: string): Command => item({ action: "delete", kind: "task", id }),
  /** Brings back a deleted task and the subtasks deleted with it. */
  restore: (id: string): Command => item({ action: "restore", kind: "task", id }),
};

export const milestoneCommands = {
  add: (title: string, due: string): Command => milestone({ action: "add", title, due }),
  update: (id: string, fields: { title?: string; due?: string; status?: MilestoneStatus }): Command =>
    milestone({ action: "update", id, ...fields }),
  remove: (id: string): Command => item({ action: "delete", kind: "milestone", id }),
};

/** A patch field for an optional value typed into a form: empty clears it. */
export function editOf<T>(value: T | null): Edit<T> {
  return value === null ? "clear" : { set: value };
}
