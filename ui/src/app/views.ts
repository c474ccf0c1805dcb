// The project's views: one entry per navigation item, with its shortcut and the kinds of items it
// shows (search results open the view that shows their kind).
import type { ItemRef } from "../ipc";

export type ViewId =
  | "dashboard"
  | "plan"
  | "tasks"
  | "workload"
  | "goals"
  | "budget"
  | "risks"
  | "decisions"
  | "meetings"
  | "log"
  | "requests"
  | "deliverables"
  | "members"
  | "history"
  | "conflicts";

export type ViewEntry = {
  id: ViewId;
  label: string;
  /** What the palette says about it. */
  description: string;
  /** Item kinds this view shows. */
  kinds: ItemRef["kind"][];
};

export const VIEWS: ViewEntry[] = [
  { id: "dashboard", label: "Dashboard", description: "Health, progress, overdue work, milestones, goals, budget burn", kinds: [] },
  { id: "plan", label: "Plan", description: "Task tree, board by status, timeline with the critical path, milestones", kinds: ["task", "milestone"] },
  { id: "tasks", label: "Tasks", description: "A quick list of every task", kinds: [] },
  { id: "workload", label: "Workload", description: "Planned hours per member and week against capacity", kinds: ["allocation"] },
  { id: "goals", label: "Goals", description: "Goals and their progress", kinds: ["goal"] },
  { id: "budget", label: "Resources & budget", description: "Resources, budget lines, planned vs actual, expenses", kinds: ["resource", "budget_line", "expense"] },
  { id: "risks", label: "Risks & issues", description: "Probability × impact matrix, risk register, issues", kinds: ["risk", "issue"] },
  { id: "decisions", label: "Decisions", description: "What was decided, why and by whom", kinds: ["decision"] },
  { id: "meetings", label: "Meetings", description: "Agenda, live notes, decisions and action items", kinds: ["meeting"] },
  { id: "log", label: "Project log", description: "The append-only project log", kinds: ["log_entry"] },
  { id: "requests", label: "Client requests", description: "Triage what the client asks for", kinds: ["request"] },
  { id: "deliverables", label: "Deliverables", description: "Criteria, review and sign-off", kinds: ["deliverable"] },
  { id: "members", label: "Members", description: "Who is on the project, roles and capacity", kinds: ["member"] },
  { id: "history", label: "History", description: "Every change: who, when, what", kinds: [] },
  { id: "conflicts", label: "Conflicts", description: "Fields edited concurrently, and edits to deleted items", kinds: [] },
];

/** The view that shows items of `kind` (the dashboard when none does). */
export function viewForKind(kind: ItemRef["kind"]): ViewId {
  return VIEWS.find((v) => v.kinds.includes(kind))?.id ?? "dashboard";
}

/** `alt+1` … `alt+9` open the first nine views. */
export function shortcutFor(index: number): string | null {
  return index < 9 ? `alt+${index + 1}` : null;
}
