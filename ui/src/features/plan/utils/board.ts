// The board's columns and what a drop means: a status change, a reorder among siblings, or nothing.
import type { Command, TaskView } from "../../../ipc";
import { taskCommands, type TaskStatus } from "./commands";

export const BOARD_COLUMNS: { status: TaskStatus; label: string; color: string }[] = [
  { status: "todo", label: "To do", color: "gray" },
  { status: "in_progress", label: "In progress", color: "blue" },
  { status: "blocked", label: "Blocked", color: "orange" },
  { status: "done", label: "Done", color: "teal" },
  { status: "cancelled", label: "Cancelled", color: "dark" },
];

/** Draggable/droppable ids: columns and cards share one id space in dnd-kit. */
export const columnDropId = (status: string) => `column:${status}`;
export const cardDropId = (taskId: string) => `card:${taskId}`;

export type DropTarget = { column: string } | { card: string };

/** Reads a dnd-kit id back into what it names. */
export function parseDropId(id: string | number | null | undefined): DropTarget | null {
  if (typeof id !== "string") return null;
  if (id.startsWith("column:")) return { column: id.slice("column:".length) };
  if (id.startsWith("card:")) return { card: id.slice("card:".length) };
  return null;
}

export type Drop =
  | { kind: "status"; taskId: string; status: TaskStatus; command: Command }
  | { kind: "reorder"; command: Command }
  | { kind: "refused"; message: string };

/**
 * What dropping `taskId` on `target` asks of the core. `tasks` are in board order (tree order),
 * which is also the order of siblings. Null: the card was put back where it was.
 */
export function dropCommand(tasks: readonly TaskView[], taskId: string, target: DropTarget): Drop | null {
  const moving = tasks.find((t) => t.id === taskId);
  if (!moving) return null;
  const onto = "card" in target ? tasks.find((t) => t.id === target.card) : undefined;
  const status = ("column" in target ? target.column : onto?.status) as TaskStatus | undefined;
  if (status === undefined) return null;
  if (status !== moving.status) {
    return { kind: "status", taskId, status, command: taskCommands.update(taskId, { status }) };
  }
  if (!onto || onto.id === moving.id) return null;
  // The core orders tasks among their siblings (TaskCommand::Move), so only siblings reorder.
  if (onto.parent !== moving.parent) {
    return {
      kind: "refused",
      message: `“${moving.title}” and “${onto.title}” belong to different parent tasks, so they cannot be reordered against each other.`,
    };
  }
  const siblings = tasks.filter((t) => t.parent === moving.parent);
  const movingDown = siblings.indexOf(moving) < siblings.indexOf(onto);
  const others = siblings.filter((t) => t.id !== moving.id);
  const at = others.indexOf(onto);
  const after = movingDown ? onto.id : at > 0 ? (others[at - 1] as TaskView).id : null;
  return { kind: "reorder", command: taskCommands.reorder(taskId, after) };
}
