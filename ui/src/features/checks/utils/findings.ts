// How the Checks view and the merge notice word a finding: its kind, the items it names and the
// changes that caused it.
import type { ChangeInfo, Finding, FindingKind, ItemLabel, ItemRef } from "../../../ipc";

const KIND_TITLES: Record<FindingKind, string> = {
  dependency_cycle: "Dependency cycle",
  starts_before_predecessor: "Starts before its predecessor ends",
  task_after_milestone: "Task due after its milestone",
  double_booked: "Double-booked attendee",
  budget_actual_exceeded: "Budget exceeded (actual)",
  budget_committed_exceeded: "Budget exceeded (committed)",
  budget_planned_exceeded: "Budget exceeded (planned)",
  signed_off_with_unmet_criteria: "Signed off with unmet criteria",
  over_capacity: "Member over capacity",
  work_for_inactive_member: "Work for an inactive member",
};

export function kindTitle(kind: FindingKind): string {
  return KIND_TITLES[kind];
}

/** What an item a finding names is called (its kind and id when the labels do not say). */
export function labelOf(labels: ItemLabel[], item: ItemRef): string {
  return labels.find((l) => l.item.kind === item.kind && l.item.id === item.id)?.label ?? `${item.kind.replace("_", " ")} ${item.id}`;
}

/** "Bo, 01/12/2026, 10:00:00" — who made a causing change and when (local time). */
export function madeBy(change: ChangeInfo): string {
  return `${change.author_name}, ${new Date(change.time).toLocaleString()}`;
}

/** "2 errors, 1 warning" */
export function countBySeverity(findings: Finding[]): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  const parts = [];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  return parts.join(", ");
}
