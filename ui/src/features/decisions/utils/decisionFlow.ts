// The decision workflow as the core enforces it (decisions.rs DECISION_FLOW), and the commands
// an edit turns into: a patch of the changed fields plus link and unlink commands.
import type { DecisionView } from "../../../ipc";
import type { DecisionPatch, DecisionStatus } from "../types";

export const DECISION_STATUSES: { value: DecisionStatus; label: string; color: string }[] = [
  { value: "proposed", label: "Proposed", color: "blue" },
  { value: "accepted", label: "Accepted", color: "teal" },
  { value: "superseded", label: "Superseded", color: "gray" },
  { value: "rejected", label: "Rejected", color: "red" },
];

/** The moves the core allows from each status, with the button that offers each. */
export const NEXT_STATUS: Record<DecisionStatus, { to: DecisionStatus; action: string }[]> = {
  proposed: [
    { to: "accepted", action: "Accept" },
    { to: "rejected", action: "Reject" },
  ],
  accepted: [{ to: "superseded", action: "Supersede" }],
  rejected: [{ to: "proposed", action: "Reopen" }],
  superseded: [],
};

export const statusColor = (s: string) => DECISION_STATUSES.find((d) => d.value === s)?.color ?? "gray";

/** What the edit form holds. */
export type DecisionDraft = {
  title: string;
  context: string;
  decision: string;
  alternatives: string;
  decidedBy: string | null;
  /** `YYYY-MM-DD` or empty. */
  decidedAt: string;
  meetings: string[];
  tasks: string[];
};

export const emptyDraft: DecisionDraft = {
  title: "",
  context: "",
  decision: "",
  alternatives: "",
  decidedBy: null,
  decidedAt: "",
  meetings: [],
  tasks: [],
};

export function draftOf(d: DecisionView): DecisionDraft {
  return {
    title: d.title,
    context: d.context,
    decision: d.decision,
    alternatives: d.alternatives,
    decidedBy: d.decided_by,
    decidedAt: d.decided_at ?? "",
    meetings: [...d.meetings],
    tasks: [...d.tasks],
  };
}

/** Only the fields that changed, so someone else's concurrent edit of another field survives. */
export function decisionPatch(before: DecisionDraft, after: DecisionDraft): DecisionPatch | null {
  const patch: DecisionPatch = {};
  if (after.title.trim() !== before.title) patch.title = after.title.trim();
  if (after.context !== before.context) patch.context = after.context;
  if (after.decision !== before.decision) patch.decision = after.decision;
  if (after.alternatives !== before.alternatives) patch.alternatives = after.alternatives;
  if (after.decidedBy !== before.decidedBy) patch.decided_by = after.decidedBy === null ? "clear" : { set: after.decidedBy };
  if (after.decidedAt !== before.decidedAt) patch.decided_at = after.decidedAt === "" ? "clear" : { set: after.decidedAt };
  return Object.keys(patch).length === 0 ? null : patch;
}

/** Which ids to link and unlink to go from `before` to `after`. */
export function linkChanges(before: readonly string[], after: readonly string[]): { add: string[]; remove: string[] } {
  return { add: after.filter((id) => !before.includes(id)), remove: before.filter((id) => !after.includes(id)) };
}
