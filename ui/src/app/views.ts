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
  | "conflicts"
  | "checks"
  | "reports"
  | "exports";

export type ViewEntry = {
  id: ViewId;
  label: string;
  /** What the palette says about it. */
  description: string;
  /** Item kinds this view shows. */
  kinds: ItemRef["kind"][];
  /** Of those, the kinds it can open or point at when a search hit asks for one (the others only open the view). */
  focuses?: ItemRef["kind"][];
};

export const VIEWS: ViewEntry[] = [
  { id: "dashboard", label: "Dashboard", description: "Health, progress, overdue work, milestones, goals, budget burn", kinds: [] },
  { id: "plan", label: "Plan", description: "Task tree, board by status, timeline with the critical path, milestones", kinds: ["task", "milestone"], focuses: ["task", "milestone"] },
  { id: "tasks", label: "Tasks", description: "A quick list of every task", kinds: [] },
  { id: "workload", label: "Workload", description: "Planned hours per member and week against capacity", kinds: ["allocation"] },
  { id: "goals", label: "Goals", description: "Goals and their progress", kinds: ["goal"], focuses: ["goal"] },
  { id: "budget", label: "Resources & budget", description: "Resources, budget lines, planned vs actual, expenses", kinds: ["resource", "budget_line", "expense"] },
  { id: "risks", label: "Risks & issues", description: "Probability × impact matrix, risk register, issues", kinds: ["risk", "issue"], focuses: ["risk", "issue"] },
  { id: "decisions", label: "Decisions", description: "What was decided, why and by whom", kinds: ["decision"], focuses: ["decision"] },
  { id: "meetings", label: "Meetings", description: "Agenda, live notes, decisions and action items", kinds: ["meeting"], focuses: ["meeting"] },
  { id: "log", label: "Project log", description: "The append-only project log", kinds: ["log_entry"], focuses: ["log_entry"] },
  { id: "requests", label: "Client requests", description: "Triage what the client asks for", kinds: ["request"], focuses: ["request"] },
  { id: "deliverables", label: "Deliverables", description: "Criteria, review and sign-off", kinds: ["deliverable"], focuses: ["deliverable"] },
  { id: "members", label: "Members", description: "Who is on the project, roles and capacity", kinds: ["member"], focuses: ["member"] },
  { id: "history", label: "History", description: "Every change: who, when, what", kinds: [] },
  { id: "conflicts", label: "Conflicts", description: "Fields edited concurrently, and edits to deleted items", kinds: [] },
  { id: "checks", label: "Checks", description: "Plan-integrity checks: what a clean merge can still leave broken", kinds: [] },
  { id: "reports", label: "Reports", description: "Status reports for a period: generate, save, open", kinds: ["report"], focuses: ["report"] },
  { id: "exports", label: "Export & import", description: "CSV, iCalendar, JSON and archive exports; task CSV import; open an archive", kinds: [] },
];

/** The view that shows items of `kind` (the dashboard when none does). */
export function viewForKind(kind: ItemRef["kind"]): ViewId {
  return VIEWS.find((v) => v.kinds.includes(kind))?.id ?? "dashboard";
}

/** What choosing a search hit does: the view to open, whether that view is asked to focus the item, and what the shell says. */
export type HitPlan = { view: ViewId; focus: boolean; note: string };

/** How a kind is named in sentences ("budget line", "log entry"). */
export const kindNoun = (kind: ItemRef["kind"]): string => kind.replace("_", " ");

export function planForHit(hit: { kind: ItemRef["kind"]; label: string }): HitPlan {
  const entry = VIEWS.find((v) => v.kinds.includes(hit.kind));
  const noun = kindNoun(hit.kind);
  if (entry === undefined) {
    return { view: "dashboard", focus: false, note: `No view lists ${noun}s yet, so the Dashboard is open; “${hit.label}” is not shown.` };
  }
  if (entry.focuses?.includes(hit.kind)) {
    return { view: entry.id, focus: true, note: `Opened ${noun} “${hit.label}” in ${entry.label}.` };
  }
  return {
    view: entry.id,
    focus: false,
    note: `Opened ${entry.label}, which lists ${noun}s but cannot point at one: look for “${hit.label}” there.`,
  };
}

/** `alt+1` … `alt+9` open the first nine views. */
export function shortcutFor(index: number): string | null {
  return index < 9 ? `alt+${index + 1}` : null;
}
